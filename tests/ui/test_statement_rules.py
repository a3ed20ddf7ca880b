"""The statements screen asks the core for its rules and the desk for the time.

Reported: the publish dialog proposed "in an hour" from the laptop's wall clock, not the
desk's clock, so in an exercise's drill (the desk on the exercise clock) it offered a time
hours away from the drill's own."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtWidgets import QDialog

from crisisdesk.clock import ManualClock
from crisisdesk.desk import Desk
from crisisdesk.ui import statements_screen
from tests.helpers.databases import PASSWORD
from tests.ui.conftest import FLOOD, wait_loaded

DRILL_TIME = datetime(2031, 3, 4, 9, 0, tzinfo=UTC)


def test_the_publish_dialog_proposes_an_hour_from_the_desks_clock(
    qtbot: Any, open_room: Any, desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    desk.clock = ManualClock(DRILL_TIME)
    desk.sign_in("layla", PASSWORD)
    incident = next(i.id for i in desk.incidents.list() if i.title == FLOOD)
    sid = desk.statements.draft(
        incident, kind="holding", texts={"ar": "نص البيان", "en": "Statement text"}
    ).statement.id
    room = open_room("layla")
    screen = room.show_screen("statements")
    qtbot.waitUntil(lambda: screen.model.row_of(sid) is not None, timeout=10_000)
    screen.open_statement(sid)
    qtbot.waitUntil(lambda: screen.detail is not None, timeout=10_000)
    wait_loaded(qtbot, room.ctx.ops)
    proposed: list[str] = []

    def look(dialog: Any) -> int:
        proposed.append(dialog.when.dateTime().toString("yyyy-MM-dd HH:mm"))
        return QDialog.DialogCode.Rejected.value

    monkeypatch.setattr(statements_screen.PublishDialog, "exec", look)
    screen.ask_publish()
    zone = room.ctx.prefs.zone
    expected = DRILL_TIME.replace(hour=10).astimezone(ZoneInfo(zone) if zone else None)
    assert proposed == [expected.strftime("%Y-%m-%d %H:%M")]


def test_the_buttons_follow_the_cores_rules(qtbot: Any, open_room: Any, desk: Desk) -> None:
    desk.sign_in("layla", PASSWORD)
    incident = next(i.id for i in desk.incidents.list() if i.title == FLOOD)
    sid = desk.statements.draft(
        incident, kind="holding", texts={"ar": "نص البيان", "en": "Statement text"}
    ).statement.id
    desk.statements.submit(sid)
    room = open_room("layla")
    screen = room.show_screen("statements")
    qtbot.waitUntil(lambda: screen.model.row_of(sid) is not None, timeout=10_000)
    screen.open_statement(sid)
    qtbot.waitUntil(lambda: screen.detail is not None, timeout=10_000)
    wait_loaded(qtbot, room.ctx.ops)
    # in review: still editable (a new version), not submittable again, not publishable
    assert not screen.arabic.isReadOnly()
    assert not screen.submit_button.isEnabled()
    assert not screen.publish_button.isEnabled()
