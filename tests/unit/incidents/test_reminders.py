"""Reminders: coming due and overdue once each while awake; on waking, one summary."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from crisisdesk.incidents.reminders import ReminderEngine
from crisisdesk.incidents.tasks import TaskInfo

T0 = datetime(2026, 11, 26, 6, 0, tzinfo=UTC)


def task(
    i: int, due_minutes: int, done: bool = False, step: str | None = None, occurrence: int = 1
) -> TaskInfo:
    return TaskInfo(
        id=i,
        incident_id=1,
        step_id=step or f"s{i}",
        phase_id="p",
        occurrence=occurrence,
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
        result = engine.check(tasks, now)
        assert result.wake is None or now == start
        seen += [(n.task_id, n.kind) for n in result.notices]
        now += step
    return seen


def test_awake_laptop_gets_due_soon_then_overdue_once() -> None:
    engine = ReminderEngine()
    tasks = [task(1, 30), task(2, 60), task(3, 45, done=True)]
    seen = run(engine, tasks, T0, T0 + timedelta(hours=2), timedelta(seconds=30))
    assert seen == [(1, "due_soon"), (1, "overdue"), (2, "due_soon"), (2, "overdue")]


def test_a_sleep_gives_one_summary_not_a_notice_per_task() -> None:
    engine = ReminderEngine()
    tasks = [task(i, 20 * i) for i in range(1, 8)]  # due at 20..140 minutes
    assert not engine.check(tasks, T0)
    # The lid closes at T0 and opens three hours later: one coalesced late tick.
    woke = engine.check(tasks, T0 + timedelta(hours=3), missed_schedules=[41])
    assert woke.notices == []
    assert woke.wake is not None and woke.wake.reason == "asleep"
    assert (woke.wake.became_overdue, woke.wake.missed_schedules) == (7, 1)
    assert woke.wake.task_ids == tuple(range(1, 8))
    assert woke.wake.text() == "while asleep: 7 tasks became overdue, 1 schedule missed"
    # ... and never again afterwards.
    later = run(
        engine,
        tasks,
        T0 + timedelta(hours=3, seconds=30),
        T0 + timedelta(hours=5),
        timedelta(seconds=30),
    )
    assert later == []


def test_opening_after_eight_hours_closed_is_one_summary() -> None:
    """As reported: 33 "overdue" notices, the same hourly step 8 times. Now: one summary;
    the catch-up left the hourly step its original occurrence and one current one."""
    hourly = [
        task(101, 60, step="rumour-sweep"),
        task(108, 8 * 60, step="rumour-sweep", occurrence=8),
    ]
    others = [task(i, 10 * i) for i in range(1, 26)]
    engine = ReminderEngine(closed_since=T0 + timedelta(minutes=5))
    woke = engine.check(hourly + others, T0 + timedelta(hours=8, minutes=30))
    assert woke.notices == []
    assert woke.wake is not None and woke.wake.reason == "closed"
    assert woke.wake.became_overdue == 27 and woke.wake.already_overdue == 0
    assert woke.wake.text() == "while closed: 27 tasks became overdue"
    engine2 = ReminderEngine(closed_since=T0 + timedelta(minutes=35))
    woke2 = engine2.check(others, T0 + timedelta(hours=8))
    assert woke2.wake is not None
    assert (woke2.wake.became_overdue, woke2.wake.already_overdue) == (22, 3)
    assert (
        woke2.wake.text() == "while closed: 22 tasks became overdue (3 more were overdue already)"
    )


def test_a_task_overdue_before_the_sleep_is_not_reported_again() -> None:
    engine = ReminderEngine()
    tasks = [task(1, 5), task(2, 90)]
    seen = run(engine, tasks, T0, T0 + timedelta(minutes=10), timedelta(seconds=30))
    assert seen == [(1, "due_soon"), (1, "overdue")]
    woke = engine.check(tasks, T0 + timedelta(hours=3))
    assert woke.wake is not None and woke.wake.task_ids == (2,)
    assert woke.wake.became_overdue == 1 and woke.notices == []


def test_a_late_tick_is_not_a_sleep() -> None:
    """As reported: a 61 s gap between 30 s ticks gave a false "asleep" notice."""
    engine = ReminderEngine()
    tasks = [task(1, 1)]
    assert engine.check(tasks, T0).wake is None  # the first look: nothing overdue to sum up
    late = engine.check(tasks, T0 + timedelta(seconds=61))
    assert late.wake is None
    assert [(n.task_id, n.kind) for n in late.notices] == [(1, "overdue")]
    engine.check(tasks, T0 + timedelta(seconds=61 + 89))  # two ticks late: still awake
    assert not engine.asleep(T0 + timedelta(seconds=61 + 89 + 90))
    assert engine.asleep(T0 + timedelta(seconds=61 + 89 + 91))


@settings(max_examples=200, deadline=None)
@given(
    gaps=st.lists(st.integers(min_value=1, max_value=4 * 3600), min_size=1, max_size=40),
    dues=st.lists(st.integers(min_value=0, max_value=600), min_size=1, max_size=15),
)
def test_every_overdue_task_is_announced_exactly_once(gaps: list[int], dues: list[int]) -> None:
    """Whatever the pattern of ticks and sleeps: each task that comes due is announced once,
    by a notice or inside a summary, never twice and never dropped."""
    tasks = [task(i, d) for i, d in enumerate(dues, start=1)]
    engine = ReminderEngine()
    now = T0 - timedelta(minutes=1)
    told: list[int] = []
    engine.check(tasks, now)
    for gap in gaps:
        now += timedelta(seconds=gap)
        result = engine.check(tasks, now)
        told += [n.task_id for n in result.notices if n.kind == "overdue"]
        if result.wake is not None:
            told += list(result.wake.task_ids)
    due = sorted(t.id for t in tasks if t.due_at < now)
    assert sorted(told) == due
