"""The inbox: a filter bar, a lazily paged table of dense rows, a detail pane that shows only
when a message is chosen, and keyboard-first triage.

Keys on the table: J/K next and previous, 1–5 set the category (complaint, observation,
suggestion, question, rumour), A assigns to me, E escalates, C closes, R opens the reply
composer, Ctrl+H enters a hotline call. Every core call runs through ``ctx.ops``; the detail
shows the original text as plain text with bidi controls visible, each header field isolated,
and the search matches painted as extra selections (never HTML).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import QCoreApplication, QModelIndex, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from crisisdesk.clock import parse_utc
from crisisdesk.errors import StaleError
from crisisdesk.intake.rows import InboxFilters, InteractionDetail, InteractionRow
from crisisdesk.playbooks.model import CATEGORIES
from crisisdesk.text.display import display_line
from crisisdesk.ui.changes import TRIAGED, Changes
from crisisdesk.ui.conflict_banner import ConflictBanner
from crisisdesk.ui.display import date_time, digits, safe_text
from crisisdesk.ui.inbox_detail import InboxDetail, open_reply_of, shown_with_spans
from crisisdesk.ui.inbox_filters import InboxFilterBar
from crisisdesk.ui.inbox_model import (
    ASSIGNEE,
    AUTHOR,
    CATEGORY,
    CHANNEL,
    COLUMNS,
    DUE,
    PAGE,
    PRIORITY,
    STATUS,
    TEXT,
    TIME,
    InboxModel,
    category_name,
)
from crisisdesk.ui.messages import fix_minimum_size
from crisisdesk.ui.operations import Op, perform
from crisisdesk.ui.operations import intake as intake_ops
from crisisdesk.ui.reply_composer import ReplyComposer
from crisisdesk.ui.room import RoomContext
from crisisdesk.ui.screens import Screen, register_screen

translate = QCoreApplication.translate

ROW_PADDING = 6  # pixels above and below a row's text: dense, still easy to click
CLOCK_MS = 30_000  # relative times and countdowns move on this often
# Short cells are narrow (relative times, countdowns): the message takes the rest.
COLUMN_WIDTHS = {
    TIME: 84, CHANNEL: 80, AUTHOR: 110, CATEGORY: 84, PRIORITY: 70, STATUS: 84,
    ASSIGNEE: 100, DUE: 92,
}  # fmt: skip


class HotlineDialog(QDialog):
    """The call-taker's fast form: caller, phone, words, location, category."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(translate("Inbox", "Hotline call"))
        form = QFormLayout(self)
        self.caller = QLineEdit(self)
        self.phone = QLineEdit(self)
        self.text = QPlainTextEdit(self)
        self.location = QLineEdit(self)
        self.category = QComboBox(self)
        self.category.addItem("—", None)
        for value in CATEGORIES:
            self.category.addItem(category_name(value), value)
        form.addRow(translate("Inbox", "Caller"), self.caller)
        form.addRow(translate("Inbox", "Phone"), self.phone)
        form.addRow(translate("Inbox", "What they said"), self.text)
        form.addRow(translate("Inbox", "Location"), self.location)
        form.addRow(translate("Inbox", "Category"), self.category)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        fix_minimum_size(self)

    def values(self) -> dict[str, Any]:
        return {
            "caller": self.caller.text().strip() or None,
            "phone": self.phone.text().strip() or None,
            "text": self.text.toPlainText(),
            "location": self.location.text().strip() or None,
            "category": self.category.currentData(),
        }


@dataclass(eq=False)
class Reload:
    """One reload of the list: its filters and page reader, what has arrived (the first
    page, the count), and where the user was when the model was reset."""

    filters: InboxFilters
    reader: Callable[[int, int], list[Any]]
    total: int | None = None  # the count, once it arrived
    shown: bool = False  # the first page is in the model
    noted: bool = False  # the position below was noted
    at_row: int = -1
    at_id: int | None = None


@register_screen("inbox", order=12)
class InboxScreen(Screen):
    icon_name = "inbox"

    @classmethod
    def title(cls) -> str:
        return translate("Inbox", "Inbox")

    def __init__(self, ctx: RoomContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.current: InteractionDetail | None = None
        self._wanted: int | None = None
        self._reload_state = Reload(InboxFilters(ctx.incident_id), lambda _o, _l: [])
        self._waiting_row: int | None = None
        self._shown_seqs: set[int] = set()  # own triage decisions the list already shows
        self.status_label: QLabel | None = None
        self.bar = InboxFilterBar(self)
        self.bar.changed.connect(self._filters_changed)
        self.bar.hotline_button.clicked.connect(self.open_hotline)
        self.model = InboxModel(
            self._page_reader(self._filters()),
            ctx.prefs,
            ctx.desk.clock.now,
            self,
            background=lambda call, done: ctx.ops.read(call, done, owner=self),
        )
        self.table = self._make_table()
        self.detail = InboxDetail(self)
        self.detail.setVisible(False)
        self.detail.reply_requested.connect(self.reply)
        self.detail.assign_requested.connect(self.assign)
        self.detail.outcome_found.connect(lambda sent: self.record_open_reply(sent=sent))
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.table)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 0)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(4)
        layout.addWidget(self.bar)
        layout.addWidget(splitter, 1)
        self._keys()
        self.retranslate()
        self.reload()
        self._read_people()
        QTimer.singleShot(0, self._attach_status)
        self._start_timers()

    def _make_table(self) -> QTableView:
        """Dense rows (a laptop shows fifteen and more), one selected at a time."""
        table = QTableView(self)
        table.setModel(self.model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setWordWrap(False)
        table.setMinimumHeight(120)
        vertical = table.verticalHeader()
        vertical.setVisible(False)
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # no per-row bookkeeping
        vertical.setMinimumSectionSize(1)
        vertical.setDefaultSectionSize(self.fontMetrics().height() + ROW_PADDING)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(TEXT, QHeaderView.ResizeMode.Stretch)
        for column, width in COLUMN_WIDTHS.items():
            header.resizeSection(column, width)
        table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.model.dataChanged.connect(self._rows_arrived)
        return table

    def _start_timers(self) -> None:
        """The relative times and countdowns kept current (the overdue sweep is the room's)."""
        self._clock_timer = QTimer(self)
        self._clock_timer.setInterval(CLOCK_MS)
        self._clock_timer.timeout.connect(self._tick)
        self._clock_timer.start()

    def _tick(self) -> None:
        """Repaint the rows on screen: "3 m" becomes "4 m", "2 m left" becomes "late"."""
        self.table.viewport().update()

    # Widgets of the filter bar and the detail pane, by the names the room's code uses.
    @property
    def search(self) -> QLineEdit:
        return self.bar.search

    @property
    def overdue(self) -> QCheckBox:
        return self.bar.overdue

    @property
    def unit_filter(self) -> QComboBox:
        return self.bar.unit

    @property
    def cluster_filter(self) -> int | None:
        return self.bar.cluster_id

    @property
    def cluster_chip(self) -> QPushButton:
        return self.bar.cluster_chip

    @property
    def count_label(self) -> QLabel:
        return self.bar.count_label

    @property
    def conflict(self) -> ConflictBanner:
        return self.detail.conflict

    @property
    def meta(self) -> QLabel:
        return self.detail.meta

    @property
    def body(self) -> QPlainTextEdit:
        return self.detail.body

    @property
    def history(self) -> QPlainTextEdit:
        return self.detail.history

    @property
    def reply_button(self) -> QPushButton:
        return self.detail.reply_button

    @property
    def open_reply_bar(self) -> QWidget:
        return self.detail.open_reply_bar

    @property
    def open_reply_note(self) -> QLabel:
        return self.detail.open_reply_note

    @property
    def was_sent_button(self) -> QPushButton:
        return self.detail.was_sent_button

    @property
    def not_sent_button(self) -> QPushButton:
        return self.detail.not_sent_button

    def _read_people(self) -> None:
        """Users and network units, for the assignee chip, the filters and the unit queue."""
        desk = self.ctx.desk

        def read() -> dict[str, Any]:
            network = desk.network
            return {
                "users": [u for u in desk.users.list() if u.active],
                "units": [u for u in network.units() if u.active],
                "mine": network.my_unit(),
            }

        self.ctx.ops.read(read, self._people_arrived, owner=self)

    def _people_arrived(self, found: dict[str, Any]) -> None:
        lang = self.ctx.prefs.language
        units = [(u.code, display_line(u.name(lang), limit=40)) for u in found["units"]]
        people = [
            (u.name, display_line(u.display_name or u.name, limit=40)) for u in found["users"]
        ]
        people += [("unit:" + code, name) for code, name in units]
        mine = found["mine"]
        user = self.ctx.desk.user
        self.bar.set_people(people)
        self.bar.set_units(units, None if mine is None or mine.is_centre else mine.code)
        self.detail.set_people(people, user.name if user is not None else None)
        self.model.set_names(dict(people))
        if self.detail.current is not None:
            self._show_detail(self.detail.current)

    # -- keys ------------------------------------------------------------------------------
    def _keys(self) -> None:
        def key(seq: str | QKeySequence, fn: Any) -> None:
            shortcut = QShortcut(QKeySequence(seq), self.table)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(fn)

        key("J", lambda: self.step_row(1))
        key("K", lambda: self.step_row(-1))
        for number, category in enumerate(CATEGORIES, start=1):
            key(str(number), lambda c=category: self.set_category(c))
        key("A", self.assign_to_me)
        key("E", lambda: self.set_status("escalated"))
        key("C", lambda: self.set_status("closed"))
        key("R", self.reply_button.click)  # not while a reply's outcome is unknown
        hot = QShortcut(QKeySequence("Ctrl+H"), self)
        hot.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        hot.activated.connect(self.open_hotline)

    def step_row(self, step: int) -> None:
        rows = self.model.rowCount()
        if not rows:
            return
        current = self.table.currentIndex().row()
        target = max(0, min(rows - 1, (current if current >= 0 else -1) + step))
        self.table.setCurrentIndex(self.model.index(target, TEXT))

    # -- texts -----------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.bar.retranslate()
        self.detail.retranslate()
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, COLUMNS - 1)
        self.model.refresh_view()  # category and channel names in the new language
        self._show_detail(self.current)

    # -- loading ---------------------------------------------------------------------------
    def _filters(self) -> InboxFilters:
        user = self.ctx.desk.user
        return self.bar.filters(self.ctx.incident_id, user.name if user is not None else None)

    def _filters_changed(self) -> None:
        """A unit's queue holds the messages routed to it: route the new arrivals first."""
        if self.bar.unit.currentData() is None:
            self.reload()
            return
        queues, incident = self.ctx.desk.network.queues, self.ctx.incident_id
        self.ctx.ops.write(
            lambda: queues.route_pending(incident),
            lambda _counts: self.reload(),
            lambda _error: self.reload(),
            owner=self,
        )

    def _page_reader(self, filters: InboxFilters) -> Any:
        inbox = self.ctx.desk.inbox
        model = getattr(self, "model", None)

        def page(offset: int, limit: int) -> list[Any]:
            total = model.rowCount() if model is not None else None
            return inbox.rows(inbox.ids(filters, offset=offset, limit=limit, total=total))

        return page

    def reload(self) -> None:
        """Read the first page and the count in parallel: the first rows show at once,
        whatever the size of the inbox, and the count fills in the scroll range after."""
        filters = self._filters()
        reader = self._page_reader(filters)
        inbox = self.ctx.desk.inbox
        state = Reload(filters, reader)
        self._reload_state = state
        self.ctx.ops.read(
            lambda: reader(0, PAGE), lambda page: self._first_page(state, page), owner=self
        )
        self.ctx.ops.read(
            lambda: inbox.count(filters), lambda total: self._counted(state, total), owner=self
        )

    def _first_page(self, state: Reload, page: list[Any]) -> None:
        if state is not self._reload_state:
            return  # the filter changed meanwhile
        if state.total is not None:
            self.model.put_first_page(page)
            if not self.table.currentIndex().isValid() and state.noted:
                self._restore(state, self.current.row.id if self.current else None)
            return
        state.shown = True
        keep = self.current.row.id if self.current else None
        self._note_position(state)
        self.model.set_source(state.reader, len(page), page)
        self._restore(state, keep)

    def _counted(self, state: Reload, total: int) -> None:
        if state is not self._reload_state:
            return
        state.total = total
        if state.shown:
            self.model.set_total(total)
        else:
            keep = self.current.row.id if self.current else None
            self._note_position(state)
            self.model.set_source(state.reader, total)
            self._restore(state, keep)
        self.bar.set_count(
            translate("Inbox", "%1 messages").replace("%1", digits(f"{total:,}", self.ctx.prefs))
        )

    def _note_position(self, state: Reload) -> None:
        """Where the user is just before the model is reset (J may have moved past the row
        the detail pane still shows), so the reload puts them back there."""
        at = self.table.currentIndex().row()
        on = self.model.row_at(at) if at >= 0 else None
        state.noted = True
        state.at_row = at
        state.at_id = on.id if on is not None else None

    def _restore(self, state: Reload, keep: int | None) -> None:
        """After the model was reset: back on the row the user was on when it reloaded."""
        if state.at_id is not None and self.model.row_of(state.at_id) is not None:
            self._select_id(state.at_id)
        elif 0 <= state.at_row < self.model.rowCount():
            # its page is not read yet (or was just dropped): the same place in the list
            self.table.setCurrentIndex(self.model.index(state.at_row, TEXT))
        elif keep is not None:
            self._select_id(keep)

    def _select_id(self, interaction_id: int) -> None:
        row = self.model.row_of(interaction_id)
        if row is not None:
            self.table.setCurrentIndex(self.model.index(row, TEXT))

    def refresh(self) -> None:
        self.reload()

    def on_changes(self, changes: Changes) -> None:
        if changes.channels:
            self.update_channels()
        if changes.inbox:
            unfiltered = self._filters() == InboxFilters(self.ctx.incident_id)
            if unfiltered and changes.only(TRIAGED):
                seqs = {getattr(d, "seq", None) for d in changes.decisions}
                if changes.decisions and seqs <= self._shown_seqs:
                    # only this window's own triage, already shown row by row
                    self._shown_seqs -= seqs
                    return
                self._shown_seqs.clear()
                # Triage moves no row in an unfiltered list: read the visible rows again,
                # not the list and its count; the detail follows the row the user is on.
                self.model.forget()
                at = self.table.currentIndex()
                if at.isValid():
                    self._waiting_row = at.row()
                return
            self.reload()
            if self.current is not None:
                self._load_detail(self.current.row.id)

    def on_prefs_changed(self) -> None:
        self.model.set_prefs(self.ctx.prefs)
        self._show_detail(self.current)

    def show_cluster(self, cluster_id: int | None) -> None:
        """Filter the inbox to one cluster (from the rumour register), or clear it."""
        self.bar.set_cluster(cluster_id)

    # -- detail ----------------------------------------------------------------------------
    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        """Show the detail of the new row; if its page is not read yet, once it arrives."""
        if not current.isValid():
            return
        row = self.model.row_at(current.row())
        if row is None:
            self._waiting_row = current.row()
            return
        self._waiting_row = None
        self._load_detail(row.id)

    def _rows_arrived(self, first: QModelIndex, last: QModelIndex) -> None:
        waiting = self._waiting_row
        if waiting is not None and first.row() <= waiting <= last.row():
            row = self.model.row_at(waiting)
            if row is not None and self.table.currentIndex().row() == waiting:
                self._waiting_row = None
                self._load_detail(row.id)

    def _load_detail(self, interaction_id: int) -> None:
        inbox = self.ctx.desk.inbox
        query = self.search.text().strip() or None
        self._wanted = interaction_id
        self.ctx.ops.read(
            lambda: inbox.detail(interaction_id, query), self._arrived_detail, owner=self
        )

    def _arrived_detail(self, detail: InteractionDetail) -> None:
        """Readers run in parallel: only the detail of the row asked for last is shown."""
        if detail.row.id == self._wanted:
            self._show_detail(detail)

    def _show_detail(self, detail: InteractionDetail | None) -> None:
        self.current = detail
        self.detail.show_detail(detail, self.ctx.prefs)

    def open_reply(self) -> Any:
        """The current interaction's reply whose outcome is not known, if any."""
        return open_reply_of(self.current)

    # -- actions ---------------------------------------------------------------------------
    def record_open_reply(self, *, sent: bool) -> None:
        """Record what the operator found in the chat for the reply of unknown outcome."""
        reply = self.open_reply()
        if reply is None or self.current is None:
            return
        interaction_id, reply_id = self.current.row.id, reply.id
        replies = self.ctx.desk.inbox.replies

        def done(_seq: Any) -> None:
            self.model.forget()
            self._load_detail(interaction_id)

        self.ctx.ops.write(lambda: replies.record_outcome(reply_id, sent=sent), done, owner=self)

    def _triage(self, **changes: Any) -> None:
        """Apply ``changes`` on the strength of the version this row shows; if another user
        changed it first, show who and when and offer to apply ours anyway."""
        if self.current is None:
            return
        interaction_id = self.current.row.id
        seen = self.current.row.version
        triage = self.ctx.desk.inbox.triage
        self.conflict.dismiss()

        inbox = self.ctx.desk.inbox

        def attempt(force: bool) -> Any:
            try:
                seq = triage.apply(interaction_id, seen=seen, force=force, **changes)
            except StaleError as exc:
                return exc
            # the row as committed, read on the writer's thread: the list shows it at once
            return seq, inbox.rows([interaction_id])

        def done(result: Any) -> None:
            if isinstance(result, tuple) and self._show_committed(*result):
                at = self.table.currentIndex()
                on = self.model.row_at(at.row()) if at.isValid() else None
                if on is not None and on.id == interaction_id:
                    self._load_detail(interaction_id)  # J has not moved on meanwhile
                return
            self.model.forget()
            self._load_detail(interaction_id)
            if isinstance(result, StaleError):
                self.conflict.show_conflict(
                    result,
                    lambda: self.ctx.ops.write(lambda: attempt(True), done, owner=self),
                    lambda at: date_time(parse_utc(at), self.ctx.prefs) if at else "?",
                )

        self.ctx.ops.write(lambda: attempt(False), done, owner=self)

    def _show_committed(self, seq: int, rows: list[InteractionRow]) -> bool:
        """Put the row this window's own triage committed in the list and the detail pane,
        so the change shows without reading the page again; the feed then skips ``seq``."""
        if len(rows) != 1 or not self.model.put_row(rows[0]):
            return False
        self._shown_seqs.add(seq)
        if self.current is not None and self.current.row.id == rows[0].id:
            # the next key on this row is based on the version just committed
            self._show_detail(replace(self.current, row=rows[0]))
        return True

    def set_category(self, category: str) -> None:
        if self.current is not None and self.current.row.category != category:
            self._triage(category=category)

    def set_status(self, status: str) -> None:
        if self.current is not None and self.current.row.status != status:
            self._triage(status=status)

    def assign_to_me(self) -> None:
        user = self.ctx.desk.user
        if user is not None and self.current is not None and self.current.row.assignee != user.name:
            self._triage(assignee=user.name)

    def assign(self, who: str) -> None:
        """Give the message to a user (login), a unit (``unit:CODE``) or nobody (``-``)."""
        if self.current is None:
            return
        row = self.current.row
        held = row.assignee or ("unit:" + row.assignee_unit if row.assignee_unit else "-")
        if who and who != held:
            self._triage(assignee=who)

    def reply(self) -> None:
        """Read the canned replies and the conversation in the background, then compose."""
        if self.current is None:
            return
        inbox, incident = self.ctx.desk.inbox, self.ctx.incident_id
        interaction_id = self.current.row.id

        def read() -> tuple[list[Any], list[Any]]:
            playbook = inbox.incidents.playbook(incident)
            canned = list(playbook.canned_replies) if playbook else []
            return canned, inbox.replies.conversation(interaction_id)

        self.ctx.ops.read(read, lambda found: self._compose(interaction_id, *found), owner=self)

    def _preview_for(self, interaction_id: int) -> Any:
        replies = self.ctx.desk.inbox.replies

        def preview(template_id: str, values: dict[str, str], done: Any) -> None:
            self.ctx.ops.read(
                lambda: replies.preview(interaction_id, template_id, values), done, owner=self
            )

        return preview

    def _compose(self, interaction_id: int, canned: list[Any], lines: list[Any]) -> None:
        if self.current is None or self.current.row.id != interaction_id:
            return
        again = self.open_reply() is not None  # asked for with "Reply again anyway…"
        dialog = ReplyComposer(
            canned,
            self.current.row.category,
            self.ctx.prefs,
            self._preview_for(interaction_id),
            lines,
            self,
        )
        self.composer = dialog
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        free = dialog.free_text()
        if free is not None:
            self.send_free_text(free, again=again)
            return
        template_id = dialog.template_id()
        if template_id is not None:
            self.send_reply(template_id, dialog.values(), again=again)

    def send_reply(self, template_id: str, values: dict[str, str], *, again: bool = False) -> None:
        """Send a canned reply; ``again`` even though an earlier one's outcome is unknown."""
        if self.current is not None:
            iid = self.current.row.id
            self._send(intake_ops.reply_with_canned(self.ctx.desk, iid, template_id, values,
                                                    again=again))  # fmt: skip

    def send_free_text(self, text: str, *, again: bool = False) -> None:
        """Send the operator's own words (the core checks the same rules as a canned reply)."""
        if self.current is not None:
            iid = self.current.row.id
            self._send(intake_ops.reply_in_own_words(self.ctx.desk, iid, text, again=again))

    def _send(self, op: Op[Any]) -> None:
        if self.current is None:
            return
        interaction_id = self.current.row.id

        def done(_done: Any) -> None:
            self.model.forget()
            self._load_detail(interaction_id)

        perform(self.ctx, op, done, owner=self)

    def open_hotline(self) -> None:
        dialog = HotlineDialog(self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.save_hotline(dialog.values())

    def save_hotline(self, values: dict[str, Any]) -> None:
        inbox = self.ctx.desk.inbox
        incident = self.ctx.incident_id
        self.ctx.ops.write(
            lambda: inbox.add_hotline(incident, **values), lambda _id: self.reload(), owner=self
        )

    # -- channel status --------------------------------------------------------------------
    def _attach_status(self) -> None:
        """Put the channel-status indicator in the window's status bar (once)."""
        window = self.window()
        bar = getattr(window, "statusBar", None)
        if bar is None or self.status_label is not None:
            return
        self.status_label = QLabel(window)
        self.status_label.setObjectName("statusChannels")
        self.status_label.setTextFormat(Qt.TextFormat.PlainText)
        bar().addPermanentWidget(self.status_label)
        self.update_channels()

    def update_channels(self) -> None:
        connectors = self.ctx.desk.inbox.connectors
        incident = self.ctx.incident_id
        self.ctx.ops.read(lambda: connectors.list(incident), self._show_channels, owner=self)

    def _show_channels(self, items: list[Any]) -> None:
        if self.status_label is None:
            return
        if not items:
            self.status_label.setText(translate("Inbox", "Channels: none live"))
            self.status_label.setToolTip("")
            return
        failing = [c for c in items if c.state == "failing"]
        if failing:
            self.status_label.setText(
                translate("Inbox", "Channels: %1 failing").replace("%1", str(len(failing)))
            )
        else:
            self.status_label.setText(translate("Inbox", "Channels: all well"))
        self.status_label.setToolTip(
            "\n".join(f"{c.name}: {c.state} {safe_text(c.last_error or '')}" for c in items)
        )

    def showcase(self) -> None:
        if self.model.rowCount():
            self.table.setCurrentIndex(self.model.index(0, TEXT))


__all__ = ["HotlineDialog", "InboxScreen", "shown_with_spans"]
