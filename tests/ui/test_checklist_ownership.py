"""The checklist screen follows the ownership rules: the buttons are on only for what the
signed-in user may do now (and say why not), skipping and reassigning go through their
dialogs to the log, times are the room's; the close-incident dialog lists the scheduled
publications it would cancel; the room's zone is set in Settings."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QListWidget

from crisisdesk.clock import ManualClock
from crisisdesk.desk import Desk
from crisisdesk.ui.checklist_model import DUE, OWNER, STATUS
from crisisdesk.ui.display import strip_controls
from tests.helpers.databases import PASSWORD
from tests.ui.conftest import FLOOD, wait_loaded
from tests.ui.test_checklist import activate, checklist

START = datetime.now(UTC).replace(microsecond=0)


def _task(screen: Any, step: str, occurrence: int = 1) -> Any:
    return next(t for t in screen.model.tasks() if t.step_id == step and t.occurrence == occurrence)


def test_an_operator_cannot_tick_the_spokespersons_task_and_is_told_why(
    qtbot: Any, open_room: Any, desk: Desk
) -> None:
    activate(desk, ManualClock(START))
    screen = checklist(qtbot, open_room, "olfa")
    holding = _task(screen, "holding-statement")
    assert screen.select_task(holding.id)
    assert not screen.done_button.isEnabled()
    tip = strip_controls(screen.done_button.toolTip())
    assert (
        tip
        == "It belongs to the Municipality spokesperson; they or the incident lead can complete it"
    )
    assert not screen.reassign_button.isEnabled()
    mine = _task(screen, "confirm-situation")  # the liaison's: an operator's
    screen.select_task(mine.id)
    assert screen.done_button.isEnabled() and screen.reassign_button.isEnabled()


def test_skip_with_a_reason_through_the_dialog(qtbot: Any, open_room: Any, desk: Desk) -> None:
    activate(desk, ManualClock(START))
    screen = checklist(qtbot, open_room, "olfa")
    task = _task(screen, "civil-defense-link")
    screen.select_task(task.id)
    qtbot.mouseClick(screen.skip_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.dialog is not None and screen.dialog.isVisible())
    dialog = screen.dialog
    assert not dialog.ok.isEnabled(), "a reason is required"
    dialog.reason.insertPlainText("الدفاع المدني يتواصل مع المركز مباشرة")
    assert dialog.ok.isEnabled() and dialog.ok.text() == "Skip"
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: desk.tasks.get(task.id).closed, timeout=10_000)
    qtbot.waitUntil(
        lambda: screen.model.index_of(task.id, STATUS).data() == "Skipped", timeout=10_000
    )
    assert desk.tasks.get(task.id).outcome == "skipped"
    assert "Skipped" in screen.message.text()
    assert not screen.done_button.isEnabled()


def test_a_recurring_occurrence_waits_for_its_time_on_screen(
    qtbot: Any, open_room: Any, desk: Desk
) -> None:
    clock = ManualClock(START)
    activate(desk, clock)
    screen = checklist(qtbot, open_room, "layla")
    sweep = _task(screen, "rumour-sweep")  # hourly, first due in an hour
    screen.select_task(sweep.id)
    assert not screen.done_button.isEnabled()
    assert "not due yet" in screen.done_button.toolTip()
    assert screen.skip_button.isEnabled(), "not applicable may be said before its time"
    clock.set(sweep.due_at - timedelta(minutes=5))
    screen.tick()
    assert screen.done_button.isEnabled()


def test_reassign_through_the_dialog_shows_the_person(
    qtbot: Any, open_room: Any, desk: Desk
) -> None:
    activate(desk, ManualClock(START))
    screen = checklist(qtbot, open_room, "layla")
    holding = _task(screen, "holding-statement")
    screen.select_task(holding.id)
    qtbot.mouseClick(screen.reassign_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.dialog is not None and screen.dialog.isVisible())
    dialog = screen.dialog
    assert not dialog.ok.isEnabled()
    dialog.person.setCurrentIndex(dialog.person.findData("olfa"))
    assert dialog.ok.isEnabled()
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: desk.tasks.get(holding.id).assignee == "olfa", timeout=10_000)
    qtbot.waitUntil(
        lambda: "Olfa" in str(screen.model.index_of(holding.id, OWNER).data()), timeout=10_000
    )
    assert desk.log.since(0)[-1].kind == "task.reassigned"


def test_due_times_are_the_rooms(qtbot: Any, open_room: Any, desk: Desk) -> None:
    from crisisdesk import room_zone

    desk.sign_in("admin", PASSWORD)
    room_zone.change(desk, "Asia/Riyadh")
    activate(desk, ManualClock(START))
    screen = checklist(qtbot, open_room, "layla")
    task = screen.model.tasks()[0]
    shown = str(screen.model.index_of(task.id, DUE).data())
    riyadh = task.due_at.astimezone(room_zone.load(desk).tz)
    assert f"{riyadh:%H:%M}" in shown
    status = screen.window().status
    assert status.zone_label.isVisible() == room_zone.load(desk).differs(START)


def test_the_close_dialog_lists_what_it_cancels(qtbot: Any, open_room: Any, desk: Desk) -> None:
    desk.sign_in("admin", PASSWORD)
    desk.users.add("sami", PASSWORD, "spokesperson")
    desk.sign_in("layla", PASSWORD)
    incident = next(i.id for i in desk.incidents.list() if i.title == FLOOD)
    statement = desk.statements.draft(
        incident,
        None,
        kind="awareness",
        texts={"ar": "تجنبوا القيادة أثناء العاصفة.", "en": "Avoid driving during the storm."},
    ).statement.id
    desk.statements.submit(statement)
    desk.sign_in("sami", PASSWORD)
    desk.statements.approve(statement, PASSWORD, override_reason="short safety message")
    [pub] = desk.statements.publish(statement, "text", at=datetime.now(UTC) + timedelta(hours=2))
    room = open_room("layla")
    overview = room.show_screen("overview")
    wait_loaded(qtbot, room.ctx.ops)
    seen: dict[str, Any] = {}

    def answer() -> None:
        dialog = overview.close_dialog
        if dialog is None or not dialog.isVisible():
            QTimer.singleShot(50, answer)
            return
        listing = dialog.findChild(QListWidget, "pendingPublications")
        seen["listed"] = [listing.item(i).text() for i in range(listing.count())]
        dialog.text.setPlainText("The storm passed; roads reopened.")
        seen["ok_before"] = dialog.ok_button.isEnabled()
        dialog.cancel_box.setChecked(True)
        seen["ok_after"] = dialog.ok_button.isEnabled()
        dialog.accept()

    QTimer.singleShot(50, answer)
    overview.ask_close()
    qtbot.waitUntil(lambda: "listed" in seen, timeout=10_000)
    assert seen["ok_before"] is False and seen["ok_after"] is True
    assert len(seen["listed"]) == 1 and "Statement" in seen["listed"][0]
    qtbot.waitUntil(lambda: not desk.incidents.get(incident).active, timeout=10_000)
    assert desk.statements.publication(pub.id).state == "cancelled"


def test_the_lead_sets_the_rooms_zone_in_settings(qtbot: Any, open_room: Any, desk: Desk) -> None:
    room = open_room("layla")
    settings = room.show_screen("settings")
    assert settings.zone.isEnabled()
    settings.zone.setCurrentText("Asia/Riyadh")
    qtbot.mouseClick(settings.apply_zone, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: room.prefs.zone == "Asia/Riyadh", timeout=10_000)
    wait_loaded(qtbot, room.ctx.ops)
    assert desk.log.since(0)[-1].kind == "room.zone_changed"
    assert "Asia/Riyadh" in settings.saved_note.text()
    other = open_room("olfa")
    assert not other.show_screen("settings").zone.isEnabled()
