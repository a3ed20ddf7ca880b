"""The Network screen and the coordination board, driven as a crisis room uses them: a
municipal operator opens on their unit's queue and hands a message over with a note; the
centre sees every unit and assigns a task to each affected municipality; a unit posts its
update and a stale unit shows in red."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import Qt

from crisisdesk.desk import Desk
from crisisdesk.intake.parsers.base import IncomingMessage, ParseResult
from crisisdesk.log.service import LogFilter
from tests.helpers.databases import PASSWORD
from tests.ui.conftest import FLOOD, wait_loaded

TEXTS = [
    "تجمع مياه كبير في حي الخليج والسيارات عالقة",
    "غرق شارع كامل بالراكة \u202eو\u202c",  # a bidi override in untrusted text
    "سيهات بدون كهرباء",
    "متى تتوقف الأمطار؟",
]


def _seed(db_url: str) -> None:
    other = Desk.open(db_url)
    try:
        other.sign_in("admin", PASSWORD)
        other.users.add("dana", PASSWORD, "operator", "Dana", "بلدية الدمام")  # free text
        other.sign_in("layla", PASSWORD)
        incident = next(i.id for i in other.incidents.list() if i.title == FLOOD)
        other.network.involve(incident, ["khobar", "qatif"])
        other.sign_in("olfa", PASSWORD)
        at = datetime.now(UTC)
        messages = [
            IncomingMessage("whatsapp", f"m{i}", f"9665{i}", None, at, text)
            for i, text in enumerate(TEXTS)
        ]
        other.inbox.ingest(incident, ParseResult(messages=messages), source="s", format="wa")
    finally:
        other.close()


def _codes(screen: Any) -> list[str]:
    return [
        screen.proxy.data(screen.proxy.index(r, 0), Qt.ItemDataRole.UserRole)
        for r in range(screen.proxy.rowCount())
    ]


def test_an_operator_hands_a_message_to_another_unit(
    qtbot: Any, open_room: Any, db_url: str, qtmodeltester: Any
) -> None:
    _seed(db_url)
    room = open_room("dana")  # free-text unit "بلدية الدمام": the Dammam unit
    screen = room.show_screen("network")
    qtbot.waitUntil(lambda: screen.queue_model.rowCount() == 1, timeout=10_000)
    qtmodeltester.check(screen.model)
    qtmodeltester.check(screen.queue_model)
    assert set(_codes(screen)) >= {"amanah", "dammam", "khobar", "qatif"}
    assert screen.current_unit == "dammam"
    # the place is untrusted text: shown isolated, so it cannot reorder the line around it
    why = screen.queue_model.data(screen.queue_model.index(0, 2))
    assert why == "mentions \u2068حي الخليج\u2069"
    wait_loaded(qtbot, room.ctx.ops)
    screen.queue.setCurrentIndex(screen.queue_model.index(0, 0))
    screen.target.setCurrentIndex(screen.target.findData("khobar"))
    qtbot.mouseClick(screen.handoff_button, Qt.MouseButton.LeftButton)  # no note: refused
    qtbot.waitUntil(lambda: "note" in screen.message.text(), timeout=10_000)
    screen.note.setText("الشارع على حدود الخبر")
    qtbot.mouseClick(screen.handoff_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "handed to" in screen.message.text(), timeout=10_000)
    qtbot.waitUntil(lambda: screen.queue_model.rowCount() == 0, timeout=10_000)
    assert room.ctx.desk.log.count(LogFilter(kind="interaction.handed_off")) == 1
    # Khobar's queue is not hers: the core refuses, the screen says so
    wait_loaded(qtbot, room.ctx.ops)
    screen.select_unit("khobar")
    qtbot.waitUntil(lambda: "may not" in screen.message.text(), timeout=10_000)
    # sorting by overdue/open works through the proxy
    screen.table.sortByColumn(1, Qt.SortOrder.DescendingOrder)
    wait_loaded(qtbot, room.ctx.ops)


def test_the_centre_sees_every_unit_and_escalations(
    qtbot: Any, open_room: Any, db_url: str
) -> None:
    _seed(db_url)
    room = open_room("layla")  # the Amanah's centre
    screen = room.show_screen("network")
    wait_loaded(qtbot, room.ctx.ops)
    qtbot.waitUntil(lambda: screen.queue_model.rowCount() == 1, timeout=10_000)
    assert screen.current_unit == "amanah"
    screen.select_unit("qatif")
    wait_loaded(qtbot, room.ctx.ops)
    qtbot.waitUntil(
        lambda: screen.current_unit == "qatif" and screen.queue_model.rowCount() == 1,
        timeout=10_000,
    )
    screen.queue.setCurrentIndex(screen.queue_model.index(0, 0))
    screen.note.setText("يحتاج تنسيق مع الدفاع المدني")
    qtbot.mouseClick(screen.escalate_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "escalated" in screen.message.text(), timeout=10_000)
    assert room.ctx.desk.log.count(LogFilter(kind="interaction.escalated")) == 1
    wait_loaded(qtbot, room.ctx.ops)


def test_board_post_assign_and_done(
    qtbot: Any, open_room: Any, db_url: str, qtmodeltester: Any
) -> None:
    _seed(db_url)
    room = open_room("layla")
    board = room.show_screen("board")
    qtbot.waitUntil(lambda: board.model.rowCount() >= 3, timeout=10_000)
    qtmodeltester.check(board.model)
    board.post_unit.setCurrentIndex(board.post_unit.findData("dammam"))
    board.status.setCurrentIndex(board.status.findData("strained"))
    board.areas.setText("حي الخليج، الفيصلية")
    board.needs.setText("شفاطات إضافية")
    qtbot.mouseClick(board.post_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "posted" in board.message.text(), timeout=10_000)
    qtbot.waitUntil(
        lambda: any(line.last and line.unit.code == "dammam" for line in board.model.items),
        timeout=10_000,
    )
    board.assign_unit.setCurrentIndex(board.assign_unit.findData("affected"))
    board.assign_title.setText("انشروا رقم الطوارئ المحلي")
    qtbot.mouseClick(board.assign_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: board.task_list.count() == 3, timeout=10_000)
    board.task_list.setCurrentRow(0)
    qtbot.mouseClick(board.done_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "done" in board.message.text(), timeout=10_000)
    desk = room.ctx.desk
    assert desk.log.count(LogFilter(kind="board.posted")) == 1
    assert desk.log.count(LogFilter(kind="unit_task.assigned")) == 3
    assert desk.log.count(LogFilter(kind="unit_task.done")) == 1
    wait_loaded(qtbot, room.ctx.ops)


def test_a_municipal_operator_may_not_assign(qtbot: Any, open_room: Any, db_url: str) -> None:
    _seed(db_url)
    room = open_room("dana")
    board = room.show_screen("board")
    qtbot.waitUntil(lambda: board.model.rowCount() >= 3, timeout=10_000)
    assert board.post_unit.currentData() == "dammam"  # her unit by default
    board.assign_title.setText("x")
    qtbot.mouseClick(board.assign_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "may not" in board.message.text(), timeout=10_000)
    wait_loaded(qtbot, room.ctx.ops)


def test_the_statements_screen_shows_the_cascade(qtbot: Any, open_room: Any, db_url: str) -> None:
    from crisisdesk.statements.variables import LocalizedText

    title = "سيول الشرقية (الخطة)"
    other = Desk.open(db_url)
    try:
        other.sign_in("admin", PASSWORD)
        other.users.add("sami", PASSWORD, "spokesperson", "Sami")
        other.sign_in("layla", PASSWORD)
        incident = other.incidents.open(title, 3, playbook_id="flood-urban").id
        other.network.involve(incident, ["khobar", "qatif"])
        values = {"area": LocalizedText("الشرقية", "the East"), "next_update_time": "18:00"}
        network_id = other.statements.draft(incident, "holding", values).statement.id
        other.statements.submit(network_id)
        other.sign_in("sami", PASSWORD)
        other.statements.approve(network_id, PASSWORD)
        other.sign_in("layla", PASSWORD)
        other.network.cascades.cascade(network_id, ["affected"], ["area"])
        other.sign_in("olfa", PASSWORD)
        local = other.network.cascades.localise(
            network_id, "khobar", {"area.ar": "الراكة", "area.en": "Rakah"}
        )
    finally:
        other.close()
    room = open_room("layla", incident=title)
    screen = room.show_screen("statements")
    wait_loaded(qtbot, room.ctx.ops)
    screen.open_statement(network_id)
    qtbot.waitUntil(lambda: screen.cascade.isVisible(), timeout=10_000)
    text = screen.cascade.text()
    assert text.startswith("Cascade:") and f"#{local} draft" in text
    assert "not localised yet" in text  # Qatif has not made its version
    screen.open_statement(local)
    qtbot.waitUntil(lambda: "version of network statement" in screen.cascade.text(), timeout=10_000)
    wait_loaded(qtbot, room.ctx.ops)
