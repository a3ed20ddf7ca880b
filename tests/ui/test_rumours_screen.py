"""Rumours screen: an operator merges two clusters that tell one story and splits off the
messages that tell another; each is a decision, and the register shows the result."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QItemSelectionModel, Qt

from crisisdesk.desk import Desk
from crisisdesk.intake.parsers.base import IncomingMessage, ParseResult
from crisisdesk.log.service import LogFilter
from tests.helpers.databases import PASSWORD
from tests.ui.conftest import FLOOD, wait_loaded

DAM = "انهيار سد وادي الدمام والمياه تتجه الى احياء الفيصلية والنور وعلى السكان الاخلاء فورا"
EVACUATE = "الدفاع المدني يطلب اخلاء احياء الفيصلية والنور بعد ارتفاع منسوب السيول الليلة"
TUNNEL = "نفق طريق الملك فهد مغمور بالكامل والسيارات عالقة داخله منذ ساعتين ولا أحد يساعد"


def _seed(db_url: str) -> None:
    from datetime import UTC, datetime

    other = Desk.open(db_url)
    try:
        other.sign_in("olfa", PASSWORD)
        incident = next(i.id for i in other.incidents.list() if i.title == FLOOD)
        at = datetime.now(UTC)
        texts = [DAM, DAM + " انشروها", EVACUATE, EVACUATE + " 🙏", TUNNEL, TUNNEL + "!!"]
        messages = [
            IncomingMessage("whatsapp", f"m{i}", f"9665{i}", None, at, text)
            for i, text in enumerate(texts)
        ]
        other.inbox.ingest(incident, ParseResult(messages=messages), source="s", format="wa")
    finally:
        other.close()


def _row_of(screen: Any, needle: str) -> int:
    for row, item in enumerate(screen.model.items):
        if needle in item.sample_text:
            return row
    raise AssertionError(f"no cluster about {needle}")


def test_merge_then_split(qtbot: Any, open_room: Any, db_url: str, qtmodeltester: Any) -> None:
    _seed(db_url)
    room = open_room("olfa")
    screen = room.show_screen("rumours")
    qtbot.waitUntil(lambda: screen.model.rowCount() == 3, timeout=10_000)
    qtmodeltester.check(screen.model)
    dam, evac = _row_of(screen, "سد وادي"), _row_of(screen, "يطلب اخلاء")
    selection = screen.table.selectionModel()
    screen.table.setCurrentIndex(screen.model.index(dam, 0))
    selection.select(
        screen.model.index(evac, 0),
        QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
    )
    qtbot.mouseClick(screen.merge_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.model.rowCount() == 2, timeout=10_000)
    assert "Merged 1 clusters" in screen.message.text()
    desk = room.ctx.desk
    assert desk.log.count(LogFilter(kind="cluster.merged")) == 1
    merged = _row_of(screen, "سد وادي")
    assert screen.model.items[merged].size == 4
    screen.table.setCurrentIndex(screen.model.index(merged, 0))
    qtbot.waitUntil(lambda: screen.members.count() == 4, timeout=10_000)
    screen.grab()
    for i in range(screen.members.count()):
        entry = screen.members.item(i)
        if "يطلب اخلاء" in entry.text():
            entry.setCheckState(Qt.CheckState.Checked)
    assert len(screen.ticked_members()) == 2
    qtbot.mouseClick(screen.split_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.model.rowCount() == 3, timeout=10_000)
    assert "Split 2 messages off" in screen.message.text()
    assert desk.log.count(LogFilter(kind="cluster.split")) == 1
    assert sorted(item.size for item in screen.model.items) == [2, 2, 2]
    wait_loaded(qtbot, room.ctx.ops)


def test_merge_needs_two_clusters(qtbot: Any, open_room: Any, db_url: str) -> None:
    _seed(db_url)
    room = open_room("olfa")
    screen = room.show_screen("rumours")
    qtbot.waitUntil(lambda: screen.model.rowCount() == 3, timeout=10_000)
    screen.table.setCurrentIndex(screen.model.index(0, 0))
    qtbot.mouseClick(screen.merge_button, Qt.MouseButton.LeftButton)
    assert "Select two or more clusters" in screen.message.text()
    qtbot.mouseClick(screen.split_button, Qt.MouseButton.LeftButton)
    assert "Tick the messages" in screen.message.text()
    wait_loaded(qtbot, room.ctx.ops)
