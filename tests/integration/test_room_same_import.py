"""Two laptops importing the same messages at the same moment on one PostgreSQL server
(issue 15): one side used to fail with "not saved" (the other's uncommitted rows held the
same message ids, and its insert hit their unique key once they committed). Both must
import: every message stored once, the one that came second reporting duplicates."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from crisisdesk.desk import Desk
from crisisdesk.intake.rows import InboxFilters
from tests.helpers.cli import PROJECT_ROOT, cli_env
from tests.helpers.databases import PASSWORD, postgres_database, sign_in_as
from tests.helpers.room import open_room, write_whatsapp

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

MESSAGES = 2500
ROUNDS = 3


@pytest.fixture
def pg_url() -> Iterator[str]:
    with postgres_database() as url:
        yield url


def _ingest(url: str, env: dict[str, str], who: str, incident: int, path: Path) -> Any:
    return subprocess.Popen(
        [sys.executable, "-m", "crisisdesk", "--db", url, "--as", who, "ingest",
         "--incident", str(incident), "--format", "whatsapp", str(path)],
        env=env, cwd=PROJECT_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def test_two_laptops_importing_the_same_messages_both_succeed(
    pg_url: str, tmp_path: Path
) -> None:
    incident = open_room(pg_url, tmp_path, messages=0)
    env = cli_env(tmp_path / "data", CRISISDESK_PASSWORD=PASSWORD)
    for n in range(ROUNDS):
        # each laptop has its own copy of the same export (the same messages, the same ids)
        copies = [
            write_whatsapp(tmp_path / f"{who}-{n}.jsonl", MESSAGES, tag=f"r{n}-")
            for who in ("olfa", "layla")
        ]
        pair = [
            _ingest(pg_url, env, who, incident, path)
            for who, path in zip(("olfa", "layla"), copies, strict=True)
        ]
        results = []
        for proc in pair:
            out, err = proc.communicate(timeout=600)
            results.append((proc.returncode, out, err))
        for code, out, err in results:
            assert code == 0 and "Traceback" not in err and "not saved" not in err, (n, out, err)
        new = duplicate = 0
        for _code, out, _err in results:
            for found in re.finditer(r"(\d+) new, (\d+) duplicate", out):
                new += int(found[1])
                duplicate += int(found[2])
        assert new == MESSAGES and duplicate == MESSAGES, (n, results)
    desk = Desk.open(pg_url)
    try:
        sign_in_as(desk, "lead")
        assert desk.inbox.count(InboxFilters(incident)) == MESSAGES * ROUNDS  # stored once
        assert desk.log.verify().ok
    finally:
        desk.close()
