"""The start: sign-in, then the picker, then the room; "switch incident" goes back."""

from __future__ import annotations

from typing import Any

from crisisdesk.ui.app import StartFlow
from crisisdesk.ui.picker import IncidentPickerDialog
from crisisdesk.ui.signin import SignInDialog
from tests.helpers.databases import PASSWORD


def test_sign_in_pick_enter_and_switch(qtbot: Any, desk: Any, ui_settings: Any,
                                       english: Any) -> None:
    flow = StartFlow(desk, ui_settings, english)
    flow.start()
    sign_in = flow.dialog
    assert isinstance(sign_in, SignInDialog)
    qtbot.addWidget(sign_in)
    qtbot.waitUntil(lambda: sign_in.user_box.count() == 3)
    sign_in.user_box.setCurrentIndex(sign_in.user_box.findData("layla"))
    qtbot.keyClicks(sign_in.password, PASSWORD)
    sign_in.try_sign_in()
    qtbot.waitUntil(lambda: isinstance(flow.dialog, IncidentPickerDialog), timeout=10_000)
    picker = flow.dialog
    qtbot.addWidget(picker)
    qtbot.waitUntil(lambda: picker.loaded)
    assert ui_settings.last_user == "layla"
    picker.enter()
    qtbot.waitUntil(lambda: flow.room is not None and flow.room.isVisible())
    room = flow.room
    qtbot.addWidget(room)
    qtbot.waitUntil(lambda: room.incident is not None)
    assert room.windowTitle().startswith("سيول")
    room.switch_action.trigger()
    qtbot.waitUntil(lambda: flow.dialog is not picker and not room.isVisible())
    again = flow.dialog
    qtbot.addWidget(again)
    again.rejected.disconnect()  # closing it at teardown must not quit the test's app
    room.ctx.feed.stop()
    qtbot.waitUntil(lambda: not flow.ops.busy, timeout=10_000)
    flow.ops.wait_idle()
