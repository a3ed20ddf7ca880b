"""Incident picker: active incidents first (most severe, then newest) with severity and
age, then closed ones; drills visibly marked. Also opens a new incident."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from crisisdesk.ui.display import (
    DisplayPrefs,
    age,
    date_time,
    safe_text,
    severity_name,
    status_name,
)
from crisisdesk.ui.list_model import ListTableModel, ModelIndex
from crisisdesk.ui.messages import fix_minimum_size, show_error
from crisisdesk.ui.ops import Ops
from crisisdesk.ui.resources import icon
from crisisdesk.ui.widgets import list_table, ok_cancel
from crisisdesk.users.permissions import Action, can

translate = QCoreApplication.translate

TITLE, SEVERITY, STATUS, AGE, OPENED = range(5)
DRILL_COLOUR = QColor("#f4b400")
SEVERITY_COLOURS = {3: QColor("#c2410c"), 4: QColor("#b3261e")}


def ordered(incidents: list[Any]) -> list[Any]:
    """Active first, most severe then newest; closed after, most recently closed first."""
    active = sorted(
        (i for i in incidents if i.status == "active"),
        key=lambda i: (-i.severity, -i.opened_at.timestamp()),
    )
    closed = sorted(
        (i for i in incidents if i.status != "active"),
        key=lambda i: -(i.closed_at or i.opened_at).timestamp(),
    )
    return active + closed


class IncidentListModel(ListTableModel):
    """The incidents of this desk; ``now`` gives the age of active ones."""

    column_count = 5

    def __init__(self, prefs: DisplayPrefs, now: Any, parent: Any = None) -> None:
        super().__init__(parent)
        self.prefs = prefs
        self._now = now

    @property
    def incidents(self) -> list[Any]:
        return self.items

    def set_incidents(self, incidents: list[Any]) -> None:
        self.set_items(ordered(incidents))

    def incident(self, row: int) -> Any:
        return self.items[row]

    def headers(self) -> tuple[str, ...]:
        return (
            translate("Picker", "Incident"),
            translate("Picker", "Severity"),
            translate("Picker", "Status"),
            translate("Picker", "Age"),
            translate("Picker", "Opened"),
        )

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        item = self.item(index)
        if item is None:
            return None
        column = index.column()
        active = item.status == "active"
        if role == Qt.ItemDataRole.UserRole:
            return item.id
        if role == Qt.ItemDataRole.DisplayRole:
            if column == TITLE:
                title = safe_text(item.title)
                if item.drill:
                    return translate("Picker", "[DRILL] %1").replace("%1", title)
                return title
            if column == SEVERITY:
                return severity_name(item.severity, self.prefs)
            if column == STATUS:
                return status_name(item.status)
            if column == AGE:
                end = item.closed_at if not active and item.closed_at else self._now()
                return age(end - item.opened_at, self.prefs)
            if column == OPENED:
                return date_time(item.opened_at, self.prefs, seconds=False)
        if role == Qt.ItemDataRole.ToolTipRole and item.drill:
            return translate("Picker", "A drill: an exercise, not a real crisis.")
        if role == Qt.ItemDataRole.BackgroundRole and item.drill and column == TITLE:
            return QBrush(DRILL_COLOUR.lighter(160))
        if role == Qt.ItemDataRole.ForegroundRole:
            if not active:
                return QBrush(QColor("#7a8584"))
            if column == SEVERITY and item.severity in SEVERITY_COLOURS:
                return QBrush(SEVERITY_COLOURS[item.severity])
            if item.drill and column == TITLE:
                return QBrush(QColor("#1d1d1d"))
        if role == Qt.ItemDataRole.FontRole and active and column == TITLE:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def refresh_texts(self) -> None:
        if self.incidents:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.incidents) - 1, 4))
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, 4)


class NewIncidentDialog(QDialog):
    """Title, severity, drill flag, playbook and organisational units of a new incident."""

    def __init__(
        self, prefs: DisplayPrefs, playbooks: list[tuple[str, str]], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("newIncidentDialog")
        self.setWindowTitle(translate("Picker", "Open a new incident"))
        self.title = QLineEdit(self)
        self.title.setObjectName("newTitle")
        self.title.setMinimumWidth(380)
        self.severity = QComboBox(self)
        self.severity.setObjectName("newSeverity")
        for level in (1, 2, 3, 4):
            self.severity.addItem(severity_name(level, prefs), level)
        self.severity.setCurrentIndex(1)
        self.playbook = QComboBox(self)
        self.playbook.setObjectName("newPlaybook")
        self.playbook.addItem(translate("Picker", "No playbook"), None)
        for playbook_id, title in playbooks:
            self.playbook.addItem(f"\u2068{title}\u2069", playbook_id)
        self.drill = QCheckBox(translate("Picker", "This is a drill (exercise)"), self)
        self.drill.setObjectName("newDrill")
        self.org_units = QPlainTextEdit(self)
        self.org_units.setObjectName("newOrgUnits")
        self.org_units.setPlaceholderText(translate("Picker", "One per line"))
        self.org_units.setMaximumHeight(80)
        form = QFormLayout()
        form.addRow(translate("Picker", "Title:"), self.title)
        form.addRow(translate("Picker", "Severity:"), self.severity)
        form.addRow(translate("Picker", "Playbook:"), self.playbook)
        form.addRow("", self.drill)
        form.addRow(translate("Picker", "Organisational units:"), self.org_units)
        self.buttons = ok_cancel(self)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(translate("Picker", "Open incident"))
        ok.setEnabled(False)
        self.title.textChanged.connect(lambda text: ok.setEnabled(bool(text.strip())))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        fix_minimum_size(self)
        self.title.setFocus()

    def values(self) -> dict[str, Any]:
        units = tuple(
            line.strip() for line in self.org_units.toPlainText().splitlines() if line.strip()
        )
        return {
            "title": self.title.text().strip(),
            "severity": self.severity.currentData(),
            "drill": self.drill.isChecked(),
            "playbook_id": self.playbook.currentData(),
            "org_units": units,
        }


def bundled_playbooks(language: str) -> list[tuple[str, str]]:
    """(id, title) of the bundled playbooks, for the new-incident form."""
    try:
        from crisisdesk.playbooks import bundled_library
    except ImportError:
        return []
    return [(p.id, p.title.ar if language == "ar" else p.title.en) for p in bundled_library()]


class IncidentPickerDialog(QDialog):
    """Accepted with ``incident_id`` set to the incident to enter."""

    def __init__(
        self, desk: Any, ops: Ops, prefs: DisplayPrefs, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("incidentPicker")
        self.setWindowIcon(icon("app"))
        self.desk = desk
        self.ops = ops
        self.prefs = prefs
        self.incident_id: int | None = None
        self.loaded = False
        self.model = IncidentListModel(prefs, desk.clock.now, self)
        self.heading = QLabel(self)
        self.heading.setObjectName("screenTitle")
        self.table = list_table(self, self.model, name="incidentTable", stretch=(TITLE,))
        self.table.setWordWrap(False)
        self.table.doubleClicked.connect(lambda _index: self.enter())
        self.new_button = QPushButton(self)
        self.new_button.setObjectName("newIncident")
        self.new_button.clicked.connect(self.ask_new)
        user = desk.user
        self.new_button.setVisible(bool(user) and can(user.role, Action.INCIDENT_OPEN))
        self.enter_button = QPushButton(self)
        self.enter_button.setObjectName("enterIncident")
        self.enter_button.setDefault(True)
        self.enter_button.clicked.connect(self.enter)
        self.cancel_button = QPushButton(self)
        self.cancel_button.clicked.connect(self.reject)
        self.empty_note = QLabel(self)
        self.empty_note.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addStretch(1)
        buttons.addWidget(self.enter_button)
        buttons.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty_note)
        layout.addLayout(buttons)
        self.setMinimumSize(640, 360)
        self.resize(900, 480)
        self.retranslate()
        self.refresh()

    def retranslate(self) -> None:
        self.setWindowTitle(translate("Picker", "Choose an incident — CrisisDesk"))
        user = self.desk.user
        name = f"\u2068{user.display_name}\u2069" if user else ""
        self.heading.setText(translate("Picker", "Incidents · signed in as %1").replace("%1", name))
        self.new_button.setText(translate("Picker", "Open a new incident…"))
        self.enter_button.setText(translate("Picker", "Enter the incident room"))
        self.cancel_button.setText(translate("Picker", "Cancel"))
        self.model.refresh_texts()
        self._update_empty()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def refresh(self) -> None:
        self.ops.read(self.desk.incidents.list, self._loaded, owner=self)

    def _loaded(self, incidents: list[Any]) -> None:
        self.model.set_incidents(incidents)
        self.loaded = True
        if self.model.rowCount():
            self._make_current(0)
        self._update_empty()

    def _update_empty(self) -> None:
        empty = self.loaded and self.model.rowCount() == 0
        self.empty_note.setVisible(empty)
        self.enter_button.setEnabled(not empty)
        self.empty_note.setText(
            translate(
                "Picker", "No incident yet. An incident lead or an administrator can open one."
            )
        )

    def select_incident(self, incident_id: int) -> bool:
        for row, item in enumerate(self.model.incidents):
            if item.id == incident_id:
                self._make_current(row)
                return True
        return False

    def _make_current(self, row: int) -> None:
        """Select ``row`` and make it current, so Enter opens it. (``selectRow`` alone leaves
        no current index in a right-to-left table that is not laid out yet.)"""
        self.table.setCurrentIndex(self.model.index(row, 0))

    def enter(self) -> None:
        index = self.table.currentIndex()
        if not index.isValid():
            return
        self.incident_id = self.model.incident(index.row()).id
        self.accept()

    def ask_new(self) -> None:
        dialog = NewIncidentDialog(self.prefs, bundled_playbooks(self.prefs.language), self)
        dialog.accepted.connect(lambda: self.open_incident(**dialog.values()))
        dialog.finished.connect(lambda _code: dialog.deleteLater())
        dialog.open()

    def open_incident(
        self,
        title: str,
        severity: int = 2,
        drill: bool = False,
        playbook_id: str | None = None,
        org_units: tuple[str, ...] = (),
    ) -> None:
        """Open the incident through the core, then enter its room."""
        desk = self.desk
        self.ops.write(
            lambda: desk.incidents.open(
                title, severity, drill=drill, playbook_id=playbook_id, org_units=org_units
            ),
            self._opened,
            self._failed,
            owner=self,
        )

    def _opened(self, incident: Any) -> None:
        self.incident_id = incident.id
        self.accept()

    def _failed(self, message: str) -> None:
        show_error(self, message)
