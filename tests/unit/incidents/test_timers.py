"""The timer job: real APScheduler, explicit misfire handling, one owner per database."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from apscheduler.schedulers.background import BackgroundScheduler

from crisisdesk.clock import ManualClock
from crisisdesk.incidents.reminders import Reminders
from crisisdesk.incidents.timers import JOB_ID, MISFIRE_GRACE_SECONDS, TaskTimers
from crisisdesk.playbooks import bundled_library
from tests.helpers.databases import make_desk, sign_in_as


def test_timer_job_and_single_owner(tmp_path: Path) -> None:
    clock = ManualClock(datetime(2026, 11, 26, 6, 0, tzinfo=UTC))
    desk = make_desk(f"sqlite:///{tmp_path / 'room.db'}", clock=clock)
    sign_in_as(desk, "lead")
    flood = next(p for p in bundled_library() if p.hazard == "flood")
    desk.incidents.open("سيول", 3, playbook_id=flood.id)
    received: list[Reminders] = []
    first = TaskTimers(desk, received.append)
    second = TaskTimers(desk, received.append)
    scheduler = BackgroundScheduler(timezone="UTC")
    scheduler.start()
    try:
        assert first.start(scheduler) is True
        assert second.start(scheduler) is False, "one scheduler owns the timers per database"
        job = scheduler.get_job(JOB_ID)
        assert job.coalesce is True and job.misfire_grace_time == MISFIRE_GRACE_SECONDS
        clock.advance(timedelta(hours=3))
        woke = first.tick()
        assert woke.wake is not None and woke.wake.reason == "asleep"
        assert woke.wake.became_overdue > 0
        assert all(n.kind == "due_soon" for n in woke.notices)
        assert not first.tick()
    finally:
        first.stop(scheduler)
        scheduler.shutdown(wait=True)
        time.sleep(0)
        desk.close()
    assert received and received[-1] is woke
