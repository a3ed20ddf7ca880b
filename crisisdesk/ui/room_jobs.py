"""The jobs of an open room, wired in one place when the room opens: task reminders, the
overdue sweep of the inbox, scheduled publications. All run on the room's one scheduler and
stop when the room closes.

They belong to the room, not to a screen: screens are built when first shown, so a job
started by a screen would not run in a room that stays on the Dashboard.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject

from crisisdesk.intake import overdue
from crisisdesk.ui.operations import Op, perform
from crisisdesk.ui.room_scheduler import RoomScheduler
from crisisdesk.ui.statement_schedule import ScheduleWatcher
from crisisdesk.ui.task_reminders import TaskWatch

if TYPE_CHECKING:
    from crisisdesk.ui.window import IncidentRoom


class RoomJobs(QObject):
    """Starts every job of ``room`` on one scheduler; ``stop`` (or closing the room) ends them."""

    def __init__(self, room: IncidentRoom) -> None:
        super().__init__(room)
        self.room = room
        if room.ctx is None:
            raise RuntimeError("the room has no incident open")
        self.ctx = room.ctx
        self.stopped = False
        self.scheduler = RoomScheduler(self)
        self.scheduler.start()
        self.overdue = overdue.OverdueJob(self.ctx.desk, self.ctx.incident_id)
        self.scheduler.add_job(
            self.sweep_overdue,
            "interval",
            seconds=overdue.TICK_SECONDS,
            id=overdue.JOB_ID,
            coalesce=True,
            misfire_grace_time=overdue.MISFIRE_GRACE_SECONDS,
            max_instances=1,
        )
        self.schedule = ScheduleWatcher(self.ctx, room)
        self.scheduler.add_job(
            self.schedule.poll,
            "interval",
            seconds=self.schedule.poll_seconds,
            id="crisisdesk-schedule",
            next_run_time=datetime.now(UTC) + timedelta(seconds=self.schedule.first_seconds),
            coalesce=True,
            misfire_grace_time=overdue.MISFIRE_GRACE_SECONDS,
            max_instances=1,
        )
        self.tasks = TaskWatch(room, self.scheduler)
        self.ctx.jobs = self
        room.installEventFilter(self)

    def sweep_overdue(self) -> None:
        """Flag messages past their response due, on the single writer."""
        perform(self.ctx, Op("flag overdue messages", self.overdue.tick), owner=self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.room and event.type() == QEvent.Type.Close:
            self.stop()
        return False

    def stop(self) -> None:
        """End every job and release the task timers' lock. Idempotent."""
        if self.stopped:
            return
        self.stopped = True
        self.tasks.stop()
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)


def start_room_jobs(room: IncidentRoom) -> RoomJobs:
    """Wire the jobs of a room that has just opened its incident."""
    return RoomJobs(room)
