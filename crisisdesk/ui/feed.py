"""The live change feed: polls the log head about once a second, off the GUI thread, and
hands new decisions to the screens. Works the same for the CLI on this laptop and for
another laptop on the shared PostgreSQL server.

On PostgreSQL a listener thread (`ChangeListener`) hears every append at once and asks for
a poll right away; while it is connected the timer only backs it up every few seconds, and
while it is not, the timer polls every second again."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal

from crisisdesk.ui.ops import Ops

if TYPE_CHECKING:
    from crisisdesk.desk import Desk

POLL_MS = 1000
LISTENING_POLL_MS = 5000  # the back-up poll while notifications arrive
BATCH = 1000
HOLD_MS = 3000  # the longest a named operation in flight holds the feed back


class LogFeed(QObject):
    """Emits ``head_changed(LogHead)`` and ``decisions(list[DecisionInfo])`` as the log grows."""

    head_changed = Signal(object)
    decisions = Signal(list)
    failed = Signal(str)
    notified = Signal()  # from the listener thread; delivered on the GUI thread
    listening = Signal(bool)
    # "waiting for the shared log: held by …" from a write on a worker thread (PostgreSQL)
    waiting = Signal(str)

    def __init__(self, desk: Desk, ops: Ops, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._desk = desk
        self._ops = ops
        self._seq: int | None = None
        self._head: Any = None
        self._in_flight = False
        # what a named operation of this window handed out before the poll reached it
        self._delivered: set[int] = set()
        self._holds = 0  # named operations in flight
        self._held: list[Any] = []
        self._hold_timer = QTimer(self)
        self._hold_timer.setSingleShot(True)
        self._hold_timer.setInterval(HOLD_MS)
        self._hold_timer.timeout.connect(self._flush)
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self.poll)
        self._listener: Any = None
        self._again = False
        self.notified.connect(self._on_notified)
        self.listening.connect(self._on_listening)
        self._notice = self.waiting.emit
        desk.db.on_wait = self._notice  # the newest window's feed tells its user

    @property
    def seq(self) -> int | None:
        """The last seq handed out (None before the first poll)."""
        return self._seq

    @property
    def head(self) -> Any:
        return self._head

    def start(self) -> None:
        self._timer.start()
        self.poll()
        if self._desk.is_shared and self._listener is None:
            from crisisdesk.storage.change_listener import ChangeListener

            self._listener = ChangeListener(
                self._desk.url, lambda _seq: self.notified.emit(), self.listening.emit
            )
            self._listener.start()

    def stop(self) -> None:
        self._timer.stop()
        if self._desk.db.on_wait is self._notice:
            self._desk.db.on_wait = None
        if self._listener is not None:
            self._listener.stop()
            self._listener = None

    @property
    def is_listening(self) -> bool:
        return self._listener is not None and bool(self._listener.up)

    def _on_notified(self) -> None:
        if self._in_flight:
            self._again = True  # a poll is out: ask once more when it is back
        else:
            self.poll()

    def _on_listening(self, up: bool) -> None:
        self._timer.setInterval(LISTENING_POLL_MS if up else POLL_MS)
        if up:
            self.poll()  # anything appended while the listener was down

    def poll(self) -> None:
        """Ask for the head and anything newer than what we have; skip if still asking."""
        if self._in_flight:
            return
        self._in_flight = True
        since = self._seq
        desk = self._desk

        def fetch() -> tuple[Any, list[Any]]:
            head = desk.log.head()
            if since is None or head.seq <= since:
                return head, []
            return head, desk.log.since(since, limit=BATCH)

        self._ops.read(fetch, self._arrived, self._failed, owner=self)

    def hold(self) -> None:
        """A named operation of this window starts: keep what arrives until it is done
        (``release``), so its own screen hears its decisions after its callback, once.
        Held at most ``HOLD_MS``: a write waiting for the shared log does not stall the room."""
        self._holds += 1
        if not self._hold_timer.isActive():
            self._hold_timer.start()

    def release(self, decisions: list[Any]) -> None:
        """The operation is done and made ``decisions``: hand them out with whatever was
        held, in one batch, and never again from a poll."""
        self._holds = max(0, self._holds - 1)
        known = {d.seq for d in self._held}
        for d in decisions:
            if d.seq in known or d.seq in self._delivered:
                continue
            if self._seq is not None and d.seq <= self._seq:
                continue  # polled already: held above, or handed out
            self._held.append(d)
            self._delivered.add(d.seq)
            known.add(d.seq)
        if not self._holds:
            self._flush()

    def _flush(self) -> None:
        self._hold_timer.stop()
        if self._held:
            batch, self._held = sorted(self._held, key=lambda d: d.seq), []
            self.decisions.emit(batch)

    def _arrived(self, result: tuple[Any, list[Any]]) -> None:
        self._in_flight = False
        if self._again:
            self._again = False
            QTimer.singleShot(0, self.poll)
        head, new = result
        if self._seq is None:
            self._seq = head.seq
        if new:
            self._seq = max(d.seq for d in new)
            new = [d for d in new if d.seq not in self._delivered]
            self._delivered = {seq for seq in self._delivered if seq > self._seq}
        changed = self._head is None or (head.seq, head.hash, head.last_checkpoint) != (
            self._head.seq,
            self._head.hash,
            self._head.last_checkpoint,
        )
        self._head = head
        if new and self._holds:
            self._held.extend(new)
        elif new:
            self.decisions.emit(new)
        if changed:
            self.head_changed.emit(head)
        if self._seq is not None and head.seq > self._seq:
            QTimer.singleShot(0, self.poll)  # more than one batch behind: keep going

    def _failed(self, message: str) -> None:
        self._in_flight = False
        self._again = False
        self.failed.emit(message)
