"""Finding 1 of the shared-server review: one stalled laptop must not freeze every write.

A laptop that stops mid-transaction (SIGSTOP: a closed lid, lost Wi-Fi) used to keep the writer
lock for as long as it was stopped; another laptop's ``inbox triage`` hung with no message.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from crisisdesk.desk import Desk
from tests.helpers.cli import PROJECT_ROOT, cli_env, run_cli
from tests.helpers.databases import PASSWORD
from tests.helpers.room import open_room, write_whatsapp, writing_sessions

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

# The longest a write may wait: four tries of the 5 s lock timeout, plus process start-up.
WRITE_BOUND_S = 30


def _wait_for(check: object, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not check():  # type: ignore[operator]
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.02)


def _triage(url: str, env: dict[str, str], interaction: int) -> tuple[float, object]:
    started = time.monotonic()
    done = run_cli(
        ["--db", url, "--as", "olfa", "inbox", "triage", str(interaction), "--assign", "olfa"],
        env,
        timeout=90,
    )
    return time.monotonic() - started, done


def test_stalled_ingest_does_not_freeze_triage(pg_url: str, tmp_path: Path) -> None:
    """As reported: an ingest stopped mid-import; another laptop triages a message."""
    incident = open_room(pg_url, tmp_path)
    big = write_whatsapp(tmp_path / "big.jsonl", 6000)
    env = cli_env(tmp_path / "data", CRISISDESK_PASSWORD=PASSWORD)
    ingest = subprocess.Popen(
        [sys.executable, "-m", "crisisdesk", "--db", pg_url, "--as", "olfa", "ingest",
         "--incident", str(incident), "--format", "whatsapp", str(big)],
        env=env, cwd=PROJECT_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        _wait_for(lambda: writing_sessions(pg_url) > 0, 120, "the import's transaction")
        os.kill(ingest.pid, signal.SIGSTOP)
        took, done = _triage(pg_url, env, 1)
    finally:
        os.kill(ingest.pid, signal.SIGCONT)
    assert done.returncode == 0, done.stderr  # type: ignore[attr-defined]
    assert "triaged interaction 1" in done.stdout  # type: ignore[attr-defined]
    assert took < WRITE_BOUND_S, f"triage waited {took:.1f} s behind a stopped laptop"
    _out, err = ingest.communicate(timeout=300)
    assert "Traceback" not in err
    # The import either finished (stopped briefly) or was ended by the server and says so.
    if ingest.returncode != 0:
        assert "not saved" in err and "stalled" in err, err


def test_stalled_lock_holder_is_named_and_ended(pg_url: str, tmp_path: Path) -> None:
    """A laptop stopped while holding the writer lock: the waiting laptop is told who holds it
    and since when, gets through once the server ends the stalled session, and the stalled
    laptop's next action tells its user what was not saved, then works again."""
    open_room(pg_url, tmp_path, messages=3)
    env = cli_env(tmp_path / "data", CRISISDESK_PASSWORD=PASSWORD)
    holder = subprocess.Popen(
        [sys.executable, "-m", "tests.helpers.lock_holder", pg_url, "sami"],
        env=env, cwd=PROJECT_ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert holder.stdout is not None and holder.stdin is not None
    try:
        assert holder.stdout.readline().strip() == "LOCKED"
        os.kill(holder.pid, signal.SIGSTOP)
        took, done = _triage(pg_url, env, 2)
    finally:
        os.kill(holder.pid, signal.SIGCONT)
    assert done.returncode == 0, done.stderr  # type: ignore[attr-defined]
    assert took < WRITE_BOUND_S
    notices = done.stderr.splitlines()  # type: ignore[attr-defined]
    assert notices, "the waiting laptop was told nothing"
    assert all("held by sami@" in line and "since" in line for line in notices), notices
    holder.stdin.write("\n")
    holder.stdin.flush()
    out, err = holder.communicate(timeout=60)
    assert holder.returncode == 0, err
    first, second = out.splitlines()[:2]
    assert first.startswith("ERROR not saved:") and "stalled" in first, first
    assert "lost: a decision made just before the lid closed" in first
    assert second.startswith("NEXT ")
    desk = Desk.open(pg_url)
    try:
        assert desk.log.verify().ok
        kinds = [d.kind for d in desk.log.since(0, 10_000)]
        assert "test.stalled" not in kinds and "test.after_stall" in kinds
    finally:
        desk.close()
