"""The decision log as a table model that holds only seqs and fetches rows on demand.

A million-entry log costs a ``range`` (no memory) when unfiltered, or one compact array
of seqs when filtered; rows are read in small blocks around what the view paints, and
the last few blocks stay in a small cache, so opening and scrolling cost the same at any
size.
"""

from __future__ import annotations

from array import array
from collections import OrderedDict
from collections.abc import Callable, Sequence
from itertools import pairwise
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from crisisdesk.ui.display import DisplayPrefs, date_time, number, role_name, safe_text

translate = QCoreApplication.translate

BLOCK = 100
CACHE_ROWS = 2000

SEQ, TIME, ACTOR, ROLE, KIND, SUMMARY = range(6)
SEQ_ROLE = Qt.ItemDataRole.UserRole + 1
HASH_ROLE = Qt.ItemDataRole.UserRole + 2
ModelIndex = QModelIndex | QPersistentModelIndex


def newest_first(head_seq: int, first_seq: int = 1) -> range:
    """Every seq of an unfiltered log, newest first, without storing them."""
    return range(head_seq, first_seq - 1, -1)


class DecisionLogModel(QAbstractTableModel):
    """Rows are decisions, newest first. ``fetch(seqs)`` returns DecisionInfo for seqs."""

    def __init__(self, fetch: Callable[[list[int]], list[Any]], prefs: DisplayPrefs,
                 parent: Any = None) -> None:
        super().__init__(parent)
        self._fetch = fetch
        self._prefs = prefs
        self._seqs: Sequence[int] = range(0)
        self._cache: OrderedDict[int, Any] = OrderedDict()
        self.fetches = 0

    # -- contents -------------------------------------------------------------------------

    def set_seqs(self, seqs: Sequence[int]) -> None:
        """Show exactly these seqs (newest first); a list is packed into an array."""
        if not isinstance(seqs, range | array):
            seqs = array("q", seqs)
        self.beginResetModel()
        self._seqs = seqs
        self.endResetModel()

    def prepend(self, new_seqs: Sequence[int]) -> None:
        """Add newer decisions on top (``new_seqs`` newest first) without a reset."""
        if not new_seqs:
            return
        count = len(new_seqs)
        self.beginInsertRows(QModelIndex(), 0, count - 1)
        old = self._seqs
        if (isinstance(old, range) and old.step == -1 and new_seqs[-1] == old.start + 1
                and all(a - b == 1 for a, b in pairwise(new_seqs))):
            self._seqs = range(new_seqs[0], old.stop, -1)
        else:
            packed = array("q", new_seqs)
            packed.extend(old)
            self._seqs = packed
        self.endInsertRows()

    def set_prefs(self, prefs: DisplayPrefs) -> None:
        self._prefs = prefs
        if self.rowCount():
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(self.rowCount() - 1, self.columnCount() - 1))
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.columnCount() - 1)

    def seq_at(self, row: int) -> int:
        return int(self._seqs[row])

    def row_of(self, seq: int) -> int | None:
        seqs = self._seqs
        if isinstance(seqs, range):
            return seqs.index(seq) if seq in seqs else None
        try:
            return seqs.index(seq)
        except ValueError:
            return None

    def decision(self, row: int) -> Any:
        """The decision shown on ``row``, read from the cache or fetched with its block."""
        seq = int(self._seqs[row])
        found = self._cache.get(seq)
        if found is not None:
            self._cache.move_to_end(seq)
            return found
        start = (row // BLOCK) * BLOCK
        block = [int(s) for s in self._seqs[start:start + BLOCK]]
        self.fetches += 1
        for item in self._fetch(block):
            self._cache[item.seq] = item
        while len(self._cache) > CACHE_ROWS:
            self._cache.popitem(last=False)
        return self._cache.get(seq)

    def forget(self) -> None:
        """Drop cached rows (after a language change the summaries stay, only formatting)."""
        self._cache.clear()

    # -- Qt model API ---------------------------------------------------------------------

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._seqs)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 6

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        names = (
            translate("DecisionLog", "Seq"), translate("DecisionLog", "Time"),
            translate("DecisionLog", "Actor"), translate("DecisionLog", "Role"),
            translate("DecisionLog", "Kind"), translate("DecisionLog", "Summary"),
        )
        return names[section] if 0 <= section < len(names) else None

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | \
            Qt.ItemFlag.ItemNeverHasChildren

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._seqs)):
            return None
        if role == SEQ_ROLE:
            return self.seq_at(index.row())
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, HASH_ROLE,
                        Qt.ItemDataRole.TextAlignmentRole):
            return None
        column = index.column()
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if column == SEQ:
                return int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignHCenter)
            return int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeading)
        item = self.decision(index.row())
        if item is None:
            return None
        if role == HASH_ROLE:
            return item.hash
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == SUMMARY:
                return self._summary(item)
            return translate("DecisionLog", "Hash: %1").replace("%1", item.hash)
        if column == SEQ:
            return number(item.seq, self._prefs)
        if column == TIME:
            return date_time(item.at, self._prefs)
        if column == ACTOR:
            return safe_text(item.actor or "")
        if column == ROLE:
            return role_name(item.role or "")
        if column == KIND:
            return f"\u2066{item.kind}\u2069"
        if column == SUMMARY:
            return self._summary(item)
        return None

    def _summary(self, item: Any) -> str:
        text = item.summary_ar if self._prefs.language == "ar" else item.summary_en
        return safe_text(text or item.summary_en or item.summary_ar or "")
