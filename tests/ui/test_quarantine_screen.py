"""The Set aside screen and the status bar's intake counts, driven as an operator would."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QApplication
from sqlalchemy import update

from crisisdesk.clock import utc_iso
from crisisdesk.desk import Desk
from crisisdesk.intake.webhook_server import drain, store_body
from crisisdesk.storage.models import WebhookInbox
from crisisdesk.ui.quarantine_screen import QuarantineModel
from tests.helpers.databases import PASSWORD
from tests.ui.conftest import FLOOD, wait_loaded
from tests.unit.intake.quarantine.bodies import POISONED, good

SHOTS = Path("/work/notes/shots/i12")


def _poison(desk: Desk) -> int:
    desk.sign_in("olfa", PASSWORD)
    incident = next(i.id for i in desk.incidents.list() if i.title == FLOOD)
    store_body(desk, incident, good(1), None)
    for case in ("text_is_string", "timestamp_20_digits", "nested_100000"):
        store_body(desk, incident, POISONED[case], None)
    drain(desk.inbox, incident)
    return incident


def test_model_passes_qtmodeltester(qtmodeltester: Any, desk: Desk, english: Any) -> None:
    incident = _poison(desk)
    model = QuarantineModel(english)
    model.set_items(desk.inbox.quarantine.items(incident))
    assert model.rowCount() == 3
    qtmodeltester.check(model)


def test_screen_lists_shows_and_discards(qtbot: Any, desk: Desk, open_room: Any) -> None:
    incident = _poison(desk)
    # one body came in ten minutes ago and nobody processed it: the status bar says so
    store_body(desk, incident, good(2), None)
    with desk.db.write() as session:
        session.execute(
            update(WebhookInbox)
            .where(WebhookInbox.processed.is_(False))
            .values(received_at=utc_iso(desk.clock.now() - timedelta(minutes=10)))
        )
    room = open_room("olfa")
    qtbot.waitUntil(lambda: room.status.intake_label.isVisible(), timeout=10_000)
    text = room.status.intake_label.text()
    assert "WhatsApp: 1 waiting · 3 set aside" in text and "not being processed" in text
    assert room.status.intake_label.property("alert") is True
    screen = room.show_screen("quarantine")
    qtbot.waitUntil(lambda: screen.model.rowCount() == 3, timeout=10_000)
    assert "3 items set aside" in screen.summary.text()
    screen.table.setCurrentIndex(screen.model.index(0, 0))
    qtbot.waitUntil(lambda: bool(screen.raw.toPlainText()), timeout=10_000)
    assert "whatsapp_business_account" in screen.raw.toPlainText()
    screen.discard_current()  # no reason yet
    assert "Say why" in screen.message.text()
    screen.reason.setText("a test body from the drill")
    screen.discard_current()
    qtbot.waitUntil(lambda: screen.model.rowCount() == 2, timeout=10_000)
    assert "discarded" in screen.message.text()
    screen.table.setCurrentIndex(screen.model.index(0, 0))
    screen.retry_current()  # still unreadable: one line, the item stays
    qtbot.waitUntil(lambda: "still cannot be taken" in screen.message.text(), timeout=10_000)
    wait_loaded(qtbot, room.ctx.ops)
    assert screen.model.rowCount() == 2
    assert len(desk.inbox.quarantine.items(incident)) == 2


def test_screenshots_in_arabic_and_english(qapp: QApplication, db_url: str) -> None:
    from crisisdesk.ui.screenshot import render

    desk = Desk.open(db_url)
    try:
        incident = _poison(desk)
        store_body(desk, incident, good(3), None)
        for lang in ("ar", "en"):
            out = render(desk, "quarantine", SHOTS / f"quarantine_{lang}.png", lang=lang,
                         incident_id=incident)  # fmt: skip
            assert out.stat().st_size > 10_000
    finally:
        desk.close()
