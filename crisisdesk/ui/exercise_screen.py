"""The trainer's console: the exercise clock, the timeline of injects, what the trainees
did, the expectations as they stand, and a live inject.

Shown only in an exercise's drill incident, to those who may run it (the lead). On this
laptop the console also drives the injector: while the run is on, it injects what falls
due, in the background, and the room's own views pick the messages up from the change feed.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from crisisdesk.clock import SystemClock
from crisisdesk.exercises.actions import RoomAction
from crisisdesk.exercises.following import wall_clock
from crisisdesk.exercises.injector_process import InjectorProcess
from crisisdesk.exercises.offsets import format_offset
from crisisdesk.exercises.records import RunInfo, TickReport, TimelineEntry
from crisisdesk.exercises.scoring import ExpectationResult, Score
from crisisdesk.ui.changes import EXERCISE_INJECTED, Changes
from crisisdesk.ui.display import safe_text
from crisisdesk.ui.list_model import ListTableModel, ModelIndex
from crisisdesk.ui.operations import exercises as exercise_ops
from crisisdesk.ui.operations import perform
from crisisdesk.ui.overview import set_badge
from crisisdesk.ui.room import RoomContext
from crisisdesk.ui.screens import Screen, register_screen
from crisisdesk.ui.widgets import list_and_detail, list_table, message_line
from crisisdesk.users.permissions import Action, can

translate = QCoreApplication.translate

INJECT_MS = 500  # how often the console injects what fell due
CLOCK_MS = 250  # how often the scenario clock on screen moves
REFRESH_MS = 3000  # how often the timeline, actions and score are read again
CHANNELS = ("whatsapp", "x", "news", "email", "hotline")
PERSONAS = ("resident", "influencer", "journalist", "rumour", "expatriate", "leadership")


def channel_name(value: str) -> str:
    names = {
        "whatsapp": translate("Exercise", "WhatsApp"),
        "x": translate("Exercise", "X"),
        "news": translate("Exercise", "News"),
        "email": translate("Exercise", "E-mail"),
        "hotline": translate("Exercise", "Hotline"),
        "rumour": translate("Exercise", "Rumour wave"),
        "situation": translate("Exercise", "Situation"),
    }
    return names.get(value, value)


def persona_name(value: str) -> str:
    names = {
        "resident": translate("Exercise", "Worried resident"),
        "influencer": translate("Exercise", "Local influencer"),
        "journalist": translate("Exercise", "Journalist"),
        "rumour": translate("Exercise", "Rumour account"),
        "expatriate": translate("Exercise", "Expatriate worker"),
        "leadership": translate("Exercise", "Amanah leadership"),
    }
    return names.get(value, value)


def state_name(value: str) -> str:
    names = {
        "running": translate("Exercise", "running"),
        "paused": translate("Exercise", "paused"),
        "stopped": translate("Exercise", "stopped"),
    }
    return names.get(value, value)


def ltr(text: str) -> str:
    """A scenario time kept left-to-right inside Arabic text."""
    return f"\u2066{text}\u2069"


def runs_here(ctx: RoomContext) -> bool:
    """The console belongs to an exercise's drill, for those who run or observe it."""
    user = ctx.desk.user
    if user is None or not (
        can(user.role, Action.EXERCISE_RUN) or can(user.role, Action.EXERCISE_NOTE)
    ):
        return False
    return ctx.desk.exercises.for_incident(ctx.incident_id) is not None


class TimelineModel(ListTableModel):
    """The file's injects and the trainer's live ones, in scenario order."""

    column_count = 4

    def headers(self) -> tuple[str, ...]:
        return (
            translate("Exercise", "Time"),
            translate("Exercise", "Channel"),
            translate("Exercise", "Inject"),
            translate("Exercise", "Injected"),
        )

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        item: TimelineEntry | None = self.item(index)
        if item is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.ToolTipRole and column == 2:
            return safe_text(item.text, limit=600)
        if role == Qt.ItemDataRole.FontRole and item.done:
            font = QFont()
            font.setItalic(True)
            return font
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column == 0:
            return ltr(format_offset(item.offset))
        if column == 1:
            name = channel_name(item.channel)
            return name + (" ★" if item.live else "")
        if column == 2:
            return safe_text(item.text, limit=140)
        if column == 3:
            return f"{item.injected}/{item.size}"
        return None


class ActionModel(ListTableModel):
    """What the room did, newest first."""

    column_count = 3

    def __init__(self, lang: str, parent: Any = None) -> None:
        super().__init__(parent)
        self.lang = lang

    def headers(self) -> tuple[str, ...]:
        return (
            translate("Exercise", "Time"),
            translate("Exercise", "Who"),
            translate("Exercise", "What"),
        )

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        item: RoomAction | None = self.item(index)
        if item is None or role != Qt.ItemDataRole.DisplayRole:
            return None
        column = index.column()
        if column == 0:
            return ltr(format_offset(item.offset))
        if column == 1:
            return safe_text(item.actor, limit=60)
        if column == 2:
            return safe_text(item.summary(self.lang), limit=200)
        return None


class ExpectationModel(ListTableModel):
    """The run's expectations as they stand now."""

    column_count = 3

    def __init__(self, lang: str, parent: Any = None) -> None:
        super().__init__(parent)
        self.lang = lang

    def headers(self) -> tuple[str, ...]:
        return (
            translate("Exercise", "Expectation"),
            translate("Exercise", "Deadline"),
            translate("Exercise", "Result"),
        )

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        item: ExpectationResult | None = self.item(index)
        if item is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.ForegroundRole and column == 2:
            return QBrush(QColor("#0b7d3e")) if item.met else None
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column == 0:
            return safe_text(item.title_ar if self.lang == "ar" else item.title_en, limit=120)
        if column == 1:
            if item.deadline is None:
                return f"≥ {item.wanted}%"
            return ltr(format_offset(item.deadline))
        if column == 2:
            if item.kind == "answered_within_target":
                share = "–" if item.share is None else f"{item.share}%"
                return share + (" ✓" if item.met else "")
            if item.achieved is None:
                return translate("Exercise", "not yet")
            return ltr(format_offset(item.achieved)) + (" ✓" if item.met else " ✗")
        return None


@register_screen("exercise", order=5, available=runs_here)
class ExerciseScreen(Screen):
    icon_name = "exercise"

    @classmethod
    def title(cls) -> str:
        return translate("Exercise", "Trainer's console")

    def __init__(self, ctx: RoomContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.run: RunInfo | None = None
        self.lang = "ar" if ctx.prefs.rtl else "en"
        self.ticking = False
        self.changed = False  # a jump while paused makes items due: inject them once
        self.injector: InjectorProcess | None = None
        self.badge = QLabel(self)
        self.badge.setObjectName("exerciseBadge")
        set_badge(self.badge, "drill")
        self.heading = QLabel(self)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.clock = QLabel(self)
        self.clock.setObjectName("exerciseClock")
        big = QFont(self.clock.font())
        big.setPointSize(big.pointSize() + 10)
        big.setBold(True)
        self.clock.setFont(big)
        self.state = QLabel(self)
        self.pause_button = QPushButton(self)
        self.pause_button.setObjectName("exercisePause")
        self.pause_button.clicked.connect(self.toggle_pause)
        self.speed = QComboBox(self)
        self.speed.setObjectName("exerciseSpeed")
        for value in range(1, 11):
            self.speed.addItem(f"{value}×", value)
        self.speed.activated.connect(self.change_speed)
        self.jump_button = QPushButton(self)
        self.jump_button.setObjectName("exerciseJump")
        self.jump_button.clicked.connect(self.jump)
        self.stop_button = QPushButton(self)
        self.stop_button.setObjectName("exerciseStop")
        self.stop_button.clicked.connect(self.stop)
        self.debrief_button = QPushButton(self)
        self.debrief_button.setObjectName("exerciseDebrief")
        self.debrief_button.clicked.connect(self.ask_debrief)

        self.timeline = TimelineModel(self)
        self.timeline_view = self._table(self.timeline, stretch=2)
        self.action_model = ActionModel(self.lang, self)
        self.actions_view = self._table(self.action_model, stretch=2)
        self.expectations = ExpectationModel(self.lang, self)
        self.expectations_view = self._table(self.expectations, stretch=0)

        self.live_channel = QComboBox(self)
        self.live_persona = QComboBox(self)
        self.live_text = QLineEdit(self)
        self.live_text.setObjectName("liveText")
        self.live_button = QPushButton(self)
        self.live_button.setObjectName("liveInject")
        self.live_button.clicked.connect(self.inject_live)
        self.live_text.returnPressed.connect(self.inject_live)
        self.message = message_line(self)
        self.note_box = QGroupBox(self)
        self.note_text = QLineEdit(self)
        self.note_text.setObjectName("noteText")
        self.note_button = QPushButton(self)
        self.note_button.setObjectName("addNote")
        self.note_button.clicked.connect(self.add_note)
        self.note_text.returnPressed.connect(self.add_note)
        note_row = QHBoxLayout(self.note_box)
        note_row.addWidget(self.note_text, 1)
        note_row.addWidget(self.note_button)
        role = ctx.desk.user.role if ctx.desk.user is not None else ""
        self.debrief_button.setVisible(can(role, Action.EXPORT_RUN))
        self.runs = can(role, Action.EXERCISE_RUN)  # the trainer drives; an observer watches
        self.notes = can(role, Action.EXERCISE_NOTE)

        top = QHBoxLayout()
        top.addWidget(self.badge)
        top.addWidget(self.heading, 1)
        top.addWidget(self.clock)
        top.addWidget(self.state)
        controls = QHBoxLayout()
        controls.addWidget(self.pause_button)
        controls.addWidget(self.speed)
        controls.addWidget(self.jump_button)
        controls.addWidget(self.stop_button)
        controls.addStretch(1)
        controls.addWidget(self.debrief_button)
        self.timeline_box = QGroupBox(self)
        QVBoxLayout(self.timeline_box).addWidget(self.timeline_view)
        self.actions_box = QGroupBox(self)
        QVBoxLayout(self.actions_box).addWidget(self.actions_view)
        self.expectations_box = QGroupBox(self)
        QVBoxLayout(self.expectations_box).addWidget(self.expectations_view)
        right = QSplitter(Qt.Orientation.Vertical, self)
        right.addWidget(self.actions_box)
        right.addWidget(self.expectations_box)
        self.live_box = QGroupBox(self)
        live = QHBoxLayout(self.live_box)
        live.addWidget(self.live_channel)
        live.addWidget(self.live_persona)
        live.addWidget(self.live_text, 1)
        live.addWidget(self.live_button)
        self.event_list = QComboBox(self)
        self.event_list.setObjectName("eventList")
        self.list_button = QPushButton(self)
        self.list_button.setObjectName("addEventList")
        self.list_button.clicked.connect(self.add_event_list)
        controls.insertWidget(4, self.event_list)
        controls.insertWidget(5, self.list_button)
        list_and_detail(
            self,
            self.timeline_box,
            right,
            above=[top, controls],
            below=[self.live_box, self.note_box, self.message],
            orientation=Qt.Orientation.Horizontal,
            stretch=(3, 2),
        )
        for widget in (self.pause_button, self.speed, self.jump_button, self.stop_button,
                       self.live_box, self.event_list, self.list_button):  # fmt: skip
            widget.setVisible(self.runs)
        self.note_box.setVisible(self.notes)

        self.inject_timer = QTimer(self)
        self.inject_timer.setInterval(INJECT_MS)
        self.inject_timer.timeout.connect(self.inject_due)
        self.clock_timer = QTimer(self)
        self.clock_timer.setInterval(CLOCK_MS)
        self.clock_timer.timeout.connect(self.show_clock)
        self.refresh_timer = QTimer(self)
        self.refresh_timer.setInterval(REFRESH_MS)
        self.refresh_timer.timeout.connect(self.refresh)
        self.retranslate()
        self.refresh()
        if self.runs:
            self.inject_timer.start()
        self.clock_timer.start()
        self.refresh_timer.start()

    def _table(self, model: ListTableModel, stretch: int) -> QTableView:
        view = list_table(
            self, model, stretch=(min(stretch, model.column_count - 1),), selection=None
        )
        view.setWordWrap(False)
        return view

    # -- texts ------------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.lang = "ar" if self.ctx.prefs.rtl else "en"
        self.action_model.lang = self.expectations.lang = self.lang
        self.badge.setText(translate("Exercise", "EXERCISE"))
        self.jump_button.setText(translate("Exercise", "Jump to the next inject"))
        self.stop_button.setText(translate("Exercise", "End the exercise"))
        self.debrief_button.setText(translate("Exercise", "Write the debrief…"))
        self.timeline_box.setTitle(translate("Exercise", "Timeline of injects"))
        self.actions_box.setTitle(translate("Exercise", "What the trainees did"))
        self.expectations_box.setTitle(translate("Exercise", "Expectations"))
        self.live_box.setTitle(translate("Exercise", "Add an inject now"))
        self.live_button.setText(translate("Exercise", "Inject now"))
        self.list_button.setText(translate("Exercise", "Add the event list"))
        self.live_text.setPlaceholderText(translate("Exercise", "The message the public sends"))
        self.note_box.setTitle(translate("Exercise", "Observer's note"))
        self.note_button.setText(translate("Exercise", "Add the note"))
        self.note_text.setPlaceholderText(translate("Exercise", "What you saw, at this moment"))
        self._fill(self.live_channel, CHANNELS, channel_name)
        self._fill(self.live_persona, PERSONAS, persona_name)
        for model in (self.timeline, self.action_model, self.expectations):
            model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, model.column_count - 1)
        self._show_run()

    @staticmethod
    def _fill(box: QComboBox, values: tuple[str, ...], name: Any) -> None:
        current = box.currentData()
        box.clear()
        for value in values:
            box.addItem(name(value), value)
        box.setCurrentIndex(max(0, box.findData(current)))

    # -- reading ----------------------------------------------------------------------------

    def refresh(self) -> None:
        ex = self.ctx.desk.exercises
        incident = self.ctx.incident_id

        def load() -> tuple[RunInfo, list[TimelineEntry], list[RoomAction], Score, Any] | None:
            run = ex.for_incident(incident)
            if run is None:
                return None
            ex.prepare(run.id)  # the first injection does not pay for the set-up
            lists = ex.exercise(run.id).event_lists
            return run, ex.timeline(run.id), ex.actions(run.id), ex.score(run.id), lists

        self.ctx.ops.read(load, self._loaded, owner=self)

    def _loaded(self, result: tuple[RunInfo, list[Any], list[Any], Score, Any] | None) -> None:
        if result is None:
            return
        self.run, timeline, actions, score, lists = result
        if self.runs:
            self._injector_for(self.run)  # start the worker now: it is ready before Resume
        if self.event_list.count() != len(lists):
            self.event_list.clear()
            for entry in lists:
                self.event_list.addItem(safe_text(entry.title.get(self.lang), limit=80), entry.id)
        self.list_button.setEnabled(bool(lists) and self.run.state != "stopped")
        self.timeline.set_items(timeline)
        self.action_model.set_items(actions)
        self.expectations.set_items(score.expectations)
        self._show_run()

    def on_changes(self, changes: Changes) -> None:
        # the clock changed, or the room acted (its own injects are refreshed by their tick)
        if changes and not changes.only(EXERCISE_INJECTED):
            self.refresh()

    def offset(self) -> timedelta:
        if self.run is None:
            return timedelta(0)
        return self.run.clock.offset(self.ctx.desk.exercises.wall.now())

    def show_clock(self) -> None:
        if self.run is not None:
            self.clock.setText(ltr(format_offset(self.offset())))

    def _show_run(self) -> None:
        run = self.run
        if run is None:
            self.heading.setText("")
            return
        self.heading.setText(safe_text(run.title(self.lang), limit=120))
        self.state.setText(
            translate("Exercise", "%1 at %2×")
            .replace("%1", state_name(run.state))
            .replace("%2", str(run.speed))
        )
        self.pause_button.setText(
            translate("Exercise", "Resume")
            if run.state == "paused"
            else translate("Exercise", "Pause")
        )
        self.speed.setCurrentIndex(max(0, self.speed.findData(run.speed)))
        stopped = run.state == "stopped"
        for widget in (self.pause_button, self.speed, self.jump_button, self.stop_button,
                       self.live_button):  # fmt: skip
            widget.setEnabled(not stopped)
        self.show_clock()

    # -- acting -----------------------------------------------------------------------------

    def _injector_for(self, run: RunInfo) -> InjectorProcess | None:
        """The worker process that injects for ``run``, started on first need; ``None`` where
        a process cannot follow this room's clock (a test's own clock), which then injects
        on the single writer as before."""
        if not isinstance(wall_clock(self.ctx.desk), SystemClock) or self.ctx.desk.user is None:
            return None
        current = self.injector
        if current is not None and (current.run_id != run.id or not current.alive()):
            current.stop()
            current = self.injector = None
        if current is None and run.state != "stopped":
            current = self.injector = InjectorProcess(
                self.ctx.desk.url, self.ctx.desk.user.name, run.id
            )
            process = current
            # the worker ends with the console (and with the app: it is a daemon process)
            self.destroyed.connect(lambda *_: process.stop(timeout=2))
        return current

    def injector_ready(self) -> bool:
        """The injector's process has started and prepared the run (it takes a few seconds
        after the console opens)."""
        injector = self.injector
        if injector is None:
            return False
        self.inject_due()  # reads what it said
        return injector.ready

    def inject_due(self) -> None:
        """Inject what fell due: in the injector's own process (the GUI thread only shows what
        it says), or one pass at a time on the single writer where no process can run."""
        run = self.run
        if run is None:
            return
        injector = self._injector_for(run)
        if injector is not None:
            for said in injector.messages():
                if said.kind == "tick" and said.report is not None:
                    self._ticked(said.report)
                elif said.kind == "error":
                    self._tick_failed(said.text)
            if self.changed:
                self.changed = False
                injector.now()
            self.inject_timer.start(INJECT_MS)
            return
        if self.ticking or not (run.state == "running" or self.changed):
            return
        self.ticking = True
        self.changed = False
        self.inject_timer.setInterval(INJECT_MS)  # until this pass says when the next is due
        perform(
            self.ctx,
            exercise_ops.tick(self.ctx.desk, run.id),
            lambda done: self._ticked(done.value),
            self._tick_failed,
            owner=self,
        )

    def _ticked(self, report: TickReport) -> None:
        self.ticking = False
        # the next pass when the next item falls due (at most INJECT_MS away)
        run = self.run
        if self.injector is not None:
            pass  # the worker keeps its own time; the timer only reads what it says
        elif run is not None and run.state == "running" and report.next_at is not None:
            scenario = (report.next_at - self.offset()).total_seconds()
            wait = max(0.0, min(INJECT_MS / 1000, scenario / run.speed))
            self.inject_timer.start(int(wait * 1000))
        if report.rejected:
            self.message.setText(
                translate("Exercise", "%1 injects were set aside: %2")
                .replace("%1", str(len(report.rejected)))
                .replace("%2", safe_text(report.rejected[0], limit=200))
            )

    def _tick_failed(self, error: str) -> None:
        self.ticking = False
        self.message.setText(error)

    def _clock_call(self, name: str, fn: Any) -> None:
        run = self.run
        if run is None:
            return
        perform(
            self.ctx,
            exercise_ops.clock(name, fn, run.id),
            lambda done: self._changed(done.value),
            lambda error: self.message.setText(error),
            owner=self,
        )

    def _changed(self, run: RunInfo) -> None:
        self.run = run
        self.changed = True
        self.message.setText("")
        self._show_run()

    def toggle_pause(self) -> None:
        ex = self.ctx.desk.exercises
        if self.run is not None and self.run.state == "paused":
            self._clock_call("resume the exercise", ex.resume)
        else:
            self._clock_call("pause the exercise", ex.pause)

    def change_speed(self, _row: int = 0) -> None:
        speed = int(self.speed.currentData())
        if self.run is not None and speed != self.run.speed:
            ex = self.ctx.desk.exercises
            self._clock_call("change the speed", lambda run_id: ex.set_speed(run_id, speed))

    def jump(self) -> None:
        self._clock_call("jump to the next inject", self.ctx.desk.exercises.jump)

    def stop(self) -> None:
        self._clock_call("stop the exercise", self.ctx.desk.exercises.stop)

    def inject_live(self) -> None:
        run = self.run
        text = self.live_text.text().strip()
        if run is None or not text:
            self.message.setText(translate("Exercise", "Type the message to inject first."))
            return
        channel = str(self.live_channel.currentData())
        persona = str(self.live_persona.currentData())
        perform(
            self.ctx,
            exercise_ops.inject_live(self.ctx.desk, run.id, channel, text, persona),
            lambda done: self._live_done(done.value),
            lambda error: self.message.setText(error),
            owner=self,
        )

    def _live_done(self, report: TickReport) -> None:
        self.live_text.clear()
        self.message.setText(
            translate("Exercise", "Injected at %1").replace("%1", ltr(format_offset(report.offset)))
        )
        self.refresh()  # injects alone are not refreshed from the changes (see on_changes)

    def ask_debrief(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, translate("Exercise", "Folder for the debrief")
        )
        if folder:
            self.write_debrief(folder)

    def write_debrief(self, folder: str) -> None:
        """The debrief (HTML, PDF, JSON) into ``folder``, off the GUI thread."""
        run = self.run
        if run is None:
            return
        ex = self.ctx.desk.exercises
        self.message.setText(translate("Exercise", "Writing the debrief…"))
        self.ctx.ops.read(
            lambda: ex.write_debrief(run.id, folder),
            lambda paths: self.message.setText(
                translate("Exercise", "Debrief written: %1").replace(
                    "%1", ", ".join(str(p) for p in paths)
                )
            ),
            lambda error: self.message.setText(error),
            owner=self,
        )

    def add_event_list(self) -> None:
        run = self.run
        list_id = self.event_list.currentData()
        if run is None or list_id is None:
            return
        perform(
            self.ctx,
            exercise_ops.add_event_list(self.ctx.desk, run.id, str(list_id)),
            lambda _done: self._list_added(),
            lambda error: self.message.setText(error),
            owner=self,
        )

    def _list_added(self) -> None:
        self.changed = True  # its first injects are due now, also while paused

    def add_note(self) -> None:
        run = self.run
        text = self.note_text.text().strip()
        if run is None or not text:
            return
        perform(
            self.ctx,
            exercise_ops.note(self.ctx.desk, run.id, text),
            lambda _done: self._noted(),
            lambda error: self.message.setText(error),
            owner=self,
        )

    def _noted(self) -> None:
        self.note_text.clear()
        self.message.setText(translate("Exercise", "Note recorded"))

    def showcase(self) -> None:
        if self.timeline.rowCount():
            self.timeline_view.selectRow(0)
