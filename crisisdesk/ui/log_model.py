"""The decision log as a table model that holds only seqs and fetches rows on demand.

A million-entry log costs a ``range`` (no memory) when unfiltered, or one compact array
of seqs when filtered; rows are read in small blocks around what the view paints, and
the last few blocks stay in a small cache, so opening and scrolling cost the same at any
size. Given a ``background`` runner, blocks are read off the GUI thread (a cold page of a
large file never stalls painting): a row shows blank until its block arrives.
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

from crisisdesk.log.kinds import kind_summary
from crisisdesk.ui.display import (
    DisplayPrefs,
    actor_name,
    date_time,
    number,
    role_name,
    safe_text,
)

translate = QCoreApplication.translate

BLOCK = 50
CACHE_ROWS = 2000
QUEUED_BLOCKS = 3  # blocks waiting to be read; older requests (scrolled past) are dropped

SEQ, TIME, ACTOR, ROLE, KIND, SUMMARY = range(6)
SEQ_ROLE = Qt.ItemDataRole.UserRole + 1
HASH_ROLE = Qt.ItemDataRole.UserRole + 2
ModelIndex = QModelIndex | QPersistentModelIndex

# Plain ints, looked up once: data() runs for every role of every painted cell.
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_ALIGN = int(Qt.ItemDataRole.TextAlignmentRole)
_SEQ_ROLE = int(SEQ_ROLE)
_HASH_ROLE = int(HASH_ROLE)
_ROLES = frozenset((_DISPLAY, _TOOLTIP, _ALIGN, _SEQ_ROLE, _HASH_ROLE))
_CENTRE = int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignHCenter)
_LEADING = int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeading)
_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren


def newest_first(head_seq: int, first_seq: int = 1) -> range:
    """Every seq of an unfiltered log, newest first, without storing them."""
    return range(head_seq, first_seq - 1, -1)


Background = Callable[[Callable[[], Any], Callable[[Any], None]], None]


class DecisionLogModel(QAbstractTableModel):
    """Rows are decisions, newest first. ``fetch(seqs)`` returns DecisionInfo for seqs;
    ``background(call, done)`` runs ``call`` off the GUI thread and hands its result to
    ``done`` on it (None: fetch synchronously)."""

    def __init__(
        self,
        fetch: Callable[[list[int]], list[Any]],
        prefs: DisplayPrefs,
        parent: Any = None,
        background: Background | None = None,
    ) -> None:
        super().__init__(parent)
        self._fetch = fetch
        self._background = background
        self._queue: OrderedDict[tuple[int, ...], None] = OrderedDict()
        self._reading: tuple[int, ...] | None = None
        self._dropped = False
        self._prefs = prefs
        self._seqs: Sequence[int] = range(0)
        self._cache: OrderedDict[int, Any] = OrderedDict()
        self._texts: OrderedDict[int, tuple[str, ...]] = OrderedDict()
        self._people: dict[str, str] = {}  # login -> display name
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
        if (
            isinstance(old, range)
            and old.step == -1
            and new_seqs[-1] == old.start + 1
            and all(a - b == 1 for a, b in pairwise(new_seqs))
        ):
            self._seqs = range(new_seqs[0], old.stop, -1)
        else:
            packed = array("q", new_seqs)
            packed.extend(old)
            self._seqs = packed
        self.endInsertRows()

    def set_people(self, people: dict[str, str]) -> None:
        """Display names by login: the Actor column shows people, not accounts."""
        if people == self._people:
            return
        self._people = dict(people)
        self.set_prefs(self._prefs)

    def set_prefs(self, prefs: DisplayPrefs) -> None:
        self._prefs = prefs
        self._texts.clear()
        if self.rowCount():
            self.dataChanged.emit(
                self.index(0, 0), self.index(self.rowCount() - 1, self.columnCount() - 1)
            )
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

    def is_cached(self, row: int) -> bool:
        return 0 <= row < len(self._seqs) and int(self._seqs[row]) in self._cache

    def decision(self, row: int, *, wait: bool = False) -> Any:
        """The decision shown on ``row`` from the cache; else its block is fetched, in the
        background (returns None for now) or, with ``wait`` or no runner, right away."""
        seq = int(self._seqs[row])
        found = self._cache.get(seq)
        if found is not None:
            self._cache.move_to_end(seq)
            return found
        start = (row // BLOCK) * BLOCK
        block = tuple(int(s) for s in self._seqs[start : start + BLOCK])
        if self._background is None or wait:
            self.fetches += 1
            self._store(self._fetch(list(block)))
            return self._cache.get(seq)
        if block != self._reading:
            self._queue[block] = None
            self._queue.move_to_end(block)
            while len(self._queue) > QUEUED_BLOCKS:
                self._queue.popitem(last=False)
                self._dropped = True
            self._read_next()
        return None

    def _read_next(self) -> None:
        """One read at a time, newest request first: a fast scroll does not queue up reads
        (each holds the interpreter lock the painting thread needs) for rows long gone."""
        if self._reading is not None or not self._queue or self._background is None:
            return
        block, _ = self._queue.popitem(last=True)
        self._reading = block
        self.fetches += 1
        fetch = self._fetch
        self._background(lambda: fetch(list(block)), lambda items: self._arrived(block, items))

    def _store(self, items: list[Any]) -> None:
        for item in items:
            self._cache[item.seq] = item
        while len(self._cache) > CACHE_ROWS:
            self._cache.popitem(last=False)

    def _arrived(self, block: tuple[int, ...], items: list[Any]) -> None:
        """A block came back: cache it and repaint its rows (wherever they are now); if
        requests were dropped meanwhile, repaint everything so visible rows ask again."""
        self._reading = None
        self._store(items)
        self._read_next()
        count = len(self._seqs)
        if not count or not block:
            return
        first = self.row_of(block[0])
        last = self.row_of(block[-1])
        if first is None or last is None or self._dropped:
            self._dropped = False
            first, last = 0, count - 1
        self.dataChanged.emit(
            self.index(min(first, last), 0), self.index(max(first, last), self.columnCount() - 1)
        )

    def forget(self) -> None:
        """Drop cached rows and their formatted texts."""
        self._cache.clear()
        self._texts.clear()

    def texts(self, row: int) -> tuple[str, ...] | None:
        """The six cell texts of ``row``, formatted once and kept while the row is cached."""
        seq = int(self._seqs[row])
        found = self._texts.get(seq)
        if found is not None:
            return found
        item = self.decision(row)
        if item is None:
            return None
        prefs = self._prefs
        found = (
            number(item.seq, prefs),
            date_time(item.at, prefs),
            safe_text(actor_name(item.actor or "", self._people)),
            role_name(item.role or ""),
            safe_text(kind_summary(item.kind, prefs.language)),
            self._summary(item),
        )
        self._texts[seq] = found
        while len(self._texts) > CACHE_ROWS:
            self._texts.popitem(last=False)
        return found

    # -- Qt model API ---------------------------------------------------------------------

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._seqs)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 6

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        names = (
            translate("DecisionLog", "Seq"),
            translate("DecisionLog", "Time"),
            translate("DecisionLog", "Actor"),
            translate("DecisionLog", "Role"),
            translate("DecisionLog", "Kind"),
            translate("DecisionLog", "Summary"),
        )
        return names[section] if 0 <= section < len(names) else None

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return _FLAGS

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        role = int(role)
        if role not in _ROLES or not index.isValid():
            return None
        row, column = index.row(), index.column()
        if not 0 <= row < len(self._seqs):
            return None
        if role == _DISPLAY:
            texts = self.texts(row)
            if texts is None:
                return "…" if column == SUMMARY else ""
            return texts[column] if 0 <= column < 6 else None
        if role == _ALIGN:
            return _CENTRE if column == SEQ else _LEADING
        if role == _SEQ_ROLE:
            return self.seq_at(row)
        item = self.decision(row)
        if item is None:
            return None
        if role == _HASH_ROLE:
            return item.hash
        if column == SUMMARY:
            return self._summary(item)
        return translate("DecisionLog", "Hash: %1").replace("%1", item.hash)

    def _summary(self, item: Any) -> str:
        text = item.summary_ar if self._prefs.language == "ar" else item.summary_en
        return safe_text(text or item.summary_en or item.summary_ar or "")
