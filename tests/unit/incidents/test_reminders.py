"""Reminders: coming due and overdue once each; a long sleep yields one notice per task."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from crisisdesk.incidents.reminders import ReminderEngine
from crisisdesk.incidents.tasks import TaskInfo

T0 = datetime(2026, 11, 26, 6, 0, tzinfo=UTC)


def task(i: int, due_minutes: int, done: bool = False) -> TaskInfo:
    return TaskInfo(
        id=i,
        incident_id=1,
        step_id=f"s{i}",
        phase_id="p",
        occurrence=1,
        title_ar=f"مهمة {i}",
        title_en=f"task {i}",
        owner_role="lead",
        system_role="lead",
        due_at=T0 + timedelta(minutes=due_minutes),
        recurrence=None,
        done_at=T0 if done else None,
        done_by="x" if done else None,
        note=None,
    )


def run(
    engine: ReminderEngine, tasks: list[TaskInfo], start: datetime, end: datetime, step: timedelta
) -> list[tuple[int, str]]:
    seen = []
    now = start
    while now <= end:
        seen += [(n.task_id, n.kind) for n in engine.check(tasks, now)]
        now += step
    return seen


def test_awake_laptop_gets_due_soon_then_overdue_once() -> None:
    engine = ReminderEngine()
    tasks = [task(1, 30), task(2, 60), task(3, 45, done=True)]
    seen = run(engine, tasks, T0, T0 + timedelta(hours=2), timedelta(seconds=30))
    assert seen == [(1, "due_soon"), (1, "overdue"), (2, "due_soon"), (2, "overdue")]


def test_three_hour_sleep_yields_one_missed_notice_per_task() -> None:
    engine = ReminderEngine()
    tasks = [task(i, 20 * i) for i in range(1, 8)]  # due at 20..140 minutes
    assert engine.check(tasks, T0) == []
    # The lid closes at T0 and opens three hours later: one coalesced late tick.
    notices = engine.check(tasks, T0 + timedelta(hours=3))
    assert sorted((n.task_id, n.kind) for n in notices) == [(i, "missed") for i in range(1, 8)]
    assert "asleep" in notices[0].text("en") and "توقف" in notices[0].text("ar")
    # ... and never again afterwards.
    later = run(
        engine,
        tasks,
        T0 + timedelta(hours=3, seconds=30),
        T0 + timedelta(hours=5),
        timedelta(seconds=30),
    )
    assert later == []


def test_task_overdue_before_the_sleep_is_not_reported_again() -> None:
    engine = ReminderEngine()
    tasks = [task(1, 5), task(2, 90)]
    seen = run(engine, tasks, T0, T0 + timedelta(minutes=10), timedelta(seconds=30))
    assert seen == [(1, "due_soon"), (1, "overdue")]
    after_sleep = engine.check(tasks, T0 + timedelta(hours=3))
    assert [(n.task_id, n.kind) for n in after_sleep] == [(2, "missed")]
