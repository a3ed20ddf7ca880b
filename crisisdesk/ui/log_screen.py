"""Decision log screen: every decision newest first, filters, verification in the
background, "checkpoint now", and copying a decision's hash.

The table model holds only seqs; without a filter it is a ``range`` up to the log head,
so even a million entries open at once. New entries arrive from the change feed.
"""

from __future__ import annotations

import json
from array import array
from typing import Any

from PySide6.QtCore import QCoreApplication, QItemSelectionModel, QModelIndex, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableView,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from crisisdesk.log.kinds import kind_summary
from crisisdesk.storage.decision_log import LogFilter
from crisisdesk.ui.changes import Changes
from crisisdesk.ui.display import (
    actor_name,
    date_time,
    number,
    safe_block,
    safe_text,
    strip_controls,
)
from crisisdesk.ui.log_model import (
    ACTOR,
    KIND,
    ROLE,
    SEQ,
    TIME,
    DecisionLogModel,
    newest_first,
)
from crisisdesk.ui.operations import perform
from crisisdesk.ui.operations import room as room_ops
from crisisdesk.ui.ops import Cancel
from crisisdesk.ui.room import RoomContext
from crisisdesk.ui.screens import Screen, register_screen
from crisisdesk.ui.widgets import add_parts, list_table
from crisisdesk.users.permissions import Action, can

translate = QCoreApplication.translate

FILTER_DELAY_MS = 300


class LogFilterBar(QWidget):
    """Kind, actor, text and "this incident only" filters, and the count they leave."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.kind_box = QComboBox(self)
        self.kind_box.setObjectName("kindFilter")
        self.kind_box.setMinimumContentsLength(14)
        self.kind_box.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.actor_box = QComboBox(self)
        self.actor_box.setObjectName("actorFilter")
        self.actor_box.setMinimumContentsLength(10)
        self.actor_box.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.text_edit = QLineEdit(self)
        self.text_edit.setObjectName("textFilter")
        self.text_edit.setClearButtonEnabled(True)
        self.incident_only = QCheckBox(self)
        self.incident_only.setObjectName("incidentOnly")
        self.count_label = QLabel(self)
        self.count_label.setObjectName("logCount")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        add_parts(
            row,
            [self.kind_box, self.actor_box, (self.text_edit, 1), self.incident_only,
             self.count_label],
        )  # fmt: skip


class LogActions(QWidget):
    """Verify (with its progress and verdict), checkpoint now, copy the selected hash."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.verify_button = QPushButton(self)
        self.verify_button.setObjectName("verifyLog")
        self.checkpoint_button = QPushButton(self)
        self.checkpoint_button.setObjectName("checkpointNow")
        self.copy_button = QPushButton(self)
        self.copy_button.setObjectName("copyHash")
        self.progress = QProgressBar(self)
        self.progress.setObjectName("verifyProgress")
        self.progress.setMaximumWidth(200)
        self.progress.hide()
        self.verdict_label = QLabel(self)
        self.verdict_label.setObjectName("verdict")
        self.verdict_label.setWordWrap(True)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        add_parts(
            row,
            [self.verify_button, self.checkpoint_button, self.copy_button, self.progress,
             (self.verdict_label, 1)],
        )  # fmt: skip


def log_table(parent: QWidget, model: DecisionLogModel) -> QTableView:
    """The log's rows: fixed heights (a million rows scroll evenly), elided, no wrapping."""
    table = list_table(parent, model, name="logTable")
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.setTextElideMode(Qt.TextElideMode.ElideRight)
    vertical = table.verticalHeader()
    vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    vertical.setDefaultSectionSize(parent.fontMetrics().height() + 10)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(True)
    header.setHighlightSections(False)
    return table


@register_screen("log", order=20)
class DecisionLogScreen(Screen):
    icon_name = "log"

    @classmethod
    def title(cls) -> str:
        return translate("DecisionLog", "Decision log")

    def __init__(self, ctx: RoomContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        desk = ctx.desk
        self.model = DecisionLogModel(
            desk.log.get_many, ctx.prefs, self, background=self._in_background
        )
        self._top = 0  # newest seq the unfiltered model shows
        self._generation = 0  # drops answers to superseded queries
        self._cancel: Cancel | None = None
        self._people: dict[str, str] = {}  # login -> display name
        self.verdict: Any = None
        self.loaded = False

        outer = QVBoxLayout(self)
        outer.setContentsMargins(12, 12, 12, 8)
        self.filters = LogFilterBar(self)
        self.kind_box, self.actor_box = self.filters.kind_box, self.filters.actor_box
        self.text_edit, self.incident_only = self.filters.text_edit, self.filters.incident_only
        self.count_label = self.filters.count_label
        self.log_actions = LogActions(self)
        self.verify_button, self.checkpoint_button = (
            self.log_actions.verify_button,
            self.log_actions.checkpoint_button,
        )
        self.copy_button, self.progress = self.log_actions.copy_button, self.log_actions.progress
        self.verdict_label = self.log_actions.verdict_label
        self.table = log_table(self, self.model)
        self._size_columns()
        self.detail = QTextEdit(self)
        self.detail.setObjectName("decisionDetail")
        self.detail.setReadOnly(True)
        self.detail.setAcceptRichText(False)
        self.detail.setMaximumHeight(140)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.table)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 5)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        add_parts(outer, [self.filters, self.log_actions, (splitter, 1)])
        self._connect()
        role = desk.user.role if desk.user is not None else ""
        self.checkpoint_button.setVisible(can(role, Action.LOG_CHECKPOINT))
        self.retranslate()
        self.refresh()

    def _connect(self) -> None:
        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(FILTER_DELAY_MS)
        self._filter_timer.timeout.connect(self.apply_filter)
        self.kind_box.currentIndexChanged.connect(lambda _i: self.apply_filter())
        self.actor_box.currentIndexChanged.connect(lambda _i: self.apply_filter())
        self.incident_only.toggled.connect(lambda _on: self.apply_filter())
        self.text_edit.textChanged.connect(lambda _t: self._filter_timer.start())
        self.verify_button.clicked.connect(self.toggle_verify)
        self.checkpoint_button.clicked.connect(self.checkpoint_now)
        self.copy_button.clicked.connect(self.copy_hash)
        copy = QShortcut(QKeySequence.StandardKey.Copy, self.table)
        copy.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        copy.activated.connect(self.copy_hash)
        self.table.selectionModel().currentRowChanged.connect(self._show_detail)
        self.model.modelReset.connect(self._update_count)
        self.model.rowsInserted.connect(lambda *_a: self._update_count())
        self.ctx.feed.head_changed.connect(self._head_changed)

    def _in_background(self, call: Any, done: Any) -> None:
        self.ctx.ops.read(call, done, owner=self.model)

    # -- texts ----------------------------------------------------------------------------

    def retranslate(self) -> None:
        self._set_first_item(self.kind_box, translate("DecisionLog", "All kinds"))
        self._set_first_item(self.actor_box, translate("DecisionLog", "All actors"))
        self.text_edit.setPlaceholderText(translate("DecisionLog", "Search the summaries…"))
        self.incident_only.setText(translate("DecisionLog", "This incident only"))
        self._set_verify_text()
        self.checkpoint_button.setText(translate("DecisionLog", "Checkpoint now"))
        self.copy_button.setText(translate("DecisionLog", "Copy hash"))
        self.copy_button.setToolTip(translate("DecisionLog", "Copy the selected decision's hash"))
        self._update_count()
        self._show_verdict()
        self._show_detail(self.table.currentIndex())

    def _set_verify_text(self) -> None:
        if self._cancel is None:
            self.verify_button.setText(translate("DecisionLog", "Verify"))
            self.verify_button.setToolTip(
                translate("DecisionLog", "Recompute the hash chain and check the signatures")
            )
        else:
            self.verify_button.setText(translate("DecisionLog", "Stop verifying"))

    @staticmethod
    def _set_first_item(box: QComboBox, text: str) -> None:
        if box.count() == 0:
            box.addItem(text, None)
        else:
            box.setItemText(0, text)

    def _size_columns(self) -> None:
        metrics = self.fontMetrics()
        widths = {
            SEQ: metrics.horizontalAdvance("0000000") + 16,
            TIME: metrics.horizontalAdvance("0000-00-00 00:00:00") + 24,
            ACTOR: 100,
            ROLE: 120,
            KIND: 150,
        }
        if self.ctx.prefs.hijri:
            widths[TIME] += metrics.horizontalAdvance(" · 00 Jumada al-Akhirah 0000 AH")
        for column, width in widths.items():
            self.table.setColumnWidth(column, width)

    def _update_count(self) -> None:
        rows = self.model.rowCount()
        self.count_label.setText(
            translate("DecisionLog", "%1 decisions").replace("%1", number(rows, self.ctx.prefs))
        )

    # -- loading and filtering ------------------------------------------------------------

    def current_filter(self) -> LogFilter | None:
        """The filter the controls describe, or None when they show everything."""
        kind = self.kind_box.currentData()
        actor = self.actor_box.currentData()
        text = self.text_edit.text().strip() or None
        incident_id = self.ctx.incident_id if self.incident_only.isChecked() else None
        if kind is None and actor is None and text is None and incident_id is None:
            return None
        return LogFilter(kind=kind, actor=actor, text=text, incident_id=incident_id)

    def refresh(self) -> None:
        self._load_choices()
        self.apply_filter()

    def apply_filter(self) -> None:
        """Reload the seqs the model holds: a range when unfiltered, else a query."""
        self._filter_timer.stop()
        self._generation += 1
        generation = self._generation
        flt = self.current_filter()
        desk = self.ctx.desk
        if flt is None:
            self.ctx.ops.read(
                lambda: desk.log.head().seq, lambda seq: self._show_all(generation, seq), owner=self
            )
        else:
            self.ctx.ops.read(
                lambda: array("q", desk.log.seqs(flt)),
                lambda seqs: self._show_filtered(generation, seqs),
                owner=self,
            )

    def _show_all(self, generation: int, head_seq: int) -> None:
        if generation != self._generation:
            return
        self._top = head_seq
        self.model.set_seqs(newest_first(head_seq))
        self.loaded = True

    def _show_filtered(self, generation: int, seqs: array) -> None:
        if generation != self._generation:
            return
        self.model.set_seqs(seqs)
        self.loaded = True

    def _load_choices(self) -> None:
        desk = self.ctx.desk
        self.ctx.ops.read(
            lambda: (
                desk.log.kinds(),
                desk.log.actors(),
                {u.name: u.display_name for u in desk.users.list() if u.display_name},
            ),
            self._fill_choices,
            owner=self,
        )

    def _fill_choices(self, choices: tuple[Any, ...]) -> None:
        """Add new kinds and actors to the filters; ``choices`` may end with the people's
        display names (a fresh read), else the last ones read are used."""
        kinds, actors = choices[0], choices[1]
        if len(choices) > 2:
            self._people = choices[2]
            self.model.set_people(self._people)
        people = self._people
        language = self.ctx.prefs.language
        labels = {
            "kind": lambda v: kind_summary(v, language),
            "actor": lambda v: actor_name(v, people),
        }
        for box, values, label in (
            (self.kind_box, kinds, labels["kind"]),
            (self.actor_box, actors, labels["actor"]),
        ):
            known = {box.itemData(i) for i in range(1, box.count())}
            box.blockSignals(True)
            for value in values:
                if value not in known:
                    box.addItem(f"\u2068{label(value)}\u2069", value)
            box.blockSignals(False)

    def _head_changed(self, head: Any) -> None:
        if not self.loaded or head.seq <= self._top:
            return
        if self.current_filter() is None and self._top > 0:
            self.model.prepend(range(head.seq, self._top, -1))
            self._top = head.seq
        else:
            self._top = head.seq
            self.apply_filter()

    def on_changes(self, changes: Changes) -> None:
        kinds = set(changes.kinds)
        actors = {d.actor for d in changes.decisions if d.actor}
        known_kinds = {self.kind_box.itemData(i) for i in range(1, self.kind_box.count())}
        known_actors = {self.actor_box.itemData(i) for i in range(1, self.actor_box.count())}
        if kinds - known_kinds or actors - known_actors:
            self._fill_choices((sorted(kinds - known_kinds), sorted(actors - known_actors)))

    def on_prefs_changed(self) -> None:
        self.model.set_prefs(self.ctx.prefs)
        self._size_columns()
        self._update_count()
        self._show_detail(self.table.currentIndex())

    # -- details and hashes ---------------------------------------------------------------

    def showcase(self) -> None:
        if self.model.rowCount():
            self.select_seq(self.model.seq_at(0))

    def selected_row(self) -> int | None:
        index = self.table.currentIndex()
        return index.row() if index.isValid() else None

    def _show_detail(self, index: QModelIndex, _previous: QModelIndex | None = None) -> None:
        if not index.isValid():
            self._set_detail(translate("DecisionLog", "Select a decision to see its details."))
            return
        item = self.model.decision(index.row(), wait=True)
        if item is None:
            self.detail.clear()
            return
        prefs = self.ctx.prefs
        summary = item.summary_ar if prefs.language == "ar" else item.summary_en
        lines = [
            translate("DecisionLog", "Decision %1 · %2")
            .replace("%1", number(item.seq, prefs))
            .replace("%2", date_time(item.at, prefs)),
            safe_block(summary),
            translate("DecisionLog", "Subject: %1").replace("%1", safe_text(item.subject or "—")),
            translate("DecisionLog", "Hash: %1").replace("%1", f"\u2066{item.hash}\u2069"),
            translate("DecisionLog", "Previous: %1").replace("%1", f"\u2066{item.prev_hash}\u2069"),
        ]
        if item.corrects is not None:
            lines.append(
                translate("DecisionLog", "Corrects decision %1").replace(
                    "%1", number(item.corrects, prefs)
                )
            )
        if item.payload:
            payload = json.dumps(item.payload, ensure_ascii=False, sort_keys=True)
            lines.append(safe_text(payload, limit=1000))
        self._set_detail("\n".join(lines))

    def _set_detail(self, text: str) -> None:
        """Show the details with paragraphs running in the UI's direction."""
        mark = "\u200f" if self.layoutDirection() == Qt.LayoutDirection.RightToLeft else "\u200e"
        self.detail.setPlainText("\n".join(f"{mark}{line}" for line in text.split("\n")))

    def copy_hash(self) -> str | None:
        """Put the selected decision's full hash on the clipboard."""
        row = self.selected_row()
        if row is None:
            return None
        item = self.model.decision(row, wait=True)
        value = item.hash if item is not None else None
        if not value:
            return None
        QGuiApplication.clipboard().setText(strip_controls(str(value)))
        if self.ctx.shell is not None:
            self.ctx.shell.show_status(
                translate("DecisionLog", "Hash of decision %1 copied").replace(
                    "%1", number(self.model.seq_at(row), self.ctx.prefs)
                ),
                4000,
            )
        return str(value)

    def select_seq(self, seq: int) -> bool:
        row = self.model.row_of(seq)
        if row is None:
            return False
        index = self.model.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)
        return True

    # -- verification and checkpoints -----------------------------------------------------

    def toggle_verify(self) -> None:
        if self._cancel is not None:
            self._cancel.set()
            return
        self.verify()

    def verify(self) -> None:
        """Verify the whole log on a worker; progress and verdict come back by signal."""
        cancel = Cancel()
        self._cancel = cancel
        self.verdict = None
        self._set_verify_text()
        self.progress.setRange(0, 0)
        self.progress.show()
        self.verdict_label.setProperty("verdict", "")
        self.verdict_label.setText(translate("DecisionLog", "Verifying…"))
        desk = self.ctx.desk
        self.ctx.ops.long_read(
            lambda progress: desk.log.verify(progress=progress, cancel=cancel.is_set),
            self._verify_progress,
            self._verified,
            self._verify_failed,
            owner=self,
        )

    def _verify_progress(self, done: int, total: int) -> None:
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(min(done, total))

    def _verified(self, verdict: Any) -> None:
        self._cancel = None
        self.verdict = verdict
        self.progress.hide()
        self._set_verify_text()
        self._show_verdict()
        if not verdict.ok and verdict.first_bad_seq is not None:
            self.select_seq(verdict.first_bad_seq)

    def _verify_failed(self, message: str) -> None:
        self._cancel = None
        self.progress.hide()
        self._set_verify_text()
        self.verdict_label.setProperty("verdict", "bad")
        self._repolish(self.verdict_label)
        self.verdict_label.setText(
            translate("DecisionLog", "Verification could not run: %1").replace("%1", message)
        )

    def _show_verdict(self) -> None:
        verdict = self.verdict
        if verdict is None:
            if self._cancel is None:
                self.verdict_label.clear()
            return
        prefs = self.ctx.prefs
        if getattr(verdict, "cancelled", False):
            kind, text = "", translate("DecisionLog", "Verification stopped before the end.")
        elif verdict.ok:
            kind = "ok"
            text = (
                translate(
                    "DecisionLog",
                    "Valid. Entries: %1; signed checkpoints checked: %2; "
                    "entries after the last checkpoint (unsigned "
                    "tail): %3.",
                )
                .replace("%1", number(verdict.entries, prefs))
                .replace("%2", number(verdict.checkpoints_checked, prefs))
                .replace("%3", number(verdict.unsigned_tail, prefs))
            )
        else:
            kind = "bad"
            first = verdict.first_bad_seq
            text = (
                translate("DecisionLog", "TAMPERED: the log fails verification at decision %1. %2")
                .replace("%1", number(first, prefs) if first is not None else "—")
                .replace("%2", safe_text(verdict.problem or ""))
            )
        self.verdict_label.setProperty("verdict", kind)
        self._repolish(self.verdict_label)
        self.verdict_label.setText(text)

    @staticmethod
    def _repolish(widget: QWidget) -> None:
        widget.style().unpolish(widget)
        widget.style().polish(widget)

    def checkpoint_now(self) -> None:
        perform(
            self.ctx,
            room_ops.checkpoint(self.ctx.desk),
            lambda done: self._checkpointed(done.value),
            owner=self,
        )

    def _checkpointed(self, checkpoint: Any) -> None:
        if self.ctx.shell is not None:
            self.ctx.shell.show_status(
                translate("DecisionLog", "Signed a checkpoint at decision %1").replace(
                    "%1", number(checkpoint.seq, self.ctx.prefs)
                ),
                6000,
            )
        self.ctx.feed.poll()
