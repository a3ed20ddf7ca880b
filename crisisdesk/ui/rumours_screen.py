"""The rumour register: clusters of near-duplicate messages with size, growth, label,
verification status and the counter-statement; changes are decisions made in the core.

Operators merge clusters that tell one story (select several, *Merge selected*) and split
off the messages that tell another (tick them in the member list, *Split ticked messages
off*); each is one decision, and a split is never undone by the next arrival."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QModelIndex,
    Qt,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from crisisdesk.clock import parse_utc
from crisisdesk.errors import StaleError
from crisisdesk.intake.clusters import ClusterInfo
from crisisdesk.intake.rows import VERIFICATION
from crisisdesk.text.display import display_text
from crisisdesk.ui.changes import Changes
from crisisdesk.ui.conflict_banner import ConflictBanner
from crisisdesk.ui.display import DisplayPrefs, date_time, safe_text
from crisisdesk.ui.list_model import ListTableModel, ModelIndex
from crisisdesk.ui.operations import Done, perform
from crisisdesk.ui.operations import intake as intake_ops
from crisisdesk.ui.reply_composer import ClusterReplyDialog
from crisisdesk.ui.room import RoomContext
from crisisdesk.ui.screens import Screen, register_screen
from crisisdesk.ui.widgets import EXTENDED, add_parts, list_and_detail, list_table, pane

translate = QCoreApplication.translate


def verification_name(value: str) -> str:
    names = {
        "unverified": translate("Rumours", "Unverified"),
        "false": translate("Rumours", "False"),
        "true": translate("Rumours", "True"),
        "addressed": translate("Rumours", "Addressed"),
    }
    return names.get(value, value)


class ClusterModel(ListTableModel):
    """A few hundred clusters at most: held in full."""

    column_count = 6

    def __init__(self, prefs: DisplayPrefs, parent: Any = None) -> None:
        super().__init__(parent)
        self.prefs = prefs

    def headers(self) -> tuple[str, ...]:
        return (
            translate("Rumours", "Rumour"),
            translate("Rumours", "Messages"),
            translate("Rumours", "Last hour"),
            translate("Rumours", "Status"),
            translate("Rumours", "First seen"),
            translate("Rumours", "Last seen"),
        )

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        item = self.item(index)
        if item is None:
            return None
        if role == Qt.ItemDataRole.UserRole:
            return item.id
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        column = index.column()
        if column == 0:
            return safe_text(item.label or item.sample_text, limit=120)
        if column == 1:
            return str(item.size)
        if column == 2:
            return f"{item.growth_per_hour:g}"
        if column == 3:
            return verification_name(item.status)
        compact = replace(self.prefs, hijri=False)
        if column == 4:
            return date_time(item.first_seen, compact, seconds=False)
        if column == 5:
            return date_time(item.last_seen, compact, seconds=False)
        return None


@register_screen("rumours", order=14)
class RumoursScreen(Screen):
    icon_name = "rumours"

    @classmethod
    def title(cls) -> str:
        return translate("Rumours", "Rumours")

    def __init__(self, ctx: RoomContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.conflict = ConflictBanner(self, rumour=True)
        self.model = ClusterModel(ctx.prefs, self)
        self.table = list_table(
            self, self.model, stretch=(0,), selection=EXTENDED, on_current=self._selected
        )
        self.sample = QPlainTextEdit(self)
        self.sample.setReadOnly(True)
        self.label = QLineEdit(self)
        self.status = QComboBox(self)
        self.statement = QSpinBox(self)
        self.statement.setRange(0, 10_000_000)
        self.save = QPushButton(self)
        self.save.clicked.connect(self.save_changes)
        self.reply_all = QPushButton(self)
        self.reply_all.clicked.connect(self.reply_to_all)
        self.show_messages = QPushButton(self)
        self.show_messages.clicked.connect(self.open_in_inbox)
        self.merge_button = QPushButton(self)
        self.merge_button.setObjectName("mergeClusters")
        self.merge_button.clicked.connect(self.merge_selected)
        self.split_button = QPushButton(self)
        self.split_button.setObjectName("splitCluster")
        self.split_button.clicked.connect(self.split_ticked)
        self.members = QListWidget(self)
        self.members.setObjectName("clusterMembers")
        self.members.setWordWrap(True)
        self.members.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.members_label = QLabel(self)
        self.message = QLabel(self)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.form = QFormLayout()
        self.form_labels = [QLabel(self) for _ in range(3)]
        self.form.addRow(self.form_labels[0], self.label)
        self.form.addRow(self.form_labels[1], self.status)
        self.form.addRow(self.form_labels[2], self.statement)
        buttons = add_parts(
            QHBoxLayout(), [self.save, self.reply_all, self.show_messages, self.merge_button, 1]
        )
        member_buttons = add_parts(QHBoxLayout(), [(self.members_label, 1), self.split_button])
        detail = pane(
            self,
            (self.sample, 1),
            member_buttons,
            (self.members, 2),
            self.form,
            buttons,
            self.conflict,
            self.message,
        )
        list_and_detail(self, self.table, detail)
        self.retranslate()
        self.refresh()

    def retranslate(self) -> None:
        self.conflict.retranslate()
        self.form_labels[0].setText(translate("Rumours", "Label"))
        self.form_labels[1].setText(translate("Rumours", "Verification"))
        self.form_labels[2].setText(translate("Rumours", "Counter-statement no."))
        self.save.setText(translate("Rumours", "Save"))
        self.reply_all.setText(translate("Rumours", "Reply to all with the correction"))
        self.show_messages.setText(translate("Rumours", "Show its messages in the inbox"))
        self.merge_button.setText(translate("Rumours", "Merge selected clusters"))
        self.merge_button.setToolTip(
            translate("Rumours", "Move the messages of every selected cluster into the current one")
        )
        self.split_button.setText(translate("Rumours", "Split ticked messages off"))
        self.members_label.setText(
            translate("Rumours", "Its messages (tick those that tell another story)")
        )
        current = self.status.currentData()
        self.status.clear()
        for value in VERIFICATION:
            self.status.addItem(verification_name(value), value)
        self.status.setCurrentIndex(max(0, self.status.findData(current)))
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, 5)

    def refresh(self) -> None:
        clusters = self.ctx.desk.inbox.clusters
        incident = self.ctx.incident_id
        self.ctx.ops.read(lambda: clusters.list(incident), self._loaded, owner=self)

    def _loaded(self, items: list[ClusterInfo]) -> None:
        keep = self.current_id()
        self.model.set_items(items)
        for row, item in enumerate(items):
            if item.id == keep:
                self.table.setCurrentIndex(self.model.index(row, 0))

    def on_changes(self, changes: Changes) -> None:
        if changes.inbox:
            self.refresh()

    def current_id(self) -> int | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        value = self.model.data(index, Qt.ItemDataRole.UserRole)
        return int(value) if value is not None else None

    def _selected(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            return
        item = self.model.items[current.row()]
        self.sample.setPlainText(display_text(item.sample_text))
        self.label.setText(item.label or "")
        self.status.setCurrentIndex(max(0, self.status.findData(item.status)))
        self.statement.setValue(item.statement_id or 0)
        self.load_members(item.id)

    def load_members(self, cluster_id: int) -> None:
        inbox = self.ctx.desk.inbox

        def fetch() -> list[Any]:
            return inbox.rows(inbox.clusters.member_ids(cluster_id)[:500])

        self.ctx.ops.read(fetch, lambda rows: self._members_loaded(cluster_id, rows), owner=self)

    def _members_loaded(self, cluster_id: int, rows: list[Any]) -> None:
        if self.current_id() != cluster_id:
            return
        self.members.clear()
        for row in rows:
            line = f"#{row.id} · {row.channel} · " + safe_text(row.text, limit=160)
            entry = QListWidgetItem(line)
            entry.setFlags(entry.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            entry.setCheckState(Qt.CheckState.Unchecked)
            entry.setData(Qt.ItemDataRole.UserRole, row.id)
            self.members.addItem(entry)

    def selected_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.model.items[r].id for r in rows if r < len(self.model.items)]

    def ticked_members(self) -> list[int]:
        return [
            int(self.members.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(self.members.count())
            if self.members.item(i).checkState() == Qt.CheckState.Checked
        ]

    def merge_selected(self) -> None:
        """Merge every selected cluster into the current one (one decision)."""
        into = self.current_id()
        others = [c for c in self.selected_ids() if c != into]
        if into is None or not others:
            self.message.setText(
                translate("Rumours", "Select two or more clusters to merge (Ctrl+click).")
            )
            return
        perform(
            self.ctx,
            intake_ops.merge_clusters(self.ctx.desk, into, others),
            lambda _done: self.message.setText(
                translate("Rumours", "Merged %1 clusters into cluster %2")
                .replace("%1", str(len(others)))
                .replace("%2", str(into))
            ),
            lambda error: self.message.setText(error),
            owner=self,
        )

    def split_ticked(self) -> None:
        """Move the ticked messages to a new cluster (one decision)."""
        cluster_id = self.current_id()
        ticked = self.ticked_members()
        if cluster_id is None or not ticked:
            self.message.setText(translate("Rumours", "Tick the messages to split off first."))
            return
        perform(
            self.ctx,
            intake_ops.split_cluster(self.ctx.desk, cluster_id, ticked),
            lambda done: self.message.setText(
                translate("Rumours", "Split %1 messages off into cluster %2")
                .replace("%1", str(len(ticked)))
                .replace("%2", str(done.value[0]))
            ),
            lambda error: self.message.setText(error),
            owner=self,
        )

    def save_changes(self) -> None:
        cluster_id = self.current_id()
        if cluster_id is None:
            return
        label = self.label.text().strip() or None
        status = self.status.currentData()
        statement = self.statement.value() or None
        seen = next((c.version for c in self.model.items if c.id == cluster_id), None)
        self.conflict.dismiss()

        def attempt(force: bool) -> None:
            op = intake_ops.update_cluster(
                self.ctx.desk, cluster_id, label=label, status=status, statement_id=statement,
                seen=seen, force=force,
            )  # fmt: skip
            perform(self.ctx, op, done, self.message.setText, owner=self)

        def done(result: Done[Any]) -> None:
            if isinstance(result.value, StaleError):
                self.refresh()  # nothing was decided: show what the other laptop saved
                self.conflict.show_conflict(
                    result.value,
                    lambda: attempt(True),
                    lambda at: date_time(parse_utc(at), self.ctx.prefs) if at else "?",
                )

        attempt(False)

    def reply_to_all(self) -> None:
        """Read the canned replies and who would be answered, then show the preview and the
        count before anything is sent (see ``ClusterReplyDialog``)."""
        cluster_id = self.current_id()
        if cluster_id is None:
            return
        inbox, incident = self.ctx.desk.inbox, self.ctx.incident_id

        def read() -> tuple[list[Any], list[int]]:
            playbook = inbox.incidents.playbook(incident)
            canned = list(playbook.canned_replies) if playbook else []
            return canned, inbox.replies.cluster_recipients(cluster_id)

        self.ctx.ops.read(read, lambda found: self._compose(cluster_id, *found), owner=self)

    def _compose(self, cluster_id: int, canned: list[Any], recipients: list[int]) -> None:
        if not canned:
            self.message.setText(translate("Rumours", "The playbook has no canned replies."))
            return
        replies = self.ctx.desk.inbox.replies
        first = recipients[0] if recipients else None

        def preview(template_id: str, values: dict[str, str], done: Any) -> None:
            if first is not None:
                self.ctx.ops.read(
                    lambda: replies.preview(first, template_id, values), done, owner=self
                )

        dialog = ClusterReplyDialog(canned, len(recipients), self.ctx.prefs, preview, self)
        self.cluster_reply = dialog
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        template_id = dialog.template_id()
        if template_id is None:
            return
        perform(
            self.ctx,
            intake_ops.reply_to_cluster(self.ctx.desk, cluster_id, template_id, dialog.values()),
            lambda done: self.message.setText(
                translate("Rumours", "%1 replies recorded").replace("%1", str(len(done.value)))
            ),
            lambda error: self.message.setText(error),
            owner=self,
        )

    def open_in_inbox(self) -> None:
        """The inbox, filtered to this cluster's messages."""
        cluster_id = self.current_id()
        if cluster_id is None or self.ctx.shell is None:
            return
        inbox = self.ctx.shell.show_screen("inbox")
        inbox.show_cluster(cluster_id)

    def showcase(self) -> None:
        if self.model.rowCount():
            self.table.setCurrentIndex(self.model.index(0, 0))
