"""Qt models of the network screens: units with their queue and board state, one unit's
queue with why each message is there, and the coordination board. Untrusted text (messages,
posts) is shown as plain, bidi-isolated text."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt

from crisisdesk.clock import parse_utc
from crisisdesk.network.board import BoardLine
from crisisdesk.network.queues import QueueItem, UnitCounts
from crisisdesk.network.units import Unit
from crisisdesk.ui.display import DisplayPrefs, age, date_time, number, safe_text
from crisisdesk.ui.list_model import ListTableModel, ModelIndex

translate = QCoreApplication.translate
SORT_ROLE = Qt.ItemDataRole.UserRole + 1


def unit_name(unit: Unit, prefs: DisplayPrefs) -> str:
    """The unit's name in the reader's language."""
    return unit.name_ar if prefs.language == "ar" else unit.name_en


def board_status_name(value: str) -> str:
    names = {
        "stable": translate("Network", "Stable"),
        "watch": translate("Network", "Watch"),
        "strained": translate("Network", "Strained"),
        "critical": translate("Network", "Critical"),
    }
    return names.get(value, value)


def method_name(item: QueueItem, names: dict[str, str]) -> str:
    """Why a message is with its unit, in the app's language."""
    detail = safe_text(item.detail, limit=60)
    unit = names.get(item.unit, item.unit)
    if item.method == "pin":
        return translate("Network", "pin inside %1").replace("%1", unit)
    if item.method == "place":
        return translate("Network", "mentions %1").replace("%1", detail)
    if item.method == "channel":
        return translate("Network", "came in on %1's account").replace("%1", unit)
    if item.method == "handoff":
        return translate("Network", "handed over by %1").replace("%1", item.routed_by or "-")
    if item.method == "coordination":
        return translate("Network", "from the unit's focal point")
    if item.method == "escalation":
        return translate("Network", "escalated by %1").replace("%1", item.routed_by or "-")
    if item.detail:
        return translate("Network", "places of several units: %1").replace(
            "%1", safe_text(item.detail.partition(": ")[2], limit=60)
        )
    return translate("Network", "no place named")


@dataclass(frozen=True)
class UnitRow:
    """One unit on the Network screen: its counts and its board line."""

    unit: Unit
    counts: UnitCounts | None
    line: BoardLine | None


class UnitsModel(ListTableModel):
    column_count = 6

    def __init__(self, prefs: DisplayPrefs, parent: Any = None) -> None:
        super().__init__(parent)
        self.prefs = prefs
        self.now: datetime | None = None

    def headers(self) -> tuple[str, ...]:
        return (
            translate("Network", "Unit"),
            translate("Network", "Open"),
            translate("Network", "Overdue"),
            translate("Network", "Last board update"),
            translate("Network", "Board status"),
            translate("Network", "Tasks open"),
        )

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row: UnitRow | None = self.item(index)
        if row is None:
            return None
        column = index.column()
        counts, line = row.counts, row.line
        if role == Qt.ItemDataRole.UserRole:
            return row.unit.code
        if role == SORT_ROLE:
            keys: list[Any] = [
                unit_name(row.unit, self.prefs),
                counts.open if counts else 0,
                counts.overdue if counts else 0,
                line.age_minutes if line and line.age_minutes is not None else 1_000_000,
                line.last.status if line and line.last else "",
                line.open_tasks if line else 0,
            ]
            return keys[column] if 0 <= column < len(keys) else None
        if role == Qt.ItemDataRole.ForegroundRole and column == 3 and line and line.stale:
            return Qt.GlobalColor.darkRed
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column == 0:
            return safe_text(unit_name(row.unit, self.prefs), limit=80)
        if column == 1:
            return number(counts.open if counts else 0, self.prefs)
        if column == 2:
            return number(counts.overdue if counts else 0, self.prefs)
        if column == 3:
            return _last_update(line, self.prefs)
        if column == 4:
            return board_status_name(line.last.status) if line and line.last else "—"
        if column == 5:
            return number(line.open_tasks if line else 0, self.prefs)
        return None


def _last_update(line: BoardLine | None, prefs: DisplayPrefs) -> str:
    if line is None:
        return "—"
    if line.last is None:
        text = translate("Network", "no update yet")
    elif not line.age_minutes:
        text = age(timedelta(0), prefs)  # "just now"
    elif line.age_minutes < 120:
        text = translate("Network", "%1 min ago").replace(
            "%1", number(line.age_minutes, prefs)
        )
    else:
        text = translate("Network", "%1 h ago").replace(
            "%1", number(line.age_minutes // 60, prefs)
        )
    if line.stale:
        text += " · " + translate("Network", "STALE")
    return text


class QueueModel(ListTableModel):
    column_count = 5

    def __init__(self, prefs: DisplayPrefs, parent: Any = None) -> None:
        super().__init__(parent)
        self.prefs = prefs
        self.names: dict[str, str] = {}

    def headers(self) -> tuple[str, ...]:
        return (
            translate("Network", "No."),
            translate("Network", "Message"),
            translate("Network", "Why here"),
            translate("Network", "Response due"),
            translate("Network", "Status"),
        )

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        item: QueueItem | None = self.item(index)
        if item is None:
            return None
        if role == Qt.ItemDataRole.UserRole:
            return item.interaction_id
        if role == Qt.ItemDataRole.ForegroundRole and item.overdue:
            return Qt.GlobalColor.darkRed
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        column = index.column()
        if column == 0:
            return number(item.interaction_id, self.prefs)
        if column == 1:
            return safe_text(item.text, limit=140)
        if column == 2:
            return method_name(item, self.names)
        if column == 3:
            due = parse_utc(item.response_due) if item.response_due else None
            return date_time(due, self.prefs, seconds=False) if due else "—"
        if column == 4:
            return translate("Network", "Overdue") if item.overdue else item.status
        return None


class BoardModel(ListTableModel):
    column_count = 6

    def __init__(self, prefs: DisplayPrefs, parent: Any = None) -> None:
        super().__init__(parent)
        self.prefs = prefs

    def headers(self) -> tuple[str, ...]:
        return (
            translate("Network", "Unit"),
            translate("Network", "Status"),
            translate("Network", "Updated"),
            translate("Network", "Affected areas"),
            translate("Network", "Open issues"),
            translate("Network", "Needs from the centre"),
        )

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        line: BoardLine | None = self.item(index)
        if line is None:
            return None
        if role == Qt.ItemDataRole.UserRole:
            return line.unit.code
        if role == Qt.ItemDataRole.ForegroundRole and line.stale:
            return Qt.GlobalColor.darkRed
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        column, post = index.column(), line.last
        if column == 0:
            return safe_text(unit_name(line.unit, self.prefs), limit=80)
        if column == 1:
            return board_status_name(post.status) if post else "—"
        if column == 2:
            return _last_update(line, self.prefs)
        if post is None:
            return ""
        if column == 3:
            return safe_text(post.affected_areas, limit=120)
        if column == 4:
            return safe_text(post.open_issues, limit=120)
        if column == 5:
            return safe_text(post.needs, limit=120)
        return None
