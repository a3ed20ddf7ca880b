"""Finding 2 of the shared-server review: two operators assigning the same message at the same
moment both used to print "triaged interaction N" and exit 0; the later one won silently."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from crisisdesk.desk import Desk
from tests.helpers.cli import PROJECT_ROOT, cli_env
from tests.helpers.databases import PASSWORD
from tests.helpers.room import open_room

PAIRS = 7


def _assign(url: str, env: dict[str, str], who: str, interaction: int) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "crisisdesk", "--db", url, "--as", who, "inbox", "triage",
         str(interaction), "--assign", who],
        env=env, cwd=PROJECT_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


@pytest.mark.slow
def test_two_operators_assigning_at_once_one_is_told(room_url: str, tmp_path: Path) -> None:
    open_room(room_url, tmp_path, messages=PAIRS)
    env = cli_env(tmp_path / "data", CRISISDESK_PASSWORD=PASSWORD)
    for interaction in range(1, PAIRS + 1):
        pair = [_assign(room_url, env, who, interaction) for who in ("olfa", "layla")]
        results = [(p, *p.communicate(timeout=120)) for p in pair]
        won = [(p, out) for p, out, _err in results if p.returncode == 0]
        lost = [(p, err) for p, _out, err in results if p.returncode != 0]
        assert len(won) == 1 and len(lost) == 1, (interaction, [r[1:] for r in results])
        proc, err = lost[0]
        assert proc.returncode == 1 and "Traceback" not in err
        line = err.strip()
        assert f"interaction {interaction} was changed by " in line and " UTC: now " in line
        winner = "olfa" if won[0][0] is pair[0] else "layla"
        assert f"changed by {winner}" in line and f"assignee {winner}" in line
    desk = Desk.open(room_url)
    try:
        rows = desk.inbox.rows(list(range(1, PAIRS + 1)))
        assert all(r.version == 1 for r in rows)
        assert desk.log.verify().ok
    finally:
        desk.close()
