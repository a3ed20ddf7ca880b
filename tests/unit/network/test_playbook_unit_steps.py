"""Playbook steps for "the media office of each affected municipality" (``target:
affected``): involving units gives each the step as a task on the coordination board, one
decision per task, due the step's offset after the unit was involved; the centre is not a
municipality; involving a unit later gives it the step then; a playbook without such
steps gives none; existing playbooks keep their content hash."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from crisisdesk.clock import ManualClock, utc_iso
from crisisdesk.desk import Desk
from crisisdesk.log.service import LogFilter
from crisisdesk.playbooks import find_playbook
from tests.helpers.databases import make_desk, sign_in_as

START = datetime(2026, 1, 1, 6, 0, tzinfo=UTC)
LIBRARY = Path(__file__).resolve().parents[3] / "crisisdesk" / "playbooks" / "library"


@pytest.fixture
def desk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Desk]:
    monkeypatch.setenv("CRISISDESK_DATA_DIR", str(tmp_path / "data"))
    desk = make_desk(f"sqlite:///{tmp_path / 'p.db'}", clock=ManualClock(START))
    yield desk
    desk.close()


def _network_flood(folder: Path) -> Path:
    """The bundled flood playbook with its closures step also for each municipality."""
    text = (LIBRARY / "flood-urban.yaml").read_text("utf-8")
    text = text.replace("id: flood-urban", "id: flood-network", 1)
    step = "      - id: closures-map\n"
    head, tail = text.split(step, 1)
    lines = tail.split("\n")
    at = next(i for i, line in enumerate(lines) if line.strip().startswith("due:"))
    lines.insert(at + 1, "        target: affected")
    path = folder / "flood-network.yaml"
    path.write_text(head + step + "\n".join(lines), "utf-8")
    return path


def test_steps_for_each_affected_municipality(desk: Desk, tmp_path: Path) -> None:
    sign_in_as(desk, "lead")
    desk.playbooks.add(_network_flood(tmp_path))
    incident = desk.incidents.open("سيول الشرقية", 3, playbook_id="flood-network").id
    desk.clock.advance(timedelta(minutes=20))  # type: ignore[attr-defined]
    desk.network.involve(incident, ["amanah", "khobar", "qatif"])
    tasks = desk.network.board.tasks(incident)
    assert sorted(t.unit for t in tasks) == ["khobar", "qatif"]  # the centre is no municipality
    due = utc_iso(START + timedelta(minutes=20 + 45))  # the step's PT45M from involvement
    assert {t.due_at for t in tasks} == {due}
    assert all("Traffic Department" in t.title and "إدارة المرور" in t.title for t in tasks)
    assert desk.log.count(LogFilter(kind="unit_task.assigned")) == 2
    desk.clock.advance(timedelta(hours=1))  # type: ignore[attr-defined]
    desk.network.involve(incident, ["dammam"])  # a unit involved later gets it then
    dammam = desk.network.board.tasks(incident, unit="dammam")
    assert [t.due_at for t in dammam] == [utc_iso(START + timedelta(minutes=80 + 45))]
    assert desk.log.count(LogFilter(kind="unit_task.assigned")) == 3
    # the centre's checklist keeps the step
    assert any(t.step_id == "closures-map" for t in desk.tasks.open_tasks())
    # a playbook without such steps gives none
    plain = desk.incidents.open("سيول أخرى", 2, playbook_id="flood-urban").id
    desk.network.involve(plain, ["khobar"])
    assert desk.network.board.tasks(plain) == []


def test_content_hashes_of_playbooks_without_targets_are_unchanged() -> None:
    """The new optional field is absent from a playbook's data unless it is used, so the
    hash a log recorded for a playbook still names it."""
    book = find_playbook("flood-urban")
    phases = book.to_data()["phases"]
    assert all("target" not in task for phase in phases for task in phase["tasks"])
    # the hash the previous version of CrisisDesk computed for the same file
    assert book.content_hash == "e1b29c75110a17fe91ec6ce9da24311f2b7b6b457d6c67156a3c9add7ffb2d65"
