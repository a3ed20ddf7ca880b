"""The reply composer (issue 17, finding 3), driven from the inbox and the rumour register.

Reported: the reply dialog was a list of template ids and variable fields; no preview of the
text the citizen receives, no free text, no conversation with that person; "reply to all" for
a rumour cluster had no preview either.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from crisisdesk.desk import Desk
from crisisdesk.intake.parsers.base import IncomingMessage, ParseResult
from crisisdesk.intake.rows import InboxFilters
from crisisdesk.storage.models import Decision
from crisisdesk.ui.inbox_model import TEXT
from crisisdesk.ui.reply_composer import ClusterReplyDialog, ReplyComposer
from tests.helpers.databases import PASSWORD
from tests.ui.conftest import wait_loaded

TITLE = "سيول الخبر"
Step = tuple[Callable[[Any], bool], Callable[[Any], None]]


def _flood(desk: Desk) -> int:
    desk.sign_in("layla", PASSWORD)
    return desk.incidents.open(TITLE, 2, playbook_id="flood-urban").id


def _wa(external_id: str, text: str, handle: str, minutes: int) -> IncomingMessage:
    return IncomingMessage(
        channel="whatsapp", external_id=external_id, author_handle=handle,
        author_name="أبو خالد", received_at=datetime.now(UTC) - timedelta(minutes=minutes),
        text=text, raw={}, language="ar",
    )  # fmt: skip


def drive(qtbot: Any, kind: type, steps: list[Step], timeout: int = 20_000) -> None:
    """Work a modal dialog from timers: each step waits for its condition, then acts."""
    left = list(steps)

    def tick() -> None:
        dialog = next(
            (w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()),
            None,
        )
        if dialog is not None and left and left[0][0](dialog):
            left.pop(0)[1](dialog)
        if left:
            QTimer.singleShot(30, tick)

    QTimer.singleShot(0, tick)
    qtbot.waitUntil(lambda: not left, timeout=timeout)


def _decisions(desk: Desk, kind: str) -> list[dict[str, Any]]:
    with desk.db.read() as session:
        bodies = [json.loads(b) for b in session.scalars(select(Decision.body))]
    return [b for b in bodies if b["kind"] == kind]


def test_composer_previews_both_languages_beside_the_conversation_then_sends_own_words(
    qtbot: Any, open_room: Any, desk: Desk
) -> None:
    incident = _flood(desk)
    desk.sign_in("olfa", PASSWORD)
    first = _wa("w1", "الماء دخل البيت في حي الراكة", "966500000001", 50)
    other = _wa("w2", "رسالة من شخص آخر تمامًا", "966511111111", 40)
    desk.inbox.ingest(incident, ParseResult(messages=[first, other]), source="t", format="whatsapp")
    earlier = desk.inbox.ids(InboxFilters(incident, search="الراكة"))[0]
    desk.inbox.replies.reply(earlier, "complaint-received", {"location": "حي الراكة"})
    call = desk.inbox.add_hotline(incident, text="اتصل مرة ثانية: الماء يرتفع", phone="0500000001")

    room = open_room("olfa", TITLE)
    screen = room.show_screen("inbox")
    qtbot.waitUntil(lambda: screen.model.rowCount() == 3, timeout=10_000)
    wait_loaded(qtbot, room.ctx.ops)
    row = next(r for r in range(3) if screen.model.id_at(r) == call)
    screen.table.setCurrentIndex(screen.model.index(row, TEXT))
    qtbot.waitUntil(lambda: screen.current is not None and screen.current.row.id == call)
    seen: dict[str, Any] = {}
    own_words = "نعتذر، الفرق في طريقها إلى حي الراكة الآن"

    def look(dialog: ReplyComposer) -> None:
        history = dialog.history.toPlainText()
        seen["history"] = history
        dialog.choice.setCurrentIndex(dialog.choice.findData("complaint-received"))

    def fill(dialog: ReplyComposer) -> None:
        seen["missing"] = dialog.pane.main.toPlainText()
        seen["held"] = dialog.send_button.isEnabled()
        dialog.fields["location"].setText("شارع الأمير تركي")

    def previewed(dialog: ReplyComposer) -> bool:
        return "شارع الأمير تركي" in dialog.pane.main.toPlainText()

    def own(dialog: ReplyComposer) -> None:
        seen["ar"] = dialog.pane.main.toPlainText()
        seen["en"] = dialog.pane.other.toPlainText()
        seen["ready"] = dialog.send_button.isEnabled()
        dialog.choice.setCurrentIndex(dialog.choice.findData(""))  # write my own reply
        seen["empty_held"] = not dialog.send_button.isEnabled()
        dialog.free.setPlainText("الطريق \u202eمفتوح\u202c")  # pasted, with a hidden control
        seen["control_held"] = not dialog.send_button.isEnabled()
        seen["control_note"] = dialog.free_note.text()
        dialog.free.setPlainText(own_words)

    def send(dialog: ReplyComposer) -> None:
        seen["free_visible"] = dialog.free.isVisible() and not dialog.pane.isVisible()
        dialog.send_button.click()

    steps: list[Step] = [
        (lambda d: bool(d.history.toPlainText()), look),
        (lambda d: "[location]" in d.pane.main.toPlainText(), fill),
        (previewed, own),
        (lambda d: d.send_button.isEnabled(), send),
    ]
    screen.table.setFocus()
    qtbot.keyClick(screen.table, Qt.Key.Key_R)
    drive(qtbot, ReplyComposer, steps)
    # the conversation: their WhatsApp message, our reply, and this call; not the stranger
    history = seen["history"]
    assert "حي الراكة" in history and "اتصل مرة ثانية" in history and "شخص آخر" not in history
    assert history.index("الماء دخل البيت") < history.index("نعتذر عن الإزعاج")
    assert "●" in history.splitlines()[-1]  # the message being answered
    assert "[location]" in seen["missing"] and not seen["held"]  # held back until filled in
    assert seen["ar"].startswith("نعتذر عن الإزعاج") and "شارع الأمير تركي" in seen["ar"]
    assert seen["en"].startswith("We apologise") and "شارع الأمير تركي" in seen["en"]
    assert seen["ready"] and seen["empty_held"] and seen["free_visible"]
    assert seen["control_held"] and "direction control" in seen["control_note"]
    qtbot.waitUntil(lambda: bool(_decisions(desk, "interaction.replied")[1:]), timeout=10_000)
    sent = _decisions(desk, "interaction.replied")[-1]
    assert sent["payload"]["text"] == own_words and sent["payload"]["template"] is None
    assert sent["actor"] == "olfa" and sent["subject"] == f"interaction:{call}"


def test_reply_to_all_shows_the_preview_and_the_count_before_sending(
    qtbot: Any, open_room: Any, desk: Desk
) -> None:
    incident = _flood(desk)
    desk.sign_in("olfa", PASSWORD)
    text = "عاجل: انهيار سد وادي الدمام وعلى سكان حي الريان الإخلاء فورا"
    messages = [_wa(f"r{i}", text, f"96650000010{i}", 10 + i) for i in range(4)]
    desk.inbox.ingest(incident, ParseResult(messages=messages), source="t", format="whatsapp")
    ids = desk.inbox.ids(InboxFilters(incident))
    cluster = desk.inbox.rows(ids[:1])[0].cluster_id
    assert cluster is not None
    desk.inbox.triage.apply(ids[0], status="closed")  # one already dealt with

    room = open_room("olfa", TITLE)
    screen = room.show_screen("rumours")
    qtbot.waitUntil(lambda: screen.model.rowCount() == 1, timeout=10_000)
    screen.table.setCurrentIndex(screen.model.index(0, 0))
    seen: dict[str, Any] = {}

    def look(dialog: ClusterReplyDialog) -> None:
        seen["count"] = dialog.count_label.text()
        seen["button"] = dialog.send_button.text()
        seen["ar"] = dialog.pane.main.toPlainText()
        seen["en"] = dialog.pane.other.toPlainText()
        seen["sent_before"] = len(_decisions(desk, "interaction.replied"))
        dialog.send_button.click()

    QTimer.singleShot(0, screen.reply_to_all)
    drive(qtbot, ClusterReplyDialog, [(lambda d: d.send_button.isEnabled(), look)])
    assert "3" in seen["count"] and seen["button"] == "Send to 3"
    assert seen["ar"].startswith("نأمل استقاء") and seen["en"].startswith("Please rely")
    assert seen["sent_before"] == 0  # nothing went out before the operator saw it
    qtbot.waitUntil(lambda: len(_decisions(desk, "interaction.replied")) == 3, timeout=10_000)
    qtbot.waitUntil(lambda: "3" in screen.message.text(), timeout=10_000)
