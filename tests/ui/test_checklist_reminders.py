"""Reminders in the incident room: the timers start on a Qt scheduler when the room opens,
a task coming due raises one notice and highlights its row, a simulated 3-hour sleep gives
one summary (not a storm, never repeated), opening the room after it was closed for hours
gives one summary too, and closing the room stops the scheduler and frees the timers of the
database for another window."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from crisisdesk.clock import ManualClock
from crisisdesk.desk import Desk
from crisisdesk.incidents.timers import JOB_ID, MISFIRE_GRACE_SECONDS, TimerLock, lock_path
from tests.ui.conftest import wait_loaded
from tests.ui.test_checklist import TITLE, activate

START = datetime.now(UTC).replace(microsecond=0)


def room_with_reminders(qtbot: Any, open_room: Any, desk: Desk) -> tuple[Any, Any, ManualClock]:
    clock = ManualClock(START)
    activate(desk, clock)
    room = open_room("layla", incident=TITLE)
    watch = room.ctx.jobs.tasks
    qtbot.waitUntil(lambda: bool(watch.shown), timeout=10_000)
    wait_loaded(qtbot, room.ctx.ops)
    return room, watch, clock


def test_the_job_is_coalesced_with_an_explicit_grace(
    qtbot: Any, open_room: Any, desk: Desk
) -> None:
    room, watch, _clock = room_with_reminders(qtbot, open_room, desk)
    assert watch.owner
    assert watch.scheduler.running
    job = watch.scheduler.get_job(JOB_ID)
    assert job.coalesce is True
    assert job.misfire_grace_time == MISFIRE_GRACE_SECONDS
    assert room is watch.room


def test_coming_due_shows_once_in_the_bar_and_highlights_the_row(
    qtbot: Any, open_room: Any, desk: Desk
) -> None:
    room, watch, clock = room_with_reminders(qtbot, open_room, desk)
    # The tasks due minutes after activation (the warning relay, the first monitoring) are
    # already "coming due" at opening: one notice for all of them.
    kinds = [n.kind for n in watch.notices]
    assert kinds and set(kinds) == {"due_soon"}
    assert len(watch.shown) == 1 and watch.shown[0][0] == "Tasks coming due"
    assert watch.bar.isVisible()
    assert "coming due" in watch.bar.label.text()
    task_id = watch.notices[0].task_id
    coming = {n.task_id for n in watch.notices}
    screen = room.show_screen("checklist")
    qtbot.waitUntil(lambda: screen.loaded, timeout=10_000)
    index = screen.model.index_of(task_id)
    assert index.data(Qt.ItemDataRole.BackgroundRole) is not None
    other = next(t for t in screen.model.tasks() if t.id not in coming)
    assert screen.model.index_of(other.id).data(Qt.ItemDataRole.BackgroundRole) is None
    # Nothing new: a tick shows nothing more.
    clock.advance(timedelta(seconds=30))
    watch.timers.tick()
    wait_loaded(qtbot, room.ctx.ops)
    assert len(watch.shown) == 1
    # "Show checklist" selects the task.
    room.show_screen("log")
    watch.bar.open_action.trigger()
    assert room.stack.currentWidget() is screen
    assert screen.current_task() is not None and screen.current_task().id == task_id
    assert not watch.bar.isVisible()


def test_a_three_hour_sleep_gives_one_summary(qtbot: Any, open_room: Any, desk: Desk) -> None:
    room, watch, clock = room_with_reminders(qtbot, open_room, desk)
    incident = room.ctx.incident_id
    before = len(desk.tasks.list(incident))
    clock.advance(timedelta(hours=3))
    watch.timers.tick()
    qtbot.waitUntil(lambda: len(watch.summaries) == 1, timeout=10_000)
    wait_loaded(qtbot, room.ctx.ops)
    wake = watch.summaries[0]
    title, body = next(shown for shown in watch.shown if shown[0].startswith("While"))
    assert title == "While this laptop was asleep"
    tasks = desk.tasks.list(incident)
    overdue = [t for t in tasks if t.overdue(clock.now())]
    assert wake.became_overdue == len(overdue)  # as many as the checklist shows
    assert body.startswith(f"{len(overdue)} tasks became overdue")
    assert "missed repeat" in body  # the hourly steps fell due twice while asleep
    assert not [n for n in watch.notices if n.kind == "overdue"], "no notice per task"
    # The recurring steps were caught up to one current occurrence each, not every one.
    recurring = {t.step_id for t in tasks if t.recurrence}
    for step in recurring:  # at most the current occurrence and the next one per step
        assert sum(1 for t in tasks if t.step_id == step) <= 3
    assert len(tasks) - before <= 2 * len(recurring)
    bar = watch.bar.label.text()
    assert "While this laptop was asleep: " in bar
    screen = room.show_screen("checklist")
    qtbot.waitUntil(lambda: screen.loaded, timeout=10_000)
    some = next(t for t in tasks if t.id in wake.task_ids)
    assert screen.model.index_of(some.id).data(Qt.ItemDataRole.BackgroundRole) is not None
    # On the next ticks nothing already said is said again (what was coming due at the
    # wake-up may now become overdue: that is news).
    said = len(watch.notices)
    for _ in range(3):
        clock.advance(timedelta(seconds=30))
        watch.timers.tick()
        wait_loaded(qtbot, room.ctx.ops)
    again = [n for n in watch.notices[said:] if n.kind == "overdue"]
    assert not {n.task_id for n in again} & set(wake.task_ids)
    assert len({n.task_id for n in again}) == len(again)
    assert len(watch.summaries) == 1


def test_opening_after_hours_closed_gives_one_summary(
    qtbot: Any, open_room: Any, desk: Desk
) -> None:
    """As reported: restarting after 8 hours closed gave 33 "overdue" notices."""
    clock = ManualClock(START - timedelta(hours=8))
    activate(desk, clock)
    clock.set(START)
    room = open_room("layla", incident=TITLE)
    watch = room.ctx.jobs.tasks
    qtbot.waitUntil(lambda: bool(watch.summaries), timeout=10_000)
    wait_loaded(qtbot, room.ctx.ops)
    assert len(watch.summaries) == 1
    assert watch.shown[0][0] == "While CrisisDesk was closed"
    assert [n.kind for n in watch.notices if n.kind == "overdue"] == []
    assert len(watch.shown) <= 2  # the summary, and at most one batch coming due


def test_closing_the_room_stops_the_scheduler_and_frees_the_lock(
    qtbot: Any, open_room: Any, desk: Desk
) -> None:
    room, watch, _clock = room_with_reminders(qtbot, open_room, desk)
    other = TimerLock(lock_path(desk))
    assert not other.acquire(), "the open room owns the timers"
    room.close()
    assert watch.stopped
    assert not watch.scheduler.running
    assert other.acquire()
    other.release()


def test_the_summary_reads_right_in_both_languages(qtbot: Any, open_room: Any, desk: Desk) -> None:
    from crisisdesk.incidents.reminders import WakeSummary
    from crisisdesk.ui import i18n
    from crisisdesk.ui.display import DisplayPrefs

    room, watch, _clock = room_with_reminders(qtbot, open_room, desk)
    wake = WakeSummary("closed", None, 3, 0, 1, 11, (1, 2, 3), (room.ctx.incident_id,))
    assert watch.compose_summary(wake) == (
        "While CrisisDesk was closed",
        "3 tasks became overdue, 1 scheduled publication was missed, "
        "11 missed repeats of recurring tasks were skipped",
    )
    still = WakeSummary("asleep", None, 0, 2, 0, 0, (4, 5), (room.ctx.incident_id,))
    assert watch.compose_summary(still) == ("Tasks overdue", "2 tasks are still overdue")
    missed = WakeSummary("closed", None, 0, 7, 1, 0, (4,), (room.ctx.incident_id,))
    assert watch.compose_summary(missed)[1] == (
        "1 scheduled publication was missed, 7 tasks are still overdue"
    )
    qapp = QApplication.instance()
    english = watch.ctx.prefs
    watch.ctx.prefs = DisplayPrefs("ar", True)
    try:
        i18n.set_language(qapp, "ar")
        assert watch.compose_summary(wake) == (
            "أثناء إغلاق التطبيق",
            "تأخرت ٣ مهام، فات نشر مجدول واحد، جرى تجاوز ١١ تكرارًا فائتًا من المهام المتكررة",
        )
        one = WakeSummary("asleep", None, 1, 2, 2, 100, (1,), (room.ctx.incident_id,))
        assert watch.compose_summary(one)[1] == (
            "تأخرت مهمة واحدة، فات نشران مجدولان، جرى تجاوز ١٠٠ تكرار فائت من المهام "
            "المتكررة، ومهمتان أخريان كانتا متأخرتين من قبل"
        )
    finally:
        i18n.set_language(qapp, "en")
        watch.ctx.prefs = english


def test_a_mixed_batch_counts_overdue_and_coming_due_apart(
    qtbot: Any, open_room: Any, desk: Desk
) -> None:
    """One task overdue and two coming due read as that, not as "Tasks overdue (3)"."""
    from crisisdesk.incidents.reminders import Notice
    from crisisdesk.ui.display import strip_controls

    room, watch, _clock = room_with_reminders(qtbot, open_room, desk)
    incident = room.ctx.incident_id
    batch = [
        Notice(901, incident, "overdue", "أ", "Warn the districts", START),
        Notice(902, incident, "due_soon", "ب", "Monitor the underpasses", START),
        Notice(903, incident, "due_soon", "ج", "Brief the spokesperson", START),
    ]
    watch.show_notices(batch)
    line = strip_controls(watch.bar.label.text())
    assert "(3)" not in line, line
    assert line.startswith("1 task overdue, 2 coming due: "), line
    assert watch.shown[-1][0] == "1 task overdue, 2 coming due"
