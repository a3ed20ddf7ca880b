"""Items intake set aside: where each came from, the one-line reason, and its raw text.

A poisoned webhook body or a malformed line never stops intake; it lands here. After a fix
*Retry* parses it again and stores it; *Discard* closes it with a reason. Both are
decisions made in the core. Untrusted text is shown as plain text with controls visible.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import QCoreApplication, QModelIndex, Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from crisisdesk.intake.parsers.base import clean_text
from crisisdesk.intake.quarantine import QuarantineInfo
from crisisdesk.ui.changes import Changes
from crisisdesk.ui.display import DisplayPrefs, date_time, safe_block, safe_text
from crisisdesk.ui.inbox_model import channel_name
from crisisdesk.ui.list_model import ListTableModel, ModelIndex
from crisisdesk.ui.operations import intake as intake_ops
from crisisdesk.ui.operations import perform
from crisisdesk.ui.room import RoomContext
from crisisdesk.ui.screens import Screen, register_screen
from crisisdesk.ui.widgets import add_parts, list_and_detail, list_table, message_line, pane

translate = QCoreApplication.translate
RAW_SHOWN = 4000  # characters of the raw text shown; the whole is in `quarantine show --raw`


def _when(text: str) -> Any:
    from crisisdesk.clock import parse_utc

    return parse_utc(text)


class QuarantineModel(ListTableModel):
    """The items set aside for one incident (a few hundred at most: held in full)."""

    column_count = 4

    def __init__(self, prefs: DisplayPrefs, parent: Any = None) -> None:
        super().__init__(parent)
        self.prefs = prefs

    def headers(self) -> tuple[str, ...]:
        return (
            translate("Quarantine", "Set aside at"),
            translate("Quarantine", "Channel"),
            translate("Quarantine", "Where"),
            translate("Quarantine", "Reason"),
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
            return date_time(_when(item.received_at), replace(self.prefs, hijri=False))
        if column == 1:
            return channel_name(item.channel)
        if column == 2:
            return safe_text(item.position, limit=80)
        if column == 3:
            return safe_text(item.reason, limit=200)
        return None


@register_screen("quarantine", order=15)
class QuarantineScreen(Screen):
    icon_name = "quarantine"

    @classmethod
    def title(cls) -> str:
        return translate("Quarantine", "Set aside")

    def __init__(self, ctx: RoomContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.model = QuarantineModel(ctx.prefs, self)
        self.table = list_table(self, self.model, stretch=(3,), on_current=self._selected)
        self.summary = QLabel(self)
        self.summary.setObjectName("quarantineSummary")
        self.raw = QPlainTextEdit(self)
        self.raw.setReadOnly(True)
        # raw JSON, XML or mail headers read left to right in either language
        self.raw.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.reason = QLineEdit(self)
        self.retry_button = QPushButton(self)
        self.retry_button.clicked.connect(self.retry_current)
        self.discard_button = QPushButton(self)
        self.discard_button.clicked.connect(self.discard_current)
        self.message = message_line(self)

        actions = add_parts(
            QHBoxLayout(), [(self.reason, 1), self.discard_button, self.retry_button]
        )
        detail = pane(self, (self.raw, 1), actions, self.message)
        list_and_detail(self, self.table, detail, above=[self.summary], stretch=(3, 2))
        self.retranslate()
        self.refresh()

    def retranslate(self) -> None:
        self.retry_button.setText(translate("Quarantine", "Retry (parse again)"))
        self.discard_button.setText(translate("Quarantine", "Discard"))
        self.reason.setPlaceholderText(translate("Quarantine", "Reason for discarding"))
        self._update_summary()

    def _update_summary(self) -> None:
        count = len(self.model.items)
        self.summary.setText(
            translate("Quarantine", "%1 items set aside: intake went on without them.").replace(
                "%1", str(count)
            )
            if count
            else translate("Quarantine", "Nothing set aside: every item was stored.")
        )

    def refresh(self) -> None:
        quarantine, incident = self.ctx.desk.inbox.quarantine, self.ctx.incident_id
        self.ctx.ops.read(lambda: quarantine.items(incident), self._loaded, owner=self)

    def _loaded(self, items: list[QuarantineInfo]) -> None:
        keep = self.current_id()
        self.model.set_items(items)
        self._update_summary()
        rows = [i for i, item in enumerate(items) if item.id == keep]
        if rows:
            self.table.setCurrentIndex(self.model.index(rows[0], 0))
        else:
            self.raw.clear()

    def on_changes(self, changes: Changes) -> None:
        if changes.intake:
            self.refresh()

    def current_id(self) -> int | None:
        item = self.model.item(self.table.currentIndex())
        return None if item is None else int(item.id)

    def _selected(self, current: QModelIndex, _previous: QModelIndex) -> None:
        item = self.model.item(current)
        if item is None:
            self.raw.clear()
            return
        quarantine = self.ctx.desk.inbox.quarantine
        self.ctx.ops.read(
            lambda: quarantine.get(item.id), lambda got: self._show_raw(*got), owner=self
        )

    def _show_raw(self, info: QuarantineInfo, raw: bytes | None) -> None:
        if info.id != self.current_id():
            return
        if raw is None:
            text = translate("Quarantine", "(no raw bytes kept: import the source again)")
        else:
            shown = clean_text(raw[: RAW_SHOWN * 4].decode("utf-8", "replace"))[:RAW_SHOWN]
            text = safe_block(shown)
        self.raw.setPlainText(f"{safe_text(info.reason, limit=300)}\n\n{text}")

    def retry_current(self) -> None:
        item_id = self.current_id()
        if item_id is None:
            return
        perform(
            self.ctx,
            intake_ops.retry_quarantined(self.ctx.desk, item_id),
            lambda done: self._done(
                translate("Quarantine", "Item %1 stored: %2 new, %3 duplicate")
                .replace("%1", str(item_id))
                .replace("%2", str(done.value.new))
                .replace("%3", str(done.value.duplicate))
            ),
            self.message.setText,
            owner=self,
        )

    def discard_current(self) -> None:
        item_id = self.current_id()
        reason = self.reason.text().strip()
        if item_id is None:
            return
        if not reason:
            self.message.setText(translate("Quarantine", "Say why the item is discarded."))
            return
        perform(
            self.ctx,
            intake_ops.discard_quarantined(self.ctx.desk, item_id, reason),
            lambda _done: self._done(
                translate("Quarantine", "Item %1 discarded").replace("%1", str(item_id))
            ),
            self.message.setText,
            owner=self,
        )

    def _done(self, text: str) -> None:
        self.message.setText(text)
        self.reason.clear()

    def showcase(self) -> None:
        if self.model.rowCount():
            self.table.setCurrentIndex(self.model.index(0, 0))
