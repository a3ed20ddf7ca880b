"""Approvals: the spokesperson's queue. The text in both languages exactly as it will be
published, the statement rules, what changed since the previous version, and approve or
reject after re-entering the password. The approval names the content hash it was shown,
so a text changed meanwhile is refused by the core rather than approved unseen."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from crisisdesk.statements.records import StatementDetail
from crisisdesk.ui.changes import Changes
from crisisdesk.ui.display import date_time, fingerprint, number, safe_text
from crisisdesk.ui.operations import Op, perform
from crisisdesk.ui.people import person
from crisisdesk.ui.room import RoomContext
from crisisdesk.ui.room_notices import confirm
from crisisdesk.ui.screens import Screen, register_screen
from crisisdesk.ui.statement_widgets import (
    LTR,
    RTL,
    ChecklistView,
    ConfirmDialog,
    DiffView,
    text_box,
)
from crisisdesk.ui.statements_model import KIND, TITLE, StatementsModel, kind_name
from crisisdesk.users.permissions import Action, can

translate = QCoreApplication.translate


@register_screen("approvals", order=41)
class ApprovalsScreen(Screen):
    icon_name = "verify"

    @classmethod
    def title(cls) -> str:
        return translate("Statements", "Approvals")

    def __init__(self, ctx: RoomContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.loaded = False
        self.detail: StatementDetail | None = None
        self.wanted: int | None = None
        self.checklist_result: Any = None
        role = ctx.desk.user.role if ctx.desk.user is not None else ""
        self.may_approve = can(role, Action.STATEMENT_APPROVE)
        self.model = StatementsModel(ctx.prefs, self)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        self.heading = QLabel(self)
        self.heading.setObjectName("screenTitle")
        layout.addWidget(self.heading)
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        layout.addWidget(self.hint)

        split = QSplitter(Qt.Orientation.Horizontal, self)
        self.queue = QTableView(split)
        self.queue.setObjectName("approvalQueue")
        self.queue.setModel(self.model)
        self.queue.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.queue.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.queue.verticalHeader().hide()
        for column in range(self.model.columnCount()):
            self.queue.setColumnHidden(column, column not in (KIND, TITLE))
        header = self.queue.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)
        self.queue.setMinimumWidth(260)
        panel = QWidget(split)
        split.addWidget(self.queue)
        split.addWidget(panel)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 3)
        layout.addWidget(split, 1)

        pl = QVBoxLayout(panel)
        pl.setContentsMargins(6, 0, 0, 0)
        self.caption = QLabel(panel)
        self.caption.setObjectName("approvalCaption")
        self.caption.setTextFormat(Qt.TextFormat.PlainText)
        self.caption.setWordWrap(True)
        pl.addWidget(self.caption)
        # What fails is said above the texts, not only in a tab: approving it needs a reason.
        self.failing = QLabel(panel)
        self.failing.setObjectName("failingRules")
        self.failing.setProperty("role", "error")
        self.failing.setTextFormat(Qt.TextFormat.PlainText)
        self.failing.setWordWrap(True)
        self.failing.hide()
        pl.addWidget(self.failing)
        texts = QHBoxLayout()
        self.arabic = text_box(RTL, read_only=True)
        self.arabic.setObjectName("reviewArabic")
        self.english = text_box(LTR, read_only=True)
        self.english.setObjectName("reviewEnglish")
        texts.addWidget(self.arabic, 1)
        texts.addWidget(self.english, 1)
        pl.addLayout(texts, 3)
        self.tabs = QTabWidget(panel)
        self.checklist = ChecklistView(self.tabs)
        self.diff = DiffView(self.tabs)
        self.tabs.addTab(self.checklist, "")
        self.tabs.addTab(self.diff, "")
        pl.addWidget(self.tabs, 2)
        buttons = QHBoxLayout()
        self.approve_button = QPushButton(panel)
        self.approve_button.setObjectName("approveStatement")
        self.reject_button = QPushButton(panel)
        self.reject_button.setObjectName("rejectStatement")
        buttons.addStretch(1)
        buttons.addWidget(self.reject_button)
        buttons.addWidget(self.approve_button)
        pl.addLayout(buttons)

        self.queue.selectionModel().currentRowChanged.connect(self._row_changed)
        self.approve_button.clicked.connect(lambda: self.ask_verdict("approve"))
        self.reject_button.clicked.connect(lambda: self.ask_verdict("reject"))
        self.retranslate()
        self._show(None)
        self.refresh()

    def retranslate(self) -> None:
        self.heading.setText(translate("Statements", "Statements waiting for approval"))
        self.hint.setText(
            translate(
                "Statements",
                "Read both texts as they will be published. Your approval binds to this exact "
                "text; any later edit needs a new approval. You cannot approve your own text.",
            )
            if self.may_approve
            else translate(
                "Statements", "Only the spokesperson or the incident lead approves statements."
            )
        )
        self.tabs.setTabText(0, translate("Statements", "Statement rules"))
        self.tabs.setTabText(1, translate("Statements", "Changes since the previous version"))
        self.approve_button.setText(translate("Statements", "Approve…"))
        self.reject_button.setText(translate("Statements", "Reject…"))
        self.model.refresh_texts()
        self._update_caption()

    def refresh(self) -> None:
        desk, incident = self.ctx.desk, self.ctx.incident_id
        self.ctx.ops.read(
            lambda: desk.statements.review_queue(incident), self._show_rows, owner=self
        )

    def _show_rows(self, rows: list[Any]) -> None:
        current = self.wanted
        self.model.set_rows(rows)
        self.loaded = True
        row = self.model.row_of(current) if current is not None else None
        if row is not None:
            self.queue.blockSignals(True)
            self.queue.selectRow(row)
            self.queue.blockSignals(False)
        elif rows:
            # Nothing chosen yet: the oldest waiting statement is the one to read first.
            self.queue.blockSignals(True)
            self.queue.selectRow(0)
            self.queue.blockSignals(False)
            self.open_statement(rows[0].id)
        else:
            self.wanted = None
            self._show(None)

    def on_changes(self, changes: Changes) -> None:
        if changes.statements:
            self.refresh()

    def on_prefs_changed(self) -> None:
        self.model.refresh_texts()
        self._update_caption()
        self._show_failing()

    def showcase(self) -> None:
        if self.model.rows and self.detail is None:
            self.queue.blockSignals(True)
            self.queue.selectRow(0)
            self.queue.blockSignals(False)
            self.open_statement(self.model.rows[0].id)

    def _row_changed(self, current: Any, _previous: Any) -> None:
        if current.isValid():
            self.open_statement(self.model.rows[current.row()].id)

    def open_statement(self, statement_id: int) -> None:
        self.wanted = statement_id
        desk = self.ctx.desk

        def load() -> tuple[StatementDetail, Any, Any]:
            detail = desk.statements.detail(statement_id)
            checklist = desk.statements.rules_checklist(statement_id)
            number_ = detail.latest.number
            diff = desk.statements.diff(statement_id, number_ - 1, number_) if number_ > 1 else None
            return detail, checklist, diff

        self.ctx.ops.read(load, self._loaded, self.ctx.ops.error.emit, owner=self)

    def _loaded(self, loaded: tuple[StatementDetail, Any, Any]) -> None:
        detail, checklist, diff = loaded
        if detail.statement.id != self.wanted:
            return
        self._show(detail)
        self.checklist_result = checklist
        self.checklist.show_checklist(checklist, self.ctx.prefs.language)
        self._show_failing()
        if diff is None:
            self.diff.setPlainText(
                translate("Statements", "The first version: nothing to compare with.")
            )
        else:
            self.diff.show_diff(diff)

    def _show_failing(self) -> None:
        failures = self.checklist_result.failures if self.checklist_result is not None else ()
        separator = "، " if self.ctx.prefs.rtl else ", "
        self.failing.setText(
            translate("Statements", "Rules that fail: %1").replace(
                "%1", separator.join(r.label(self.ctx.prefs.language) for r in failures)
            )
        )
        self.failing.setVisible(bool(failures) and self.detail is not None)

    def _show(self, detail: StatementDetail | None) -> None:
        self.detail = detail
        if detail is None:
            self.checklist_result = None
            self.failing.hide()
            self.arabic.clear()
            self.english.clear()
            self.checklist.clear()
            self.diff.clear()
        else:
            self.arabic.setPlainText(detail.latest.text_ar)
            self.english.setPlainText(detail.latest.text_en)
        enabled = detail is not None and self.may_approve
        self.approve_button.setEnabled(enabled)
        self.reject_button.setEnabled(enabled)
        self._update_caption()

    def _update_caption(self) -> None:
        if self.detail is None:
            self.caption.setText(
                translate("Statements", "Nothing selected.")
                if self.model.rows
                else translate("Statements", "No statement is waiting for approval.")
            )
            return
        info, latest = self.detail.statement, self.detail.latest
        prefs = self.ctx.prefs
        self.caption.setText(
            translate("Statements", "No. %1 · %2 · version %3 by %4, %5 · content hash %6")
            .replace("%1", number(info.id, prefs))
            .replace("%2", kind_name(info.kind))
            .replace("%3", number(latest.number, prefs))
            .replace("%4", safe_text(person(self.ctx.desk, latest.author)))
            .replace("%5", date_time(latest.created_at, prefs, seconds=False))
            .replace("%6", fingerprint(latest.content_hash))
            + "\n"
            + safe_text(info.title(prefs.language), limit=300)
        )

    def ask_verdict(self, verdict: str) -> None:
        if self.detail is None:
            return
        failures = []
        if self.checklist_result is not None:
            failures = [r.label(self.ctx.prefs.language) for r in self.checklist_result.failures]
        dialog = ConfirmDialog(verdict, failures, self)
        dialog.accepted.connect(
            lambda: self.decide(verdict, dialog.password.text(), dialog.reason.text().strip())
        )
        dialog.finished.connect(lambda _code: dialog.deleteLater())
        dialog.open()

    def decide(self, verdict: str, password: str, text: str = "") -> None:
        """Approve or reject the version on screen (bound to the hash that was shown)."""
        if self.detail is None:
            return
        desk, sid = self.ctx.desk, self.detail.statement.id
        shown = self.detail.latest.content_hash
        if verdict == "approve":

            def call() -> Any:
                return desk.statements.approve(
                    sid, password, override_reason=text or None, content_hash=shown
                )
        else:

            def call() -> Any:
                return desk.statements.reject(sid, password, text, content_hash=shown)

        def done(_done: Any) -> None:
            self.wanted = None  # the queue refreshes from the changes, right after this
            said = (
                translate("Statements", "Approved: No. %1 can now be published.")
                if verdict == "approve"
                else translate("Statements", "Rejected: No. %1 went back to its author.")
            )
            confirm(self, said.replace("%1", number(sid, self.ctx.prefs)))

        perform(self.ctx, Op(f"{verdict} a statement", call), done, owner=self)
