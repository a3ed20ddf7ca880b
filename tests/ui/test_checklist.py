"""The checklist screen: a playbook activated through the core shows its tasks by phase with a
live countdown and overdue marked in red and in words; completing a task with the keyboard
writes a decision that the log view shows."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from PySide6.QtCore import Qt

from crisisdesk.clock import ManualClock
from crisisdesk.desk import Desk
from crisisdesk.ui.checklist_model import (
    COUNTDOWN,
    DONE_BY,
    NOTE,
    STATUS,
    TASK,
    KindRole,
    overdue_colour,
)
from crisisdesk.ui.log_model import KIND, SUMMARY
from tests.helpers.databases import PASSWORD
from tests.ui.conftest import wait_loaded

TITLE = "سيول القطيف"


def activate(desk: Desk, clock: ManualClock | None = None) -> int:
    """Open an incident with the bundled flood playbook, as the lead does."""
    if clock is not None:
        desk.clock = clock
    desk.sign_in("layla", PASSWORD)
    return desk.incidents.open(TITLE, 3, playbook_id="flood-urban").id


def checklist(qtbot: Any, open_room: Any, user: str = "layla") -> Any:
    room = open_room(user, incident=TITLE)
    screen = room.show_screen("checklist")
    qtbot.waitUntil(lambda: screen.loaded, timeout=10_000)
    wait_loaded(qtbot, room.ctx.ops)
    return screen


def test_model_passes_modeltester(
    qtbot: Any, qtmodeltester: Any, open_room: Any, desk: Desk
) -> None:
    activate(desk)
    screen = checklist(qtbot, open_room)
    qtmodeltester.check(screen.model)
    screen.model.set_now(desk.clock.now() + timedelta(hours=5))
    qtmodeltester.check(screen.model)


def test_phases_tasks_and_countdown(qtbot: Any, open_room: Any, desk: Desk) -> None:
    incident = activate(desk)
    screen = checklist(qtbot, open_room)
    model = screen.model
    book = desk.incidents.playbook_snapshot(incident)
    assert book is not None
    assert model.rowCount() == len(book["phases"])
    first_phase = model.index(0, 0)
    assert book["phases"][0]["title"]["en"] in model.data(first_phase)
    assert model.rowCount(first_phase) == len(book["phases"][0]["tasks"])
    task = model.task(model.index(0, 0, first_phase))
    assert task is not None
    assert model.index(0, STATUS, first_phase).data() == "Open"
    assert model.index(0, COUNTDOWN, first_phase).data().startswith("in ")
    # An hour later, without reading the database, the first task is overdue.
    model.set_now(task.due_at + timedelta(minutes=5))
    status = model.index(0, STATUS, first_phase)
    assert status.data() == "Overdue"
    assert status.data(KindRole) == "overdue"
    assert not status.data(Qt.ItemDataRole.DecorationRole).isNull(), "a sign, not only colour"
    assert status.data(Qt.ItemDataRole.ForegroundRole).color() == overdue_colour()
    assert "late" in model.index(0, COUNTDOWN, first_phase).data()
    screen.tick()  # the screen's clock is the desk's: the summary follows the real time
    assert "overdue" in screen.summary.text()


def test_complete_a_task_with_the_keyboard_and_find_the_decision(
    qtbot: Any, open_room: Any, desk: Desk
) -> None:
    activate(desk)
    screen = checklist(qtbot, open_room)
    room = screen.window()
    model = screen.model
    first = model.index(0, 0, model.index(0, 0))
    task = model.task(first)
    assert task is not None
    screen.tree.setFocus()
    screen.tree.setCurrentIndex(first)
    assert screen.done_button.isEnabled()
    qtbot.mouseClick(screen.done_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.dialog is not None and screen.dialog.isVisible())
    dialog = screen.dialog
    dialog.note.insertPlainText("تم التنسيق مع الدفاع المدني ")  # QTest types Latin keys only
    qtbot.keyClicks(dialog.note, "ok")
    qtbot.keyClick(dialog.note, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: desk.tasks.get(task.id).done, timeout=10_000)
    qtbot.waitUntil(lambda: model.index_of(task.id, STATUS).data() == "Done", timeout=10_000)
    assert model.index_of(task.id, DONE_BY).data().startswith("\u200e\u2068ليلى الدوسري\u2069 · ")
    assert "الدفاع المدني" in model.index_of(task.id, NOTE).data()
    assert not screen.done_button.isEnabled()
    done = desk.tasks.get(task.id)
    assert done.done_by == "layla" and done.note == "تم التنسيق مع الدفاع المدني ok"
    # The decision is in the log view, newest first.
    log = room.show_screen("log")
    qtbot.waitUntil(lambda: log.loaded, timeout=10_000)
    wait_loaded(qtbot, room.ctx.ops)

    def top_kinds() -> list[str]:
        kinds = []
        for row in range(min(5, log.model.rowCount())):
            log.model.index(row, KIND).data()
            if log.model.is_cached(row):
                kinds.append(str(log.model.index(row, KIND).data()).strip("\u2066\u2068\u2069"))
        return kinds

    from crisisdesk.log.kinds import kind_summary

    done_label = kind_summary("task.done", "en")  # the log shows kinds by their label
    qtbot.waitUntil(lambda: done_label in top_kinds(), timeout=10_000)
    row = top_kinds().index(done_label)
    assert task.title_en in str(log.model.index(row, SUMMARY).data())


def test_enter_opens_the_dialog_and_escape_changes_nothing(
    qtbot: Any, open_room: Any, desk: Desk
) -> None:
    activate(desk)
    screen = checklist(qtbot, open_room)
    first = screen.model.index(0, 0, screen.model.index(0, 0))
    screen.tree.setFocus()
    screen.tree.setCurrentIndex(first)
    head = desk.log.head().seq
    qtbot.keyClick(screen.tree, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: screen.dialog is not None and screen.dialog.isVisible())
    qtbot.keyClick(screen.dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: screen.dialog is None)
    wait_loaded(qtbot, screen.ctx.ops)
    assert desk.log.head().seq == head


def test_a_reviewer_cannot_mark_done(qtbot: Any, open_room: Any, desk: Desk) -> None:
    desk.sign_in("admin", PASSWORD)
    desk.users.add("rami", PASSWORD, "reviewer")
    activate(desk)
    screen = checklist(qtbot, open_room, "rami")
    screen.tree.setCurrentIndex(screen.model.index(0, 0, screen.model.index(0, 0)))
    assert not screen.done_button.isEnabled()
    assert "cannot" in screen.done_button.toolTip()


def test_done_elsewhere_arrives_from_the_change_feed(
    qtbot: Any, open_room: Any, desk: Desk
) -> None:
    incident = activate(desk)
    screen = checklist(qtbot, open_room)
    task = desk.tasks.list(incident)[1]
    desk.tasks.done(task.id, "from another laptop")
    qtbot.waitUntil(lambda: screen.model.index_of(task.id, STATUS).data() == "Done", timeout=10_000)


def test_countdown_ticks_without_queries(qtbot: Any, open_room: Any, desk: Desk) -> None:
    activate(desk)
    screen = checklist(qtbot, open_room)
    index = screen.model.index(0, COUNTDOWN, screen.model.index(0, 0))
    before = index.data()
    qtbot.waitUntil(lambda: index.data() != before, timeout=5000)
    assert screen.model.index(0, TASK, screen.model.index(0, 0)).data()


def test_an_incident_without_playbook_says_so(qtbot: Any, open_room: Any) -> None:
    room = open_room("layla")
    screen = room.show_screen("checklist")
    qtbot.waitUntil(lambda: screen.loaded, timeout=10_000)
    assert screen.model.rowCount() == 0
    assert "without a playbook" in screen.summary.text()
    assert not screen.done_button.isEnabled()
