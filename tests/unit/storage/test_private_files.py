"""Database files are readable by their owner only — also files made before that rule."""

from __future__ import annotations

import os
import sqlite3
import stat
import sys
from pathlib import Path

import pytest

from crisisdesk.desk import Desk
from tests.helpers.databases import make_desk

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX mode bits")


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_an_existing_world_readable_database_is_tightened_on_opening(tmp_path: Path) -> None:
    """Issue 13's gap as reported: a database file left 0644 by an older version kept it."""
    path = tmp_path / "room.db"
    make_desk(f"sqlite:///{path}").close()
    # what an older version left behind: a world-readable file and WAL companions
    os.chmod(path, 0o644)
    with sqlite3.connect(path) as raw:  # a real SQLite connection keeps -wal/-shm around
        raw.execute("PRAGMA journal_mode=WAL")
        raw.execute("CREATE TABLE IF NOT EXISTS scratch (x)")
        raw.execute("INSERT INTO scratch VALUES (1)")
        raw.commit()
        companions = [Path(f"{path}-wal"), Path(f"{path}-shm")]
        assert all(c.exists() for c in companions)
        for companion in companions:
            os.chmod(companion, 0o644)
        desk = Desk.open(f"sqlite:///{path}")
        try:
            assert _mode(path) == 0o600
            for companion in companions:
                assert _mode(companion) == 0o600, companion.name
        finally:
            desk.close()

