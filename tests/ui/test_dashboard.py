"""Dashboard: KPI tiles and charts load, and a new interaction from another laptop shows up."""

from __future__ import annotations

from typing import Any

from crisisdesk.desk import Desk
from tests.helpers.databases import PASSWORD
from tests.ui.conftest import FLOOD, wait_loaded


def _interactions(screen: Any) -> str:
    return str(screen.tiles["interactions"].value.text()).strip("\u200e\u200f")


def test_tiles_and_charts(qtbot: Any, open_room: Any) -> None:
    room = open_room()
    screen = room.show_screen("dashboard")
    qtbot.waitUntil(lambda: screen.loaded, timeout=10_000)
    assert _interactions(screen) == "0"
    assert "Dashboard" in screen.heading.text()
    assert screen.charts["volume"].is_empty()
    assert screen.export_button.isVisibleTo(screen)
    assert screen.lists["overdue"].count() == 1  # "None"
    screen.grab()  # paints every chart


def test_updates_when_an_interaction_arrives(qtbot: Any, open_room: Any, db_url: str) -> None:
    room = open_room()
    screen = room.show_screen("dashboard")
    qtbot.waitUntil(lambda: screen.loaded, timeout=10_000)
    assert _interactions(screen) == "0"
    other = Desk.open(db_url)  # another laptop on the same database
    try:
        other.sign_in("olfa", PASSWORD)
        incident = next(i.id for i in other.incidents.list() if i.title == FLOOD)
        other.inbox.add_hotline(incident, text="الماء يغمر النفق", caller="Caller")
    finally:
        other.close()
    qtbot.waitUntil(lambda: _interactions(screen) == "1", timeout=15_000)
    assert not screen.charts["volume"].is_empty()
    chart = screen.charts["volume"]
    assert "Hotline" in chart.series  # issue 17: legends showed channel keys (hotline, x)
    assert "hotline" not in chart.series
    assert {"hour", "messages"} <= set(chart.visible_texts())  # axis titles
    room.ctx.prefs.arabic_digits = True  # issue 17: chart numbers stayed Latin
    screen.refresh()
    qtbot.waitUntil(lambda: "١" in chart.visible_texts(), timeout=10_000)
    assert not any(ch.isdigit() and ch.isascii() for t in chart.visible_texts() for ch in t)
    screen.grab()
    wait_loaded(qtbot, room.ctx.ops)


def test_operator_has_no_export(qtbot: Any, open_room: Any) -> None:
    room = open_room("olfa")
    screen = room.show_screen("dashboard")
    qtbot.waitUntil(lambda: screen.loaded, timeout=10_000)
    assert not screen.export_button.isVisibleTo(screen)
