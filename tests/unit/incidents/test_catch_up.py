"""Timers that behave after a sleep (issue 21, finding 7), on SQLite and PostgreSQL.

As reported: restarting after 8 hours closed gave 33 "overdue" notices (the same hourly
step 8 times) and created every missed occurrence; catching up a 7-day gap with 3
incidents took ticks of 4.6, 15.9 and 40.5 s over 1,333 tasks while the GUI's writer
waited; on PostgreSQL a 3-day gap took 20 s and every past recurring task took the room's
writer lock once per tick, on every laptop; racing laptops must never duplicate an
occurrence nor write a decision without its incident.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from apscheduler.schedulers.background import BackgroundScheduler
from hypothesis import given
from hypothesis import strategies as st

from crisisdesk.clock import ManualClock
from crisisdesk.desk import Desk
from crisisdesk.incidents.recurrence import plan_step
from crisisdesk.incidents.reminders import Reminders
from crisisdesk.incidents.timers import TaskTimers
from crisisdesk.playbooks.model import parse_duration
from crisisdesk.storage.decision_log import LogFilter
from tests.helpers.databases import make_desk, postgres_database, sign_in_as, sqlite_db_url

T0 = datetime(2026, 11, 26, 6, 0, tzinfo=UTC)


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield sqlite_db_url(tmp_path)
    else:
        with postgres_database() as pg:
            yield pg


def _room(url: str, incidents: int = 1) -> tuple[Desk, ManualClock, list[int]]:
    clock = ManualClock(T0)
    desk = make_desk(url, clock=clock)
    sign_in_as(desk, "lead")
    ids = [
        desk.incidents.open(f"سيول {n}", 3, playbook_id="flood-urban").id for n in range(incidents)
    ]
    return desk, clock, ids


class WriteCounter:
    """Counts the write transactions (the room's writer lock) a piece of code takes."""

    def __init__(self, desk: Desk, monkeypatch: pytest.MonkeyPatch) -> None:
        self.count = 0
        real = desk.db.write

        def counted() -> Any:
            self.count += 1
            return real()

        monkeypatch.setattr(desk.db, "write", counted)


def _recurring_steps(desk: Desk, incident: int) -> dict[str, str]:
    return {t.step_id: t.recurrence for t in desk.tasks.list(incident) if t.recurrence}


def test_eight_hours_closed_is_one_summary_and_one_current_occurrence(
    url: str, tmp_path: Path
) -> None:
    desk, clock, [incident] = _room(url)
    try:
        seen: list[Reminders] = []
        scheduler = BackgroundScheduler(timezone="UTC")
        first = TaskTimers(desk, seen.append)
        assert first.start(scheduler)  # the app runs at T0 ...
        first.stop(scheduler)  # ... and is closed five minutes later
        before = {t.id for t in desk.tasks.list(incident)}
        steps = _recurring_steps(desk, incident)
        clock.set(T0 + timedelta(hours=8, minutes=5))
        seen.clear()
        again = TaskTimers(desk, seen.append)
        assert again.start(scheduler)
        again.stop(scheduler)
        assert len(seen) == 1, "one message on opening, not one per missed occurrence"
        [opened] = seen
        assert opened.wake is not None and opened.wake.reason == "closed"
        assert all(n.kind == "due_soon" for n in opened.notices)
        assert opened.wake.became_overdue == len(
            [t for t in desk.tasks.list(incident) if t.overdue(clock.now())]
        )
        assert "while closed" in opened.wake.text()
        everything = desk.tasks.list(incident)
        new = [t for t in everything if t.id not in before]
        # Per recurring step: the current occurrence and the next one, nothing stale. A step
        # whose first occurrence is still the current one (a briefing every 6 hours, a
        # handover every 8) gains only the next one.
        for step, every in steps.items():
            made = sorted((t for t in everything if t.step_id == step), key=lambda t: t.occurrence)
            current, following = made[-2:]
            period = parse_duration(every)
            assert current.due_at <= clock.now() < current.due_at + period
            assert following.due_at == current.due_at + period
            assert following.id not in before
            assert {t.id for t in new if t.step_id == step} <= {current.id, following.id}
        assert len(new) == sum(
            2
            if min(t.due_at for t in everything if t.step_id == s) + parse_duration(e)
            <= clock.now()
            else 1
            for s, e in steps.items()
        )
        skipped = desk.log.since(0)
        skips = [d for d in skipped if d.kind == "task.occurrences_skipped"]
        assert skips and all(d.incident_id == incident for d in skips)
        assert opened.wake.skipped == sum(d.payload["count"] for d in skips)
        hourly = next(d for d in skips if d.payload["step"] == "rumour-sweep")
        assert hourly.payload["count"] == 6  # due at 2h..7h; 1h is the original, 8h current
    finally:
        desk.close()


def test_a_week_closed_with_three_incidents_is_one_short_write_each(
    url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    desk, clock, incidents = _room(url, incidents=3)
    try:
        rows_before = sum(len(desk.tasks.list(i)) for i in incidents)
        clock.advance(timedelta(days=7))
        writes = WriteCounter(desk, monkeypatch)
        started = time.perf_counter()
        caught = desk.tasks.roll_recurring()
        took = time.perf_counter() - started
        assert writes.count == 3, "one write transaction per incident"
        assert caught.incidents == set(incidents)
        steps = sum(len(_recurring_steps(desk, i)) for i in incidents)
        assert len(caught.spawned) == 2 * steps
        rows_after = sum(len(desk.tasks.list(i)) for i in incidents)
        assert rows_after - rows_before == 2 * steps  # was: 1,333 stale tasks
        assert took < 3.0, f"catching up a week took {took:.2f} s"  # the bench's goal: 0.5 s
        # Caught up: the next ticks read and write nothing.
        writes.count = 0
        for _ in range(10):
            clock.advance(timedelta(seconds=30))
            assert not desk.tasks.roll_recurring()
        assert writes.count == 0, "a tick with nothing due never takes the writer lock"
    finally:
        desk.close()


def test_the_catch_up_does_not_grow_with_the_gap(url: str) -> None:
    """A day or a week closed: the same rows and the same number of decisions."""
    desk, clock, [first] = _room(url)
    try:

        def catch_up() -> dict[int, tuple[int, int]]:
            head = desk.log.head().seq
            caught = desk.tasks.roll_recurring()
            decisions = desk.log.since(head)
            return {
                i: (
                    sum(1 for t in caught.spawned if t.incident_id == i),
                    sum(1 for d in decisions if d.incident_id == i),
                )
                for i in caught.incidents
            }

        clock.advance(timedelta(days=1))
        after_a_day = catch_up()
        second = desk.incidents.open("حريق سوق", 3, playbook_id="flood-urban").id
        clock.advance(timedelta(days=7))
        after_a_week = catch_up()
        assert after_a_week[first] == after_a_week[second] == after_a_day[first]
    finally:
        desk.close()


@given(
    occurrence=st.integers(min_value=1, max_value=10_000),
    period_minutes=st.integers(min_value=1, max_value=24 * 60),
    gap_minutes=st.integers(min_value=0, max_value=60 * 24 * 400),
)
def test_plan_step_matches_an_awake_room(
    occurrence: int, period_minutes: int, gap_minutes: int
) -> None:
    """The catch-up leaves the rows an awake room would have, minus the skipped ones:
    the last occurrence due by now, and the next one after now."""
    every = timedelta(minutes=period_minutes)
    now = T0 + timedelta(minutes=gap_minutes)
    plan = plan_step(occurrence, T0, every, now)
    created = dict(plan.create)
    assert len(plan.create) in (1, 2)
    last, (next_number, next_due) = plan.create[-1], plan.create[-1]
    assert next_due > now >= next_due - every
    assert next_number == occurrence + (next_due - T0) // every
    if len(plan.create) == 2:
        current_number, current_due = plan.create[0]
        assert current_due <= now and current_number == next_number - 1
    numbers = list(plan.skipped) + sorted(created)
    assert numbers == list(range(occurrence + 1, next_number + 1))
    assert last == plan.create[-1]


def test_a_tick_with_nothing_due_takes_no_writer_lock(
    url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As reported for PostgreSQL: each past recurring task took the writer lock once per
    tick, on every laptop. Two laptops tick through a day, awake."""
    desk, clock, [incident] = _room(url)
    other = Desk.open(url, clock=clock)
    try:
        writes = WriteCounter(desk, monkeypatch)
        other_writes = WriteCounter(other, monkeypatch)
        ticks = busy = 0
        for _ in range(60 * 8 // 2):  # eight hours of 2-minute ticks on two laptops
            clock.advance(timedelta(minutes=2))
            for laptop in (desk, other):
                busy += bool(laptop.tasks.roll_recurring())
                ticks += 1
        spawned = desk.log.count(LogFilter(kind="task.spawned", incident_id=incident))
        # Only a tick that made an occurrence wrote, once; the rest (almost all) only read.
        assert writes.count + other_writes.count == busy
        assert 0 < busy <= spawned and busy < ticks // 10
    finally:
        other.close()
        desk.close()


def test_racing_laptops_never_duplicate_an_occurrence(url: str) -> None:
    desk, clock, incidents = _room(url, incidents=2)
    laptops = [Desk.open(url, clock=clock) for _ in range(4)]
    try:
        clock.advance(timedelta(hours=30))
        barrier = threading.Barrier(len(laptops))
        errors: list[BaseException] = []

        def tick(laptop: Desk) -> None:
            try:
                barrier.wait()
                laptop.tasks.roll_recurring()
            except BaseException as exc:  # reported below
                errors.append(exc)

        threads = [threading.Thread(target=tick, args=(d,)) for d in laptops]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        assert errors == []
        for incident in incidents:
            tasks = desk.tasks.list(incident)
            keys = [(t.step_id, t.occurrence) for t in tasks]
            assert len(keys) == len(set(keys))
        decisions = desk.log.since(0)
        assert all(d.incident_id is not None for d in decisions if d.kind.startswith("task."))
        skipped = [d for d in decisions if d.kind == "task.occurrences_skipped"]
        assert len({(d.incident_id, d.payload["step"]) for d in skipped}) == len(skipped)
    finally:
        for laptop in laptops:
            laptop.close()
        desk.close()


def test_a_closed_step_stops_and_a_closed_incident_is_left_alone(url: str) -> None:
    desk, clock, [incident] = _room(url)
    try:
        sweep = next(t for t in desk.tasks.list(incident) if t.step_id == "rumour-sweep")
        desk.tasks.skip(
            sweep.id, "the rumour desk moved to the Civil Defense room", not_applicable=True
        )
        clock.advance(timedelta(hours=5))
        desk.tasks.roll_recurring()
        sweeps = [t for t in desk.tasks.list(incident) if t.step_id == "rumour-sweep"]
        assert [t.occurrence for t in sweeps] == [1]
        desk.incidents.close(incident, "over")
        head = desk.log.head().seq
        clock.advance(timedelta(days=2))
        assert not desk.tasks.roll_recurring()
        assert desk.log.head().seq == head
    finally:
        desk.close()


def test_the_rooms_look_never_writes_and_hands_over_when_a_step_is_due(
    url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The app's tick reads on a pool thread; only a due step goes to the single writer."""
    desk, clock, [incident] = _room(url)
    try:
        timers = TaskTimers(desk, lambda _r: None)
        writes = WriteCounter(desk, monkeypatch)
        first = timers.look()
        assert first is not None and writes.count == 0
        sweep = next(t for t in desk.tasks.list(incident) if t.step_id == "rumour-sweep")
        clock.set(sweep.due_at + timedelta(seconds=5))
        assert timers.look() is None, "a step is due: the writer must catch it up"
        assert writes.count == 0
        woke = timers.tick()
        assert writes.count == 1
        assert woke.wake is not None and woke.wake.reason == "asleep"  # an hour unseen
        for _ in range(20):
            clock.advance(timedelta(seconds=30))
            assert timers.look() is not None
        assert writes.count == 1
    finally:
        desk.close()
