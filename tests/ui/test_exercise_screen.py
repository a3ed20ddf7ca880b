"""The trainer's console: the lead drives the exercise clock, the console injects what
falls due through the real pipeline, adds a live inject, and shows what the room did."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from crisisdesk.desk import Desk
from crisisdesk.intake.rows import InboxFilters
from tests.helpers.databases import PASSWORD
from tests.ui.conftest import wait_loaded
from tests.unit.exercises.conftest import SHORT

SHOTS = Path("/work/notes/shots/i20")


def _start(db_url: str, tmp_path: Path) -> str:
    """The lead starts the short exercise and pauses it at once (a known scenario time)."""
    source = tmp_path / "short.yaml"
    source.write_text(SHORT, encoding="utf-8")
    desk = Desk.open(db_url)
    try:
        desk.sign_in("layla", PASSWORD)
        run = desk.exercises.start(str(source), speed=10)
        desk.exercises.pause(run.id)
        return desk.incidents.get(run.incident_id).title
    finally:
        desk.close()


def test_the_console_drives_the_exercise(
    qtbot: Any, open_room: Any, db_url: str, tmp_path: Path, qtmodeltester: Any
) -> None:
    title = _start(db_url, tmp_path)
    room = open_room("layla", title)
    screen = room.show_screen("exercise")
    qtbot.waitUntil(lambda: screen.timeline.rowCount() == 7, timeout=10_000)
    for model in (screen.timeline, screen.action_model, screen.expectations):
        qtmodeltester.check(model, force_py=True)
    assert screen.badge.text() == "EXERCISE"
    assert room.windowTitle().startswith("EXERCISE: ")
    assert screen.pause_button.text() == "Resume"
    desk = room.ctx.desk
    run = desk.exercises.for_incident(room.ctx.incident_id)
    assert run is not None
    # the room follows the exercise clock
    assert desk.clock.now() == run.started_at + run.clock.anchor_offset  # paused
    # jump to the first inject: the console injects it through the WhatsApp parser
    qtbot.mouseClick(screen.jump_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.timeline.items[0].injected == 1, timeout=10_000)
    ids = desk.inbox.ids(InboxFilters(room.ctx.incident_id))
    assert [desk.inbox.detail(i).row.channel for i in ids] == ["whatsapp"]
    # a live inject from the trainer
    screen.live_channel.setCurrentIndex(screen.live_channel.findData("x"))
    screen.live_text.setText("هل صحيح أن المدارس معلقة غداً؟")
    qtbot.mouseClick(screen.live_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: any(e.live for e in screen.timeline.items), timeout=10_000)
    assert "Injected at" in screen.message.text()
    # the short exercise has no prepared event lists: the button stays off
    assert screen.event_list.count() == 0 and not screen.list_button.isEnabled()
    # resume at 10x, then pause again; the actions list shows the trainer's own steps
    qtbot.mouseClick(screen.pause_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: screen.run is not None and screen.run.state == "running", timeout=10_000
    )
    qtbot.mouseClick(screen.pause_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.run is not None and screen.run.state == "paused", timeout=10_000)
    wait_loaded(qtbot, room.ctx.ops)
    qtmodeltester.check(screen.timeline)
    # the debrief from the console
    screen.write_debrief(str(tmp_path / "debrief"))
    qtbot.waitUntil(lambda: screen.message.text().startswith("Debrief written"), timeout=30_000)
    assert (tmp_path / "debrief" / "debrief.pdf").exists()


def test_operators_do_not_see_the_console(
    qtbot: Any, open_room: Any, db_url: str, tmp_path: Path
) -> None:
    title = _start(db_url, tmp_path)
    room = open_room("olfa", title)
    room.complete_rail()
    assert "exercise" not in [spec.key for spec in room.specs]
    # but their desk follows the exercise clock too
    run = room.ctx.desk.exercises.for_incident(room.ctx.incident_id)
    assert run is not None
    assert room.ctx.desk.clock.now() == run.started_at + run.clock.anchor_offset  # paused


def test_screenshots_in_arabic_and_english(qapp: QApplication, db_url: str, tmp_path: Path) -> None:
    from crisisdesk.ui.screenshot import render

    title = _start(db_url, tmp_path)
    desk = Desk.open(db_url)
    try:
        desk.sign_in("layla", PASSWORD)
        incident = next(i.id for i in desk.incidents.list() if i.title == title)
        run = desk.exercises.for_incident(incident)
        assert run is not None
        desk.exercises.resume(run.id)
        for _ in range(3):
            desk.exercises.jump(run.id)
            desk.exercises.tick(run.id)
        desk.exercises.pause(run.id)
        desk.sign_in("olfa", PASSWORD)
        desk.exercises.follow(run.id)
        desk.statements.draft(
            incident, None, kind="holding", texts={"ar": "نتابع تجمع المياه.", "en": "We follow."}
        )
        desk.sign_in("layla", PASSWORD)
        for lang in ("ar", "en"):
            out = render(desk, "exercise", SHOTS / f"console_{lang}.png", lang=lang,
                         incident_id=incident)  # fmt: skip
            assert out.stat().st_size > 10_000
    finally:
        desk.close()


def test_an_observer_watches_and_annotates(
    qtbot: Any, open_room: Any, db_url: str, tmp_path: Path
) -> None:
    title = _start(db_url, tmp_path)
    setup = Desk.open(db_url)
    try:
        setup.sign_in("admin", PASSWORD)
        setup.users.add("omar", PASSWORD, "observer", "عمر المراقب")
    finally:
        setup.close()
    room = open_room("omar", title)
    screen = room.show_screen("exercise")
    qtbot.waitUntil(lambda: screen.timeline.rowCount() == 7, timeout=10_000)
    assert screen.note_box.isVisible() and not screen.live_box.isVisible()
    assert not screen.pause_button.isVisible() and not screen.inject_timer.isActive()
    screen.note_text.setText("المشغل تردد في الرد على شائعة السد")
    qtbot.mouseClick(screen.note_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.message.text() == "Note recorded", timeout=10_000)
    desk = room.ctx.desk
    run = desk.exercises.for_incident(room.ctx.incident_id)
    assert run is not None
    assert [n.text for n in desk.exercises.notes(run.id)] == ["المشغل تردد في الرد على شائعة السد"]
    wait_loaded(qtbot, room.ctx.ops)


def test_the_trainer_turns_the_pressure_up(qtbot: Any, open_room: Any, db_url: str) -> None:
    desk = Desk.open(db_url)
    try:
        desk.sign_in("layla", PASSWORD)
        run = desk.exercises.start("flood-urban", speed=1)
        desk.exercises.pause(run.id)
        title = desk.incidents.get(run.incident_id).title
    finally:
        desk.close()
    room = open_room("layla", title)
    screen = room.show_screen("exercise")
    qtbot.waitUntil(lambda: screen.event_list.count() == 2, timeout=10_000)
    screen.event_list.setCurrentIndex(screen.event_list.findData("pressure-up"))
    qtbot.mouseClick(screen.list_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: any(e.channel == "list" and e.injected >= 1 for e in screen.timeline.items),
        timeout=15_000,
    )
    wait_loaded(qtbot, room.ctx.ops)
