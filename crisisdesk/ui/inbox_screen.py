"""The inbox: filters, a lazily paged table, a detail pane and keyboard-first triage.

Keys on the table: J/K next and previous, 1–5 set the category (complaint, observation,
suggestion, question, rumour), A assigns to me, E escalates, C closes, R replies with a canned
reply, Ctrl+H enters a hotline call. Every core call runs through ``ctx.ops``; the detail
shows the original text as plain text with bidi controls visible, each header field isolated,
and the search matches painted as extra selections (never HTML).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QModelIndex, Qt, QTimer
from PySide6.QtGui import QColor, QKeySequence, QShortcut, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from crisisdesk.clock import parse_utc
from crisisdesk.errors import StaleError
from crisisdesk.intake.overdue import TICK_SECONDS as OVERDUE_SECONDS
from crisisdesk.intake.overdue import OverdueJob
from crisisdesk.intake.rows import STATUSES, InboxFilters, InteractionDetail
from crisisdesk.intake.vocabulary import OPEN_REPLY_RESULTS
from crisisdesk.playbooks.model import CATEGORIES, PRIORITIES
from crisisdesk.text.display import visible_controls
from crisisdesk.ui.changes import TRIAGED, Changes
from crisisdesk.ui.conflict_banner import ConflictBanner
from crisisdesk.ui.display import date_time, safe_text
from crisisdesk.ui.inbox_model import (
    PAGE,
    TEXT,
    InboxModel,
    category_name,
    channel_name,
    priority_name,
    reply_result_name,
    status_label,
)
from crisisdesk.ui.messages import fix_minimum_size
from crisisdesk.ui.room import RoomContext
from crisisdesk.ui.screens import Screen, register_screen

translate = QCoreApplication.translate

SEARCH_DELAY_MS = 300
DETAIL_LIMIT = 20_000
CHANNELS = ("whatsapp", "x", "rss", "email", "hotline", "csv", "meltwater", "brandwatch")


def shown_with_spans(
    text: str, spans: list[tuple[int, int]], limit: int = DETAIL_LIMIT
) -> tuple[str, list[tuple[int, int]]]:
    """Plain text with controls made visible, and the spans moved to where they land in it."""
    cut = text[:limit]
    pieces: list[str] = []
    moved: list[tuple[int, int]] = []
    position = 0
    length = 0
    for start, end in sorted(spans):
        if start >= len(cut) or start < position:
            continue
        before = visible_controls(cut[position:start])
        inside = visible_controls(cut[start : min(end, len(cut))])
        pieces += [before, inside]
        moved.append((length + len(before), length + len(before) + len(inside)))
        length += len(before) + len(inside)
        position = min(end, len(cut))
    pieces.append(visible_controls(cut[position:]))
    shown = "".join(pieces)
    if len(text) > limit:
        shown += "… " + translate("Inbox", "(%1 more characters not shown)").replace(
            "%1", f"{len(text) - limit:,}"
        )
    return shown, moved


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


class ReplyDialog(QDialog):
    """Choose a canned reply of the playbook and fill its variables."""

    def __init__(
        self, replies: list[Any], preferred: str | None, lang: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(translate("Inbox", "Reply with a canned reply"))
        self.replies = replies
        self.lang = lang
        layout = QVBoxLayout(self)
        self.choice = QComboBox(self)
        for reply in replies:
            self.choice.addItem(f"{reply.id} · {category_name(reply.category)}", reply.id)
        index = next((i for i, r in enumerate(replies) if r.category == preferred), 0)
        self.choice.setCurrentIndex(index)
        layout.addWidget(self.choice)
        self.form = QFormLayout()
        layout.addLayout(self.form)
        self.fields: dict[str, QLineEdit] = {}
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(translate("Inbox", "Send"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.choice.currentIndexChanged.connect(self._rebuild)
        self._rebuild()
        # Fields change with the chosen reply: the window's limits are settled once, here,
        # so no platform is asked to resize a visible window.
        layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        self.resize(560, 320)
        self.setMinimumSize(420, 220)

    def _rebuild(self) -> None:
        while self.form.rowCount():
            self.form.removeRow(0)
        self.fields = {}
        reply = self.replies[self.choice.currentIndex()] if self.replies else None
        if reply is None:
            return
        for variable in reply.variables:
            edit = QLineEdit(self)
            if variable.example is not None:
                example = variable.example
                edit.setPlaceholderText(
                    example.get(self.lang) if hasattr(example, "get") else str(example)
                )
            self.fields[variable.name] = edit
            self.form.addRow(variable.label.get(self.lang), edit)

    def template_id(self) -> str:
        return str(self.choice.currentData())

    def values(self) -> dict[str, str]:
        return {k: e.text() for k, e in self.fields.items() if e.text().strip()}


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
        self._reload_state: dict[str, Any] = {}
        self.status_label: QLabel | None = None
        self.search = QLineEdit(self)
        self.search.setClearButtonEnabled(True)
        self.channel = QComboBox(self)
        self.category = QComboBox(self)
        self.status = QComboBox(self)
        self.priority = QComboBox(self)
        self.assignee = QLineEdit(self)
        self.overdue = QCheckBox(self)
        self.cluster_filter: int | None = None
        self.cluster_chip = QPushButton(self)
        self.cluster_chip.setVisible(False)
        self.cluster_chip.clicked.connect(lambda: self.show_cluster(None))
        self.hotline_button = QPushButton(self)
        self.hotline_button.clicked.connect(self.open_hotline)
        self.count_label = QLabel(self)
        self.count_label.setTextFormat(Qt.TextFormat.PlainText)
        filters = QHBoxLayout()
        for widget in (
            self.search, self.channel, self.category, self.status, self.priority,
            self.assignee, self.overdue, self.cluster_chip, self.count_label, self.hotline_button,
        ):  # fmt: skip
            filters.addWidget(widget)
        filters.setStretch(0, 3)

        self.model = InboxModel(
            self._page_reader(self._filters()),
            ctx.prefs,
            ctx.desk.clock.now,
            self,
            background=lambda call, done: ctx.ops.read(call, done, owner=self),
        )
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(False)
        vertical = self.table.verticalHeader()
        vertical.setVisible(False)
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # no per-row bookkeeping
        vertical.setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(TEXT, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(0, 140)
        header.resizeSection(8, 140)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self._waiting_row: int | None = None
        self.model.dataChanged.connect(self._rows_arrived)

        self.meta = QLabel(self)
        self.meta.setTextFormat(Qt.TextFormat.PlainText)
        self.meta.setWordWrap(True)
        self.body = QPlainTextEdit(self)
        self.body.setReadOnly(True)
        self.body.setObjectName("interactionText")
        self.history = QPlainTextEdit(self)
        self.history.setReadOnly(True)
        self.history.setMaximumHeight(120)
        self.reply_button = QPushButton(self)
        self.reply_button.clicked.connect(self.reply)
        # A reply that may or may not have reached the person (the app stopped while
        # sending): the operator checks the chat and says which, before any new reply.
        self.open_reply_note = QLabel(self)
        self.open_reply_note.setObjectName("openReplyNote")
        self.open_reply_note.setProperty("role", "error")
        self.open_reply_note.setTextFormat(Qt.TextFormat.PlainText)
        self.open_reply_note.setWordWrap(True)
        self.was_sent_button = QPushButton(self)
        self.was_sent_button.clicked.connect(lambda: self.record_open_reply(sent=True))
        self.not_sent_button = QPushButton(self)
        self.not_sent_button.clicked.connect(lambda: self.record_open_reply(sent=False))
        self.again_button = QPushButton(self)
        self.again_button.clicked.connect(self.reply)
        self.open_reply_bar = QWidget(self)
        bar = QHBoxLayout(self.open_reply_bar)
        bar.setContentsMargins(0, 0, 0, 0)
        bar.addWidget(self.open_reply_note, 1)
        bar.addWidget(self.was_sent_button)
        bar.addWidget(self.not_sent_button)
        bar.addWidget(self.again_button)
        self.open_reply_bar.hide()
        self.hint = QLabel(self)
        self.hint.setTextFormat(Qt.TextFormat.PlainText)
        self.hint.setWordWrap(True)
        detail = QWidget(self)
        dl = QVBoxLayout(detail)
        dl.setContentsMargins(0, 0, 0, 0)
        self.conflict = ConflictBanner(detail)
        dl.addWidget(self.conflict)
        dl.addWidget(self.meta)
        dl.addWidget(self.body, 1)
        dl.addWidget(self.history)
        dl.addWidget(self.open_reply_bar)
        dl.addWidget(self.reply_button)
        dl.addWidget(self.hint)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.table)
        splitter.addWidget(detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(splitter, 1)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.reload)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        self.assignee.textChanged.connect(lambda _t: self._search_timer.start())
        for combo in (self.channel, self.category, self.status, self.priority):
            combo.currentIndexChanged.connect(lambda _i: self.reload())
        self.overdue.toggled.connect(lambda _b: self.reload())
        self._keys()
        self.retranslate()
        self.reload()
        QTimer.singleShot(0, self._attach_status)
        # The overdue sweep, on the single writer every minute while the inbox is open.
        self._overdue_job = OverdueJob(ctx.desk, ctx.incident_id)
        self._overdue_timer = QTimer(self)
        self._overdue_timer.setInterval(OVERDUE_SECONDS * 1000)
        self._overdue_timer.timeout.connect(
            lambda: ctx.ops.write(self._overdue_job.tick, owner=self)
        )
        self._overdue_timer.start()

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
        self.conflict.retranslate()
        self.search.setPlaceholderText(translate("Inbox", "Search (any spelling)"))
        self.assignee.setPlaceholderText(translate("Inbox", "Assignee"))
        self.overdue.setText(translate("Inbox", "Overdue"))
        self.hotline_button.setText(translate("Inbox", "Hotline call…"))
        self.reply_button.setText(translate("Inbox", "Reply… (R)"))
        self.was_sent_button.setText(translate("Inbox", "It was sent"))
        self.not_sent_button.setText(translate("Inbox", "It was not sent"))
        self.again_button.setText(translate("Inbox", "Reply again anyway…"))
        self.hint.setText(
            translate(
                "Inbox",
                "Keys: J/K next/previous · 1–5 category · A assign to me · E escalate · "
                "C close · R reply · Ctrl+H hotline call",
            )
        )
        self._fill(self.channel, translate("Inbox", "All channels"), CHANNELS, channel_name)
        self._fill(self.category, translate("Inbox", "All categories"), CATEGORIES, category_name)
        self._fill(self.status, translate("Inbox", "All statuses"), STATUSES, status_label)
        self._fill(self.priority, translate("Inbox", "All priorities"), PRIORITIES, priority_name)
        if self.cluster_filter is not None:
            self.cluster_chip.setText(
                translate("Inbox", "Cluster %1 ✕").replace("%1", str(self.cluster_filter))
            )
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, 8)
        self._show_detail(self.current)

    @staticmethod
    def _fill(combo: QComboBox, any_text: str, values: tuple[str, ...], name: Any) -> None:
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(any_text, None)
        for value in values:
            combo.addItem(name(value), value)
        combo.setCurrentIndex(max(0, combo.findData(current)))
        combo.blockSignals(False)

    # -- loading ---------------------------------------------------------------------------
    def _filters(self) -> InboxFilters:
        return InboxFilters(
            incident_id=self.ctx.incident_id,
            channel=self.channel.currentData() if hasattr(self, "channel") else None,
            category=self.category.currentData() if hasattr(self, "category") else None,
            status=self.status.currentData() if hasattr(self, "status") else None,
            priority=self.priority.currentData() if hasattr(self, "priority") else None,
            assignee=(self.assignee.text().strip() or None) if hasattr(self, "assignee") else None,
            overdue=True if hasattr(self, "overdue") and self.overdue.isChecked() else None,
            cluster_id=self.cluster_filter,
            search=(self.search.text().strip() or None) if hasattr(self, "search") else None,
        )

    def _page_reader(self, filters: InboxFilters) -> Any:
        inbox = self.ctx.desk.inbox
        model = self.model if hasattr(self, "model") else None

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
        state: dict[str, Any] = {"filters": filters, "reader": reader}
        self._reload_state = state
        self.ctx.ops.read(
            lambda: reader(0, PAGE), lambda page: self._first_page(state, page), owner=self
        )
        self.ctx.ops.read(
            lambda: inbox.count(filters), lambda total: self._counted(state, total), owner=self
        )

    def _first_page(self, state: dict[str, Any], page: list[Any]) -> None:
        if state is not self._reload_state:
            return  # the filter changed meanwhile
        if "total" in state:
            self.model.put_first_page(page)
            if not self.table.currentIndex().isValid() and "at_row" in state:
                self._restore(state, self.current.row.id if self.current else None)
            return
        state["shown"] = True
        keep = self.current.row.id if self.current else None
        self._note_position(state)
        self.model.set_source(state["reader"], len(page), page)
        self._restore(state, keep)

    def _counted(self, state: dict[str, Any], total: int) -> None:
        if state is not self._reload_state:
            return
        state["total"] = total
        if state.get("shown"):
            self.model.set_total(total)
        else:
            keep = self.current.row.id if self.current else None
            self._note_position(state)
            self.model.set_source(state["reader"], total)
            self._restore(state, keep)
        self.count_label.setText(translate("Inbox", "%1 messages").replace("%1", f"{total:,}"))

    def _note_position(self, state: dict[str, Any]) -> None:
        """Where the user is just before the model is reset (J may have moved past the row
        the detail pane still shows), so the reload puts them back there."""
        at = self.table.currentIndex().row()
        on = self.model.row_at(at) if at >= 0 else None
        state["at_row"] = at
        state["at_id"] = on.id if on is not None else None

    def _restore(self, state: dict[str, Any], keep: int | None) -> None:
        """After the model was reset: back on the row the user was on when it reloaded."""
        if state["at_id"] is not None and self.model.row_of(state["at_id"]) is not None:
            self._select_id(state["at_id"])
        elif 0 <= state["at_row"] < self.model.rowCount():
            # its page is not read yet (or was just dropped): the same place in the list
            self.table.setCurrentIndex(self.model.index(state["at_row"], TEXT))
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
        self.cluster_filter = cluster_id
        self.cluster_chip.setVisible(cluster_id is not None)
        self.retranslate()
        self.reload()

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
        self._show_open_reply(detail)
        if detail is None:
            self.meta.clear()
            self.body.clear()
            self.history.clear()
            return
        row = detail.row
        prefs = self.ctx.prefs
        parts = [
            channel_name(row.channel),
            safe_text(row.author_name or "—", limit=80),
            safe_text(row.author_handle or "—", limit=80),
            date_time(row.received_at, prefs),
            category_name(row.category),
            priority_name(row.priority),
            status_label(row.status),
            safe_text(row.assignee or row.assignee_unit or "—", limit=60),
        ]
        if row.response_due:
            parts.append(
                translate("Inbox", "due %1").replace("%1", date_time(row.response_due, prefs))
            )
        if row.deleted:
            parts.append(translate("Inbox", "deleted by the sender"))
        parts.extend(_triage_reasons(detail.triage or {}, prefs.rtl))
        self.meta.setText(" · ".join(parts))
        text, spans = shown_with_spans(detail.text, detail.highlights)
        if detail.edited_text is not None:
            text += (
                "\n\n"
                + translate("Inbox", "Edited to:")
                + "\n"
                + visible_controls(detail.edited_text[:DETAIL_LIMIT])
            )
        self.body.setPlainText(text)
        selections = []
        colour = QTextCharFormat()
        colour.setBackground(QColor("#ffe08a"))
        colour.setForeground(QColor("#1a1a1a"))
        for start, end in spans:
            selection = QTextEdit.ExtraSelection()
            cursor = QTextCursor(self.body.document())
            cursor.setPosition(start)
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            selection.cursor = cursor
            selection.format = colour
            selections.append(selection)
        self.body.setExtraSelections(selections)
        reply_word = translate("Inbox", "reply")
        lines = [
            f"{date_time(e.received_at, prefs)} · {e.kind} · {safe_text(e.text or '', limit=200)}"
            for e in detail.events
        ] + [
            f"{date_time(r.sent_at, prefs)} · {reply_word} · {reply_result_name(r.result)} · "
            f"{safe_text(r.sent_by)} · {safe_text(r.text, limit=300)}"
            for r in detail.replies
        ]
        self.history.setPlainText("\n".join(lines))

    @staticmethod
    def _open_reply_of(detail: InteractionDetail | None) -> Any:
        if detail is None:
            return None
        return next((r for r in detail.replies if r.result in OPEN_REPLY_RESULTS), None)

    def open_reply(self) -> Any:
        """The current interaction's reply whose outcome is not known, if any."""
        return self._open_reply_of(self.current)

    def _show_open_reply(self, detail: InteractionDetail | None) -> None:
        reply = self._open_reply_of(detail)
        self.open_reply_bar.setVisible(reply is not None)
        # a new reply waits until the operator said what happened, or chose to send again
        self.reply_button.setEnabled(detail is not None and reply is None)
        if reply is not None:
            self.open_reply_note.setText(
                translate(
                    "Inbox",
                    "CrisisDesk stopped while reply %1 was being sent: it may "
                    "or may not have reached the person. Check the chat, then "
                    "say which.",
                ).replace("%1", str(reply.id))
            )

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

        def attempt(force: bool) -> Any:
            try:
                return triage.apply(interaction_id, seen=seen, force=force, **changes)
            except StaleError as exc:
                return exc

        def done(result: Any) -> None:
            self.model.forget()
            self._load_detail(interaction_id)
            if isinstance(result, StaleError):
                self.conflict.show_conflict(
                    result,
                    lambda: self.ctx.ops.write(lambda: attempt(True), done, owner=self),
                    lambda at: date_time(parse_utc(at), self.ctx.prefs) if at else "?",
                )

        self.ctx.ops.write(lambda: attempt(False), done, owner=self)

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

    def reply(self) -> None:
        """Read the playbook's canned replies in the background, then open the dialog."""
        if self.current is None:
            return
        inbox, incident = self.ctx.desk.inbox, self.ctx.incident_id

        def canned() -> list[Any]:
            playbook = inbox.playbook(incident)
            return list(playbook.canned_replies) if playbook else []

        self.ctx.ops.read(canned, self._choose_reply, owner=self)

    def _choose_reply(self, replies: list[Any]) -> None:
        if not replies or self.current is None:
            return
        again = self.open_reply() is not None  # asked for with "Reply again anyway…"
        dialog = ReplyDialog(replies, self.current.row.category, self.ctx.prefs.language, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.send_reply(dialog.template_id(), dialog.values(), again=again)

    def send_reply(self, template_id: str, values: dict[str, str], *, again: bool = False) -> None:
        """Send a canned reply; ``again`` even though an earlier one's outcome is unknown."""
        if self.current is None:
            return
        interaction_id = self.current.row.id
        replies = self.ctx.desk.inbox.replies

        def done(_outcome: Any) -> None:
            self.model.forget()
            self._load_detail(interaction_id)

        self.ctx.ops.write(
            lambda: replies.reply(interaction_id, template_id, values, again=again),
            done,
            owner=self,
        )

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


def _triage_reasons(why: dict[str, Any], rtl: bool) -> list[str]:
    """Why triage did what it did, shown with the message: the rule that tagged it, where
    its due came from or why it needs no answer, and its tone."""
    from crisisdesk.intake.response_due import NO_ANSWER_RULES

    out = []
    if why.get("tag_rule"):
        out.append(
            translate("Inbox", "rule %1").replace("%1", safe_text(why["tag_rule"], limit=80))
        )
    rule = str(why.get("due_rule") or "")
    if rule.startswith("no answer needed: "):
        key = rule.removeprefix("no answer needed: ")
        names = NO_ANSWER_RULES.get(key)
        reason = (names[0] if rtl else names[1]) if names else key
        out.append(translate("Inbox", "no answer needed: %1").replace("%1", reason))
    elif rule:
        out.append(translate("Inbox", "due by %1").replace("%1", safe_text(rule, limit=60)))
    tones = {
        "negative": translate("Inbox", "negative tone"),
        "neutral": translate("Inbox", "neutral tone"),
        "positive": translate("Inbox", "positive tone"),
    }
    if why.get("tone") in tones:
        text = tones[str(why["tone"])]
        if why.get("emotion") == "anger":
            text += " (" + translate("Inbox", "anger") + ")"
        elif why.get("emotion") == "fear":
            text += " (" + translate("Inbox", "fear") + ")"
        out.append(text)
    return out
