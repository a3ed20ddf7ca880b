"""Scheduled publications while the room is open: a timer polls the schedule table and the
single writer sends what is due. A schedule missed while the app was closed is shown in a
dialog that asks before publishing late; nothing goes out late without a person's yes."""

from __future__ import annotations

from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QListWidget, QVBoxLayout, QWidget

from crisisdesk.statements.records import PublicationInfo
from crisisdesk.ui.display import date_time, number
from crisisdesk.ui.messages import fix_minimum_size
from crisisdesk.ui.operations import Op, perform
from crisisdesk.ui.room import RoomContext
from crisisdesk.ui.statements_model import channel_label
from crisisdesk.users.permissions import Action, can

translate = QCoreApplication.translate

POLL_SECONDS = 15
FIRST_POLL_SECONDS = 1.5


class MissedDialog(QDialog):
    """Lists the missed schedules; *Publish late* sends them, *Not now* leaves them waiting."""

    def __init__(
        self, ctx: RoomContext, missed: list[PublicationInfo], parent: QWidget | None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("missedDialog")
        self.setWindowTitle(translate("Statements", "Scheduled publications were missed"))
        self.statements = sorted({p.statement_id for p in missed})
        layout = QVBoxLayout(self)
        intro = QLabel(
            translate(
                "Statements",
                "These publications were due while CrisisDesk was closed. They were not "
                "published. Check that the text is still right before publishing it late.",
            ),
            self,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        items = QListWidget(self)
        items.setWordWrap(True)
        items.setMinimumWidth(540)
        items.setMaximumHeight(8 * self.fontMetrics().lineSpacing())
        for pub in missed:
            items.addItem(
                translate("Statements", "Statement %1 · %2 · was due %3")
                .replace("%1", number(pub.statement_id, ctx.prefs))
                .replace("%2", channel_label(pub.channel))
                .replace("%3", date_time(pub.scheduled_at, ctx.prefs, seconds=False))
            )
        layout.addWidget(items)
        self.buttons = QDialogButtonBox(self)
        self.late = self.buttons.addButton(
            translate("Statements", "Publish late now"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.late.setObjectName("publishLate")
        self.later = self.buttons.addButton(
            translate("Statements", "Not now"), QDialogButtonBox.ButtonRole.RejectRole
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        fix_minimum_size(self)


class ScheduleWatcher(QObject):
    """Looks for due publications while a room is open (the schedule itself is in the DB).

    The room's jobs call ``poll`` every ``poll_seconds``, the first time ``first_seconds``
    after the room opens."""

    poll_seconds = POLL_SECONDS
    first_seconds = FIRST_POLL_SECONDS

    def __init__(self, ctx: RoomContext, parent: QWidget) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.window = parent
        self.asked: set[int] = set()
        self.dialog: MissedDialog | None = None
        role = ctx.desk.user.role if ctx.desk.user is not None else ""
        self.may_publish = can(role, Action.STATEMENT_PUBLISH)

    def poll(self) -> None:
        if not shiboken6.isValid(self.ctx.ops) or not self.window.isVisible():
            return
        desk, incident = self.ctx.desk, self.ctx.incident_id

        def look() -> tuple[int, list[PublicationInfo]]:
            return desk.statements.due_count(), desk.statements.missed(incident)

        self.ctx.ops.read(look, self._looked, lambda _m: None, owner=self)

    def _looked(self, found: tuple[int, list[PublicationInfo]]) -> None:
        due, missed = found
        if due and self.may_publish:
            op = Op("publish what is due", self.ctx.desk.statements.run_due)
            perform(self.ctx, op, lambda done: self._ran(done.value), owner=self)
        self._ask(missed)

    def _ran(self, result: Any) -> None:
        _done, newly_missed = result
        self._ask(newly_missed)

    def _ask(self, missed: list[PublicationInfo]) -> None:
        fresh = [p for p in missed if p.id not in self.asked]
        if not fresh or not self.may_publish or self.dialog is not None:
            return
        self.asked.update(p.id for p in fresh)
        dialog = MissedDialog(self.ctx, fresh, self.window)
        dialog.accepted.connect(lambda: self.publish_late(dialog.statements))
        dialog.finished.connect(self._closed)
        self.dialog = dialog
        dialog.open()

    def _closed(self, _code: int) -> None:
        if self.dialog is not None:
            self.dialog.deleteLater()
            self.dialog = None

    def publish_late(self, statements: list[int]) -> None:
        desk = self.ctx.desk
        for sid in statements:

            def late(sid: int = sid) -> list[PublicationInfo]:
                return desk.statements.publish_late(sid)

            perform(self.ctx, Op("publish late", late), owner=self)
