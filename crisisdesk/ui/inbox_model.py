"""The inbox as a table model that knows only the total and fetches rows in pages.

Opening costs one count and the first page, whatever the size of the inbox: a page of ids and
their rows (text cut to a preview) is read when the view first paints one of its rows, off
the GUI thread when a ``background`` runner is given, and the last pages stay in a small
cache. Every text cell is untrusted public text, shown as plain ``str`` with bidi controls
made visible and each field isolated.
"""

from __future__ import annotations

import threading
from collections import OrderedDict, deque
from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from crisisdesk.intake.rows import OPEN_STATUSES, InteractionRow
from crisisdesk.text.display import display_line
from crisisdesk.ui.display import DisplayPrefs, safe_text
from crisisdesk.ui.inbox_times import COLOURS, OVERDUE, due_state, due_text, full_date, short_span

translate = QCoreApplication.translate

PAGE = 100
CACHE_PAGES = 20
RECENT_PAGES = 8

TIME, CHANNEL, AUTHOR, TEXT, CATEGORY, PRIORITY, STATUS, ASSIGNEE, DUE = range(9)
COLUMNS = 9
ID_ROLE = Qt.ItemDataRole.UserRole + 1
ModelIndex = QModelIndex | QPersistentModelIndex
Background = Callable[[Callable[[], Any], Callable[[Any], None]], None]
FetchPage = Callable[[int, int], list[InteractionRow]]

_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_BACKGROUND = int(Qt.ItemDataRole.BackgroundRole)
_ID = int(ID_ROLE)
_ROLES = (_DISPLAY, _TOOLTIP, _BACKGROUND, _ID)
CLUSTER_MARK = "⚑"
_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren


def category_name(value: str | None) -> str:
    names = {
        "complaint": translate("Inbox", "Complaint"),
        "observation": translate("Inbox", "Observation"),
        "suggestion": translate("Inbox", "Suggestion"),
        "question": translate("Inbox", "Question"),
        "rumour": translate("Inbox", "Rumour"),
    }
    return names.get(value or "", "—")


def reply_result_name(value: str) -> str:
    """How a reply went, as the history pane says it."""
    names = {
        "sent": translate("Inbox", "sent"),
        "recorded": translate("Inbox", "recorded, to send by hand"),
        "refused": translate("Inbox", "refused (outside the 24-hour window)"),
        "failed": translate("Inbox", "failed"),
        "sending": translate("Inbox", "sending…"),
        "unknown": translate("Inbox", "OUTCOME UNKNOWN: check the chat"),
    }
    return names.get(value, display_line(value, limit=30))


def priority_name(value: str | None) -> str:
    names = {
        "low": translate("Inbox", "Low"),
        "normal": translate("Inbox", "Normal"),
        "high": translate("Inbox", "High"),
        "critical": translate("Inbox", "Critical"),
    }
    return names.get(value or "", "—")


def status_label(value: str | None) -> str:
    names = {
        "new": translate("Inbox", "New"),
        "in_progress": translate("Inbox", "In progress"),
        "answered": translate("Inbox", "Answered"),
        "escalated": translate("Inbox", "Escalated"),
        "closed": translate("Inbox", "Closed"),
    }
    return names.get(value or "", "—")


def channel_name(value: str) -> str:
    names = {
        "whatsapp": translate("Inbox", "WhatsApp"),
        "x": translate("Inbox", "X"),
        "rss": translate("Inbox", "News"),
        "email": translate("Inbox", "E-mail"),
        "hotline": translate("Inbox", "Hotline"),
        "csv": translate("Inbox", "Export"),
        "meltwater": translate("Inbox", "Meltwater"),
        "brandwatch": translate("Inbox", "Brandwatch"),
    }
    return names.get(value, display_line(value, limit=30))


class InboxModel(QAbstractTableModel):
    """Rows are interactions, newest first; ``fetch_page(offset, limit)`` reads a page."""

    def __init__(
        self,
        fetch_page: FetchPage,
        prefs: DisplayPrefs,
        now: Callable[[], datetime],
        parent: Any = None,
        background: Background | None = None,
    ) -> None:
        super().__init__(parent)
        self._fetch_page = fetch_page
        self._prefs = prefs
        self._now = now
        self._background = background
        self._total = 0
        self._pages: OrderedDict[int, list[InteractionRow]] = OrderedDict()
        self._pending: set[int] = set()
        # The pages asked for most recently: a queued read whose page has scrolled out of
        # this window by the time a worker takes it is skipped, so a fast scroll to the end
        # does not wait behind every page it passed.
        self._recent: deque[int] = deque(maxlen=RECENT_PAGES)
        self._recent_lock = threading.Lock()  # workers read it while the GUI thread appends
        self._generation = 0
        self.fetches = 0
        # who an assignee is: user names and unit codes to the names people know them by
        self._names: dict[str, str] = {}
        self._texts: dict[int, tuple[InteractionRow, dict[int, str]]] = {}

    # -- contents ---------------------------------------------------------------------------
    def set_source(
        self, fetch_page: FetchPage, total: int, first_page: list[InteractionRow] | None = None
    ) -> None:
        """A new filter: its page reader and how many rows match (so far: the first page
        can arrive before the count, and the view shows it at once)."""
        self.beginResetModel()
        self._fetch_page = fetch_page
        self._total = total
        self._pages.clear()
        self._pending.clear()
        self._generation += 1
        if first_page is not None:
            self._store(0, first_page)
        self.endResetModel()

    def put_first_page(self, page: list[InteractionRow]) -> None:
        """The first page of the current filter, read ahead of the view asking."""
        if 0 not in self._pages:
            self._arrived(self._generation, 0, page)

    def set_total(self, total: int) -> None:
        """The count arrived after the first page: grow (or shrink) without a reset."""
        if total > self._total:
            self.beginInsertRows(QModelIndex(), self._total, total - 1)
            self._total = total
            self.endInsertRows()
        elif total < self._total:
            self.beginRemoveRows(QModelIndex(), total, self._total - 1)
            self._total = total
            self.endRemoveRows()

    def set_names(self, names: dict[str, str]) -> None:
        """Display names of users (by login) and units (by ``unit:CODE``) for the assignee."""
        self._names = dict(names)
        self.refresh_view()

    def assignee_name(self, item: InteractionRow) -> str:
        if item.assignee:
            return display_line(self._names.get(item.assignee, item.assignee), limit=60)
        if item.assignee_unit:
            key = "unit:" + item.assignee_unit
            return display_line(self._names.get(key, item.assignee_unit), limit=60)
        return "—"

    def set_prefs(self, prefs: DisplayPrefs) -> None:
        self._prefs = prefs
        self.refresh_view()

    def refresh_view(self) -> None:
        self._texts.clear()
        if self._total:
            self.dataChanged.emit(self.index(0, 0), self.index(self._total - 1, COLUMNS - 1))

    def forget(self) -> None:
        """Drop cached pages (after a change) and repaint; they are read again on demand."""
        self._pages.clear()
        self.refresh_view()

    def put_row(self, item: InteractionRow) -> bool:
        """Show ``item`` (just read after a committed change) in place of the cached row
        with its id, without reading its page again; False when that row is not cached."""
        for page_no, page in self._pages.items():
            for offset, cached in enumerate(page):
                if cached.id == item.id:
                    page[offset] = item
                    at = page_no * PAGE + offset
                    self.dataChanged.emit(self.index(at, 0), self.index(at, COLUMNS - 1))
                    return True
        return False

    def row_at(self, row: int, *, wait: bool = False) -> InteractionRow | None:
        if not 0 <= row < self._total:
            return None
        page_no = row // PAGE
        page = self._pages.get(page_no)
        if page is None:
            page = self._load(page_no, wait=wait)
            if page is None:
                return None
        else:
            self._pages.move_to_end(page_no)
        offset = row - page_no * PAGE
        return page[offset] if offset < len(page) else None

    def id_at(self, row: int) -> int | None:
        found = self.row_at(row, wait=True)
        return found.id if found else None

    def row_of(self, interaction_id: int) -> int | None:
        for page_no, page in self._pages.items():
            for offset, item in enumerate(page):
                if item.id == interaction_id:
                    return page_no * PAGE + offset
        return None

    def _load(self, page_no: int, *, wait: bool) -> list[InteractionRow] | None:
        fetch = self._fetch_page
        if self._background is None or wait:
            self.fetches += 1
            page = fetch(page_no * PAGE, PAGE)
            self._store(page_no, page)
            return page
        with self._recent_lock:
            self._recent.append(page_no)
        if page_no not in self._pending:
            self._pending.add(page_no)
            self.fetches += 1
            generation = self._generation
            recent, lock = self._recent, self._recent_lock

            def read() -> list[InteractionRow] | None:
                with lock:
                    wanted = page_no in recent
                return fetch(page_no * PAGE, PAGE) if wanted else None

            self._background(read, lambda page: self._arrived(generation, page_no, page))
        return None

    def _store(self, page_no: int, page: list[InteractionRow]) -> None:
        self._pages[page_no] = page
        while len(self._pages) > CACHE_PAGES:
            self._pages.popitem(last=False)
        if len(self._texts) > CACHE_PAGES * PAGE:
            self._texts.clear()

    def _arrived(self, generation: int, page_no: int, page: list[InteractionRow] | None) -> None:
        if generation != self._generation:
            return  # a page of an older filter
        self._pending.discard(page_no)
        if page is None:
            return  # skipped: scrolled past before a worker got to it
        self._store(page_no, page)
        first = page_no * PAGE
        last = min(self._total, first + PAGE) - 1
        if last >= first:
            self.dataChanged.emit(self.index(first, 0), self.index(last, COLUMNS - 1))

    # -- Qt model API -----------------------------------------------------------------------
    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._total

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else COLUMNS

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        names = (
            translate("Inbox", "Received"),
            translate("Inbox", "Channel"),
            translate("Inbox", "From"),
            translate("Inbox", "Message"),
            translate("Inbox", "Category"),
            translate("Inbox", "Priority"),
            translate("Inbox", "Status"),
            translate("Inbox", "Assignee"),
            translate("Inbox", "Due"),
        )
        return names[section] if 0 <= section < len(names) else None

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        return _FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        role = int(role)
        if role not in _ROLES or not index.isValid():
            return None
        item = self.row_at(index.row())
        if item is None:
            return "…" if role == _DISPLAY and index.column() == TEXT else None
        if role == _ID:
            return item.id
        column = index.column()
        if role == _TOOLTIP:
            return self._tooltip(item, column)
        if role == _BACKGROUND:
            return COLOURS.get(self._due_state(item)) if column in (STATUS, DUE) else None
        if column in (TIME, DUE):
            return self._cell(item, column)  # "3 m" ago and "12 m left" follow the clock
        # Every paint asks each cell again: its text is made once per row read, so a repaint
        # (after each triage key, while scrolling) does not redo dates and bidi-safe text.
        cached = self._texts.get(item.id)
        if cached is None or cached[0] is not item:
            cached = (item, {})
            self._texts[item.id] = cached
        texts = cached[1]
        text = texts.get(column)
        if text is None:
            text = texts[column] = self._cell(item, column)
        return text

    def _due_state(self, item: InteractionRow) -> str:
        return due_state(
            item.response_due,
            self._now(),
            overdue=item.overdue and item.status in OPEN_STATUSES,
            is_open=item.status in OPEN_STATUSES,
        )

    def _tooltip(self, item: InteractionRow, column: int) -> str | None:
        """The full dates, the whole message, and what the marks mean."""
        if column == TIME:
            return full_date(item.received_at, self._prefs)
        if column == DUE and item.response_due is not None:
            return translate("InboxTime", "Answer by %1").replace(
                "%1", full_date(item.response_due, self._prefs)
            )
        if column == TEXT:
            text = display_line(item.text, limit=500)
            if item.cluster_id:
                text = (
                    translate(
                        "InboxTime",
                        "⚑ In rumour cluster %1: others sent nearly the same message.",
                    ).replace("%1", str(item.cluster_id))
                    + "\n"
                    + text
                )
            return text
        return None

    def _cell(self, item: InteractionRow, column: int) -> str:
        if column == TIME:
            return short_span(self._now() - item.received_at, self._prefs)
        if column == CHANNEL:
            return channel_name(item.channel)
        if column == AUTHOR:
            return safe_text(item.author_name or item.author_handle or "—", limit=60)
        if column == TEXT:
            mark = CLUSTER_MARK + " " if item.cluster_id else ""
            return mark + safe_text(item.text, limit=160)
        if column == CATEGORY:
            return category_name(item.category)
        if column == PRIORITY:
            return priority_name(item.priority)
        if column == STATUS:
            return status_label(item.status)
        if column == ASSIGNEE:
            return self.assignee_name(item)
        if column == DUE:
            state = self._due_state(item)
            if state == OVERDUE and item.response_due is None:
                return translate("InboxTime", "late")
            return due_text(item.response_due, self._now(), state, self._prefs)
        return ""


__all__ = [
    "CLUSTER_MARK",
    "COLUMNS",
    "ID_ROLE",
    "PAGE",
    "InboxModel",
    "category_name",
    "channel_name",
    "priority_name",
    "status_label",
]
