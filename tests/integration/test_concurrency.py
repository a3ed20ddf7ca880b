"""Concurrent appenders in separate processes never fork the chain (SQLite and PostgreSQL)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from crisisdesk.desk import Desk
from crisisdesk.storage.decision_log import LogFilter
from tests.helpers.cli import cli_env
from tests.helpers.databases import make_desk

PROCESSES = 4
EACH = 250


def _hammer(url: str, env: dict[str, str]) -> None:
    root = Path(__file__).resolve().parents[2]
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "tests.helpers.appender", url, str(EACH), f"p{i}"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
            text=True,
            cwd=root,
        )
        for i in range(PROCESSES)
    ]
    for proc in procs:
        out, err = proc.communicate(timeout=600)
        assert proc.returncode == 0, err
        assert err == "", err
        assert out.count("ACK ") == EACH and out.endswith("DONE\n")


def _check(url: str, base: int) -> None:
    desk = Desk.open(url)
    try:
        verdict = desk.log.verify()
        seqs = sorted(desk.log.seqs())
        appended = desk.log.count(LogFilter(kind="test.appended"))
    finally:
        desk.close()
    assert verdict.ok, verdict.describe()
    # Children on "other laptops" register their own signing key (one decision) when they
    # first need to sign a periodic checkpoint, so count the appends by kind.
    assert appended == PROCESSES * EACH
    assert seqs == list(range(1, len(seqs) + 1))
    assert len(seqs) >= base + PROCESSES * EACH


@pytest.mark.slow
def test_four_processes_on_sqlite(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'busy.db'}"
    desk = make_desk(url)
    base = desk.log.head().seq
    desk.close()
    _hammer(url, cli_env(tmp_path / "child"))
    _check(url, base)


@pytest.mark.slow
@pytest.mark.postgres
def test_four_processes_on_postgresql(pg_url: str, tmp_path: Path) -> None:
    desk = make_desk(pg_url)
    base = desk.log.head().seq
    desk.close()
    _hammer(pg_url, cli_env(tmp_path / "child"))
    _check(pg_url, base)
