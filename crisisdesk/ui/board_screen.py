"""The coordination board: every involved unit's last situation update (status, affected
areas, open issues, needs from the centre), stale units in red, a form to post your unit's
update, and the tasks the centre gave units, which the centre assigns and units close.
Every post and task is a decision taken in the core."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QModelIndex, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QSplitter,
    QWidget,
)

from crisisdesk.network.board import AFFECTED, STATUSES
from crisisdesk.network.units import Unit
from crisisdesk.ui.changes import Changes
from crisisdesk.ui.display import safe_text
from crisisdesk.ui.network_models import BoardModel, board_status_name, unit_name
from crisisdesk.ui.operations import network as network_ops
from crisisdesk.ui.operations import perform
from crisisdesk.ui.room import RoomContext
from crisisdesk.ui.screens import Screen, register_screen
from crisisdesk.ui.widgets import add_parts, list_and_detail, list_table, message_line, pane

translate = QCoreApplication.translate


def load_board(desk: Any, incident_id: int) -> dict[str, Any]:
    network = desk.network
    return {
        "lines": network.board.lines(incident_id),
        "tasks": network.board.tasks(incident_id),
        "units": [u for u in network.units() if u.active],
        "mine": network.my_unit(),
    }


@register_screen("board", order=16)
class BoardScreen(Screen):
    icon_name = "board"

    @classmethod
    def title(cls) -> str:
        return translate("Network", "Coordination board")

    def __init__(self, ctx: RoomContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.units: list[Unit] = []
        self.mine: Unit | None = None
        self.tasks: list[Any] = []
        self.model = BoardModel(ctx.prefs, self)
        self.table = list_table(  # the free text columns share what is left
            self, self.model, name="boardLines", stretch=(3, 4, 5), on_current=self._line_selected
        )
        # posting an update
        self.post_unit = QComboBox(self)
        self.status = QComboBox(self)
        self.status.setObjectName("boardStatus")
        self.areas = QLineEdit(self)
        self.areas.setObjectName("boardAreas")
        self.issues = QLineEdit(self)
        self.needs = QLineEdit(self)
        self.next_update = QSpinBox(self)
        self.next_update.setRange(0, 1440)
        self.next_update.setValue(60)
        self.post_button = QPushButton(self)
        self.post_button.setObjectName("boardPost")
        self.post_button.clicked.connect(self.post)
        self.form = QFormLayout()
        self.form_labels = [QLabel(self) for _ in range(6)]
        for label, field in zip(
            self.form_labels,
            (self.post_unit, self.status, self.areas, self.issues, self.needs, self.next_update),
            strict=True,
        ):
            self.form.addRow(label, field)
        # tasks to units
        self.tasks_label = QLabel(self)
        self.task_list = QListWidget(self)
        self.task_list.setObjectName("unitTasks")
        self.task_list.setWordWrap(True)
        self.done_button = QPushButton(self)
        self.done_button.setObjectName("taskDone")
        self.done_button.clicked.connect(self.mark_done)
        self.assign_unit = QComboBox(self)
        self.assign_unit.setObjectName("assignUnit")
        self.assign_title = QLineEdit(self)
        self.assign_title.setObjectName("assignTitle")
        self.assign_due = QSpinBox(self)
        self.assign_due.setRange(0, 10_080)
        self.assign_due.setValue(30)
        self.assign_button = QPushButton(self)
        self.assign_button.setObjectName("assignTask")
        self.assign_button.clicked.connect(self.assign)
        self.message = message_line(self)
        assign_row = add_parts(
            QHBoxLayout(),
            [(self.assign_unit, 1), (self.assign_title, 2), self.assign_due, self.assign_button],
        )
        post_box = pane(self, self.form, self.post_button, 1)
        task_box = pane(self, self.tasks_label, (self.task_list, 1), self.done_button, assign_row)
        lower = QSplitter(Qt.Orientation.Horizontal, self)
        lower.addWidget(post_box)
        lower.addWidget(task_box)
        list_and_detail(self, self.table, lower, below=[self.message])
        self.retranslate()
        self.refresh()

    def retranslate(self) -> None:
        texts = (
            translate("Network", "Unit"),
            translate("Network", "Status"),
            translate("Network", "Affected areas"),
            translate("Network", "Open issues"),
            translate("Network", "Needs from the centre"),
            translate("Network", "Next update in (min)"),
        )
        for label, text in zip(self.form_labels, texts, strict=True):
            label.setText(text)
        self.post_button.setText(translate("Network", "Post update"))
        self.tasks_label.setText(translate("Network", "Tasks given to units"))
        self.done_button.setText(translate("Network", "Mark the selected task done"))
        self.assign_title.setPlaceholderText(translate("Network", "Task for the unit"))
        self.assign_button.setText(translate("Network", "Assign"))
        keep = self.status.currentData()
        self.status.clear()
        for value in STATUSES:
            self.status.addItem(board_status_name(value), value)
        self.status.setCurrentIndex(max(0, self.status.findData(keep)))
        self._fill_units()
        self._fill_tasks()
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, 5)

    def refresh(self) -> None:
        desk, incident = self.ctx.desk, self.ctx.incident_id
        self.ctx.ops.read(lambda: load_board(desk, incident), self._loaded, owner=self)

    def _loaded(self, data: dict[str, Any]) -> None:
        self.units, self.mine, self.tasks = data["units"], data["mine"], data["tasks"]
        self.model.set_items(data["lines"])
        self._fill_units()
        self._fill_tasks()

    def _fill_units(self) -> None:
        prefs = self.ctx.prefs
        keep_post = self.post_unit.currentData()
        keep_assign = self.assign_unit.currentData()
        self.post_unit.clear()
        self.assign_unit.clear()
        self.assign_unit.addItem(translate("Network", "Each affected municipality"), AFFECTED)
        for unit in self.units:
            self.post_unit.addItem(unit_name(unit, prefs), unit.code)
            self.assign_unit.addItem(unit_name(unit, prefs), unit.code)
        default = keep_post or (self.mine.code if self.mine else None)
        self.post_unit.setCurrentIndex(max(0, self.post_unit.findData(default)))
        self.assign_unit.setCurrentIndex(max(0, self.assign_unit.findData(keep_assign)))

    def _fill_tasks(self) -> None:
        names = {u.code: unit_name(u, self.ctx.prefs) for u in self.units}
        self.task_list.clear()
        for task in self.tasks:
            state = (
                translate("Network", "done by %1").replace("%1", task.done_by or "-")
                if task.done_at
                else translate("Network", "open")
            )
            line = f"#{task.id} · {names.get(task.unit, task.unit)} · {state} · " + safe_text(
                task.title, limit=160
            )
            entry = QListWidgetItem(line)
            entry.setData(Qt.ItemDataRole.UserRole, task.id)
            self.task_list.addItem(entry)

    def _line_selected(self, current: QModelIndex, _previous: QModelIndex) -> None:
        line = self.model.item(current)
        if line is not None:
            self.post_unit.setCurrentIndex(max(0, self.post_unit.findData(line.unit.code)))

    def on_changes(self, changes: Changes) -> None:
        if changes.board or changes.units or changes.incident:
            self.refresh()

    # ---------------------------------------------------------------- acting
    def post(self) -> None:
        desk, incident = self.ctx.desk, self.ctx.incident_id
        unit, status = self.post_unit.currentData(), self.status.currentData()
        areas, issues, needs = self.areas.text(), self.issues.text(), self.needs.text()
        minutes = self.next_update.value() or None
        op = network_ops.post_update(
            desk,
            incident,
            status=status,
            unit=unit,
            affected_areas=areas,
            open_issues=issues,
            needs=needs,
            next_update_minutes=minutes,
        )
        perform(
            self.ctx,
            op,
            lambda done: self._done(
                translate("Network", "Update %1 posted").replace("%1", str(done.value.id))
            ),
            lambda error: self.message.setText(error),
            owner=self,
        )

    def assign(self) -> None:
        desk, incident = self.ctx.desk, self.ctx.incident_id
        unit, title = self.assign_unit.currentData(), self.assign_title.text()
        due = self.assign_due.value() or None
        perform(
            self.ctx,
            network_ops.assign_task(desk, incident, unit, title, due),
            lambda done: self._done(
                translate("Network", "%1 tasks assigned").replace("%1", str(len(done.value)))
            ),
            lambda error: self.message.setText(error),
            owner=self,
        )

    def mark_done(self) -> None:
        entry = self.task_list.currentItem()
        if entry is None:
            self.message.setText(translate("Network", "Select a task first."))
            return
        task_id = int(entry.data(Qt.ItemDataRole.UserRole))
        perform(
            self.ctx,
            network_ops.finish_task(self.ctx.desk, task_id),
            lambda done: self._done(
                translate("Network", "Task %1 done").replace("%1", str(done.value.id))
            ),
            lambda error: self.message.setText(error),
            owner=self,
        )

    def _done(self, text: str) -> None:
        self.message.setText(text)
        self.areas.clear()
        self.issues.clear()
        self.needs.clear()
        self.assign_title.clear()

    def showcase(self) -> None:
        if self.model.rowCount():
            self.table.setCurrentIndex(self.model.index(0, 0))
