"""The inbox's filter bar, with the unit queue, the assignee picker and the legend of marks.

One row, so the list keeps the height: search, channel, category, status, priority, the
network unit whose queue to show (a municipal media office sees its own by default), who it
is assigned to (me, nobody, a user or a unit), overdue only, and a "Marks" button that opens
the legend (what ⚑, the colours and the keys mean) under the bar only while it is wanted.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from crisisdesk.intake.rows import STATUSES, InboxFilters
from crisisdesk.playbooks.model import CATEGORIES, PRIORITIES
from crisisdesk.ui.inbox_model import (
    CLUSTER_MARK,
    category_name,
    channel_name,
    priority_name,
    status_label,
)

translate = QCoreApplication.translate

SEARCH_DELAY_MS = 300
CHANNELS = ("whatsapp", "x", "rss", "email", "hotline", "csv", "meltwater", "brandwatch")
ME, NOBODY, UNIT = "@me", "-", "unit:"


def _compact(combo: QComboBox, letters: int = 6) -> QComboBox:
    """A combo as wide as a short name, so every filter fits one row at 1280 pixels."""
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(letters)
    combo.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
    return combo


class InboxFilterBar(QWidget):
    """Emits ``changed`` when the filters change (typing waits for a pause)."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.search = QLineEdit(self)
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(150)
        self.channel = _compact(QComboBox(self))
        self.category = _compact(QComboBox(self))
        self.status = _compact(QComboBox(self))
        self.priority = _compact(QComboBox(self))
        self.unit = _compact(QComboBox(self), 9)
        self.unit.setObjectName("inboxUnitFilter")
        self.assignee = _compact(QComboBox(self), 7)
        self.assignee.setObjectName("inboxAssigneeFilter")
        self.overdue = QCheckBox(self)
        self.cluster_chip = QPushButton(self)
        self.cluster_chip.setVisible(False)
        self.count_label = QLabel(self)
        self.count_label.setTextFormat(Qt.TextFormat.PlainText)
        self.legend_button = QToolButton(self)
        self.legend_button.setCheckable(True)
        self.hotline_button = QPushButton(self)
        self.legend = QLabel(self)
        self.legend.setObjectName("inboxLegend")
        self.legend.setTextFormat(Qt.TextFormat.PlainText)
        self.legend.setWordWrap(True)
        self.legend.setVisible(False)
        self.legend_button.toggled.connect(self.legend.setVisible)
        self.cluster_id: int | None = None
        self._units: list[tuple[str, str]] = []
        self._people: list[tuple[str, str]] = []

        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        for widget in (
            self.search, self.channel, self.category, self.status, self.priority, self.unit,
            self.assignee, self.overdue, self.cluster_chip, self.count_label,
            self.legend_button, self.hotline_button,
        ):  # fmt: skip
            row.addWidget(widget)
        row.setStretch(0, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(row)
        layout.addWidget(self.legend)

        self._typing = QTimer(self)
        self._typing.setSingleShot(True)
        self._typing.setInterval(SEARCH_DELAY_MS)
        self._typing.timeout.connect(self.changed)
        self.search.textChanged.connect(lambda _t: self._typing.start())
        for combo in (
            self.channel, self.category, self.status, self.priority, self.unit, self.assignee,
        ):  # fmt: skip
            combo.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self.overdue.toggled.connect(lambda _b: self.changed.emit())
        self.cluster_chip.clicked.connect(lambda: self.set_cluster(None))
        self.retranslate()

    # -- values ----------------------------------------------------------------------------
    def filters(self, incident_id: int, me: str | None) -> InboxFilters:
        assignee = self.assignee.currentData()
        if assignee == ME:
            assignee = me
        elif isinstance(assignee, str) and assignee.startswith(UNIT):
            assignee = assignee.removeprefix(UNIT)  # the core stores the unit's code
        return InboxFilters(
            incident_id=incident_id,
            channel=self.channel.currentData(),
            category=self.category.currentData(),
            status=self.status.currentData(),
            priority=self.priority.currentData(),
            assignee=assignee,
            overdue=True if self.overdue.isChecked() else None,
            cluster_id=self.cluster_id,
            search=self.search.text().strip() or None,
            unit=self.unit.currentData(),
        )

    def set_cluster(self, cluster_id: int | None) -> None:
        """Show one cluster's messages (from the rumour register), or all again."""
        self.cluster_id = cluster_id
        self.cluster_chip.setVisible(cluster_id is not None)
        self.retranslate()
        self.changed.emit()

    def set_units(self, units: Sequence[tuple[str, str]], mine: str | None) -> None:
        """The network's units as (code, name); ``mine`` is chosen the first time (a
        municipal media office works its own queue; the centre sees every unit's)."""
        first = not self._units
        self._units = list(units)
        self.retranslate()
        if first and mine is not None:
            self.unit.setCurrentIndex(max(0, self.unit.findData(mine)))

    def set_people(self, people: Sequence[tuple[str, str]]) -> None:
        """Users (login, display name) and units (``unit:CODE``, name) to filter by."""
        self._people = list(people)
        self.retranslate()

    def set_count(self, text: str) -> None:
        self.count_label.setText(text)

    # -- texts -----------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.search.setPlaceholderText(translate("Inbox", "Search (any spelling)"))
        self.overdue.setText(translate("Inbox", "Overdue"))
        self.hotline_button.setText(translate("Inbox", "Hotline call…"))
        self.legend_button.setText(translate("InboxFilters", "Marks"))
        self.legend_button.setToolTip(translate("InboxFilters", "What the marks and colours mean"))
        self.legend.setText(
            translate(
                "InboxFilters",
                "%1 in a rumour cluster: others sent nearly the same message (the Rumours "
                "screen answers them together) · Due column: time left to answer; amber: due "
                "within 15 minutes, red: late · Times are how long ago; hover for the full "
                "date · Keys: J/K next/previous · 1–5 category · A assign to me · E escalate "
                "· C close · R reply · Ctrl+H hotline call",
            ).replace("%1", CLUSTER_MARK)
        )
        _fill(self.channel, translate("Inbox", "All channels"), CHANNELS, channel_name)
        _fill(self.category, translate("Inbox", "All categories"), CATEGORIES, category_name)
        _fill(self.status, translate("Inbox", "All statuses"), STATUSES, status_label)
        _fill(self.priority, translate("Inbox", "All priorities"), PRIORITIES, priority_name)
        units = dict(self._units)
        _fill(self.unit, translate("InboxFilters", "All units"), tuple(units), units.__getitem__)
        people = {
            ME: translate("InboxFilters", "Assigned to me"),
            NOBODY: translate("InboxFilters", "Unassigned"),
            **dict(self._people),
        }
        _fill(self.assignee, translate("InboxFilters", "Anyone"), tuple(people), people.__getitem__)
        if self.cluster_id is not None:
            self.cluster_chip.setText(
                translate("Inbox", "Cluster %1 ✕").replace("%1", str(self.cluster_id))
            )


def _fill(
    combo: QComboBox, any_text: str, values: tuple[str, ...], name: Callable[[str], Any]
) -> None:
    """Refill a filter combo in the current language, keeping its choice and signals quiet."""
    current = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    combo.addItem(any_text, None)
    for value in values:
        combo.addItem(name(value), value)
    combo.setCurrentIndex(max(0, combo.findData(current)))
    combo.blockSignals(False)


__all__ = ["CHANNELS", "ME", "NOBODY", "InboxFilterBar"]
