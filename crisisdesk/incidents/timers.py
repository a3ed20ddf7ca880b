"""The task timers: one APScheduler job per database that keeps recurring tasks up to the
clock and raises reminders. The GUI passes a QtScheduler, the command line a
BackgroundScheduler.

The job has an explicit misfire grace and coalescing: after the laptop sleeps, the missed
ticks collapse into one late run. That run catches the recurring tasks up (the missed
occurrences recorded as skipped, one current occurrence made) and the reminder engine sums
the gap up in one notice. The time of the last look is kept in a small file beside the
timer lock, so the first look after the app was closed knows since when it was closed.
The job never touches widgets: it hands what it found to a callback.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from crisisdesk.clock import parse_utc, utc_iso
from crisisdesk.incidents.reminders import ReminderEngine, Reminders

if TYPE_CHECKING:
    from crisisdesk.incidents.tasks import TaskInfo
    from crisisdesk.kernel import Kernel
    from crisisdesk.network.sitrep_cadence import SitRepDue

log = logging.getLogger(__name__)

JOB_ID = "crisisdesk-task-timers"
TICK_SECONDS = 30
MISFIRE_GRACE_SECONDS = 7 * 24 * 3600  # run late rather than drop: nothing silently lost


class TimerLock:
    """An OS file lock beside the database: one timer owner per database, released on exit."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._handle: IO[bytes] | None = None

    def acquire(self) -> bool:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(self.path, "a+b")  # noqa: SIM115 - held open while we own the lock
        try:
            if sys.platform == "win32":
                import msvcrt

                handle.seek(0)
                msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
            else:
                import fcntl

                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.close()
            return False
        self._handle = handle
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()).encode())
        handle.flush()
        return True

    def release(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None


def state_path(desk: Kernel) -> Path:
    """Beside the lock: when this laptop's timers last looked at the database."""
    lock = lock_path(desk)
    return lock.with_name(lock.name.removesuffix(".lock") + ".last-look.json")


def lock_path(desk: Kernel) -> Path:
    from crisisdesk.storage import location

    if desk.db.sqlite_path is not None:
        return desk.db.sqlite_path.with_name(desk.db.sqlite_path.name + ".timers.lock")
    return location.data_dir() / f"timers-{desk.log_id}.lock"


class TaskTimers:
    """Owns the reminder engine and the scheduler job for one database."""

    def __init__(self, desk: Kernel, notify: Callable[[Reminders], None]) -> None:
        self.desk = desk
        self.notify = notify
        self.engine = ReminderEngine(tick=timedelta(seconds=TICK_SECONDS))
        self.lock = TimerLock(lock_path(desk))
        self.owner = False
        self.state = state_path(desk)

    def tick(self) -> Reminders:
        """One pass: catch recurring tasks up, then say what is new.

        One read transaction finds what is due, the open tasks that can be news and the
        missed schedules; a write happens only when a recurring step is due (then the
        tasks are read again, with the occurrences just made)."""
        try:
            reminders = self._pass()
        except Exception:  # a timer must never die: log and try at the next tick
            log.exception("task timer tick failed")
            return Reminders()
        if reminders:
            self.notify(reminders)
        return reminders

    def look(self) -> Reminders | None:
        """The read-only pass: the reminders, or None when a recurring step is due and a
        write (:meth:`tick`) must catch it up first. Never takes the writer lock."""
        now, since = self._moment()
        due, tasks, missed, sitreps = self._read(now, since)
        if due:
            return None
        reminders = self.engine.check(tasks, now, missed_schedules=missed, sitreps=sitreps)
        self._remember(now)
        return reminders

    def _moment(self) -> tuple[datetime, datetime | None]:
        """Now, and since when news is read (None: everything, on waking)."""
        now = self.desk.clock.now()
        engine = self.engine
        if engine.last_check is None and engine.closed_since is None:
            engine.closed_since = self._last_look()
        waking = engine.last_check is None or engine.asleep(now)
        return now, None if waking else engine.last_check

    def _read(
        self, now: datetime, since: datetime | None
    ) -> tuple[list[int], list[TaskInfo], list[int], list[SitRepDue]]:
        """One read transaction: incidents with a step due, open tasks that can be news,
        missed schedules, the network incidents' next situation reports."""
        from crisisdesk.incidents.recurrence import due_incidents
        from crisisdesk.incidents.tasks import read_open
        from crisisdesk.network.sitrep_cadence import sitrep_dues
        from crisisdesk.statements.schedule import overdue_ids

        with self.desk.db.read() as session:
            return (
                due_incidents(session, utc_iso(now)),
                read_open(session, since),
                overdue_ids(session, now),
                sitrep_dues(session),
            )

    def _pass(self) -> Reminders:
        from crisisdesk.incidents.recurrence import catch_up

        now, since = self._moment()
        due, tasks, missed, sitreps = self._read(now, since)
        skipped = 0
        if due:
            caught = catch_up(self.desk, due)
            skipped = caught.skipped
            if caught:
                from crisisdesk.incidents.tasks import TaskService

                tasks = TaskService(self.desk).open_tasks(since=since)
        reminders = self.engine.check(
            tasks, now, missed_schedules=missed, skipped=skipped, sitreps=sitreps
        )
        self._remember(now)
        return reminders

    def _last_look(self) -> datetime | None:
        try:
            data = json.loads(self.state.read_text(encoding="utf-8"))
            return parse_utc(str(data["last_look"]))
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def _remember(self, now: datetime) -> None:
        """The owner notes when it last looked (a missing or broken note costs only the
        "already overdue" split of the next summary)."""
        if not self.owner:
            return
        try:
            self.state.write_text(json.dumps({"last_look": utc_iso(now)}), encoding="utf-8")
        except OSError:
            log.debug("cannot note the timers' last look in %s", self.state)

    def start(self, scheduler: Any) -> bool:
        """Add the job to ``scheduler`` if this process owns the timers for the database."""
        self.owner = self.lock.acquire()
        if not self.owner:
            log.info("another CrisisDesk owns the timers of this database")
            return False
        scheduler.add_job(
            self.tick,
            "interval",
            seconds=TICK_SECONDS,
            id=JOB_ID,
            replace_existing=True,
            coalesce=True,
            misfire_grace_time=MISFIRE_GRACE_SECONDS,
            max_instances=1,
        )
        self.tick()
        return True

    def stop(self, scheduler: Any) -> None:
        if self.owner:
            try:
                scheduler.remove_job(JOB_ID)
            except Exception:  # already gone with the scheduler
                log.debug("timer job already removed")
            self.lock.release()
            self.owner = False
