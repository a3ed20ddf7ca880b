"""Users: the admin adds a user and changes a role; each is a decision."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QDialog, QDialogButtonBox

from crisisdesk.ui.users_screen import PasswordDialog, ReasonDialog, UsersModel
from tests.helpers.databases import PASSWORD


def users_screen(qtbot: Any, open_room: Any, user: str) -> Any:
    room = open_room(user)
    screen = room.show_screen("users")
    qtbot.waitUntil(lambda: screen.model.rowCount() == 3, timeout=10_000)
    return screen


def test_model_passes_modeltester(qtmodeltester: Any, desk: Any, english: Any) -> None:
    model = UsersModel()
    model.set_users(desk.users.list())
    qtmodeltester.check(model)
    assert model.rowCount() == 3 and model.index(1, 2).data() == "Incident lead"


def test_admin_adds_a_user_and_changes_a_role(qtbot: Any, open_room: Any, desk: Any) -> None:
    screen = users_screen(qtbot, open_room, "admin")
    assert screen.add_button.isVisibleTo(screen)
    screen.add_user("sami", "pass-word-one-1", "spokesperson", "سامي", "المتحدث الرسمي")
    qtbot.waitUntil(lambda: screen.model.rowCount() == 4, timeout=20_000)
    screen.set_role("olfa", "lead", "covers the night shift")
    qtbot.waitUntil(
        lambda: any(u.name == "olfa" and u.role == "lead" for u in screen.model.users),
        timeout=20_000,
    )
    qtbot.waitUntil(lambda: not screen.ctx.ops.busy, timeout=20_000)
    kinds = [d.kind for d in desk.log.since(0)]
    assert kinds.index("user.role_changed") > len(kinds) - 3
    assert "user.added" in kinds[-3:]


def test_non_admin_sees_the_list_only(qtbot: Any, open_room: Any) -> None:
    screen = users_screen(qtbot, open_room, "olfa")
    assert not screen.add_button.isVisibleTo(screen)
    assert not screen.role_button.isVisibleTo(screen)
    assert "administrator" in screen.note.text()


def test_admin_deactivates_reactivates_and_resets(qtbot: Any, open_room: Any, desk: Any) -> None:
    screen = users_screen(qtbot, open_room, "admin")
    assert screen.active_button.isVisibleTo(screen) and screen.reset_button.isVisibleTo(screen)
    screen.set_active("olfa", False, "left the room")
    qtbot.waitUntil(lambda: any(u.name == "olfa" and not u.active
                                for u in screen.model.users), timeout=20_000)
    row = next(i for i, u in enumerate(screen.model.users) if u.name == "olfa")
    assert screen.model.index(row, 4).data() == "Inactive"
    screen.table.setCurrentIndex(screen.model.index(row, 0))
    assert screen.active_button.text() == "Reactivate…"
    screen.set_active("olfa", True, "back")
    screen.reset_password("olfa", "a fresh pass phrase", "forgot it")
    qtbot.waitUntil(lambda: not screen.ctx.ops.busy, timeout=20_000)
    kinds = [d.kind for d in desk.log.since(0, limit=10_000)]
    assert kinds[-3:] == ["user.deactivated", "user.reactivated", "user.password_reset"]


def test_a_refused_password_says_why(qtbot: Any, open_room: Any) -> None:
    screen = users_screen(qtbot, open_room, "admin")
    errors: list[str] = []
    screen.ctx.ops.error.connect(errors.append)
    screen.reset_password("olfa", "short", "")
    qtbot.waitUntil(lambda: bool(errors), timeout=20_000)
    assert "12 characters" in errors[0]


def test_everyone_changes_their_own_password(qtbot: Any, open_room: Any, desk: Any) -> None:
    screen = users_screen(qtbot, open_room, "olfa")
    assert screen.own_button.isVisibleTo(screen)
    assert not screen.reset_button.isVisibleTo(screen)
    assert not screen.active_button.isVisibleTo(screen)
    screen.change_own_password(PASSWORD, "a brand new phrase here")
    qtbot.waitUntil(lambda: not screen.ctx.ops.busy, timeout=20_000)
    assert desk.log.since(0, limit=10_000)[-1].kind == "user.password_changed"


def test_password_dialog_checks_before_asking_the_core(qtbot: Any, desk: Any, english: Any) -> None:
    user = desk.users.get("olfa")
    dialog = PasswordDialog(user, own=True)
    qtbot.addWidget(dialog)
    dialog.buttons.accepted.emit()
    assert "current password" in dialog.problem.text()
    dialog.current.setText(PASSWORD)
    dialog.new.setText("one long password")
    dialog.repeat.setText("another")
    dialog.buttons.accepted.emit()
    assert "differ" in dialog.problem.text()
    dialog.repeat.setText("one long password")
    dialog.buttons.accepted.emit()
    assert dialog.result() == QDialog.DialogCode.Accepted
    reason = ReasonDialog(user, False)
    qtbot.addWidget(reason)
    ok = reason.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()
    reason.reason.setText("left")
    assert ok.isEnabled()


def test_an_open_window_follows_a_role_change_and_a_deactivation(
    qtbot: Any, open_room: Any, desk: Any, db_url: str
) -> None:
    """Finding 2 in the app: the lead's open window learns at once that she was made an
    operator (and says who did it and why), then that her account was deactivated."""
    from crisisdesk.desk import Desk

    room = open_room("layla")
    admin = Desk.open(db_url)
    try:
        admin.sign_in("admin", PASSWORD)
        admin.users.set_role("layla", "operator", "moved to the phones")
        qtbot.waitUntil(lambda: bool(room.account_watch.last_message), timeout=20_000)
        message = room.account_watch.last_message
        assert "admin" in message and "Operator" in message and "moved to the phones" in message
        assert desk.user is not None and desk.user.role == "operator"
        box = room.findChild(QDialog, "errorBox")
        assert box is not None and box.isVisible()
        box.accept()
        admin.users.set_active("layla", False, "end of shift")
        qtbot.waitUntil(lambda: "deactivated" in room.account_watch.last_message,
                        timeout=20_000)  # fmt: skip
        boxes = [b for b in room.findChildren(QDialog, "errorBox") if b.isVisible()]
        boxes[-1].accept()
        qtbot.waitUntil(lambda: desk.user is None, timeout=10_000)
    finally:
        admin.close()


def test_an_account_waiting_after_wrong_passwords_shows_so(
    qtbot: Any, open_room: Any, db_url: str
) -> None:
    from crisisdesk.desk import Desk
    from crisisdesk.errors import AuthError

    screen = users_screen(qtbot, open_room, "admin")
    other = Desk.open(db_url)
    try:
        for i in range(5):
            with pytest.raises(AuthError):
                other.sign_in("olfa", f"guess {i}")
    finally:
        other.close()
    row = next(i for i, u in enumerate(screen.model.users) if u.name == "olfa")
    qtbot.waitUntil(lambda: "Waiting" in str(screen.model.index(row, 4).data()), timeout=20_000)
