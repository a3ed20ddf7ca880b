"""Two laptops triage the same message: the later one sees a conflict banner naming who
changed it and when, never a silent overwrite, and may apply theirs anyway (a decision)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from crisisdesk.desk import Desk
from tests.helpers.databases import PASSWORD
from tests.ui.conftest import wait_loaded
from tests.ui.test_inbox_screen import HOSTILE, _seed

SHOTS = Path("/work/notes/shots/i15")


def test_stale_triage_shows_a_banner_and_apply_anyway_is_a_decision(
    qtbot: Any, open_room: Any, desk: Desk
) -> None:
    _seed(desk)
    room = open_room("olfa", "سيول الخبر")
    screen = room.show_screen("inbox")
    qtbot.waitUntil(lambda: screen.model.rowCount() == 1 + len(HOSTILE), timeout=10_000)
    wait_loaded(qtbot, room.ctx.ops)
    screen.table.setFocus()
    qtbot.keyClick(screen.table, Qt.Key.Key_J)
    qtbot.waitUntil(lambda: screen.current is not None, timeout=5000)
    target = screen.current.row.id
    # Another laptop (its own connection) changes the message while this one shows it.
    other = Desk.open(desk.url)
    try:
        other.sign_in("layla", PASSWORD)
        other.inbox.triage.apply(target, category="rumour")
    finally:
        other.close()
    room.ctx.feed.stop()  # this laptop has not refreshed yet: it still shows the old version
    qtbot.keyClick(screen.table, Qt.Key.Key_1)  # complaint, on the strength of what it shows
    qtbot.waitUntil(lambda: screen.conflict.isVisible(), timeout=5000)
    text = screen.conflict.label.text()
    assert "layla" in text and "Not applied" in text
    qtbot.waitUntil(lambda: screen.current.row.category == "rumour", timeout=5000)
    SHOTS.mkdir(parents=True, exist_ok=True)
    room.resize(1280, 800)
    room.grab().save(str(SHOTS / "inbox_conflict_en.png"))
    settings = room.show_screen("settings")
    settings.language.setCurrentIndex(settings.language.findData("ar"))
    qtbot.waitUntil(lambda: room.layoutDirection() == Qt.LayoutDirection.RightToLeft)
    room.show_screen("inbox")
    qtbot.waitUntil(lambda: "لم يُطبَّق" in screen.conflict.label.text(), timeout=5000)
    room.grab().save(str(SHOTS / "inbox_conflict_ar.png"))
    settings.language.setCurrentIndex(settings.language.findData("en"))
    qtbot.waitUntil(lambda: room.layoutDirection() == Qt.LayoutDirection.LeftToRight)
    room.show_screen("inbox")
    qtbot.mouseClick(screen.conflict.apply_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.current.row.category == "complaint", timeout=5000)
    assert not screen.conflict.isVisible()
    last = desk.log.get(desk.log.head().seq)
    assert last.kind == "interaction.triaged" and last.payload["overrode"]["by"] == "layla"
