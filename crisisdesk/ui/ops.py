"""The one way to run core calls off the GUI thread and get results back on it.

Reads run on a small thread pool; writes go through a single-thread writer so the
database sees one writer at a time. A worker only runs the callable: results and
errors travel back by a queued signal and callbacks run on the GUI thread, so no
worker ever touches a widget. Errors become one line of text, never a traceback.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from crisisdesk.errors import CrisisDeskError

log = logging.getLogger(__name__)

Callback = Callable[[Any], None]
ErrorCallback = Callable[[str], None]


def error_line(exc: BaseException) -> str:
    """The message a user sees: the core's one line, or a short description of a bug."""
    if isinstance(exc, CrisisDeskError):
        text = str(exc)
    else:
        text = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    return " ".join(text.split()) or type(exc).__name__


class Cancel:
    """A flag a long call polls (``cancel=ticket.is_set``) so it can stop early."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def set(self) -> None:
        self._event.set()

    def is_set(self) -> bool:
        return self._event.is_set()


class _Signals(QObject):
    """The only object a worker holds: signals, no callbacks. Whatever the callbacks keep
    alive (widgets, models) is therefore never released on a worker thread."""

    succeeded = Signal(object, object)
    failed = Signal(str, object)
    progressed = Signal(int, int)


class _Delivery(QObject):
    """Lives on the GUI thread and holds the callbacks; receives the worker's signals."""

    def __init__(
        self,
        ops: Ops,
        on_done: Callback | None,
        on_error: ErrorCallback | None,
        on_progress: Callable[[int, int], None] | None,
        owner: QObject | None,
    ) -> None:
        super().__init__(ops)
        self._ops = ops
        self._owner = owner
        self._on_done = on_done
        self._on_error = on_error
        self._on_progress = on_progress
        self.signals = _Signals(self)
        self.signals.succeeded.connect(self._deliver_result)
        self.signals.failed.connect(self._deliver_error)
        self.signals.progressed.connect(self._deliver_progress)

    def _owner_alive(self) -> bool:
        return self._owner is None or shiboken6.isValid(self._owner)

    @Slot(object, object)
    def _deliver_result(self, result: object, call_box: object = None) -> None:
        if isinstance(call_box, list):
            call_box.clear()
        try:
            if self._on_done is not None and self._owner_alive():
                self._on_done(result)
        finally:
            self._finish()

    @Slot(str, object)
    def _deliver_error(self, message: str, call_box: object = None) -> None:
        if isinstance(call_box, list):
            call_box.clear()
        try:
            if self._on_error is not None:
                if self._owner_alive():
                    self._on_error(message)
            else:
                self._ops.error.emit(message)
        finally:
            self._finish()

    @Slot(int, int)
    def _deliver_progress(self, done: int, total: int) -> None:
        if self._on_progress is not None and self._owner_alive():
            self._on_progress(done, total)

    def _finish(self) -> None:
        self._ops._finished(self)
        self.deleteLater()


class _Job(QRunnable):
    """Runs one callable on a pool thread; only emits signals, never touches widgets."""

    def __init__(self, fn: Callable[..., Any], signals: _Signals, with_progress: bool) -> None:
        super().__init__()
        self._fn: Callable[..., Any] | None = fn
        self._signals = signals
        self._with_progress = with_progress

    def _throttled_progress(self) -> Callable[[int, int], None]:
        """A progress callback that posts at most ten updates a second (plus the last)."""
        last = [0.0]

        def progress(done: int, total: int) -> None:
            now = time.monotonic()
            if done >= total or now - last[0] >= 0.1:
                last[0] = now
                self._signals.progressed.emit(int(done), int(total))

        return progress

    def run(self) -> None:
        # The callable travels back with the answer, so the GUI thread drops it last.
        call, self._fn = self._fn, None
        if call is None:
            return
        box = [call]  # emptied on the GUI thread, so the callable is released there
        try:
            args = (self._throttled_progress(),) if self._with_progress else ()
            result = call(*args)
        except Exception as exc:  # every failure becomes a message on the GUI thread
            if not isinstance(exc, CrisisDeskError):
                log.exception("background call failed")
            del call
            self._signals.failed.emit(error_line(exc), box)
        else:
            del call
            self._signals.succeeded.emit(result, box)


class Ops(QObject):
    """Runs callables in the background; ``error`` carries failures nobody else handled."""

    error = Signal(str)
    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None, *, readers: int = 3) -> None:
        super().__init__(parent)
        self._readers = QThreadPool(self)
        self._readers.setMaxThreadCount(readers)
        self._writer = QThreadPool(self)
        self._writer.setMaxThreadCount(1)
        self._pending: set[_Delivery] = set()

    def read(
        self,
        fn: Callable[[], Any],
        on_done: Callback | None = None,
        on_error: ErrorCallback | None = None,
        *,
        owner: QObject | None = None,
    ) -> None:
        """Run a read-only core call on a reader thread.

        Callbacks are dropped when ``owner`` (usually the widget asking) is gone by then.
        """
        self._start(self._readers, fn, on_done, on_error, None, owner)

    def write(
        self,
        fn: Callable[[], Any],
        on_done: Callback | None = None,
        on_error: ErrorCallback | None = None,
        *,
        owner: QObject | None = None,
    ) -> None:
        """Run a core call that changes the database, in order, on the single writer."""
        self._start(self._writer, fn, on_done, on_error, None, owner)

    def long_read(
        self,
        fn: Callable[[Callable[[int, int], None]], Any],
        on_progress: Callable[[int, int], None],
        on_done: Callback | None = None,
        on_error: ErrorCallback | None = None,
        *,
        owner: QObject | None = None,
    ) -> None:
        """Run a long read that reports ``progress(done, total)``; ``fn`` receives that callback."""
        self._start(self._readers, fn, on_done, on_error, on_progress, owner)

    @property
    def busy(self) -> bool:
        return bool(self._pending)

    def wait_idle(self, msecs: int = 30000) -> bool:
        """Block until every started call has finished running (not delivered). For shutdown."""
        return self._readers.waitForDone(msecs) and self._writer.waitForDone(msecs)

    def _start(
        self,
        pool: QThreadPool,
        fn: Callable[..., Any],
        on_done: Callback | None,
        on_error: ErrorCallback | None,
        on_progress: Callable[[int, int], None] | None,
        owner: QObject | None,
    ) -> None:
        delivery = _Delivery(self, on_done, on_error, on_progress, owner)
        was_busy = self.busy
        self._pending.add(delivery)
        if not was_busy:
            self.busy_changed.emit(True)
        pool.start(_Job(fn, delivery.signals, on_progress is not None))

    def _finished(self, delivery: _Delivery) -> None:
        self._pending.discard(delivery)
        if not self._pending:
            self.busy_changed.emit(False)
