"""Task reminders while an incident room is open: the core's task timers on a Qt scheduler.

The room's scheduler (``room_scheduler``) wakes on the GUI thread's event loop; its job
only asks the single writer (a named operation) to run the timers' database pass
(catching recurring tasks up, checking what came due), so the GUI thread never waits on
the database. The reminders come back as a result and are shown as a tray message when
the desktop has a tray, otherwise in a notice bar at the top of the room; the checklist
highlights the tasks concerned. On opening and after the laptop sleeps, the room gets one
summary ("While CrisisDesk was closed: 3 tasks became overdue, 1 schedule missed"), never
a storm. The room's jobs (``room_jobs``) start and stop the watch with the room.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtWidgets import QLabel, QSizePolicy, QSystemTrayIcon, QToolBar, QWidget

from crisisdesk.incidents.reminders import Notice, Reminders, WakeSummary
from crisisdesk.incidents.timers import TaskTimers
from crisisdesk.ui.display import digits, directed, number, safe_text
from crisisdesk.ui.operations import Op, perform
from crisisdesk.ui.resources import icon
from crisisdesk.ui.room import RoomContext
from crisisdesk.ui.room_scheduler import RoomScheduler

translate = QCoreApplication.translate

TRAY_MS = 15_000
BODY_LINES = 5


class RoomTaskTimers(TaskTimers):
    """The scheduled tick reads on the pool; only when a recurring step is due does it hand
    the pass to the single writer. Results come back queued."""

    def __init__(self, ctx: RoomContext, watch: TaskWatch) -> None:
        super().__init__(ctx.desk, lambda _notices: None)
        self.ctx = ctx
        self.ops = ctx.ops
        self.watch = watch
        self.in_flight = False

    def tick(self) -> Reminders:
        """Runs on the GUI thread: cheap, it only queues the read."""
        if self.in_flight:
            return Reminders()
        self.in_flight = True
        self.ops.read(self.look, self._looked, self._failed, owner=self.watch)
        return Reminders()

    def _looked(self, reminders: Reminders | None) -> None:
        if reminders is None:  # a recurring step is due: the writer catches it up
            op = Op("catch up recurring tasks", self.run_pass)
            perform(
                self.ctx, op, lambda done: self._arrived(done.value), self._failed, owner=self.watch
            )
            return
        self._arrived(reminders)

    def run_pass(self) -> Reminders:
        """Runs on the writer thread: catch recurring tasks up, then check for reminders."""
        return TaskTimers.tick(self)

    def _arrived(self, reminders: Reminders) -> None:
        self.in_flight = False
        self.watch.show_reminders(reminders)

    def _failed(self, _message: str) -> None:
        self.in_flight = False


class NoticeBar(QToolBar):
    """The in-window reminder when there is no system tray: one line, a way to the
    checklist, and dismiss."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("taskNotices")
        self.setMovable(False)
        self.setFloatable(False)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.toggleViewAction().setVisible(False)
        self.label = QLabel(self)
        self.label.setObjectName("taskNoticeText")
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.label.setMinimumWidth(10)
        self.addWidget(self.label)
        self.open_action = self.addAction("")
        self.open_action.setObjectName("showChecklist")
        self.dismiss_action = self.addAction("")
        self.dismiss_action.setObjectName("dismissNotice")
        self.dismiss_action.triggered.connect(self.hide)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(translate("Reminders", "Task reminders"))
        self.open_action.setText(translate("Reminders", "Show checklist"))
        self.dismiss_action.setText(translate("Reminders", "Dismiss"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


class TaskWatch(QObject):
    """Attached to one incident room: starts the timers on the room's scheduler, shows
    reminders; the room's jobs stop it when the room closes."""

    def __init__(self, room: Any, scheduler: RoomScheduler) -> None:
        super().__init__(room)
        self.room = room
        self.ctx = room.ctx
        self.highlighted: set[int] = set()
        self.shown: list[tuple[str, str]] = []  # (title, body) of every reminder shown
        self.notices: list[Notice] = []  # every notice shown, in order
        self.summaries: list[WakeSummary] = []  # every summary on waking, in order
        self.focus_task: int | None = None
        self.stopped = False
        self.bar = NoticeBar(room)
        self.bar.hide()
        room.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.bar)
        self.bar.open_action.triggered.connect(self.open_checklist)
        self.tray: QSystemTrayIcon | None = None
        if QSystemTrayIcon.isSystemTrayAvailable():
            self.tray = QSystemTrayIcon(icon("app"), self)
            self.tray.messageClicked.connect(self.open_checklist)
        self.scheduler = scheduler
        self.timers = RoomTaskTimers(self.ctx, self)
        self.owner = self.timers.start(self.scheduler)

    # -- showing --------------------------------------------------------------------------

    def show_reminders(self, reminders: Reminders) -> None:
        """One message: the summary on waking (with what is coming due under it), or the
        batch of tasks coming due or overdue."""
        if reminders.wake is not None:
            self.show_summary(reminders.wake, reminders.notices)
        elif reminders.notices:
            self.show_notices(reminders.notices)

    def show_summary(self, wake: WakeSummary, coming: list[Notice] | None = None) -> None:
        """One message for everything that happened while nobody watched."""
        if self.stopped:
            return
        coming = coming or []
        incident = self.ctx.incident_id
        mine = set(wake.task_ids) if incident in wake.incident_ids else set()
        mine |= {n.task_id for n in coming if n.incident_id == incident and not n.sitrep}
        if mine:
            self.highlighted |= mine
            self.focus_task = min(mine)
            screen = self.room.built.get("checklist")
            if screen is not None:
                screen.highlight(self.highlighted)
        title, body = self.compose_summary(wake)
        self.summaries.append(wake)
        self.notices.extend(coming)
        details = body + ("\n" + self.compose(coming)[1] if coming else "")
        self._show(title, details, f"{title}: {body}")

    def compose_summary(self, wake: WakeSummary) -> tuple[str, str]:
        prefs = self.ctx.prefs
        title = (
            translate("Reminders", "While CrisisDesk was closed")
            if wake.reason == "closed"
            else translate("Reminders", "While this laptop was asleep")
        )
        parts = []
        if not (wake.became_overdue or wake.missed_schedules or wake.skipped):
            # Nothing new while closed; what was overdue before still is.
            n = wake.already_overdue
            still = (
                translate("Reminders", "%n task is still overdue", "", n)
                if n == 1
                else translate("Reminders", "%n tasks are still overdue", "", n)
            )
            return translate("Reminders", "Tasks overdue"), digits(still, prefs)
        n = wake.became_overdue
        if n:
            parts.append(
                translate("Reminders", "%n task became overdue", "", n)
                if n == 1
                else translate("Reminders", "%n tasks became overdue", "", n)
            )
        n = wake.missed_schedules
        if n:
            parts.append(
                translate("Reminders", "%n scheduled publication was missed", "", n)
                if n == 1
                else translate("Reminders", "%n scheduled publications were missed", "", n)
            )
        n = wake.skipped
        if n:
            parts.append(
                translate("Reminders", "%n missed repeat of a recurring task was skipped", "", n)
                if n == 1
                else translate(
                    "Reminders", "%n missed repeats of recurring tasks were skipped", "", n
                )
            )
        n = wake.already_overdue
        if n and wake.became_overdue:
            parts.append(
                translate("Reminders", "%n more was overdue already", "", n)
                if n == 1
                else translate("Reminders", "%n more were overdue already", "", n)
            )
        elif n:
            parts.append(
                translate("Reminders", "%n task is still overdue", "", n)
                if n == 1
                else translate("Reminders", "%n tasks are still overdue", "", n)
            )
        # English picks the source by number; Arabic has its six plural forms for each.
        parts = [digits(part, prefs) for part in parts]
        separator = "، " if prefs.rtl else ", "
        return title, separator.join(parts)

    def _show(self, title: str, body: str, line: str) -> None:
        self.shown.append((title, body))
        if self.tray is not None:
            self.tray.show()
            self.tray.showMessage(title, body, QSystemTrayIcon.MessageIcon.Warning, TRAY_MS)
        else:
            self.bar.label.setText(directed(line, self.ctx.prefs))
            self.bar.label.setToolTip(body)
            self.bar.show()

    def show_notices(self, notices: list[Notice]) -> None:
        """One message per batch (never a storm), and the rows highlighted."""
        if not notices or self.stopped:
            return
        incident = self.ctx.incident_id
        mine = {n.task_id for n in notices if n.incident_id == incident and not n.sitrep}
        self.highlighted |= mine
        if mine:
            self.focus_task = min(
                (n for n in notices if n.task_id in mine), key=lambda n: n.due_at
            ).task_id
        screen = self.room.built.get("checklist")
        if screen is not None:
            screen.highlight(self.highlighted)
        title, body = self.compose(notices)
        self.notices.extend(notices)
        line = body.split("\n", 1)[0]
        if self.tray is None and len(notices) > 1:
            lang = self.ctx.prefs.language
            names = "، ".join if lang == "ar" else ", ".join
            titles = dict.fromkeys(
                safe_text(n.title_ar if lang == "ar" else n.title_en, limit=80) for n in notices
            )
            kinds = {n.kind for n in notices}
            if "overdue" in kinds and "due_soon" in kinds:  # the title counts each kind
                line = f"{title}: {names(list(titles)[:3])}"
            else:
                line = (
                    translate("Reminders", "%1 (%2): %3")
                    .replace("%1", title)
                    .replace("%2", number(len(notices), self.ctx.prefs))
                    .replace("%3", names(list(titles)[:3]))
                )
        self._show(title, body, line)

    def compose(self, notices: list[Notice]) -> tuple[str, str]:
        """A title for the batch and one line per task (the first few)."""
        prefs = self.ctx.prefs
        kinds = {n.kind for n in notices}
        if kinds <= {"sitrep_due_soon", "sitrep_overdue"}:
            title = (
                translate("Reminders", "Situation report due")
                if "sitrep_overdue" in kinds
                else translate("Reminders", "Situation report coming due")
            )
        elif "overdue" in kinds and "due_soon" in kinds:
            title = self.mixed_title(notices)
        elif "overdue" in kinds:
            title = translate("Reminders", "Tasks overdue")
        else:
            title = translate("Reminders", "Tasks coming due")
        lines = []
        for notice in notices[:BODY_LINES]:
            text = safe_text(notice.text(prefs.language), limit=300)
            if notice.incident_id != self.ctx.incident_id:
                text = (
                    translate("Reminders", "Incident %1: %2")
                    .replace("%1", number(notice.incident_id, prefs))
                    .replace("%2", text)
                )
            lines.append(text)
        if len(notices) > BODY_LINES:
            lines.append(
                translate("Reminders", "… and %1 more").replace(
                    "%1", number(len(notices) - BODY_LINES, prefs)
                )
            )
        return title, "\n".join(lines)

    def mixed_title(self, notices: list[Notice]) -> str:
        """Overdue and coming-due tasks in one batch, each counted apart."""
        late = sum(1 for n in notices if n.kind == "overdue")
        soon = sum(1 for n in notices if n.kind == "due_soon")
        overdue = (
            translate("Reminders", "%n task overdue", "", late)
            if late == 1
            else translate("Reminders", "%n tasks overdue", "", late)
        )
        coming = translate("Reminders", "%n coming due", "", soon)
        text = translate("Reminders", "%1, %2").replace("%1", overdue).replace("%2", coming)
        return digits(text, self.ctx.prefs)

    def open_checklist(self) -> None:
        screen = self.room.show_screen("checklist")
        if self.focus_task is not None:
            screen.select_task(self.focus_task)
        self.bar.hide()

    # -- stopping -------------------------------------------------------------------------

    def stop(self) -> None:
        """Remove the job and release the timer lock. Idempotent."""
        if self.stopped:
            return
        self.stopped = True
        self.timers.stop(self.scheduler)
        if self.tray is not None:
            self.tray.hide()
