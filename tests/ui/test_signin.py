"""Sign-in: the right password lets the user in, a wrong one says so in one line."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QDialogButtonBox

from crisisdesk.ui.display import DisplayPrefs
from crisisdesk.ui.ops import Ops
from crisisdesk.ui.signin import SignInDialog
from tests.helpers.databases import PASSWORD


def make_dialog(qtbot: Any, desk: Any, ops: Ops) -> SignInDialog:
    dialog = SignInDialog(desk, ops, last_user="layla")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.user_box.count() == 3)
    return dialog


def test_users_listed_with_last_user_chosen(
    qtbot: Any, desk: Any, ops: Ops, english: DisplayPrefs
) -> None:
    dialog = make_dialog(qtbot, desk, ops)
    names = [dialog.user_box.itemData(i) for i in range(dialog.user_box.count())]
    assert names == ["admin", "layla", "olfa"]
    assert dialog.chosen_name() == "layla"
    assert "Incident lead" in dialog.user_box.currentText()


def test_good_password_signs_in(qtbot: Any, desk: Any, ops: Ops, english: DisplayPrefs) -> None:
    dialog = make_dialog(qtbot, desk, ops)
    qtbot.keyClicks(dialog.password, PASSWORD)
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.user.name == "layla"
    assert desk.user.role == "lead"


def test_bad_password_is_refused_in_one_line(
    qtbot: Any, desk: Any, ops: Ops, english: DisplayPrefs
) -> None:
    dialog = make_dialog(qtbot, desk, ops)
    qtbot.keyClicks(dialog.password, "wrong")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=10_000)
    assert dialog.problem.text() == "Sign-in failed: unknown user or wrong password."
    assert dialog.result() == 0 and dialog.isVisible()
    assert desk.user is None
