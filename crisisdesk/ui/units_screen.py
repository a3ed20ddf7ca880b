"""The Units screen: the media network's units in their hierarchy (the Amanah's centre, the
municipalities' media offices under it, partners), and a form to add a unit, rename it,
move it under another, change its focal point or response target, or deactivate it. Each
change is a decision with its reason; the core checks who may make it (an admin) and keeps
the hierarchy sound (no unit under itself, exactly one active centre), and the screen shows
what it refused."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QModelIndex, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from crisisdesk.network.units import KINDS, Unit
from crisisdesk.ui.changes import Changes
from crisisdesk.ui.display import safe_text
from crisisdesk.ui.operations import network as network_ops
from crisisdesk.ui.operations import perform
from crisisdesk.ui.room import RoomContext
from crisisdesk.ui.screens import Screen, register_screen
from crisisdesk.users.permissions import Action, can

translate = QCoreApplication.translate


def kind_name(kind: str) -> str:
    names = {
        "centre": translate("Units", "Central media department"),
        "municipality": translate("Units", "Municipality"),
        "sub_municipality": translate("Units", "Sub-municipality"),
        "partner": translate("Units", "Partner agency"),
        "office": translate("Units", "Office"),
    }
    return names.get(kind, kind)


def _may_edit(ctx: RoomContext) -> bool:
    user = ctx.desk.user
    return user is not None and can(user.role, Action.UNIT_EDIT)


@register_screen("units", order=81, available=_may_edit)
class UnitsScreen(Screen):
    icon_name = "units"

    @classmethod
    def title(cls) -> str:
        return translate("Units", "Units")

    def __init__(self, ctx: RoomContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.units: list[Unit] = []
        self.current: str | None = None  # the unit being edited; None: a new one
        self.loaded = False
        self._reloading = False
        self._saved_code: str | None = None
        self.tree_model = QStandardItemModel(self)
        self.tree = QTreeView(self)
        self.tree.setObjectName("unitTree")
        self.tree.setModel(self.tree_model)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.selectionModel().currentRowChanged.connect(self._selected)
        self.code = QLineEdit(self)
        self.code.setObjectName("unitCode")
        self.name_ar = QLineEdit(self)
        self.name_ar.setObjectName("unitNameAr")
        self.name_ar.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
        self.name_en = QLineEdit(self)
        self.name_en.setObjectName("unitNameEn")
        self.name_en.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.kind = QComboBox(self)
        self.kind.setObjectName("unitKind")
        self.parent_unit = QComboBox(self)
        self.parent_unit.setObjectName("unitParent")
        self.focal = QLineEdit(self)
        self.focal.setObjectName("unitFocal")
        self.target = QLineEdit(self)
        self.target.setObjectName("unitTarget")
        self.active = QCheckBox(self)
        self.active.setObjectName("unitActive")
        self.active.setChecked(True)
        self.reason = QLineEdit(self)
        self.reason.setObjectName("unitReason")
        self.new_button = QPushButton(self)
        self.new_button.setObjectName("newUnit")
        self.new_button.clicked.connect(self.start_new)
        self.save_button = QPushButton(self)
        self.save_button.setObjectName("saveUnit")
        self.save_button.clicked.connect(self.save)
        self.heading = QLabel(self)
        self.heading.setObjectName("sectionTitle")
        self.message = QLabel(self)
        self.message.setObjectName("unitMessage")
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)
        self.form = QFormLayout()
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        side = QWidget(self)
        sl = QVBoxLayout(side)
        sl.addWidget(self.heading)
        sl.addLayout(self.form)
        sl.addLayout(buttons)
        sl.addWidget(self.message)
        sl.addStretch(1)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.tree)
        splitter.addWidget(side)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self.retranslate()
        self.refresh()

    def retranslate(self) -> None:
        self._headers()
        keep = self.kind.currentData()
        self.kind.clear()
        for kind in KINDS:
            self.kind.addItem(kind_name(kind), kind)
        self.kind.setCurrentIndex(max(0, self.kind.findData(keep or "municipality")))
        self.active.setText(translate("Units", "Active (deactivating keeps its record)"))
        self.target.setPlaceholderText(translate("Units", "minutes, empty: the playbook's"))
        self.reason.setPlaceholderText(translate("Units", "Why (kept in the decision log)"))
        self.new_button.setText(translate("Units", "New unit"))
        self.save_button.setText(translate("Units", "Save"))
        while self.form.rowCount():
            self.form.takeRow(0)
        for label, widget in (
            (translate("Units", "Code"), self.code),
            (translate("Units", "Arabic name"), self.name_ar),
            (translate("Units", "English name"), self.name_en),
            (translate("Units", "Kind"), self.kind),
            (translate("Units", "Under"), self.parent_unit),
            (translate("Units", "Focal point"), self.focal),
            (translate("Units", "Response target"), self.target),
            ("", self.active),
            (translate("Units", "Reason"), self.reason),
        ):
            self.form.addRow(label, widget)
        self._heading()
        if self.units:
            self._fill(self.units)

    def _headers(self) -> None:
        self.tree_model.setHorizontalHeaderLabels([
            translate("Units", "Unit"), translate("Units", "Code"),
            translate("Units", "Kind"), translate("Units", "Status"),
        ])  # fmt: skip

    def _heading(self) -> None:
        unit = self._unit(self.current)
        self.heading.setText(
            translate("Units", "New unit")
            if unit is None
            else translate("Units", "Edit %1").replace("%1", safe_text(self._name(unit), limit=80))
        )

    def _name(self, unit: Unit) -> str:
        return unit.name_ar if self.ctx.prefs.language == "ar" else unit.name_en

    def _unit(self, code: str | None) -> Unit | None:
        return next((u for u in self.units if u.code == code), None)

    # ---------------------------------------------------------------- loading
    def refresh(self) -> None:
        network = self.ctx.desk.network
        self.ctx.ops.read(network.units, self._fill, self.message.setText, owner=self)

    def on_changes(self, changes: Changes) -> None:
        if changes.units:
            self.refresh()

    def _fill(self, units: list[Unit]) -> None:
        self.units = units
        self.tree.selectionModel().blockSignals(True)
        self.tree_model.removeRows(0, self.tree_model.rowCount())
        self._headers()
        rows: dict[int, QStandardItem] = {}
        by_id = {u.id: u for u in units}
        pending = list(units)
        while pending:  # parents first, whatever order they came in
            rest = []
            for unit in pending:
                parent: Any = self.tree_model.invisibleRootItem()
                if unit.parent_id is not None and unit.parent_id in by_id:
                    if unit.parent_id not in rows:
                        rest.append(unit)
                        continue
                    parent = rows[unit.parent_id]
                rows[unit.id] = self._append(parent, unit)
            if len(rest) == len(pending):  # a loop in stored data: show them at the top
                for unit in rest:
                    self._append(self.tree_model.invisibleRootItem(), unit)
                break
            pending = rest
        self.tree.expandAll()
        for column in range(4):
            self.tree.resizeColumnToContents(column)
        self.tree.selectionModel().blockSignals(False)
        keep = self.parent_unit.currentData()
        self.parent_unit.clear()
        self.parent_unit.addItem(translate("Units", "(top of the network)"), "")
        for unit in units:
            self.parent_unit.addItem(safe_text(self._name(unit), limit=80), unit.code)
        self.parent_unit.setCurrentIndex(max(0, self.parent_unit.findData(keep)))
        self.loaded = True
        if self._saved_code is not None:  # just saved: the form shows the unit as stored
            code, self._saved_code, self.current = self._saved_code, None, None
            self.select(code)
        elif self.current is not None:
            # a reload (another laptop's change) keeps the row and what is being typed
            self._reloading = True
            try:
                self.select(self.current)
            finally:
                self._reloading = False

    def _append(self, parent: QStandardItem, unit: Unit) -> QStandardItem:
        cells = [
            safe_text(self._name(unit), limit=120), unit.code, kind_name(unit.kind),
            translate("Units", "active") if unit.active else translate("Units", "inactive"),
        ]  # fmt: skip
        items = [QStandardItem(text) for text in cells]
        for item in items:
            item.setEditable(False)
            item.setData(unit.code, Qt.ItemDataRole.UserRole)
        parent.appendRow(items)
        return items[0]

    def index_of(self, code: str) -> QModelIndex:
        """The tree row of a unit (column 0), or an invalid index."""
        found = self.tree_model.match(
            self.tree_model.index(0, 0), Qt.ItemDataRole.UserRole, code, 1,
            Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive,
        )  # fmt: skip
        return found[0] if found else QModelIndex()

    def select(self, code: str) -> None:
        index = self.index_of(code)
        if index.isValid():
            self.tree.setCurrentIndex(index)

    def _selected(self, current: QModelIndex, _previous: QModelIndex) -> None:
        unit = self._unit(current.data(Qt.ItemDataRole.UserRole)) if current.isValid() else None
        if unit is None or (self._reloading and unit.code == self.current):
            return
        if not self._reloading and unit.code != self._saved_code:
            # the person moved on before the reload after a save came back: that reload
            # must not bring the saved unit back over what they are now typing
            self._saved_code = None
        self.current = unit.code
        self.code.setText(unit.code)
        self.code.setReadOnly(True)
        self.name_ar.setText(unit.name_ar)
        self.name_en.setText(unit.name_en)
        self.kind.setCurrentIndex(max(0, self.kind.findData(unit.kind)))
        parent = next((u.code for u in self.units if u.id == unit.parent_id), "")
        self.parent_unit.setCurrentIndex(max(0, self.parent_unit.findData(parent)))
        self.focal.setText(unit.focal_point)
        target = unit.response_target_minutes
        self.target.setText("" if target is None else str(target))
        self.active.setChecked(unit.active)
        self.reason.clear()
        self._heading()

    # ---------------------------------------------------------------- acting
    def start_new(self) -> None:
        self.current = None
        self._saved_code = None
        self.tree.clearSelection()
        for field in (self.code, self.name_ar, self.name_en, self.focal, self.target, self.reason):
            field.clear()
        self.code.setReadOnly(False)
        self.kind.setCurrentIndex(max(0, self.kind.findData("municipality")))
        centre = next((u.code for u in self.units if u.is_centre and u.active), "")
        self.parent_unit.setCurrentIndex(max(0, self.parent_unit.findData(centre)))
        self.active.setChecked(True)
        self._heading()
        self.code.setFocus()

    def _form(self) -> dict[str, Any]:
        return {
            "name_ar": self.name_ar.text(),
            "name_en": self.name_en.text(),
            "kind": self.kind.currentData(),
            "parent": self.parent_unit.currentData() or None,
            "focal_point": self.focal.text(),
            "response_target_minutes": self.target.text().strip() or None,
            "active": self.active.isChecked(),
        }

    def save(self) -> None:
        desk = self.ctx.desk
        values = self._form()
        reason = self.reason.text().strip()
        unit = self._unit(self.current)
        if unit is None:
            code = self.code.text().strip()
            fields = {k: v for k, v in values.items() if k not in ("name_ar", "name_en", "kind",
                                                                    "parent")}  # fmt: skip
            op = network_ops.add_unit(
                desk,
                code,
                values["name_ar"],
                values["name_en"],
                parent=values["parent"],
                kind=values["kind"],
                **fields,
            )
            perform(
                self.ctx,
                op,
                lambda done: self._saved(
                    done.value.code,
                    translate("Units", "Added %1").replace(
                        "%1", safe_text(self._name(done.value))
                    ),
                ),
                self.message.setText,
                owner=self,
            )
            return
        if not reason:
            self.message.setText(translate("Units", "Give a reason for the change."))
            return
        parent = next((u.code for u in self.units if u.id == unit.parent_id), None)
        before = {
            "name_ar": unit.name_ar, "name_en": unit.name_en, "kind": unit.kind,
            "parent": parent, "focal_point": unit.focal_point,
            "response_target_minutes": None if unit.response_target_minutes is None
            else str(unit.response_target_minutes),
            "active": unit.active,
        }  # fmt: skip
        changes = {k: v for k, v in values.items() if before[k] != v}
        if not changes:
            self.message.setText(translate("Units", "Nothing to change."))
            return
        code = unit.code
        perform(
            self.ctx,
            network_ops.edit_unit(desk, code, changes, reason),
            lambda done: self._saved(
                done.value.code,
                translate("Units", "Saved %1").replace("%1", safe_text(self._name(done.value))),
            ),
            self.message.setText,
            owner=self,
        )

    def _saved(self, code: str, text: str) -> None:
        self._saved_code = code
        self.message.setText(text)
        self.reason.clear()

    def showcase(self) -> None:
        centre = next((u.code for u in self.units if u.is_centre), None)
        if centre:
            self.select(centre)
