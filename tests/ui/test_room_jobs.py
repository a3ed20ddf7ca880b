"""The room's jobs run from the moment the room opens, whatever screen is in view.

Reported: the overdue sweep only ran once the Inbox screen had been built (screens are built
when first shown), so a room that stayed on the Dashboard never logged
``interaction.overdue``."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from crisisdesk.desk import Desk
from crisisdesk.intake.parsers.base import IncomingMessage, ParseResult
from crisisdesk.intake.rows import InboxFilters
from tests.helpers.databases import PASSWORD
from tests.ui.conftest import FLOOD


def late_message(desk: Desk) -> int:
    """One message received a day ago: long past any response target."""
    desk.sign_in("olfa", PASSWORD)
    incident = next(i.id for i in desk.incidents.list() if i.title == FLOOD)
    message = IncomingMessage(
        channel="whatsapp", external_id="late-1", author_handle="9665000001",
        author_name="sender", received_at=datetime.now(UTC) - timedelta(days=1),
        text="متى تفتح الطرق؟", raw={},
    )  # fmt: skip
    desk.inbox.ingest(incident, ParseResult(messages=[message]), source="t", format="whatsapp")
    return incident


def test_a_room_on_the_dashboard_logs_overdue_messages(
    qtbot: Any, open_room: Any, desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("crisisdesk.intake.overdue.TICK_SECONDS", 1)
    incident = late_message(desk)
    room = open_room("layla")
    room.show_screen("dashboard")
    qtbot.waitUntil(
        lambda: "interaction.overdue" in [d.kind for d in desk.log.since(0)], timeout=8_000
    )
    assert "inbox" not in room.built  # nobody opened the inbox
    assert desk.inbox.count(InboxFilters(incident, overdue=True)) == 1
