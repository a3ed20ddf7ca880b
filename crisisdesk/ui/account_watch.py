"""The signed-in account, as the change feed reports it: a new role, a deactivation or a
password reset made on any laptop reaches this window at once, and the window says why.

The core already refuses what the account may no longer do (every transaction reads the
role again); this makes the window match — a deactivated or reset account is signed out,
a new role rebuilds the screens — and tells the person what happened and who did it.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QObject

from crisisdesk.ui.display import role_name, safe_text

translate = QCoreApplication.translate

WATCHED = frozenset(
    {"user.role_changed", "user.deactivated", "user.reactivated", "user.password_reset"}
)


class AccountWatch(QObject):
    """Follows the log for decisions about the signed-in account."""

    def __init__(self, room: Any) -> None:
        super().__init__(room)
        self.room = room
        self.ctx = room.ctx
        self.last_message = ""
        self.ctx.feed.decisions.connect(self.on_decisions)

    def on_decisions(self, decisions: list[Any]) -> None:
        desk = self.ctx.desk
        user = desk.user
        if user is None:
            return
        mine = [d for d in decisions if d.kind in WATCHED and d.subject == f"user:{user.name}"]
        if not mine:
            return
        decision = mine[-1]
        self.ctx.ops.read(
            desk.refresh_user,
            lambda after: self.changed(user, after, decision),
            owner=self,
        )

    def changed(self, before: Any, after: Any, decision: Any) -> None:
        who = safe_text(decision.actor or "-")
        reason = safe_text(str(decision.payload.get("reason") or "")).strip()
        because = (
            translate("Account", " Reason: %1").replace("%1", reason) if reason else ""
        )
        if after is None or not after.active:
            self.say(
                translate(
                    "Account",
                    "Your account was deactivated by %1. You have been signed out.",
                ).replace("%1", who)
                + because,
                sign_out=True,
            )
        elif decision.kind == "user.password_reset":
            self.say(
                translate(
                    "Account",
                    "%1 reset your password. Sign in again with the new password.",
                ).replace("%1", who)
                + because,
                sign_out=True,
            )
        elif after.role != before.role:
            self.room.rebuild_screens()
            if self.room.status is not None:
                self.room.status.retranslate()  # the status bar names the role
            self.say(
                translate(
                    "Account",
                    "%1 changed your role from %2 to %3; the screens now offer what "
                    "this role may do.",
                )
                .replace("%1", who)
                .replace("%2", role_name(before.role))
                .replace("%3", role_name(after.role))
                + because,
                sign_out=False,
            )

    def say(self, message: str, *, sign_out: bool) -> None:
        from crisisdesk.ui.messages import show_error

        self.last_message = message
        self.room.statusBar().showMessage(message, 60_000)
        box = show_error(self.room, message)  # window-modal: nothing else can be done
        if sign_out:
            box.finished.connect(lambda _result: self.room.sign_out_now())


def watch_account(room: Any) -> AccountWatch:
    """Start following the signed-in account for an incident room."""
    watch = AccountWatch(room)
    room.account_watch = watch
    return watch
