"""``crisisdesk playbooks list|show|validate`` through the real entry point."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from crisisdesk.cli import main
from crisisdesk.playbooks import bundled_library, library_dir

DATA = Path(__file__).resolve().parents[2] / "data" / "playbooks"


def test_list_json_has_stable_keys(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["playbooks", "list", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["id"] for r in rows] == [b.id for b in bundled_library()]
    assert set(rows[0]) == {
        "id",
        "version",
        "hazard",
        "title",
        "phases",
        "tasks",
        "templates",
        "content_hash",
    }
    assert rows[0]["title"]["ar"]


def test_list_text_in_arabic(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["playbooks", "list", "--lang", "ar"]) == 0
    out = capsys.readouterr().out
    assert "flood-urban" in out and "تجمّع مياه الأمطار" in out


def test_show_json_is_the_whole_playbook(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["playbooks", "show", "flood-urban", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["id"] == "flood-urban"
    assert len(data["content_hash"]) == 64
    task = next(t for p in data["phases"] for t in p["tasks"] if t["id"] == "public-update")
    assert task["due"] == "PT2H" and task["recurrence"] == "PT2H"
    holding = next(t for t in data["templates"] if t["id"] == "holding")
    assert {v["name"] for v in holding["variables"]} >= {"hotline", "next_update_time"}


def test_show_text(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["playbooks", "show", "water-outage"]) == 0
    out = capsys.readouterr().out
    assert "public-update: +PT2H every PT2H (spokesperson)" in out


def test_show_a_file_by_path(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["playbooks", "show", str(DATA / "minimal.yaml"), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["id"] == "drill-minimal"


def test_show_unknown_is_a_one_line_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["playbooks", "show", "tsunami"]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("crisisdesk: no playbook 'tsunami' in the library")
    assert "\n" not in err


def test_validate_library_exit_zero(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["playbooks", "validate", str(library_dir())]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == len(bundled_library())
    assert all(": ok " in line for line in lines)


def test_validate_json(capsys: pytest.CaptureFixture[str]) -> None:
    broken = DATA / "broken" / "bad-duration.yaml"
    assert main(["playbooks", "validate", "--json", str(broken), str(DATA / "minimal.yaml")]) == 1
    rows = json.loads(capsys.readouterr().out)
    assert [r["ok"] for r in rows] == [False, True]
    assert rows[0]["problems"][0]["line"] == 21
    assert rows[1]["playbook"]["id"] == "drill-minimal"


def test_validate_needs_a_path(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["playbooks", "validate"])
    assert info.value.code == 2


def test_forms_lists_every_template_and_channel_with_its_limit(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["playbooks", "forms", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    expected = {
        (b.id, t.id, c, lang)
        for b in bundled_library()
        for t in b.templates
        for c in t.channels
        for lang in ("ar", "en")
    }
    assert {(r["playbook"], r["template"], r["channel"], r["lang"]) for r in rows} == expected
    assert all(r["fits"] for r in rows)
    assert main(["playbooks", "forms", "flood-urban"]) == 0
    text = capsys.readouterr().out
    assert text.startswith("| playbook | template | channel | lang | length | limit | fits |")
    assert "| flood-urban | update | x | ar |" in text
