"""Statements as a table model, and the names of kinds, states and channels on screen.

An incident has tens of statements, not thousands: the model holds the rows it was given.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt

from crisisdesk.statements.records import StatementInfo
from crisisdesk.ui.display import DisplayPrefs, date_time, number, safe_text
from crisisdesk.ui.list_model import ListTableModel, ModelIndex

translate = QCoreApplication.translate

ID, KIND, TITLE, STATE, VERSION, UPDATED = range(6)


def kind_name(kind: str) -> str:
    names = {
        "holding": translate("Statements", "Holding statement"),
        "update": translate("Statements", "Update"),
        "all-clear": translate("Statements", "All-clear"),
        "reply": translate("Statements", "Reply"),
        "awareness": translate("Statements", "Awareness message"),
        "condolence": translate("Statements", "Condolences"),
    }
    return names.get(kind, kind)


def state_name(state: str) -> str:
    names = {
        "draft": translate("Statements", "Draft"),
        "in_review": translate("Statements", "In review"),
        "approved": translate("Statements", "Approved"),
        "rejected": translate("Statements", "Rejected"),
        "published": translate("Statements", "Published"),
        "superseded": translate("Statements", "Superseded"),
    }
    return names.get(state, state)


def channel_label(channel: str) -> str:
    names = {
        "website": translate("Statements", "Website (signed webhook)"),
        "whatsapp": translate("Statements", "WhatsApp to media contacts"),
        "x": translate("Statements", "X post"),
        "press": translate("Statements", "Press release PDF"),
        "text": translate("Statements", "Plain text file"),
        "clipboard": translate("Statements", "Copy to clipboard"),
    }
    return names.get(channel, channel)


def publication_state_name(state: str) -> str:
    names = {
        "scheduled": translate("Statements", "Scheduled"),
        "sending": translate("Statements", "Sending"),
        "sent": translate("Statements", "Sent"),
        "failed": translate("Statements", "Failed"),
        "cancelled": translate("Statements", "Cancelled"),
        "unknown": translate("Statements", "Outcome unknown: check the channel"),
    }
    return names.get(state, state)


class StatementsModel(ListTableModel):
    """One row per statement: number, kind, title, state, version, last change."""

    column_count = 6

    def __init__(self, prefs: DisplayPrefs, parent: Any = None) -> None:
        super().__init__(parent)
        self.prefs = prefs

    @property
    def rows(self) -> list[StatementInfo]:
        return self.items

    def set_rows(self, rows: list[StatementInfo]) -> None:
        self.set_items(rows)

    def row_of(self, statement_id: int) -> int | None:
        return next((i for i, r in enumerate(self.rows) if r.id == statement_id), None)

    def headers(self) -> tuple[str, ...]:
        return (
            translate("Statements", "No."),
            translate("Statements", "Kind"),
            translate("Statements", "Title"),
            translate("Statements", "State"),
            translate("Statements", "Version"),
            translate("Statements", "Last change"),
        )

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.item(index)
        if row is None:
            return None
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == TITLE:
            return safe_text(row.title(self.prefs.language), limit=500)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        column = index.column()
        if column == ID:
            return number(row.id, self.prefs)
        if column == KIND:
            return kind_name(row.kind)
        if column == TITLE:
            return safe_text(row.title(self.prefs.language))
        if column == STATE:
            return state_name(row.state)
        if column == VERSION:
            return number(row.latest_version, self.prefs)
        if column == UPDATED:
            return date_time(row.updated_at, self.prefs, seconds=False)
        return None

    def refresh_texts(self) -> None:
        if self.rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, 5))
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, 5)
