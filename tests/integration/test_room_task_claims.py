"""Compare-and-set on task claims (issue 15): an operator and the lead on two laptops
claiming the same checklist task at the same moment: the later one took the task from the
earlier one without a word, or was refused with a reason that did not say who had it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from crisisdesk.desk import Desk
from tests.helpers.cli import PROJECT_ROOT, cli_env
from tests.helpers.databases import PASSWORD, sign_in_as, sqlite_db_url
from tests.helpers.room import open_room

TASKS = 5


def _claim(url: str, env: dict[str, str], who: str, task: int) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "crisisdesk", "--db", url, "--as", who, "tasks", "reassign",
         str(task), "--to", who],
        env=env, cwd=PROJECT_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def _operator_tasks(url: str, incident: int) -> list[int]:
    desk = Desk.open(url)
    try:
        sign_in_as(desk, "lead")
        return [
            t.id
            for t in desk.tasks.list(incident)
            if t.system_role == "operator" and not t.closed and t.assignee is None
        ][:TASKS]
    finally:
        desk.close()


@pytest.mark.slow
def test_two_people_claiming_a_task_at_once_one_is_told(room_url: str, tmp_path: Path) -> None:
    incident = open_room(room_url, tmp_path, messages=0)
    tasks = _operator_tasks(room_url, incident)
    assert tasks, "the flood playbook gives operators (its monitors) tasks"
    env = cli_env(tmp_path / "data", CRISISDESK_PASSWORD=PASSWORD)
    winners = {}
    for task in tasks:
        pair = [_claim(room_url, env, who, task) for who in ("olfa", "layla")]
        results = [(p, *p.communicate(timeout=120)) for p in pair]
        won = [p for p, _out, _err in results if p.returncode == 0]
        lost = [(p, err) for p, _out, err in results if p.returncode != 0]
        assert len(won) == 1 and len(lost) == 1, (task, [r[1:] for r in results])
        proc, err = lost[0]
        assert proc.returncode == 1 and "Traceback" not in err
        winner = "olfa" if won[0] is pair[0] else "layla"
        line = err.strip()
        assert f"task {task} was claimed by {winner} at " in line and " UTC" in line, line
        assert "yours was not applied" in line
        winners[task] = winner
    desk = Desk.open(room_url)
    try:
        sign_in_as(desk, "lead")
        for task, winner in winners.items():
            assert desk.tasks.get(task).assignee == winner
        claims = [d for d in desk.log.since(0) if d.kind == "task.reassigned"]
        assert sorted(d.payload["task"] for d in claims) == sorted(winners)  # one each
        assert desk.log.verify().ok
    finally:
        desk.close()


def test_a_stale_claim_is_refused_and_a_forced_one_says_what_it_overrode(
    tmp_path: Path,
) -> None:
    """The same rule in the core: a claim based on the holder the user saw, refused once
    someone else took the task; ``force`` applies it and records whom it overrode."""
    url = sqlite_db_url(tmp_path)
    incident = open_room(url, tmp_path, messages=0)
    task = _operator_tasks(url, incident)[0]
    desk = Desk.open(url)
    try:
        sign_in_as(desk, "lead")
        assert desk.tasks.reassign(task, "olfa", seen=None).assignee == "olfa"
        from crisisdesk.errors import StaleError

        with pytest.raises(StaleError, match=f"task {task} was claimed by olfa at .* UTC"):
            desk.tasks.reassign(task, "layla", seen=None)  # saw it with its role
        with pytest.raises(StaleError, match="claimed by olfa"):
            desk.tasks.reassign(task, "layla")  # no holder seen: olfa's claim stands
        assert desk.tasks.reassign(task, "layla", seen="olfa").assignee == "layla"
        taken = desk.tasks.reassign(task, "olfa", seen=None, force=True)
        assert taken.assignee == "olfa"
        last = desk.log.since(0)[-1]
        assert last.kind == "task.reassigned" and last.payload["overrode"] == "layla"
        assert desk.log.verify().ok
    finally:
        desk.close()
