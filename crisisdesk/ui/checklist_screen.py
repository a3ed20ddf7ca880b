"""The incident's checklist: tasks by phase with owner, live countdown, overdue marked in red
and with a warning sign, who did it and their note; marking a task done is a decision.

The countdown ticks once a second from the tasks already loaded; the database is read again
only when the change feed reports a task decision (done or spawned, here or elsewhere).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from crisisdesk.incidents.tasks import TaskInfo
from crisisdesk.ui.checklist_model import (
    COUNTDOWN,
    DONE_BY,
    DUE,
    NOTE,
    OWNER,
    STATUS,
    TASK,
    ChecklistModel,
    countdown,
)
from crisisdesk.ui.display import directed, number, safe_text
from crisisdesk.ui.messages import fix_minimum_size
from crisisdesk.ui.room import RoomContext
from crisisdesk.ui.screens import Screen, register_screen
from crisisdesk.users.permissions import Action, can

translate = QCoreApplication.translate

TICK_MS = 1000
NOTE_LIMIT = 2000


class NoteEdit(QPlainTextEdit):
    """A note box where Ctrl+Enter confirms (Enter alone starts a new line)."""

    submitted = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and (
            event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            self.submitted.emit()
            return
        super().keyPressEvent(event)


class DoneDialog(QDialog):
    """Names the task and takes an optional note for the log."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("taskDoneDialog")
        self.setWindowTitle(translate("Checklist", "Mark task done"))
        layout = QVBoxLayout(self)
        self.task_label = QLabel(title, self)
        self.task_label.setTextFormat(Qt.TextFormat.PlainText)
        self.task_label.setWordWrap(True)
        self.task_label.setObjectName("doneTaskTitle")
        layout.addWidget(self.task_label)
        prompt = QLabel(
            translate("Checklist", "Note for the log (optional; Ctrl+Enter to confirm):"), self
        )
        layout.addWidget(prompt)
        self.note = NoteEdit(self)
        self.note.submitted.connect(self.accept)
        self.note.setObjectName("doneNote")
        self.note.setTabChangesFocus(True)
        self.note.setMinimumSize(420, 100)
        prompt.setBuddy(self.note)
        layout.addWidget(self.note)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(translate("Checklist", "Mark done"))
        ok.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.note.setFocus()
        fix_minimum_size(self)

    def text(self) -> str:
        return self.note.toPlainText().strip()[:NOTE_LIMIT]


@register_screen("checklist", order=13)
class ChecklistScreen(Screen):
    icon_name = "checklist"

    @classmethod
    def title(cls) -> str:
        return translate("Checklist", "Checklist")

    def __init__(self, ctx: RoomContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.loaded = False
        self.has_playbook = True
        self.dialog: DoneDialog | None = None
        self.model = ChecklistModel(ctx.prefs, self)
        self.tree = QTreeView(self)
        self.tree.setObjectName("checklistTree")
        self.tree.setModel(self.model)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.tree.header()
        header.setStretchLastSection(False)
        # Only the task column stretches; the others are sized once per load, never on
        # every tick (sizing to contents would read every row each second).
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(TASK, QHeaderView.ResizeMode.Stretch)
        for column, width in ((OWNER, 190), (DONE_BY, 170), (NOTE, 200)):
            header.resizeSection(column, width)
        self.tree.activated.connect(lambda _index: self.ask_done())
        self.tree.selectionModel().currentChanged.connect(lambda *_: self._update_buttons())

        self.summary = QLabel(self)
        self.summary.setObjectName("checklistSummary")
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.done_button = QPushButton(self)
        self.done_button.setObjectName("markDone")
        self.done_button.clicked.connect(self.ask_done)
        self.message = QLabel(self)
        self.message.setObjectName("checklistMessage")
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)

        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.done_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.message)

        role = ctx.desk.user.role if ctx.desk.user is not None else ""
        self.may_complete = can(role, Action.TASK_DONE)
        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self.tick)
        watch = getattr(self.window(), "task_watch", None)
        if watch is not None:
            self.model.highlighted = set(watch.highlighted)
        self.retranslate()
        self.refresh()
        self.timer.start()

    # -- loading --------------------------------------------------------------------------

    def refresh(self) -> None:
        desk, incident = self.ctx.desk, self.ctx.incident_id

        def load() -> tuple[list[TaskInfo], dict[str, Any] | None, dict[str, str]]:
            people = {u.name: u.display_name for u in desk.users.list() if u.display_name}
            return desk.tasks.list(incident), desk.incidents.playbook_snapshot(incident), people

        self.ctx.ops.read(load, self._loaded, self._failed, owner=self)

    def _loaded(self, result: tuple[list[TaskInfo], dict[str, Any] | None, dict[str, str]]) -> None:
        tasks, snapshot, people = result
        self.model.people = people
        current = self.current_task()
        self.has_playbook = snapshot is not None
        self.model.set_tasks(tasks, snapshot, self.ctx.desk.clock.now())
        self.model.highlighted &= {t.id for t in tasks if not t.done}
        self.expand()
        if current is not None:
            self.select_task(current.id)
        self.loaded = True
        self._update_summary()
        self._update_buttons()

    def _failed(self, message: str) -> None:
        self.loaded = True
        self.message.setText(message)

    def on_decisions(self, decisions: list) -> None:
        if any(
            d.incident_id == self.ctx.incident_id
            and (d.kind.startswith("task.") or d.kind.startswith("incident."))
            for d in decisions
        ):
            self.refresh()

    def expand(self) -> None:
        """Every phase open, its header across the whole row; short columns fitted."""
        for row in range(self.model.rowCount()):
            self.tree.setFirstColumnSpanned(row, QModelIndex(), True)
        self.tree.expandAll()
        for column in (DUE, COUNTDOWN, STATUS):
            self.tree.resizeColumnToContents(column)

    def on_prefs_changed(self) -> None:
        self.model.refresh_texts()
        self.expand()
        self._update_summary()

    def tick(self) -> None:
        """Once a second: the countdown moves; no database read, no signal per row."""
        self.model.set_now(self.ctx.desk.clock.now())
        if self.isVisible():
            self.tree.viewport().update()
            self._update_summary()

    # -- reminders ------------------------------------------------------------------------

    def highlight(self, task_ids: set[int]) -> None:
        """Reminders pointed at these tasks: they stand out until done."""
        self.model.highlighted = set(task_ids)
        self.tree.viewport().update()

    # -- selection and completion ---------------------------------------------------------

    def current_task(self) -> TaskInfo | None:
        return self.model.task(self.tree.currentIndex())

    def select_task(self, task_id: int) -> bool:
        index = self.model.index_of(task_id)
        if not index.isValid():
            return False
        self.tree.setCurrentIndex(index)
        self.tree.scrollTo(index)
        return True

    def ask_done(self) -> None:
        task = self.current_task()
        if task is None or task.done or not self.may_complete or self.dialog is not None:
            return
        dialog = DoneDialog(safe_text(task.title(self.ctx.prefs.language), limit=400), self)
        dialog.accepted.connect(lambda: self.mark_done(task.id, dialog.text()))
        dialog.finished.connect(self._dialog_closed)
        self.dialog = dialog
        dialog.open()

    def _dialog_closed(self, _code: int) -> None:
        if self.dialog is not None:
            self.dialog.deleteLater()
            self.dialog = None

    def mark_done(self, task_id: int, note: str) -> None:
        """Through the single writer; the row updates when the decision comes back."""
        desk = self.ctx.desk
        self.message.setText("")
        self.done_button.setEnabled(False)
        self.ctx.ops.write(
            lambda: desk.tasks.done(task_id, note), self._marked, self._mark_failed, owner=self
        )

    def _marked(self, task: TaskInfo) -> None:
        self.message.setText(
            translate("Checklist", "Done: %1").replace(
                "%1", safe_text(task.title(self.ctx.prefs.language))
            )
        )
        self.refresh()

    def _mark_failed(self, message: str) -> None:
        self.message.setText(message)
        self._update_buttons()

    # -- texts ----------------------------------------------------------------------------

    def _update_buttons(self) -> None:
        task = self.current_task()
        self.done_button.setEnabled(self.may_complete and task is not None and not task.done)

    def _update_summary(self) -> None:
        prefs = self.ctx.prefs
        tasks = self.model.tasks()
        if not self.loaded:
            self.summary.setText("")
            return
        if not tasks:
            self.summary.setText(
                translate(
                    "Checklist", "This incident has no checklist: it was opened without a playbook."
                )
                if not self.has_playbook
                else translate("Checklist", "No tasks.")
            )
            return
        done = sum(1 for t in tasks if t.done)
        now = self.model.now
        overdue = sum(1 for t in tasks if now is not None and t.overdue(now))
        text = (
            translate("Checklist", "%1 of %2 tasks done · %3 overdue")
            .replace("%1", number(done, prefs))
            .replace("%2", number(len(tasks), prefs))
            .replace("%3", number(overdue, prefs))
        )
        upcoming = [t for t in tasks if not t.done and now is not None and t.due_at >= now]
        if upcoming and now is not None:
            nxt = min(upcoming, key=lambda t: t.due_at)
            seconds = int((nxt.due_at - now).total_seconds())
            text += " · " + translate("Checklist", "next due in %1").replace(
                "%1", countdown(seconds, prefs)
            )
        self.summary.setText(directed(text, prefs))

    def retranslate(self) -> None:
        self.done_button.setText(translate("Checklist", "Mark done…"))
        self.done_button.setToolTip(
            translate("Checklist", "Mark the selected task done, with a note (Enter)")
            if self.may_complete
            else translate("Checklist", "Your role cannot mark tasks done")
        )
        self.model.refresh_texts()
        self.expand()
        self._update_summary()

    def showcase(self) -> None:
        """Select the first overdue task (else the first open one) for a screenshot."""
        tasks = self.model.tasks()
        kinds = [self.model.kind(t) for t in tasks]
        for wanted in ("overdue", "open"):
            if wanted in kinds:
                self.select_task(tasks[kinds.index(wanted)].id)
                break
        self.tree.setFocus()
