"""The incident's checklist: tasks by phase with owner, live countdown, overdue marked in red
and with a warning sign, who did it and their note. Marking a task done, skipping it (or
calling it not applicable) with a reason, and reassigning it are decisions.

A task is closed by its owner role, whoever it was reassigned to, or the lead; an occurrence
of a recurring task not before its time. The buttons follow the core's own rules
(:mod:`crisisdesk.incidents.ownership`) and say why when they are off; the core checks again.
Times are the room's (its time zone, named in the status bar when it is not this computer's).

The countdown ticks once a second from the tasks already loaded; the database is read again
only when the change feed reports a task decision (done or spawned, here or elsewhere).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
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

from crisisdesk.incidents import ownership
from crisisdesk.incidents.tasks import UNSEEN, TaskInfo
from crisisdesk.ui.changes import Changes
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
from crisisdesk.ui.display import date_time, directed, number, role_name, safe_text
from crisisdesk.ui.messages import fix_minimum_size
from crisisdesk.ui.operations import Op, perform
from crisisdesk.ui.operations import incidents as incident_ops
from crisisdesk.ui.room import RoomContext
from crisisdesk.ui.screens import Screen, register_screen
from crisisdesk.ui.widgets import ok_cancel
from crisisdesk.users.permissions import Action, can

translate = QCoreApplication.translate

TICK_MS = 1000
NOTE_LIMIT = 2000

Loaded = tuple[list[TaskInfo], dict[str, Any] | None, dict[str, str], list[tuple[str, str, str]]]


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
        self.buttons = ok_cancel(self)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(translate("Checklist", "Mark done"))
        ok.setDefault(True)
        layout.addWidget(self.buttons)
        self.note.setFocus()
        fix_minimum_size(self)

    def text(self) -> str:
        return self.note.toPlainText().strip()[:NOTE_LIMIT]


class ReasonDialog(QDialog):
    """Skip a task, or call it not applicable: the reason is required and goes in the log."""

    def __init__(self, title: str, recurring: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("taskSkipDialog")
        self.setWindowTitle(translate("Checklist", "Skip task"))
        layout = QVBoxLayout(self)
        label = QLabel(title, self)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setWordWrap(True)
        layout.addWidget(label)
        prompt = QLabel(translate("Checklist", "Why is it not done? (required, for the log)"), self)
        layout.addWidget(prompt)
        self.reason = NoteEdit(self)
        self.reason.setObjectName("skipReason")
        self.reason.setTabChangesFocus(True)
        self.reason.setMinimumSize(420, 90)
        prompt.setBuddy(self.reason)
        layout.addWidget(self.reason)
        self.not_applicable = QCheckBox(
            translate("Checklist", "Not applicable to this incident")
            + (translate("Checklist", " (it stops repeating)") if recurring else ""),
            self,
        )
        self.not_applicable.setObjectName("notApplicable")
        layout.addWidget(self.not_applicable)
        self.buttons = ok_cancel(self)
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setEnabled(False)
        self.reason.textChanged.connect(self._changed)
        self.not_applicable.toggled.connect(self._changed)
        self.reason.submitted.connect(lambda: self.accept() if self.ok.isEnabled() else None)
        layout.addWidget(self.buttons)
        self._changed()
        self.reason.setFocus()
        fix_minimum_size(self)

    def _changed(self) -> None:
        self.ok.setEnabled(bool(self.text()))
        self.ok.setText(
            translate("Checklist", "Mark not applicable")
            if self.not_applicable.isChecked()
            else translate("Checklist", "Skip")
        )

    def text(self) -> str:
        return self.reason.toPlainText().strip()[:NOTE_LIMIT]


class ReassignDialog(QDialog):
    """Hand a task to one colleague (or back to its playbook role), with an optional reason."""

    def __init__(
        self,
        title: str,
        people: list[tuple[str, str, str]],
        current: str | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("taskReassignDialog")
        self.setWindowTitle(translate("Checklist", "Reassign task"))
        layout = QVBoxLayout(self)
        label = QLabel(title, self)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setWordWrap(True)
        layout.addWidget(label)
        prompt = QLabel(translate("Checklist", "Give it to:"), self)
        layout.addWidget(prompt)
        self.person = QComboBox(self)
        self.person.setObjectName("reassignTo")
        self.person.addItem(translate("Checklist", "Its playbook role (no one in particular)"), "")
        for name, display, role in people:
            self.person.addItem(f"{safe_text(display or name, limit=60)} · {role_name(role)}", name)
        if current:
            found = self.person.findData(current)
            if found >= 0:
                self.person.setCurrentIndex(found)
        prompt.setBuddy(self.person)
        layout.addWidget(self.person)
        layout.addWidget(QLabel(translate("Checklist", "Reason (optional):"), self))
        self.reason = NoteEdit(self)
        self.reason.setObjectName("reassignReason")
        self.reason.setTabChangesFocus(True)
        self.reason.setMinimumSize(420, 70)
        layout.addWidget(self.reason)
        self.buttons = ok_cancel(self)
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(translate("Checklist", "Reassign"))
        self.reason.submitted.connect(self.accept)
        layout.addWidget(self.buttons)
        self.current = current or ""
        self.person.currentIndexChanged.connect(
            lambda _i: self.ok.setEnabled(self.chosen() != (self.current or None))
        )
        self.ok.setEnabled(False)
        fix_minimum_size(self)

    def chosen(self) -> str | None:
        return str(self.person.currentData()) or None

    def text(self) -> str:
        return self.reason.toPlainText().strip()[:NOTE_LIMIT]


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
        self.dialog: QDialog | None = None
        self.colleagues: list[tuple[str, str, str]] = []  # who a task can be handed to
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
        self.skip_button = QPushButton(self)
        self.skip_button.setObjectName("skipTask")
        self.skip_button.clicked.connect(self.ask_skip)
        self.reassign_button = QPushButton(self)
        self.reassign_button.setObjectName("reassignTask")
        self.reassign_button.clicked.connect(self.ask_reassign)
        self.message = QLabel(self)
        self.message.setObjectName("checklistMessage")
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)

        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.reassign_button)
        top.addWidget(self.skip_button)
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
        if ctx.jobs is not None:
            self.model.highlighted = set(ctx.jobs.tasks.highlighted)
        self.retranslate()
        self.refresh()
        self.timer.start()

    # -- loading --------------------------------------------------------------------------

    def refresh(self) -> None:
        desk, incident = self.ctx.desk, self.ctx.incident_id

        def load() -> Loaded:
            people = {u.name: u.display_name for u in desk.users.list() if u.display_name}
            return (
                desk.tasks.list(incident),
                desk.incidents.playbook_snapshot(incident),
                people,
                desk.tasks.candidates(),
            )

        self.ctx.ops.read(load, self._loaded, self._failed, owner=self)

    def _loaded(self, result: Loaded) -> None:
        tasks, snapshot, people, colleagues = result
        self.model.people = people
        self.colleagues = colleagues
        current = self.current_task()
        self.has_playbook = snapshot is not None
        self.model.set_tasks(tasks, snapshot, self.ctx.desk.clock.now())
        self.model.highlighted &= {t.id for t in tasks if not t.closed}
        self.expand()
        if current is not None:
            self.select_task(current.id)
        self.loaded = True
        self._update_summary()
        self._update_buttons()

    def _failed(self, message: str) -> None:
        self.loaded = True
        self.message.setText(message)

    def on_changes(self, changes: Changes) -> None:
        if changes.tasks or changes.incident:
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
        self._update_buttons()

    def tick(self) -> None:
        """Once a second: the countdown moves; no database read, no signal per row."""
        self.model.set_now(self.ctx.desk.clock.now())
        if self.isVisible():
            self.tree.viewport().update()
            self._update_summary()
            self._update_buttons()  # an occurrence coming into its time can now be ticked

    # -- reminders ------------------------------------------------------------------------

    def highlight(self, task_ids: set[int]) -> None:
        """Reminders pointed at these tasks: they stand out until done."""
        self.model.highlighted = set(task_ids)
        self.tree.viewport().update()

    # -- selection ------------------------------------------------------------------------

    def current_task(self) -> TaskInfo | None:
        return self.model.task(self.tree.currentIndex())

    def select_task(self, task_id: int) -> bool:
        index = self.model.index_of(task_id)
        if not index.isValid():
            return False
        self.tree.setCurrentIndex(index)
        self.tree.scrollTo(index)
        return True

    def why_not_close(self, task: TaskInfo | None, *, skipping: bool = False) -> str | None:
        """Why the signed-in user may not close ``task`` now (for the tooltip), or None."""
        if task is None:
            return translate("Checklist", "Select a task first")
        if task.closed:
            return translate("Checklist", "This task is closed")
        if not self.may_complete:
            return translate("Checklist", "Your role cannot mark tasks done")
        if not ownership.may_close(self.ctx.desk.user, task):
            return self._not_yours(task)
        opens = ownership.not_yet_due(task, self.ctx.desk.clock.now())
        if opens is not None:
            return translate("Checklist", "This occurrence is not due yet: from %1").replace(
                "%1", date_time(opens, self.ctx.prefs, seconds=False)
            )
        return None

    def why_not_reassign(self, task: TaskInfo | None) -> str | None:
        if task is None:
            return translate("Checklist", "Select a task first")
        if task.closed:
            return translate("Checklist", "This task is closed")
        if not ownership.may_reassign(self.ctx.desk.user, task):
            return translate("Checklist", "Only its owner or the incident lead can reassign it")
        return None

    def _not_yours(self, task: TaskInfo) -> str:
        if task.assignee:
            who = self.model.people.get(task.assignee) or task.assignee
            return translate("Checklist", "It was reassigned to %1").replace(
                "%1", safe_text(who, limit=60)
            )
        ar, en = self.model.roles.get(task.owner_role, (task.owner_role, task.owner_role))
        role = ar if self.ctx.prefs.language == "ar" else en
        return translate(
            "Checklist", "It belongs to the %1; they or the incident lead can complete it"
        ).replace("%1", safe_text(role, limit=80))

    # -- actions --------------------------------------------------------------------------

    def ask_done(self) -> None:
        task = self.current_task()
        if task is None or self.why_not_close(task) is not None or self.dialog is not None:
            return
        dialog = DoneDialog(safe_text(task.title(self.ctx.prefs.language), limit=400), self)
        dialog.accepted.connect(lambda: self.mark_done(task.id, dialog.text()))
        self._open(dialog)

    def ask_skip(self) -> None:
        task = self.current_task()
        if task is None or self.dialog is not None:
            return
        if self.why_not_close(task) is not None and not self._may_say_not_applicable(task):
            return
        dialog = ReasonDialog(
            safe_text(task.title(self.ctx.prefs.language), limit=400),
            task.recurrence is not None,
            self,
        )
        if self.why_not_close(task) is not None:  # not due yet: only "not applicable" is open
            dialog.not_applicable.setChecked(True)
            dialog.not_applicable.setEnabled(False)
        dialog.accepted.connect(
            lambda: self.skip(task.id, dialog.text(), dialog.not_applicable.isChecked())
        )
        self._open(dialog)

    def ask_reassign(self) -> None:
        task = self.current_task()
        if task is None or self.why_not_reassign(task) is not None or self.dialog is not None:
            return
        dialog = ReassignDialog(
            safe_text(task.title(self.ctx.prefs.language), limit=400),
            self.colleagues,
            task.assignee,
            self,
        )
        dialog.accepted.connect(  # on the holder this screen showed: a claim made meanwhile wins
            lambda: self.reassign(task.id, dialog.chosen(), dialog.text(), seen=task.assignee)
        )
        self._open(dialog)

    def _may_say_not_applicable(self, task: TaskInfo) -> bool:
        """A step found not to apply may be said so before its time (not by someone else)."""
        return (
            not task.closed
            and self.may_complete
            and bool(ownership.may_close(self.ctx.desk.user, task))
        )

    def _open(self, dialog: QDialog) -> None:
        dialog.finished.connect(self._dialog_closed)
        self.dialog = dialog
        dialog.open()

    def _dialog_closed(self, _code: int) -> None:
        if self.dialog is not None:
            self.dialog.deleteLater()
            self.dialog = None

    def _write(self, op: Op[Any]) -> None:
        """Through the single writer; the row updates when the decision comes back."""
        self.message.setText("")
        for button in (self.done_button, self.skip_button, self.reassign_button):
            button.setEnabled(False)
        perform(self.ctx, op, lambda done: self._marked(done.value), self._mark_failed, owner=self)

    def mark_done(self, task_id: int, note: str) -> None:
        self._write(incident_ops.task_done(self.ctx.desk, task_id, note))

    def skip(self, task_id: int, reason: str, not_applicable: bool) -> None:
        self._write(
            incident_ops.skip_task(self.ctx.desk, task_id, reason, not_applicable=not_applicable)
        )

    def reassign(
        self, task_id: int, to: str | None, reason: str, *, seen: object = UNSEEN
    ) -> None:
        self._write(incident_ops.reassign_task(self.ctx.desk, task_id, to, reason, seen=seen))

    def _marked(self, task: TaskInfo) -> None:
        title = safe_text(task.title(self.ctx.prefs.language))
        if not task.closed:
            who = self.model.people.get(task.assignee or "") or task.assignee
            text = (
                translate("Checklist", "Reassigned to %2: %1").replace(
                    "%2", safe_text(who, limit=60)
                )
                if who
                else translate("Checklist", "Back with its playbook role: %1")
            )
        else:
            text = {
                "skipped": translate("Checklist", "Skipped: %1"),
                "not_applicable": translate("Checklist", "Not applicable: %1"),
            }.get(task.outcome or "", translate("Checklist", "Done: %1"))
        self.message.setText(text.replace("%1", title))

    def _mark_failed(self, message: str) -> None:
        self.message.setText(message)
        self._update_buttons()

    # -- texts ----------------------------------------------------------------------------

    def _update_buttons(self) -> None:
        task = self.current_task()
        why = self.why_not_close(task)
        self.done_button.setEnabled(why is None)
        self.done_button.setToolTip(
            why or translate("Checklist", "Mark the selected task done, with a note (Enter)")
        )
        skippable = why is None or (task is not None and self._may_say_not_applicable(task))
        self.skip_button.setEnabled(skippable)
        self.skip_button.setToolTip(
            translate(
                "Checklist", "Skip the selected task, or mark it not applicable, with a reason"
            )
            if skippable
            else why or ""
        )
        reassign_why = self.why_not_reassign(task)
        self.reassign_button.setEnabled(reassign_why is None)
        self.reassign_button.setToolTip(
            reassign_why or translate("Checklist", "Hand the selected task to a colleague")
        )

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
        done = sum(1 for t in tasks if t.closed)
        now = self.model.now
        overdue = sum(1 for t in tasks if now is not None and t.overdue(now))
        text = (
            translate("Checklist", "%1 of %2 tasks done · %3 overdue")
            .replace("%1", number(done, prefs))
            .replace("%2", number(len(tasks), prefs))
            .replace("%3", number(overdue, prefs))
        )
        upcoming = [t for t in tasks if not t.closed and now is not None and t.due_at >= now]
        if upcoming and now is not None:
            nxt = min(upcoming, key=lambda t: t.due_at)
            seconds = int((nxt.due_at - now).total_seconds())
            text += " · " + translate("Checklist", "next due in %1").replace(
                "%1", countdown(seconds, prefs)
            )
        self.summary.setText(directed(text, prefs))

    def retranslate(self) -> None:
        self.done_button.setText(translate("Checklist", "Mark done…"))
        self.skip_button.setText(translate("Checklist", "Skip…"))
        self.reassign_button.setText(translate("Checklist", "Reassign…"))
        self.model.refresh_texts()
        self.expand()
        self._update_summary()
        self._update_buttons()

    def showcase(self) -> None:
        """Select the first overdue task (else the first open one) for a screenshot."""
        tasks = self.model.tasks()
        kinds = [self.model.kind(t) for t in tasks]
        for wanted in ("overdue", "open"):
            if wanted in kinds:
                self.select_task(tasks[kinds.index(wanted)].id)
                break
        self.tree.setFocus()
