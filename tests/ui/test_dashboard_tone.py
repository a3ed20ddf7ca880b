"""Dashboard tone panels: the public's tone per hour and per channel, and the summary line,
filled from messages another laptop stores."""

from __future__ import annotations

from typing import Any

from crisisdesk.desk import Desk
from tests.helpers.databases import PASSWORD
from tests.ui.conftest import FLOOD, wait_loaded


def test_tone_panels_fill_from_new_messages(qtbot: Any, open_room: Any, db_url: str) -> None:
    room = open_room()
    screen = room.show_screen("dashboard")
    qtbot.waitUntil(lambda: screen.loaded, timeout=10_000)
    assert screen.charts["tone_time"].is_empty()
    assert "No message scored" in screen.tone_summary.text()
    other = Desk.open(db_url)
    try:
        other.sign_in("olfa", PASSWORD)
        incident = next(i.id for i in other.incidents.list() if i.title == FLOOD)
        for text in (
            "حسبي الله على البلدية المويه دخلت البيت ومحد رد علينا",
            "الله يعطيكم العافية فرق الشفط وصلت بسرعة ما قصرتم",
            "هل الطريق مفتوح الحين؟",
        ):
            other.inbox.add_hotline(incident, text=text, caller="Caller")
    finally:
        other.close()
    qtbot.waitUntil(lambda: not screen.charts["tone_time"].is_empty(), timeout=15_000)
    tone = screen.data["tone"]
    assert tone["overall"] == {"negative": 1, "neutral": 1, "positive": 1}
    assert "3 messages scored" in screen.tone_summary.text()
    assert screen.charts["tone_channel"].labels == ["Hotline"]  # the channel's name, translated
    assert screen.lists["tone_statements"].count() == 1  # "None": nothing published yet
    screen.grab()
    wait_loaded(qtbot, room.ctx.ops)
