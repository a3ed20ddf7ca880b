"""What the room tells people without being asked: counts on the rail (statements waiting
for approval, overdue messages, overdue tasks), a desktop notice for whoever approves when
a statement is submitted (the system tray where there is one, a line in the window
otherwise), and a short confirmation after an action that leaves the screen unchanged."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QTimer
from PySide6.QtWidgets import QMainWindow, QSystemTrayIcon, QWidget

from crisisdesk.ui.display import number
from crisisdesk.ui.resources import icon
from crisisdesk.ui.room import RoomContext
from crisisdesk.users.permissions import Action, can

translate = QCoreApplication.translate

RECOUNT_MS = 60_000
SETTLE_MS = 2_000
"""Decisions in a burst (keyboard triage: one a keystroke) make one recount after they
settle: the overdue count reads the whole inbox, seconds on a million messages, and one per
keystroke kept the reader threads and the database busy under the operator's keys."""
CONFIRM_MS = 10_000


def confirm(widget: QWidget, text: str) -> None:
    """A confirmation in the window's status bar (it fades after a few seconds)."""
    window = widget.window()
    if isinstance(window, QMainWindow):
        window.statusBar().showMessage(text, CONFIRM_MS)


@dataclass(frozen=True)
class Counts:
    """What the rail shows as badges: screen key → count."""

    approvals: int
    inbox_overdue: int
    checklist_overdue: int

    def badges(self) -> dict[str, int]:
        return {
            "approvals": self.approvals,
            "inbox": self.inbox_overdue,
            "checklist": self.checklist_overdue,
        }


def read_counts(desk: Any, incident_id: int) -> Counts:
    """Worker thread: the three counts, each one query."""
    from crisisdesk.intake.rows import InboxFilters

    now = desk.clock.now()
    tasks = [t for t in desk.tasks.list(incident_id) if not t.closed]
    return Counts(
        approvals=len(desk.statements.review_queue(incident_id)),
        inbox_overdue=desk.inbox.count(InboxFilters(incident_id=incident_id, overdue=True)),
        checklist_overdue=sum(1 for t in tasks if t.overdue(now)),
    )


class RoomNotices(QObject):
    """Keeps the rail's badges current and tells an approver that something waits."""

    def __init__(self, room: Any) -> None:
        super().__init__(room)
        self.room = room
        self.ctx: RoomContext = room.ctx
        role = self.ctx.desk.user.role if self.ctx.desk.user is not None else ""
        self.may_approve = can(role, Action.STATEMENT_APPROVE)
        self.me = self.ctx.desk.user.name if self.ctx.desk.user is not None else ""
        self.counts: Counts | None = None
        self.first = True
        # Set by the start flow (a person signing in), not for a room opened on a screen
        # of its caller's choosing (the screenshots, the tests).
        self.open_approvals_first = False
        self.tray: QSystemTrayIcon | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(RECOUNT_MS)
        self.timer.timeout.connect(self.recount)
        self.timer.start()
        self.settle = QTimer(self)
        self.settle.setSingleShot(True)
        self.settle.setInterval(SETTLE_MS)
        self.settle.timeout.connect(self.recount)
        self.counting = False
        self.stale = False
        self.ctx.feed.decisions.connect(self._on_decisions)
        self.recount()

    def recount(self) -> None:
        """Read the counts in the background; one read at a time, and one more after it
        when decisions came in meanwhile."""
        if not shiboken6.isValid(self.ctx.ops):
            return
        if self.counting:
            self.stale = True
            return
        self.counting = True
        desk, incident = self.ctx.desk, self.ctx.incident_id
        self.ctx.ops.read(
            lambda: read_counts(desk, incident), self._counted, self._failed, owner=self
        )

    def _failed(self, _message: str) -> None:
        self.counting = False

    def _counted(self, counts: Counts) -> None:
        self.counting = False
        if self.stale:
            self.stale = False
            self.settle.start()
        self.counts = counts
        for key, count in counts.badges().items():
            self.room.set_badge(key, count)
        if self.first:
            self.first = False
            # Whoever approves opens the room where the work waits.
            if (
                self.open_approvals_first
                and self.may_approve
                and counts.approvals
                and self.room.rail.currentRow() == 0
            ):
                self.room.show_screen("approvals")

    def _on_decisions(self, decisions: list) -> None:
        mine = [d for d in decisions if d.incident_id == self.ctx.incident_id]
        if not mine:
            return
        self.settle.start()  # (re)started by each decision: one recount once they settle
        submitted = [d for d in mine if d.kind == "statement.submitted" and d.actor != self.me]
        if submitted and self.may_approve:
            self.announce(len(submitted))

    def announce(self, count: int) -> None:
        """Tell the approver: a tray message where the desktop has a tray, else the window."""
        title = translate("Notices", "A statement waits for your approval")
        text = (
            translate("Notices", "Open Approvals to read it and approve or reject it.")
            if count == 1
            else translate("Notices", "%1 statements wait for your approval.").replace(
                "%1", number(count, self.ctx.prefs)
            )
        )
        if QSystemTrayIcon.isSystemTrayAvailable() and QSystemTrayIcon.supportsMessages():
            if self.tray is None:
                self.tray = QSystemTrayIcon(icon("app"), self)
                self.tray.messageClicked.connect(self._open_approvals)
                self.tray.show()
            self.tray.showMessage(title, text, QSystemTrayIcon.MessageIcon.Information, 15_000)
        self.room.show_notice(f"{title}. {text}", "approvals")

    def _open_approvals(self) -> None:
        self.room.show_screen("approvals")
        self.room.raise_()
        self.room.activateWindow()


def watch_notices(room: Any) -> RoomNotices:
    """Attach the badges and notices to an incident room (they stop with it)."""
    notices = RoomNotices(room)
    room.notices = notices
    return notices
