"""A read-only table over a short list held in full (rumour clusters, statements ...)."""

from __future__ import annotations

from typing import Any, ClassVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

ModelIndex = QModelIndex | QPersistentModelIndex


class ListTableModel(QAbstractTableModel):
    """Rows are ``items``; a subclass names its columns and renders a cell in ``data``."""

    column_count: ClassVar[int] = 0

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.items: list[Any] = []

    def headers(self) -> tuple[str, ...]:
        """The column titles, translated at call time."""
        raise NotImplementedError

    def set_items(self, items: list[Any]) -> None:
        self.beginResetModel()
        self.items = list(items)
        self.endResetModel()

    def item(self, index: ModelIndex) -> Any | None:
        """The row's item, or None for an invalid or stale index."""
        if not index.isValid() or not 0 <= index.row() < len(self.items):
            return None
        return self.items[index.row()]

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.column_count

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        names = self.headers()
        return names[section] if 0 <= section < len(names) else None

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """The row's ``key`` for UserRole and its ``cell`` text for DisplayRole; a subclass
        names those two, or overrides ``data`` when it shows more roles."""
        item = self.item(index)
        if item is None:
            return None
        if role == Qt.ItemDataRole.UserRole:
            return self.key(item)
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cell(item, index.column())
        return None

    def key(self, item: Any) -> Any:
        """What identifies the row (UserRole)."""
        return None

    def cell(self, item: Any, column: int) -> Any:
        """The text of one cell."""
        raise NotImplementedError
