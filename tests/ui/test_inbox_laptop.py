"""The inbox on a 1366×768 laptop (issue 17, finding 4) and a unit's queue in it (issue 19).

Reported: at 1366×768 only 7 rows showed (5 at 1280×720) above two unlabelled empty panes;
overdue messages had no colour or countdown, only the words; every row repeated the full
Gregorian and Hijri date; the ⚑ was unexplained; assignment was "A" or a text filter.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication

from crisisdesk.desk import Desk
from crisisdesk.intake.parsers.base import IncomingMessage, ParseResult
from crisisdesk.intake.rows import InboxFilters
from crisisdesk.ui import i18n
from crisisdesk.ui.app import make_room, prepare_app
from crisisdesk.ui.inbox_model import ASSIGNEE, DUE, STATUS, TEXT, TIME
from crisisdesk.ui.ops import Ops
from crisisdesk.ui.settings import UiSettings
from tests.helpers.databases import PASSWORD
from tests.ui.conftest import FLOOD, wait_loaded

LAPTOPS = [(1366, 768, 15), (1280, 720, 13)]


def _messages(desk: Desk, incident: int, count: int = 40) -> None:
    desk.sign_in("olfa", PASSWORD)
    now = datetime.now(UTC)
    places = ["حي الراكة", "سيهات", "حي الخليج", "شارع الملك فهد"]
    messages = [
        IncomingMessage(
            channel="whatsapp", external_id=f"m{i}", author_handle=f"9665000000{i:02d}",
            author_name=f"مواطن {i}", received_at=now - timedelta(minutes=3 + i),
            text=f"الماء يرتفع في {places[i % len(places)]} والطريق مغلق رقم {i}", raw={"i": i},
        )
        for i in range(count)
    ]  # fmt: skip
    desk.inbox.ingest(incident, ParseResult(messages=messages), source="t", format="whatsapp")


@pytest.fixture
def room_in(
    qtbot: Any, qapp: QApplication, desk: Desk, ui_settings: UiSettings, ops: Ops
) -> Iterator[Any]:
    """``room_in(lang, size)``: the flood room in that language at that window size."""
    rooms: list[Any] = []

    def opener(lang: str, size: tuple[int, int], user: str = "olfa") -> Any:
        ui_settings.language = lang
        ui_settings.arabic_digits = lang == "ar"
        prefs = prepare_app(qapp, ui_settings, lang)
        desk.sign_in(user, PASSWORD)
        incident = next(i.id for i in desk.incidents.list() if i.title == FLOOD)
        room = make_room(desk, ops, ui_settings, prefs, incident)
        qtbot.addWidget(room)
        room.resize(*size)
        room.show()
        rooms.append(room)
        qtbot.waitUntil(lambda: room.ctx.feed.head is not None, timeout=10_000)
        return room

    yield opener
    for room in rooms:
        if shiboken6.isValid(room):
            room.ctx.feed.stop()
    qtbot.waitUntil(lambda: not ops.busy, timeout=20_000)
    ops.wait_idle()
    i18n.set_language(qapp, "en")


def _inbox(qtbot: Any, room: Any) -> Any:
    screen = room.show_screen("inbox")
    qtbot.waitUntil(lambda: screen.model.rowCount() >= 40, timeout=10_000)
    wait_loaded(qtbot, room.ctx.ops)
    return screen


def _rows_visible(table: Any) -> int:
    height = table.viewport().height()
    first = table.rowAt(0)
    return sum(
        1
        for row in range(first, table.model().rowCount())
        if table.rowViewportPosition(row) + table.rowHeight(row) <= height
    )


@pytest.mark.parametrize("lang", ["ar", "en"])
@pytest.mark.parametrize(("width", "height", "wanted"), LAPTOPS)
def test_a_laptop_shows_fifteen_rows_with_a_message_open(
    qtbot: Any, desk: Desk, room_in: Any, lang: str, width: int, height: int, wanted: int
) -> None:
    _messages(desk, next(i.id for i in desk.incidents.list() if i.title == FLOOD))
    room = room_in(lang, (width, height))
    screen = _inbox(qtbot, room)
    screen.table.setCurrentIndex(screen.model.index(0, TEXT))
    qtbot.waitUntil(lambda: screen.current is not None, timeout=5000)
    QApplication.processEvents()
    assert screen.body.isVisibleTo(screen)  # the message is open…
    assert _rows_visible(screen.table) >= wanted  # …and the list still shows enough rows
    assert room.frameGeometry().height() <= height + 40


def test_rows_say_how_long_ago_and_the_countdown_in_words_and_colour(
    qtbot: Any, desk: Desk, room_in: Any
) -> None:
    incident = next(i.id for i in desk.incidents.list() if i.title == FLOOD)
    _messages(desk, incident)
    ids = desk.inbox.ids(InboxFilters(incident))
    room = room_in("ar", (1366, 768))
    screen = _inbox(qtbot, room)
    model = screen.model
    for row in range(model.rowCount()):
        model.row_at(row, wait=True)
    newest = model.index(0, TIME)
    assert newest.data() == "٣ د"  # three minutes ago, in the reader's digits
    tooltip = newest.data(Qt.ItemDataRole.ToolTipRole)
    assert "هـ" in tooltip and "٢٠" in tooltip  # the full Gregorian and Hijri date
    assert len(newest.data()) < 8 and "هـ" not in newest.data()
    # a message past its response due: "late" in words and a colour, in the due column
    late_id = ids[-1]
    late_row = model.row_of(late_id)
    assert late_row is not None
    item = model.row_at(late_row)
    assert item is not None and item.response_due is not None
    now = desk.clock.now()
    due = model.index(late_row, DUE)
    if item.response_due < now:
        assert due.data().startswith("متأخرة")
        assert isinstance(due.data(Qt.ItemDataRole.BackgroundRole), QColor)
    on_time = [
        r
        for r in range(model.rowCount())
        if model.row_at(r).response_due > now  # type: ignore[union-attr]
    ]
    assert on_time, "the flood playbook gives messages a response due"
    cell = model.index(on_time[0], DUE).data()
    assert cell.startswith("باقي") or cell == "حان الآن"
    assert "متأخرة" not in model.index(on_time[0], STATUS).data()


def test_overdue_says_late_in_words_and_colour(qtbot: Any, desk: Desk, room_in: Any) -> None:
    incident = next(i.id for i in desk.incidents.list() if i.title == FLOOD)
    old = datetime.now(UTC) - timedelta(hours=30)
    message = IncomingMessage(
        channel="whatsapp", external_id="old", author_handle="966500000999", author_name="قديم",
        received_at=old, text="الماء دخل البيت منذ أمس ولم يرد أحد", raw={},
    )  # fmt: skip
    desk.sign_in("olfa", PASSWORD)
    desk.inbox.ingest(incident, ParseResult(messages=[message]), source="t", format="whatsapp")
    room = room_in("en", (1366, 768))
    screen = room.show_screen("inbox")
    qtbot.waitUntil(lambda: screen.model.rowCount() == 1, timeout=10_000)
    wait_loaded(qtbot, room.ctx.ops)
    item = screen.model.row_at(0, wait=True)
    assert item is not None and item.response_due is not None
    due = screen.model.index(0, DUE)
    assert due.data().startswith("late")
    assert isinstance(due.data(Qt.ItemDataRole.BackgroundRole), QColor)
    assert screen.model.index(0, TIME).data() == "1 d"
    assert "Answer by" in due.data(Qt.ItemDataRole.ToolTipRole)


def test_panes_show_only_with_something_in_them_and_the_legend_explains_the_mark(
    qtbot: Any, desk: Desk, room_in: Any
) -> None:
    _messages(desk, next(i.id for i in desk.incidents.list() if i.title == FLOOD))
    room = room_in("en", (1366, 768))
    screen = _inbox(qtbot, room)
    assert not screen.detail.isVisibleTo(screen)  # nothing chosen: no empty panes
    screen.table.setCurrentIndex(screen.model.index(0, TEXT))
    qtbot.waitUntil(lambda: screen.detail.isVisibleTo(screen), timeout=5000)
    assert not screen.history.isVisibleTo(screen)  # no history yet: not shown
    legend = screen.bar.legend
    assert not legend.isVisibleTo(screen)
    qtbot.mouseClick(screen.bar.legend_button, Qt.MouseButton.LeftButton)
    assert legend.isVisibleTo(screen)
    assert "⚑ in a rumour cluster" in legend.text() and "late" in legend.text()
    clustered = [
        r for r in range(screen.model.rowCount()) if screen.model.row_at(r, wait=True).cluster_id
    ]  # type: ignore[union-attr]
    if clustered:
        tip = screen.model.index(clustered[0], TEXT).data(Qt.ItemDataRole.ToolTipRole)
        assert tip.startswith("⚑ In rumour cluster")


def test_assignee_chip_gives_a_message_to_a_unit_and_the_filter_finds_it(
    qtbot: Any, desk: Desk, room_in: Any
) -> None:
    _messages(desk, next(i.id for i in desk.incidents.list() if i.title == FLOOD))
    room = room_in("en", (1366, 768))
    screen = _inbox(qtbot, room)
    qtbot.waitUntil(lambda: screen.bar.unit.count() > 5, timeout=5000)
    screen.table.setCurrentIndex(screen.model.index(0, TEXT))
    qtbot.waitUntil(lambda: screen.current is not None, timeout=5000)
    menu = screen.detail.assignee_menu
    units = next(a.menu() for a in menu.actions() if a.menu() and a.text() == "Units")
    khobar = next(a for a in units.actions() if "Khobar" in a.text())
    khobar.trigger()
    qtbot.waitUntil(lambda: screen.current.row.assignee_unit == "khobar", timeout=5000)
    assert "Khobar" in screen.detail.assignee_chip.text()
    qtbot.waitUntil(lambda: "Khobar" in (screen.model.index(0, ASSIGNEE).data() or ""))
    users = next(a.menu() for a in menu.actions() if a.menu() and a.text() == "Users")
    names = [a.text() for a in users.actions()]
    assert any("Olfa" in n for n in names) and any("ليلى" in n for n in names)  # not logins
    filt = screen.bar.assignee
    filt.setCurrentIndex(filt.findData("unit:khobar"))
    qtbot.waitUntil(lambda: screen.model.rowCount() == 1, timeout=5000)


def test_the_unit_filter_shows_a_municipality_s_queue(qtbot: Any, desk: Desk, room_in: Any) -> None:
    """Issue 19: the queue of a municipality's media office, in the app."""
    _messages(desk, next(i.id for i in desk.incidents.list() if i.title == FLOOD))
    room = room_in("ar", (1366, 768))
    screen = _inbox(qtbot, room)
    combo = screen.unit_filter
    qtbot.waitUntil(lambda: combo.findData("qatif") > 0, timeout=5000)
    assert "القطيف" in combo.itemText(combo.findData("qatif"))
    combo.setCurrentIndex(combo.findData("qatif"))
    qtbot.waitUntil(lambda: screen.model.rowCount() == 10, timeout=10_000)  # the سيهات ones
    wait_loaded(qtbot, room.ctx.ops)
    texts = [screen.model.row_at(r, wait=True).text for r in range(10)]  # type: ignore[union-attr]
    assert all("سيهات" in t for t in texts)
    combo.setCurrentIndex(0)
    qtbot.waitUntil(lambda: screen.model.rowCount() == 40, timeout=10_000)


def test_a_municipal_operator_sees_their_unit_s_queue_first(
    qtbot: Any, desk: Desk, room_in: Any
) -> None:
    _messages(desk, next(i.id for i in desk.incidents.list() if i.title == FLOOD))
    desk.sign_in("admin", PASSWORD)
    desk.network.set_member("olfa", "khobar")
    room = room_in("en", (1366, 768))
    screen = room.show_screen("inbox")
    qtbot.waitUntil(lambda: screen.unit_filter.currentData() == "khobar", timeout=10_000)
    qtbot.waitUntil(lambda: screen.model.rowCount() == 10, timeout=10_000)  # حي الراكة
    screen.unit_filter.setCurrentIndex(0)  # widen to every unit
    qtbot.waitUntil(lambda: screen.model.rowCount() == 40, timeout=10_000)
