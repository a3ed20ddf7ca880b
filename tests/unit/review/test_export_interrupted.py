"""Exports that finish or say why (issue 14, point 6 and "Build"): kill -9 at each step
leaves an "incomplete export" that ``export --resume`` finishes against the signed decision;
a full disk (the bundle's, or the database's) is one line, never a traceback."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from crisisdesk.clock import ManualClock
from crisisdesk.desk import Desk
from crisisdesk.errors import CrisisDeskError
from crisisdesk.review import manifest as mf
from crisisdesk.review.bundle_verify import verify_bundle
from crisisdesk.review.export_state import MARKER
from crisisdesk.storage.decision_log import LogFilter
from tests.helpers.cli import PROJECT_ROOT, cli_env, run_cli
from tests.helpers.databases import PASSWORD, make_desk
from tests.unit.review.scenario import Scenario, build

KILLER = """
import os, signal, sys
from crisisdesk.desk import Desk
url, incident, stage, out, mask = sys.argv[1:6]
desk = Desk.open(url)
desk.sign_in("layla", sys.argv[6])
def progress(name, done, total):
    if name == stage:
        os.kill(os.getpid(), signal.SIGKILL)
desk.review.export(int(incident), out, progress=progress, mask_pii=mask == "1")
"""


def _kill_at(
    db_url: str, incident: int, stage: str, out: Path, env: dict[str, str], mask: bool
) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            KILLER,
            db_url,
            str(incident),
            stage,
            str(out),
            "1" if mask else "0",
            PASSWORD,
        ],
        env=env,
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == -9, done.stderr


def _exports(db_url: str) -> int:
    desk = Desk.open(db_url)
    try:
        return desk.log.count(LogFilter(kind=mf.EXPORT_KIND))
    finally:
        desk.close()


@pytest.mark.parametrize(
    ("stage", "mask", "forget_seq"),
    [
        ("interactions.csv", False, False),
        ("report.pdf", True, False),
        ("signed", True, False),
        ("signed", False, True),  # killed before the marker learnt the signed seq
    ],
)
def test_killed_export_is_incomplete_and_resumes(
    review_desk: Desk,
    scenario: Scenario,
    db_url: str,
    tmp_path: Path,
    stage: str,
    mask: bool,
    forget_seq: bool,
) -> None:
    review_desk.close()
    env = cli_env(tmp_path / "cli", CRISISDESK_PASSWORD=PASSWORD)
    out = tmp_path / "bundle"
    _kill_at(db_url, scenario.incident_id, stage, out, env, mask)
    verdict = verify_bundle(out)
    assert not verdict.ok and verdict.incomplete
    assert (verdict.problem or "").startswith("incomplete export")
    cli = run_cli(["verify", str(out)], env)
    assert (
        cli.returncode == 3 and "incomplete export" in cli.stderr and "TAMPERED" not in cli.stderr
    )
    if forget_seq:
        marker = json.loads((out / MARKER).read_text("utf-8"))
        marker["seq"] = None
        (out / MARKER).write_text(json.dumps(marker), encoding="utf-8")
    before = _exports(db_url)
    resumed = run_cli(["--db", db_url, "--as", "layla", "export", "--resume", str(out)], env)
    assert resumed.returncode == 0, resumed.stderr
    after = _exports(db_url)
    assert after == (before if stage == "signed" else before + 1)
    assert not (out / MARKER).exists()
    final = verify_bundle(out)
    assert final.ok, final.problem
    masked = b'"body_masked"' in (out / mf.DECISIONS_JSONL).read_bytes()
    assert masked == mask  # the resumed export keeps the options it was started with


def test_rerun_into_the_same_folder_resumes(
    review_desk: Desk, scenario: Scenario, db_url: str, tmp_path: Path
) -> None:
    review_desk.close()
    env = cli_env(tmp_path / "cli", CRISISDESK_PASSWORD=PASSWORD)
    out = tmp_path / "bundle"
    _kill_at(db_url, scenario.incident_id, "signed", out, env, False)
    again = run_cli(
        [
            "--db",
            db_url,
            "--as",
            "layla",
            "export",
            "--incident",
            str(scenario.incident_id),
            "--out",
            str(out),
        ],
        env,
    )
    assert again.returncode == 0, again.stderr
    assert verify_bundle(out).ok


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A real, small file system (tmpfs), where root may mount one."""
    mount = tmp_path / f"tiny-{uuid.uuid4().hex[:6]}"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=48k", "tmpfs", str(mount)],
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip("cannot mount a small tmpfs here (needs root)")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_full_disk_is_one_line(
    review_desk: Desk, scenario: Scenario, db_url: str, tmp_path: Path, tiny_disk: Path
) -> None:
    before = review_desk.log.count(LogFilter(kind=mf.EXPORT_KIND))
    out = tiny_disk / "bundle"
    with pytest.raises(CrisisDeskError) as caught:
        review_desk.review.export(scenario.incident_id, out)
    message = str(caught.value)
    assert "\n" not in message and "is full" in message and str(tiny_disk) in message
    assert "MB" in message
    assert not out.exists()  # the partial bundle is removed, its space freed
    assert review_desk.log.count(LogFilter(kind=mf.EXPORT_KIND)) == before
    review_desk.close()
    env = cli_env(tmp_path / "cli", CRISISDESK_PASSWORD=PASSWORD)
    cli = run_cli(
        [
            "--db",
            db_url,
            "--as",
            "layla",
            "export",
            "--incident",
            str(scenario.incident_id),
            "--out",
            str(out),
        ],
        env,
    )
    assert cli.returncode == 1 and cli.stderr.count("\n") == 1 and "is full" in cli.stderr
    assert "Traceback" not in cli.stderr


def test_full_database_disk_says_so(
    tmp_path: Path, tiny_disk: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The database on a disk with no byte left: "full", not "disk I/O error"."""
    subprocess.run(["umount", "-l", str(tiny_disk)], check=True)
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=6m", "tmpfs", str(tiny_disk)], check=False
    )
    assert done.returncode == 0
    monkeypatch.setenv("CRISISDESK_DATA_DIR", str(tmp_path / "data"))
    clock = ManualClock()
    desk = make_desk(f"sqlite:///{tiny_disk / 'room.db'}", clock=clock)
    scenario = build(desk, clock)
    filler = tiny_disk / "filler"
    with filler.open("wb") as handle:
        try:
            while True:
                handle.write(b"\0" * 65536)
                handle.flush()
        except OSError:
            pass
    try:
        with pytest.raises(CrisisDeskError) as caught:
            desk.review.export(scenario.incident_id, tmp_path / "bundle")
        message = str(caught.value)
        assert "full" in message and "\n" not in message and "I/O" not in message
        assert not (tmp_path / "bundle").exists()
    finally:
        filler.unlink()
        desk.close()
    shutil.rmtree(tmp_path / "data", ignore_errors=True)
    assert os.path.exists(tiny_disk)
