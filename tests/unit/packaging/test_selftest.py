"""``crisisdesk selftest``: every check passes on a whole install, a missing resource fails
its own check without stopping the others, and nothing is left behind but the out folder."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from crisisdesk import selftest
from crisisdesk.selftest import CheckResult, run_selftest
from tests.helpers.cli import cli_env, run_cli
from tests.helpers.keyring_backend import MemoryKeyring

CORE_CHECKS = [
    "version",
    "folders",
    "resources",
    "timezone",
    "drivers",
    "database",
    "playbooks",
    "template",
    "pdf",
    "decision",
    "secrets",
]


def test_every_core_check_passes_and_reports_one_line(
    tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    lines: list[str] = []
    results = run_selftest(tmp_path / "out", gui=False, report=lambda r: lines.append(r.line()))
    assert [r.name for r in results] == CORE_CHECKS
    assert all(r.ok for r in results), [r.line() for r in results if not r.ok]
    assert len(lines) == len(CORE_CHECKS)
    assert all("\n" not in line and line.startswith("ok   ") for line in lines)
    details = {r.name: r.detail for r in results}
    assert "loaded and valid" in details["playbooks"]
    assert "verified" in details["decision"]
    assert (tmp_path / "out" / selftest.SELFTEST_DB).is_file()
    assert (tmp_path / "out" / "selftest-press-release.pdf").read_bytes().startswith(b"%PDF-")
    # The throw-away log's signing key does not stay in the user's keyring.
    assert not [k for k in memory_keyring.store if k[1].startswith("log-signing-key/")]


def test_a_missing_resource_fails_its_check_and_the_rest_still_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = tmp_path / "resources"
    (broken / "fonts").mkdir(parents=True)
    monkeypatch.setattr(selftest, "resources_dir", lambda: broken)
    results = {r.name: r for r in run_selftest(tmp_path / "out", gui=False)}
    assert not results["resources"].ok
    assert "icons/app.svg" in results["resources"].detail
    assert "i18n/crisisdesk_ar.qm" in results["resources"].detail
    assert results["decision"].ok and results["template"].ok


def test_a_database_failure_skips_what_needs_it_with_a_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "out"
    blocker.mkdir()
    (blocker / selftest.SELFTEST_DB).mkdir()  # a folder where the file should be
    results = {r.name: r for r in run_selftest(blocker, gui=False)}
    assert not results["database"].ok
    assert "\n" not in results["database"].detail
    assert results["decision"].detail == "skipped: the database check failed"
    assert results["playbooks"].ok


def test_rerunning_in_the_same_folder_starts_from_a_fresh_database(tmp_path: Path) -> None:
    first = run_selftest(tmp_path, gui=False)
    second = run_selftest(tmp_path, gui=False)
    assert all(r.ok for r in first + second)


def test_screenshot_and_settings_checks_draw_the_room(qapp: QApplication, tmp_path: Path) -> None:
    results = {r.name: r for r in run_selftest(tmp_path, gui=True)}
    assert all(r.ok for r in results.values()), [r.line() for r in results.values() if not r.ok]
    shots = sorted(tmp_path.glob("selftest-*.png"))
    assert [p.name.rsplit("-", 1)[-1] for p in shots] == ["ar.png", "en.png"]
    assert all(p.read_bytes().startswith(selftest.PNG_SIGNATURE) for p in shots)
    assert "crisisdesk_ar.qm" in results["screenshot"].detail


def test_check_result_line() -> None:
    assert CheckResult("database", False, "locked", 1.234).line() == "FAIL database: locked (1.23s)"


def test_command_line_exit_codes_and_json(tmp_path: Path) -> None:
    env = cli_env(tmp_path / "data")
    result = run_cli(["selftest", "--no-gui", "--out", str(tmp_path / "a")], env)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert len(lines) == len(CORE_CHECKS) + 1
    assert lines[-1].startswith(f"selftest passed: {len(CORE_CHECKS)}/{len(CORE_CHECKS)} checks")
    as_json = run_cli(["selftest", "--no-gui", "--json", "--out", str(tmp_path / "b")], env)
    report = json.loads(as_json.stdout)
    assert report["ok"] is True
    assert [c["name"] for c in report["checks"]] == CORE_CHECKS
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / selftest.SELFTEST_DB).mkdir()
    failed = run_cli(["selftest", "--no-gui", "--out", str(tmp_path / "c")], env)
    assert failed.returncode == 1
    assert "FAIL database" in failed.stdout
    assert "Traceback" not in failed.stderr
