"""The task timers: one APScheduler job per database that spawns recurring tasks and
raises reminders. The GUI passes a QtScheduler, the command line a BackgroundScheduler.

The job has an explicit misfire grace and coalescing: after the laptop sleeps, the missed
ticks collapse into one late run, which the reminder engine turns into one "missed while
asleep" notice per task. The job never touches widgets: it hands notices to a callback.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from crisisdesk.incidents.reminders import Notice, ReminderEngine

if TYPE_CHECKING:
    from crisisdesk.desk import Desk

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


def lock_path(desk: Desk) -> Path:
    from crisisdesk.storage import location

    if desk.db.sqlite_path is not None:
        return desk.db.sqlite_path.with_name(desk.db.sqlite_path.name + ".timers.lock")
    return location.data_dir() / f"timers-{desk.log_id}.lock"


class TaskTimers:
    """Owns the reminder engine and the scheduler job for one database."""

    def __init__(self, desk: Desk, notify: Callable[[list[Notice]], None]) -> None:
        self.desk = desk
        self.notify = notify
        self.engine = ReminderEngine()
        self.lock = TimerLock(lock_path(desk))
        self.owner = False

    def tick(self) -> list[Notice]:
        """One pass: spawn due recurring tasks, then raise what is new."""
        try:
            self.desk.tasks.roll_recurring()
            notices = self.engine.check(self.desk.tasks.open_tasks(), self.desk.clock.now())
        except Exception:  # a timer must never die: log and try at the next tick
            log.exception("task timer tick failed")
            return []
        if notices:
            self.notify(notices)
        return notices

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
