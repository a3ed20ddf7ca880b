"""The Network screen: every unit of the media network with its open and overdue messages,
its last board update (stale ones in red) and its open tasks, in a sortable grid; below,
the selected unit's queue with why each message is there, and hand-off and escalation with
a note. A municipal operator opens on their own unit; the core refuses what their unit
may not do, and the screen says so."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from crisisdesk.network.units import Unit
from crisisdesk.ui.changes import Changes
from crisisdesk.ui.network_models import SORT_ROLE, QueueModel, UnitRow, UnitsModel, unit_name
from crisisdesk.ui.operations import network as network_ops
from crisisdesk.ui.operations import perform
from crisisdesk.ui.room import RoomContext
from crisisdesk.ui.screens import Screen, register_screen
from crisisdesk.ui.widgets import add_parts, list_and_detail, list_table, message_line, pane

translate = QCoreApplication.translate


def load_network(desk: Any, incident_id: int) -> dict[str, Any]:
    """Everything the screen shows, read in one go on a reader thread."""
    network = desk.network
    counts = {c.unit.code: c for c in network.queues.breakdown(incident_id, route=False)}
    lines = {b.unit.code: b for b in network.board.lines(incident_id)}
    units = [u for u in network.units() if u.active]
    shown = [u for u in units if u.code in counts or u.code in lines]
    rows = [UnitRow(u, counts.get(u.code), lines.get(u.code)) for u in shown]
    return {"rows": rows, "units": units, "mine": network.my_unit()}


@register_screen("network", order=15)
class NetworkScreen(Screen):
    icon_name = "network"

    @classmethod
    def title(cls) -> str:
        return translate("Network", "Network")

    def __init__(self, ctx: RoomContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.units: list[Unit] = []
        self.mine: Unit | None = None
        self.current_unit: str | None = None
        self.model = UnitsModel(ctx.prefs, self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.table = list_table(
            self,
            self.proxy,
            name="networkUnits",
            stretch=(0,),
            on_current=self._unit_selected,
        )
        self.table.setSortingEnabled(True)
        self.queue_label = QLabel(self)
        self.queue_model = QueueModel(ctx.prefs, self)
        self.queue = list_table(self, self.queue_model, name="networkQueue", stretch=(1,))
        self.target = QComboBox(self)
        self.target.setObjectName("handoffTarget")
        self.note = QLineEdit(self)
        self.note.setObjectName("handoffNote")
        self.handoff_button = QPushButton(self)
        self.handoff_button.setObjectName("handOff")
        self.handoff_button.clicked.connect(self.hand_off)
        self.escalate_button = QPushButton(self)
        self.escalate_button.setObjectName("escalate")
        self.escalate_button.clicked.connect(self.escalate)
        self.target_label = QLabel(self)
        self.note_label = QLabel(self)
        self.message = message_line(self)
        actions = add_parts(
            QHBoxLayout(),
            [
                self.target_label,
                (self.target, 1),
                self.note_label,
                (self.note, 2),
                self.handoff_button,
                self.escalate_button,
            ],
        )
        lower = pane(self, self.queue_label, (self.queue, 1), actions, self.message)
        list_and_detail(self, self.table, lower, stretch=(0, 2))
        self.retranslate()
        self.refresh()

    def retranslate(self) -> None:
        self.target_label.setText(translate("Network", "Hand off to"))
        self.note_label.setText(translate("Network", "Note"))
        self.note.setPlaceholderText(translate("Network", "Why it goes there (required)"))
        self.handoff_button.setText(translate("Network", "Hand off"))
        self.escalate_button.setText(translate("Network", "Escalate to the centre"))
        self._set_queue_label()
        self._fill_targets()
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, 5)
        self.queue_model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, 4)

    # ---------------------------------------------------------------- loading
    def refresh(self) -> None:
        desk, incident = self.ctx.desk, self.ctx.incident_id
        # routing what arrived writes one decision per batch: on the writer, then read
        perform(
            self.ctx,
            network_ops.route_pending(desk, incident),
            lambda done: None if self._shows(done.changes) else self._read(),
            lambda error: self.message.setText(error),
            owner=self,
        )

    def _read(self) -> None:
        desk, incident = self.ctx.desk, self.ctx.incident_id
        self.ctx.ops.read(lambda: load_network(desk, incident), self._loaded, owner=self)

    def _loaded(self, data: dict[str, Any]) -> None:
        self.units = data["units"]
        self.mine = data["mine"]
        self.queue_model.names = {u.code: unit_name(u, self.ctx.prefs) for u in self.units}
        self.model.set_items(data["rows"])
        self._fill_targets()
        if self.current_unit is None:
            centre = next((u.code for u in self.units if u.is_centre), None)
            self.current_unit = self.mine.code if self.mine else centre
        self.select_unit(self.current_unit)

    def select_unit(self, code: str | None) -> None:
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            if self.proxy.data(index, Qt.ItemDataRole.UserRole) == code:
                self.table.setCurrentIndex(index)
                self.load_queue(code)
                return
        self.load_queue(code)

    def _unit_selected(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            code = self.proxy.data(current, Qt.ItemDataRole.UserRole)
            if code != self.current_unit:
                self.load_queue(code)

    def load_queue(self, code: str | None) -> None:
        self.current_unit = code
        self._set_queue_label()
        if code is None:
            self.queue_model.set_items([])
            return
        queues, incident = self.ctx.desk.network.queues, self.ctx.incident_id

        def done(items: list[Any]) -> None:
            if self.current_unit != code:
                return
            keep = self.current_interaction()  # a reload keeps the message being worked on
            self.queue_model.set_items(items)
            for row, item in enumerate(items):
                if item.interaction_id == keep:
                    self.queue.setCurrentIndex(self.queue_model.index(row, 0))

        def failed(error: str) -> None:
            self.queue_model.set_items([])
            self.message.setText(error)

        self.ctx.ops.read(
            lambda: queues.queue(incident, unit=code, route=False), done, failed, owner=self
        )

    def _set_queue_label(self) -> None:
        unit = next((u for u in self.units if u.code == self.current_unit), None)
        name = unit_name(unit, self.ctx.prefs) if unit else "—"
        self.queue_label.setText(translate("Network", "Open messages of %1").replace("%1", name))

    def _fill_targets(self) -> None:
        keep = self.target.currentData()
        self.target.clear()
        for unit in self.units:
            self.target.addItem(unit_name(unit, self.ctx.prefs), unit.code)
        self.target.setCurrentIndex(max(0, self.target.findData(keep)))

    def _shows(self, changes: Changes) -> bool:
        """Whether ``changes`` touch what this screen shows (it then reads again)."""
        return (
            changes.intake
            or changes.interactions
            or changes.network
            or changes.board
            or changes.units
        )

    def on_changes(self, changes: Changes) -> None:
        if self._shows(changes):
            self._read()

    # ---------------------------------------------------------------- acting
    def current_interaction(self) -> int | None:
        index = self.queue.currentIndex()
        if not index.isValid():
            return None
        value = self.queue_model.data(index, Qt.ItemDataRole.UserRole)
        return int(value) if value is not None else None

    def hand_off(self) -> None:
        interaction = self.current_interaction()
        if interaction is None:
            self.message.setText(translate("Network", "Select a message first."))
            return
        to, note, held = self.target.currentData(), self.note.text(), self.current_unit
        perform(
            self.ctx,
            network_ops.hand_off(self.ctx.desk, interaction, to, note, held),
            lambda done: self._moved(
                translate("Network", "Message %1 handed to %2; its response due is unchanged")
                .replace("%1", str(done.value.interaction_id))
                .replace("%2", self.target.currentText())
            ),
            lambda error: self.message.setText(error),
            owner=self,
        )

    def escalate(self) -> None:
        interaction = self.current_interaction()
        if interaction is None:
            self.message.setText(translate("Network", "Select a message first."))
            return
        note, held = self.note.text(), self.current_unit
        perform(
            self.ctx,
            network_ops.escalate(self.ctx.desk, interaction, note, held),
            lambda done: self._moved(
                translate("Network", "Message %1 escalated to the centre").replace(
                    "%1", str(done.value.interaction_id)
                )
            ),
            lambda error: self.message.setText(error),
            owner=self,
        )

    def _moved(self, text: str) -> None:
        self.note.clear()
        self.message.setText(text)

    def showcase(self) -> None:
        if self.queue_model.rowCount():
            self.queue.setCurrentIndex(self.queue_model.index(0, 0))
