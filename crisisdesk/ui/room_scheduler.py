"""The one timer mechanism of an open room: APScheduler's QtScheduler on the GUI thread.

Its jobs only post work (a read on the pool, a named operation on the single writer), so
the GUI thread never waits on the database. Interval jobs are coalesced with a grace time:
after the laptop sleeps a job runs once, late, never in a storm.
"""

from __future__ import annotations

from datetime import UTC

from apscheduler.executors.debug import DebugExecutor
from apscheduler.schedulers.qt import QtScheduler
from PySide6.QtCore import QObject, QTimer


class RoomScheduler(QtScheduler):  # type: ignore[misc]
    """A QtScheduler whose wake-up timer can really be stopped.

    The stock one keeps the return value of the static ``QTimer.singleShot``, which is
    ``None`` under PySide6, so shutting down could not stop a pending wake-up. Jobs run
    in the scheduler's own (GUI) thread: ours only post work to the ops.
    """

    def __init__(self, parent: QObject) -> None:
        self._wake = QTimer(parent)
        self._wake.setSingleShot(True)
        self._wake.timeout.connect(self._process_jobs)
        super().__init__(timezone=UTC, executors={"default": DebugExecutor()})

    def _start_timer(self, wait_seconds: float | None) -> None:
        self._wake.stop()
        if wait_seconds is not None:
            self._wake.start(min(int(wait_seconds * 1000), 2_147_483_647))

    def _stop_timer(self) -> None:
        self._wake.stop()
