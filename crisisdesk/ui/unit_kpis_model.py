"""The Dashboard's per-unit table: each unit of the media network with how fast it answers,
its hand-offs, how punctual its board updates are and its statements, from the KPIs'
``units`` section (the same rows the review bundle carries)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any, ClassVar

from PySide6.QtCore import QCoreApplication, Qt

from crisisdesk.ui.display import DisplayPrefs, age, isolate, number, safe_text
from crisisdesk.ui.list_model import ListTableModel, ModelIndex

translate = QCoreApplication.translate


class UnitKpisModel(ListTableModel):
    column_count: ClassVar[int] = 9

    def __init__(self, prefs: DisplayPrefs, parent: Any = None) -> None:
        super().__init__(parent)
        self.prefs = prefs

    def headers(self) -> tuple[str, ...]:
        return (
            translate("Dashboard", "Unit"),
            translate("Dashboard", "Messages (open)"),
            translate("Dashboard", "First response (median / p90)"),
            translate("Dashboard", "Within target"),
            translate("Dashboard", "Hand-offs out / in, escalated"),
            translate("Dashboard", "Board updates on time"),
            translate("Dashboard", "Statements (approved / published)"),
            translate("Dashboard", "Network statements received"),
            translate("Dashboard", "Network statement to local publication (median)"),
        )

    def _span(self, seconds: float | None) -> str:
        return "—" if seconds is None else age(timedelta(seconds=seconds), self.prefs)

    def _pct(self, share: float | None) -> str:
        if share is None:
            return "—"
        return translate("Dashboard", "%1 %").replace("%1", number(round(share * 100), self.prefs))

    @staticmethod
    def _pair(first: str, second: str, sep: str = " / ") -> str:
        """Two values in reading order in either direction (each isolated, so Arabic
        digits around a slash do not run together left-to-right)."""
        return f"{isolate(first)}{sep}{isolate(second)}"

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row: dict[str, Any] | None = self.item(index)
        if row is None:
            return None
        if role == Qt.ItemDataRole.UserRole:
            return row["unit"]
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        n = self.prefs
        column = index.column()
        if column == 0:
            return safe_text(row["name_ar"] if n.language == "ar" else row["name_en"], limit=80)
        if column == 1:
            return f"{isolate(number(row['messages'], n))} ({number(row['open'], n)})"
        if column == 2:
            p50, p90 = row["p50_minutes"], row["p90_minutes"]
            return self._pair(
                self._span(None if p50 is None else p50 * 60),
                self._span(None if p90 is None else p90 * 60),
            )
        if column == 3:
            return self._pct(row["within_target"])
        if column == 4:
            comma = "، " if n.language == "ar" else ", "
            moved = self._pair(number(row["handed_out"], n), number(row["handed_in"], n))
            return f"{moved}{comma}{isolate(number(row['escalated'], n))}"
        if column == 5:
            late = translate("Dashboard", " — update overdue") if row["board_overdue_now"] else ""
            share = isolate(self._pct(row["board_on_time"]))
            return f"{share} ({number(row['board_posts'], n)}){late}"
        if column == 6:
            inner = self._pair(number(row["approved"], n), number(row["published"], n))
            return f"{isolate(number(row['statements'], n))} ({inner})"
        if column == 7:
            return number(row["received"], n)
        local = row.get("cascade_to_publication_s") or {}
        return self._span(local.get("median"))
