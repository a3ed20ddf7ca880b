"""Statements and Approvals screens: draft from a template by filling the form, submit, sign
in as the spokesperson, approve with the password, publish to a real website server on
127.0.0.1, and find every step in the decision log view; refusals show as errors; a missed
schedule asks before publishing late; typing is autosaved."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication, QDialogButtonBox
from sqlalchemy import text

from crisisdesk.desk import Desk
from crisisdesk.statements.channel_settings import SECRET_NAMES
from crisisdesk.ui.statement_schedule import MissedDialog
from crisisdesk.ui.statement_widgets import ConfirmDialog
from crisisdesk.ui.statements_model import StatementsModel
from tests.helpers.databases import PASSWORD, sqlite_db_url
from tests.ui.conftest import FLOOD, wait_loaded
from tests.unit.statements.publishers.fake_servers import SECRET, FakePlatform, serve


@pytest.fixture
def platform() -> Iterator[FakePlatform]:
    with serve() as server:
        yield server


@pytest.fixture
def db_url(tmp_path: Path, data_dir: Path, platform: FakePlatform) -> str:
    """Users for every role, the flood incident from its playbook, the website configured."""
    url = sqlite_db_url(tmp_path)
    desk = Desk.open(url, create=True)
    try:
        desk.users.create_first_admin("admin", PASSWORD, "مسؤول النظام")
        desk.sign_in("admin", PASSWORD)
        desk.users.add("layla", PASSWORD, "lead", "ليلى الدوسري")
        desk.users.add("olfa", PASSWORD, "operator", "Olfa")
        desk.users.add("sami", PASSWORD, "spokesperson", "سامي المتحدث")
        desk.statements.configure_channels(
            website_url=platform.base_url + "/hooks/statements", read_timeout="2"
        )
        desk.secrets.set(SECRET_NAMES["website"], SECRET)
        desk.sign_in("layla", PASSWORD)
        desk.incidents.open(FLOOD, 3, playbook_id="flood-urban")
    finally:
        desk.close()
    return url


def _incident(desk: Desk) -> int:
    return next(i.id for i in desk.incidents.list() if i.title == FLOOD)


def _close(room: Any) -> None:
    room.ctx.feed.stop()
    room.close()


def _click_ok_in(kind: type, fill: Any) -> None:
    """Answer the next modal dialog of ``kind`` once it is open."""

    def answer() -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, kind) and widget.isVisible():
                fill(widget)
                return
        QTimer.singleShot(20, answer)

    QTimer.singleShot(0, answer)


def test_statements_model_passes_modeltester(qtmodeltester: Any, desk: Desk, english: Any) -> None:
    desk.sign_in("olfa", PASSWORD)
    incident = _incident(desk)
    desk.statements.draft(incident, "holding")
    desk.statements.draft(incident, "update", {"update_number": "2", "teams_count": "80"})
    model = StatementsModel(english)
    model.set_rows(desk.statements.list(incident))
    qtmodeltester.check(model)
    assert model.rowCount() == 2


def test_draft_submit_approve_publish_and_the_log(
    qtbot: Any, open_room: Any, desk: Desk, platform: FakePlatform
) -> None:
    room = open_room("olfa")
    screen = room.show_screen("statements")
    qtbot.waitUntil(lambda: screen.loaded and bool(screen.templates), timeout=10_000)
    screen.start_new("update")
    qtbot.waitUntil(lambda: "teams_count" in screen.form.widgets, timeout=10_000)
    screen.form.set_value("update_number", "4")
    screen.form.set_value("teams_count", "135")
    screen.form.set_value("area", "الخبر", "Al Khobar")
    qtbot.waitUntil(lambda: "١٣٥ فريقًا" in screen.arabic.toPlainText(), timeout=10_000)
    assert "Al Khobar" in screen.english.toPlainText()
    qtbot.waitUntil(lambda: screen.checklist.count() > 0, timeout=10_000)
    assert "135" in screen.preview.toPlainText()
    qtbot.mouseClick(screen.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.detail is not None, timeout=10_000)
    sid = screen.detail.statement.id
    assert screen.detail.latest.variables["teams_count"] == 135
    assert screen.submit_button.isEnabled()
    qtbot.mouseClick(screen.submit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: desk.statements.get(sid).state == "in_review", timeout=10_000)
    wait_loaded(qtbot, room.ctx.ops)
    _close(room)

    room = open_room("sami")
    approvals = room.show_screen("approvals")
    qtbot.waitUntil(lambda: approvals.model.rowCount() == 1, timeout=10_000)
    approvals.queue.selectRow(0)
    qtbot.waitUntil(lambda: approvals.detail is not None, timeout=10_000)
    assert "١٣٥" in approvals.arabic.toPlainText()
    assert approvals.checklist.count() > 0

    def confirm(dialog: ConfirmDialog) -> None:
        dialog.password.setText(PASSWORD)
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()

    _click_ok_in(ConfirmDialog, confirm)
    qtbot.mouseClick(approvals.approve_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: desk.statements.get(sid).state == "approved", timeout=10_000)

    statements = room.show_screen("statements")
    qtbot.waitUntil(lambda: statements.model.row_of(sid) is not None, timeout=10_000)
    statements.open_statement(sid)
    qtbot.waitUntil(lambda: statements.publish_button.isEnabled(), timeout=10_000)
    statements.publish("website")
    qtbot.waitUntil(lambda: desk.statements.get(sid).state == "published", timeout=10_000)
    qtbot.waitUntil(lambda: statements.publications.count() == 1, timeout=10_000)
    assert platform.signature_ok == [True] and len(platform.created) == 1

    log = room.show_screen("log")
    qtbot.waitUntil(lambda: log.loaded, timeout=10_000)
    for kind in (
        "statement.drafted",
        "statement.submitted",
        "statement.approved",
        "statement.published",
    ):
        qtbot.waitUntil(lambda kind=kind: log.kind_box.findData(kind) > 0, timeout=10_000)
        log.kind_box.setCurrentIndex(log.kind_box.findData(kind))
        qtbot.waitUntil(lambda: log.model.rowCount() == 1, timeout=10_000)
    wait_loaded(qtbot, room.ctx.ops)


def test_self_approval_shows_the_refusal(qtbot: Any, open_room: Any, desk: Desk) -> None:
    desk.sign_in("sami", PASSWORD)
    sid = desk.statements.draft(_incident(desk), "holding").statement.id
    desk.statements.submit(sid)
    room = open_room("sami")
    approvals = room.show_screen("approvals")
    qtbot.waitUntil(lambda: approvals.model.rowCount() == 1, timeout=10_000)
    approvals.queue.selectRow(0)
    qtbot.waitUntil(lambda: approvals.detail is not None, timeout=10_000)
    with qtbot.waitSignal(room.ctx.ops.error, timeout=10_000) as blocker:
        approvals.decide("approve", PASSWORD)
    assert "cannot approve it" in blocker.args[0]
    assert desk.statements.get(sid).state == "in_review"


def test_operator_sees_no_approve_button_enabled(qtbot: Any, open_room: Any, desk: Desk) -> None:
    room = open_room("olfa")
    approvals = room.show_screen("approvals")
    qtbot.waitUntil(lambda: approvals.loaded, timeout=10_000)
    assert not approvals.approve_button.isEnabled()
    assert "Only the spokesperson" in approvals.hint.text()


def test_missed_schedule_asks_before_publishing_late(
    qtbot: Any, open_room: Any, desk: Desk, platform: FakePlatform
) -> None:
    desk.sign_in("olfa", PASSWORD)
    incident = _incident(desk)
    sid = desk.statements.draft(incident, "holding").statement.id
    desk.statements.submit(sid)
    desk.sign_in("sami", PASSWORD)
    desk.statements.approve(sid, PASSWORD)
    [pub] = desk.statements.publish(sid, "website", at=desk.clock.now() + timedelta(hours=1))
    past = (desk.clock.now() - timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    with desk.db.write() as session:  # as if the app had been closed past the time
        session.execute(
            text("UPDATE publications SET scheduled_at = :t WHERE id = :i"),
            {"t": past, "i": pub.id},
        )
    room = open_room("sami")
    watcher = room.ctx.jobs.schedule
    qtbot.waitUntil(lambda: watcher.dialog is not None, timeout=10_000)
    assert platform.received == []
    assert desk.statements.publication(pub.id).missed
    watcher.dialog.late.click()
    qtbot.waitUntil(lambda: desk.statements.publication(pub.id).state == "sent", timeout=10_000)
    assert len(platform.created) == 1
    wait_loaded(qtbot, room.ctx.ops)
    assert isinstance(MissedDialog, type)


def test_typing_is_autosaved(qtbot: Any, open_room: Any, desk: Desk) -> None:
    desk.sign_in("olfa", PASSWORD)
    sid = desk.statements.draft(_incident(desk), "holding").statement.id
    room = open_room("olfa")
    screen = room.show_screen("statements")
    screen._autosave_timer.setInterval(50)
    qtbot.waitUntil(lambda: screen.model.row_of(sid) is not None, timeout=10_000)
    screen.open_statement(sid)
    qtbot.waitUntil(lambda: screen.detail is not None, timeout=10_000)
    screen.english.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(screen.english, " Stay safe.")

    def kept() -> bool:
        found = desk.statements.autosaved(sid)
        return found is not None and found.text_en.endswith("Stay safe.")

    qtbot.waitUntil(kept, timeout=10_000)
    assert screen.rerender_button.isVisible()
    wait_loaded(qtbot, room.ctx.ops)


SHOTS = Path("/work/notes/shots/i13b")


def test_an_unknown_outcome_is_recorded_from_the_publications_tab(
    qtbot: Any, open_room: Any, desk: Desk, platform: FakePlatform
) -> None:
    """A send that reached the website without a usable answer shows as unknown, with no
    retry; the person records what the channel shows, and only then may it be retried."""
    desk.sign_in("olfa", PASSWORD)
    sid = desk.statements.draft(
        _incident(desk),
        None,
        kind="awareness",
        texts={"ar": "ابتعدوا عن الأودية", "en": "Keep away"},
    ).statement.id
    desk.statements.submit(sid)
    desk.sign_in("sami", PASSWORD)
    shown = desk.statements.version(sid).content_hash
    desk.statements.approve(sid, PASSWORD, override_reason="short", content_hash=shown)
    desk.sign_in("olfa", PASSWORD)
    platform.modes.append("noid")
    [pub] = desk.statements.publish(sid, "website")
    assert pub.state == "unknown"
    room = open_room("olfa")
    screen = room.show_screen("statements")
    qtbot.waitUntil(lambda: screen.model.row_of(sid) is not None, timeout=10_000)
    screen.open_statement(sid)
    qtbot.waitUntil(lambda: screen.publications.count() == 1, timeout=10_000)
    screen.tabs.setCurrentIndex(3)
    assert screen.went_out_button.isVisible() and screen.not_out_button.isVisible()
    assert not screen.retry_button.isEnabled()
    assert "Outcome unknown" in screen.publications.item(0).text()
    SHOTS.mkdir(parents=True, exist_ok=True)
    room.grab().save(str(SHOTS / "publication_unknown_en.png"))
    settings = room.show_screen("settings")
    settings.language.setCurrentIndex(settings.language.findData("ar"))
    qtbot.waitUntil(lambda: room.layoutDirection() == Qt.LayoutDirection.RightToLeft)
    room.show_screen("statements")
    qtbot.waitUntil(lambda: screen.not_out_button.text() == "لم يصل إلى القناة", timeout=10_000)
    screen.open_statement(sid)  # the list is written in the reader's language
    qtbot.waitUntil(
        lambda: "النتيجة غير معروفة" in screen.publications.item(0).text(), timeout=10_000
    )
    screen.tabs.setCurrentIndex(3)
    room.grab().save(str(SHOTS / "publication_unknown_ar.png"))
    settings.language.setCurrentIndex(settings.language.findData("en"))
    qtbot.waitUntil(lambda: room.layoutDirection() == Qt.LayoutDirection.LeftToRight)
    room.show_screen("statements")
    qtbot.mouseClick(screen.not_out_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: desk.statements.publication(pub.id).state == "failed", timeout=10_000)
    qtbot.waitUntil(lambda: screen.retry_button.isEnabled(), timeout=10_000)
    assert not screen.not_out_button.isVisible()
    wait_loaded(qtbot, room.ctx.ops)


def test_approvals_say_which_rules_fail_above_the_texts(
    qtbot: Any, open_room: Any, desk: Desk
) -> None:
    """The Approvals screen names the failing rules where the approver reads, not only in
    a tab; the statement is selected without a click (it is the only one waiting)."""
    from PySide6.QtWidgets import QLabel

    desk.sign_in("olfa", PASSWORD)
    sid = desk.statements.draft(
        _incident(desk), None, kind="awareness", texts={"ar": "ابتعدوا", "en": "Keep away"}
    ).statement.id
    desk.statements.submit(sid)
    failing = [r.label("en") for r in desk.statements.rules_checklist(sid).failures]
    assert failing
    room = open_room("sami")
    approvals = room.show_screen("approvals")
    qtbot.waitUntil(lambda: approvals.checklist_result is not None, timeout=10_000)
    label = approvals.findChild(QLabel, "failingRules")
    assert label is not None and label.isVisible()
    assert all(name in label.text() for name in failing), label.text()
    wait_loaded(qtbot, room.ctx.ops)


def test_publication_errors_are_arabic_on_the_arabic_screen(
    qtbot: Any, open_room: Any, desk: Desk, platform: FakePlatform
) -> None:
    """Issue 13's gap as reported: a publication's error stayed English on the Arabic
    screen. Our own words are Arabic now; what the server said is kept, isolated."""
    desk.sign_in("olfa", PASSWORD)
    sid = desk.statements.draft(
        _incident(desk),
        None,
        kind="awareness",
        texts={"ar": "ابتعدوا عن الأودية", "en": "Keep away"},
    ).statement.id
    desk.statements.submit(sid)
    desk.sign_in("sami", PASSWORD)
    shown = desk.statements.version(sid).content_hash
    desk.statements.approve(sid, PASSWORD, override_reason="short", content_hash=shown)
    desk.sign_in("olfa", PASSWORD)
    platform.modes.append("500")
    [pub] = desk.statements.publish(sid, "website")
    assert pub.state == "failed" and pub.error == "HTTP 503: temporarily down"
    room = open_room("olfa")
    settings = room.show_screen("settings")
    settings.language.setCurrentIndex(settings.language.findData("ar"))
    qtbot.waitUntil(lambda: room.layoutDirection() == Qt.LayoutDirection.RightToLeft)
    screen = room.show_screen("statements")
    qtbot.waitUntil(lambda: screen.model.row_of(sid) is not None, timeout=10_000)
    screen.open_statement(sid)
    qtbot.waitUntil(lambda: screen.publications.count() == 1, timeout=10_000)
    line = screen.publications.item(0).text()
    assert "رفض الخادم الطلب" in line and "HTTP 503" in line
    assert "temporarily down" in line  # the server's own words, kept as they came
    assert "HTTP 503:" not in line
    screen.tabs.setCurrentIndex(3)
    SHOTS.mkdir(parents=True, exist_ok=True)
    room.grab().save(str(SHOTS / "publication_error_ar.png"))
    settings.language.setCurrentIndex(settings.language.findData("en"))
    qtbot.waitUntil(lambda: room.layoutDirection() == Qt.LayoutDirection.LeftToRight)
    wait_loaded(qtbot, room.ctx.ops)
