"""Activation with the injectable clock: exact due times, recurring tasks, the checklist."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from crisisdesk.clock import ManualClock
from crisisdesk.errors import ConflictError, RefusedError
from crisisdesk.playbooks import find_playbook
from crisisdesk.storage.decision_log import LogFilter
from tests.helpers.databases import make_desk, sign_in_as

START = datetime(2026, 11, 26, 6, 0, tzinfo=UTC)


@pytest.fixture
def room(tmp_path: Path):  # type: ignore[no-untyped-def]
    clock = ManualClock(START)
    desk = make_desk(f"sqlite:///{tmp_path / 'room.db'}", clock=clock)
    sign_in_as(desk, "lead")
    flood = next(
        p
        for p in __import__("crisisdesk.playbooks", fromlist=["x"]).bundled_library()
        if p.hazard == "flood"
    )
    incident = desk.incidents.open("سيول الدمام", 3, playbook_id=flood.id)
    yield desk, clock, incident, flood
    desk.close()


def test_every_step_becomes_a_task_due_exactly(room) -> None:  # type: ignore[no-untyped-def]
    desk, _clock, incident, flood = room
    tasks = desk.tasks.list(incident.id)
    assert len(tasks) == len(flood.tasks)
    by_step = {t.step_id: t for t in tasks}
    for step in flood.tasks:
        assert by_step[step.id].due_at == START + step.due
        assert by_step[step.id].recurrence == (
            None if step.recurrence is None else by_step[step.id].recurrence
        )
    assert incident.playbook_hash == flood.content_hash
    kinds = [d.kind for d in desk.log.since(0)]
    assert kinds[-2:] == ["incident.opened", "playbook.activated"]


def test_snapshot_does_not_follow_later_library_edits(room) -> None:  # type: ignore[no-untyped-def]
    desk, _clock, incident, flood = room
    snapshot = desk.incidents.playbook_snapshot(incident.id)
    assert snapshot == flood.to_data()
    assert find_playbook(flood.id).content_hash == incident.playbook_hash


def test_done_is_a_decision_and_recurring_spawns_successor(room) -> None:  # type: ignore[no-untyped-def]
    desk, clock, incident, _flood = room
    recurring = next(
        t for t in desk.tasks.list(incident.id) if t.recurrence and t.system_role == "operator"
    )
    sign_in_as(desk, "operator")
    clock.set(recurring.due_at - timedelta(minutes=5))  # an occurrence is ticked near its time
    done = desk.tasks.done(recurring.id, "نُشر التحديث على حساب الأمانة")
    assert done.done_by == "olfa" and done.done_at == recurring.due_at - timedelta(minutes=5)
    successor = [
        t
        for t in desk.tasks.list(incident.id)
        if t.step_id == recurring.step_id and t.occurrence == 2
    ]
    assert len(successor) == 1
    from crisisdesk.playbooks.model import parse_duration

    assert successor[0].due_at == recurring.due_at + parse_duration(recurring.recurrence)
    last = desk.log.since(desk.log.head().seq - 2)
    assert [d.kind for d in last] == ["task.done", "task.spawned"]
    with pytest.raises(ConflictError):
        desk.tasks.done(recurring.id)


def test_recurring_task_spawns_when_due_even_if_not_done(room) -> None:  # type: ignore[no-untyped-def]
    desk, clock, incident, _flood = room
    recurring = next(t for t in desk.tasks.list(incident.id) if t.recurrence)
    clock.set(recurring.due_at + timedelta(seconds=1))
    spawned = desk.tasks.roll_recurring().spawned
    assert [(t.step_id, t.occurrence) for t in spawned] == [(recurring.step_id, 2)]
    assert not desk.tasks.roll_recurring()  # never twice
    assert desk.log.count(LogFilter(kind="task.spawned")) == 1
    spawned_by = desk.log.since(desk.log.head().seq - 1)[0]
    assert (spawned_by.actor, spawned_by.role) == ("scheduler", "system")


def test_reviewer_cannot_complete_tasks(room) -> None:  # type: ignore[no-untyped-def]
    desk, _clock, incident, _flood = room
    task = desk.tasks.list(incident.id)[0]
    sign_in_as(desk, "reviewer")
    with pytest.raises(RefusedError):
        desk.tasks.done(task.id)
    assert desk.log.count(LogFilter(kind="security.refused")) == 1


def test_cli_lists_and_completes(room, capsys: pytest.CaptureFixture[str], monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import json

    from crisisdesk.cli import main

    desk, _clock, incident, _flood = room
    monkeypatch.setenv("CRISISDESK_PASSWORD", "s3cret-pass-phrase")
    assert (
        main(
            [
                "--db",
                desk.url,
                "--as",
                "olfa",
                "tasks",
                "list",
                "--incident",
                str(incident.id),
                "--json",
            ]
        )
        == 0
    )
    tasks = json.loads(capsys.readouterr().out)["tasks"]
    assert tasks and {"id", "title", "due_at", "owner_role"} <= set(tasks[0])
    assert (
        main(
            ["--db", desk.url, "--as", "olfa", "tasks", "done", str(tasks[0]["id"]), "--note", "تم"]
        )
        == 0
    )
    assert "done:" in capsys.readouterr().out
