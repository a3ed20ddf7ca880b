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
        # seqs a named operation of this window already handed to the screens
        self._delivered: set[int] = set()
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

    def deliver(self, decisions: list[Any]) -> None:
        """Hand the decisions a write of this window just made to the screens now; the next
        poll does not hand them out again, so each screen reloads once for them."""
        fresh = [
            d
            for d in decisions
            if (self._seq is None or d.seq > self._seq) and d.seq not in self._delivered
        ]
        if not fresh:
            return
        self._delivered.update(d.seq for d in fresh)
        self.decisions.emit(fresh)

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
        if new:
            self.decisions.emit(new)
        if changed:
            self.head_changed.emit(head)
        if self._seq is not None and head.seq > self._seq:
            QTimer.singleShot(0, self.poll)  # more than one batch behind: keep going

    def _failed(self, message: str) -> None:
        self._in_flight = False
        self._again = False
        self.failed.emit(message)
