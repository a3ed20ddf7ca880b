"""Crash safety: SIGKILL an appender at random moments; nothing acknowledged is lost."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import IO

import pytest

from crisisdesk.desk import Desk
from tests.helpers.cli import cli_env
from tests.helpers.databases import make_desk

pytestmark = [
    pytest.mark.slow,
    pytest.mark.timeout(1800),
    pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX"),
]

KILLS = 50


def _run_and_kill(url: str, env: dict[str, str], delay: float, errors: IO[str]) -> list[int]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.helpers.appender", url, "100000", "crash"],
        stdout=subprocess.PIPE,
        stderr=errors,
        env=env,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    acked: list[int] = []
    ready = threading.Event()
    assert proc.stdout is not None
    stdout = proc.stdout

    def reader() -> None:
        for line in stdout:
            if line.startswith("ACK "):
                acked.append(int(line.split()[1]))
            elif line.startswith("READY"):
                ready.set()

    thread = threading.Thread(target=reader, daemon=True)
    thread.start()
    # Start-up time varies with the machine's load: the random moment counts from READY,
    # so every kill lands while the child is appending.
    if not ready.wait(timeout=120):
        proc.kill()
        proc.wait(timeout=30)
        stdout.close()
        errors.seek(0)
        pytest.fail(f"the appender never opened the database: {errors.read()[-2000:]}")
    time.sleep(delay)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    thread.join(timeout=30)
    stdout.close()
    return acked


def test_sigkill_never_loses_an_acknowledged_decision(
    tmp_path: Path, memory_keyring: object
) -> None:
    url = f"sqlite:///{tmp_path / 'crash.db'}"
    env = cli_env(tmp_path / "child")
    # The children sign in with their own keyring; the database itself is made here.
    make_desk(url).close()
    rng = random.Random(20261126)
    acknowledged: list[int] = []
    with (tmp_path / "appender-errors.txt").open("w+", encoding="utf-8") as errors:
        for _ in range(KILLS):
            acknowledged += _run_and_kill(url, env, rng.uniform(0.0, 0.6), errors)
    conn = sqlite3.connect(tmp_path / "crash.db")
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    present = {row[0] for row in conn.execute("SELECT seq FROM decisions")}
    conn.close()
    assert acknowledged, "the appender acknowledged nothing: the test proved nothing"
    missing = sorted(set(acknowledged) - present)
    assert not missing, f"acknowledged but lost: {missing[:10]}"
    desk = Desk.open(url)
    try:
        verdict = desk.log.verify()
    finally:
        desk.close()
    assert verdict.ok, verdict.describe()
    assert verdict.entries >= max(acknowledged)
