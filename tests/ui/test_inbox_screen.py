"""Inbox and rumour register: lazy model, keyboard triage, canned reply, hostile text inert."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QPlainTextEdit
from sqlalchemy import select

from crisisdesk.desk import Desk
from crisisdesk.intake.parsers.base import IncomingMessage, ParseResult
from crisisdesk.storage.models import Decision
from crisisdesk.ui.inbox_model import TEXT
from crisisdesk.ui.reply_composer import ReplyComposer
from tests.helpers.databases import PASSWORD
from tests.ui.conftest import wait_loaded

TITLE = "سيول الخبر"
HOSTILE = [
    "<b>bold</b> <script>alert(1)</script>",
    '<img src="file:///etc/passwd"> صورة',
    "abc\u202edlrow olleh\u2066 RLO and LRI",
    "zero\u200bwidth\u200djoin\ufeffbom",
    "emoji 👨‍👩‍👧 🌧️ family",
    "سطر أول\nسطر ثانٍ <a href='x'>رابط</a>",
    "x" * 1_000_000,
]


def _seed(desk: Desk) -> int:
    desk.sign_in("layla", PASSWORD)
    incident = desk.incidents.open(TITLE, 2, playbook_id="flood-urban").id
    now = datetime.now(UTC)
    texts = ["الشارع غرق عندنا في حي العقربية", *HOSTILE]
    messages = [
        IncomingMessage(
            channel="whatsapp", external_id=f"m{i}", author_handle="9665000000",
            author_name=f"<i>sender {i}</i>\u202e", received_at=now - timedelta(minutes=i),
            text=text, raw={"i": i},
        )
        for i, text in enumerate(texts)
    ]  # fmt: skip
    desk.sign_in("olfa", PASSWORD)
    desk.inbox.ingest(incident, ParseResult(messages=messages), source="t", format="whatsapp")
    return incident


def inbox_screen(qtbot: Any, open_room: Any, desk: Desk) -> Any:
    _seed(desk)
    room = open_room("olfa", TITLE)
    screen = room.show_screen("inbox")
    qtbot.waitUntil(lambda: screen.model.rowCount() == 1 + len(HOSTILE), timeout=10_000)
    wait_loaded(qtbot, room.ctx.ops)
    return screen


def test_model_passes_modeltester(
    qtbot: Any, qtmodeltester: Any, open_room: Any, desk: Desk
) -> None:
    screen = inbox_screen(qtbot, open_room, desk)
    for row in range(screen.model.rowCount()):
        screen.model.row_at(row, wait=True)
    qtmodeltester.check(screen.model)


def test_keyboard_triage_and_canned_reply_make_decisions(
    qtbot: Any, open_room: Any, desk: Desk
) -> None:
    screen = inbox_screen(qtbot, open_room, desk)
    screen.table.setFocus()
    qtbot.keyClick(screen.table, Qt.Key.Key_J)
    qtbot.waitUntil(lambda: screen.current is not None, timeout=5000)
    first = screen.current.row.id
    qtbot.keyClick(screen.table, Qt.Key.Key_J)
    qtbot.waitUntil(lambda: screen.current is not None and screen.current.row.id != first)
    qtbot.keyClick(screen.table, Qt.Key.Key_K)
    qtbot.waitUntil(lambda: screen.current is not None and screen.current.row.id == first)
    qtbot.keyClick(screen.table, Qt.Key.Key_4)  # question
    qtbot.waitUntil(lambda: screen.current.row.category == "question", timeout=5000)
    qtbot.keyClick(screen.table, Qt.Key.Key_A)
    qtbot.waitUntil(lambda: screen.current.row.assignee == "olfa", timeout=5000)
    answered: list[str] = []

    def answer_dialog() -> None:
        """The reply dialog is modal: fill it from a timer while it runs its own loop."""
        dialog = next(
            (w for w in QApplication.topLevelWidgets() if isinstance(w, ReplyComposer)), None
        )
        if dialog is None or not dialog.isVisible():
            QTimer.singleShot(50, answer_dialog)
            return
        dialog.choice.setCurrentIndex(dialog.choice.findData("question-roads"))
        dialog.fields["hotline"].setText("940")
        if not dialog.send_button.isEnabled():  # the preview has not arrived yet
            QTimer.singleShot(50, answer_dialog)
            return
        answered.append(str(dialog.template_id()))
        dialog.accept()

    QTimer.singleShot(0, answer_dialog)
    qtbot.keyClick(screen.table, Qt.Key.Key_R)
    qtbot.waitUntil(lambda: bool(answered), timeout=10_000)
    qtbot.waitUntil(lambda: screen.current.row.status == "answered", timeout=5000)
    assert "940" in screen.history.toPlainText()
    with desk.db.read() as session:
        kinds = [json.loads(b)["kind"] for b in session.scalars(select(Decision.body))]
    assert kinds.count("interaction.triaged") == 2 and "interaction.replied" in kinds


def test_hostile_text_is_inert_plain_text_everywhere(
    qtbot: Any, open_room: Any, desk: Desk
) -> None:
    screen = inbox_screen(qtbot, open_room, desk)
    for label in screen.findChildren(QLabel):
        assert (
            label.textFormat() == Qt.TextFormat.PlainText
            or not label.text()
            or (label.textFormat() == Qt.TextFormat.AutoText and "<" not in label.text())
        )
    assert screen.meta.textFormat() == Qt.TextFormat.PlainText
    for row in range(screen.model.rowCount()):
        screen.table.setCurrentIndex(screen.model.index(row, TEXT))
        qtbot.waitUntil(
            lambda r=row: (
                screen.current is not None and screen.model.id_at(r) == screen.current.row.id
            ),
            timeout=5000,
        )
        cell = screen.model.index(row, TEXT).data()
        assert isinstance(cell, str) and len(cell) < 400
        assert "\u202e" not in cell and "\u200b" not in cell
        shown = screen.body.toPlainText()
        assert "\u202e" not in shown and "\ufeff" not in shown
        assert isinstance(screen.body, QPlainTextEdit)  # a plain-text widget: tags stay tags
        assert "\u202e" not in screen.meta.text()
    texts = [screen.model.index(r, TEXT).data() for r in range(screen.model.rowCount())]
    assert any("<img src=" in t for t in texts) and any("⟦RLO⟧" in t for t in texts)


def test_search_highlights_without_html(qtbot: Any, open_room: Any, desk: Desk) -> None:
    screen = inbox_screen(qtbot, open_room, desk)
    screen.search.setText("غرق")
    qtbot.waitUntil(lambda: screen.model.rowCount() == 1, timeout=5000)
    screen.table.setCurrentIndex(screen.model.index(0, TEXT))
    qtbot.waitUntil(
        lambda: screen.current is not None and bool(screen.current.highlights), timeout=5000
    )
    selections = screen.body.extraSelections()
    assert [s.cursor.selectedText() for s in selections] == ["غرق"]


def test_hotline_form_saves_an_interaction(qtbot: Any, open_room: Any, desk: Desk) -> None:
    screen = inbox_screen(qtbot, open_room, desk)
    before = screen.model.rowCount()
    screen.save_hotline(
        {"caller": "أبو خالد", "phone": "0501234567", "text": "الماء دخل البيت",
         "location": "حي الراكة", "category": "complaint"}
    )  # fmt: skip
    qtbot.waitUntil(lambda: screen.model.rowCount() == before + 1, timeout=5000)


def test_rumour_register_lists_and_labels(
    qtbot: Any, qtmodeltester: Any, open_room: Any, desk: Desk
) -> None:
    incident = _seed(desk)
    text = "عاجل انتشر خبر انهيار سد وادي الدمام وعلى السكان الإخلاء فورا"
    msgs = [
        IncomingMessage(
            channel="x", external_id=f"r{i}", author_handle="@a", author_name=None,
            received_at=datetime.now(UTC), text=text + (" انشروها" if i else ""), raw={},
        )
        for i in range(3)
    ]  # fmt: skip
    desk.inbox.ingest(incident, ParseResult(messages=msgs), source="t", format="x")
    room = open_room("olfa", TITLE)
    screen = room.show_screen("rumours")
    qtbot.waitUntil(lambda: screen.model.rowCount() == 1, timeout=10_000)
    qtmodeltester.check(screen.model)
    screen.table.setCurrentIndex(screen.model.index(0, 0))
    assert "انهيار" in screen.sample.toPlainText()
    screen.label.setText("إشاعة السد")
    screen.status.setCurrentIndex(screen.status.findData("false"))
    screen.save_changes()
    qtbot.waitUntil(
        lambda: screen.model.items and screen.model.items[0].status == "false", timeout=5000
    )
    assert screen.model.items[0].label == "إشاعة السد"
    screen.open_in_inbox()
    inbox = room.show_screen("inbox")
    qtbot.waitUntil(lambda: inbox.model.rowCount() == 3, timeout=10_000)
    assert inbox.cluster_filter == screen.model.items[0].id and inbox.cluster_chip.isVisible()


def test_hostile_rumour_text_is_inert_in_the_register(
    qtbot: Any, open_room: Any, desk: Desk
) -> None:
    incident = _seed(desk)
    text = "عاجل <iframe srcdoc=x> انهيار \u202eسد\u202c وادي الدمام الإخلاء فورا الآن"
    msgs = [
        IncomingMessage(
            channel="whatsapp", external_id=f"h{i}", author_handle="9665", author_name=None,
            received_at=datetime.now(UTC), text=text + (" انشروها" if i else ""), raw={},
        )
        for i in range(2)
    ]  # fmt: skip
    desk.inbox.ingest(incident, ParseResult(messages=msgs), source="t", format="whatsapp")
    room = open_room("olfa", TITLE)
    screen = room.show_screen("rumours")
    qtbot.waitUntil(lambda: screen.model.rowCount() == 1, timeout=10_000)
    screen.table.setCurrentIndex(screen.model.index(0, 0))
    cell = screen.model.index(0, 0).data()
    assert isinstance(cell, str) and "\u202e" not in cell and "⟦RLO⟧" in cell
    assert isinstance(screen.sample, QPlainTextEdit)
    assert "<iframe srcdoc=x>" in screen.sample.toPlainText()
    assert "\u202e" not in screen.sample.toPlainText()
    assert screen.message.textFormat() == Qt.TextFormat.PlainText


def test_a_reply_of_unknown_outcome_is_settled_from_the_screen(
    qtbot: Any, open_room: Any, desk: Desk
) -> None:
    """The app stopped while a reply was going out: the screen says so, holds back a new
    reply, and records what the operator found in the chat."""
    from crisisdesk.storage.models import Reply

    screen = inbox_screen(qtbot, open_room, desk)
    screen.table.setFocus()
    qtbot.keyClick(screen.table, Qt.Key.Key_J)
    qtbot.waitUntil(lambda: screen.current is not None, timeout=5000)
    interaction = screen.current.row.id
    outcome = desk.inbox.replies.send_text(interaction, "نعمل على فتح الطريق")
    with desk.db.write() as session:  # as if the app had stopped between send and record
        session.get(Reply, outcome.reply_id).result = "unknown"
    screen._load_detail(interaction)
    qtbot.waitUntil(lambda: screen.open_reply_bar.isVisibleTo(screen), timeout=5000)
    assert not screen.reply_button.isEnabled()
    assert str(outcome.reply_id) in screen.open_reply_note.text()
    assert "OUTCOME UNKNOWN" in screen.history.toPlainText()
    qtbot.keyClick(screen.table, Qt.Key.Key_R)  # R does nothing while the outcome is open
    assert not any(
        isinstance(w, ReplyComposer) and w.isVisible() for w in QApplication.topLevelWidgets()
    )

    screen.not_sent_button.click()
    qtbot.waitUntil(lambda: not screen.open_reply_bar.isVisibleTo(screen), timeout=5000)
    assert screen.reply_button.isEnabled()
    with desk.db.read() as session:
        assert session.get(Reply, outcome.reply_id).result == "failed"
        kinds = [json.loads(b)["kind"] for b in session.scalars(select(Decision.body))]
    assert kinds[-1] == "interaction.reply_checked"
