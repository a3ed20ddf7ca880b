"""The planted crisis traffic of ``tests/data/crisis_sets`` (one file per bundled playbook)."""

from __future__ import annotations

from pathlib import Path

import yaml

from crisisdesk.intake.rule_quality import Labelled

FOLDER = Path(__file__).resolve().parents[1] / "data" / "crisis_sets"


def crisis_set(playbook_id: str) -> list[Labelled]:
    rows = yaml.safe_load((FOLDER / f"{playbook_id}.yaml").read_text(encoding="utf-8"))
    return [Labelled(str(r["text"]), str(r["source"]), bool(r["rumour"])) for r in rows]


def playbooks_with_sets() -> list[str]:
    return sorted(p.stem for p in FOLDER.glob("*.yaml"))
