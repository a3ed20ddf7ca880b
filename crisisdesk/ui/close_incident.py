"""Closing an incident: the summary, and the publications still scheduled for it.

A schedule must not speak for a closed incident, so closing cancels the incident's pending
publications; the dialog lists them (statement, channel, time in the room's zone) and the
close button stays off until the person ticks that they are to be cancelled. The core
refuses a close that would cancel schedules nobody agreed to, so another laptop's schedule
made while this dialog was open is not cancelled unseen either (the close then fails with
the list, and the dialog can be opened again).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from crisisdesk.statements.records import PublicationInfo
from crisisdesk.ui.display import DisplayPrefs, date_time, number, safe_text
from crisisdesk.ui.messages import fix_minimum_size
from crisisdesk.ui.statements_model import channel_label
from crisisdesk.ui.widgets import ok_cancel

translate = QCoreApplication.translate


def describe(pub: PublicationInfo, prefs: DisplayPrefs) -> str:
    """``Statement 4 · Website · 2026-12-03 11:10`` (and who it goes to, and if it was missed)."""
    where = channel_label(pub.channel) + (f" {safe_text(pub.target)}" if pub.target else "")
    text = (
        translate("CloseIncident", "Statement %1 · %2 · %3")
        .replace("%1", number(pub.statement_id, prefs))
        .replace("%2", where)
        .replace("%3", date_time(pub.scheduled_at, prefs, seconds=False))
    )
    if pub.missed:
        text += " · " + translate("CloseIncident", "missed, waiting for confirmation")
    return text


class CloseIncidentDialog(QDialog):
    """The closing summary; with pending publications, their list and an explicit yes."""

    def __init__(
        self,
        pending: list[PublicationInfo],
        prefs: DisplayPrefs,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("closeDialog")
        self.setWindowTitle(translate("Overview", "Close incident"))
        self.pending = pending
        layout = QVBoxLayout(self)
        prompt = QLabel(translate("Overview", "Summary of the incident and its end:"), self)
        layout.addWidget(prompt)
        self.text = QPlainTextEdit(self)
        self.text.setObjectName("reasonText")
        self.text.setTabChangesFocus(True)
        self.text.setMinimumSize(460, 100)
        layout.addWidget(self.text)
        self.cancel_box: QCheckBox | None = None
        if pending:
            warning = QLabel(
                translate(
                    "CloseIncident",
                    "This incident still has publications scheduled. A closed incident "
                    "publishes nothing: closing cancels them.",
                ),
                self,
            )
            warning.setObjectName("pendingWarning")
            warning.setWordWrap(True)
            layout.addWidget(warning)
            items = QListWidget(self)
            items.setObjectName("pendingPublications")
            items.setWordWrap(True)
            items.setMaximumHeight(7 * self.fontMetrics().lineSpacing())
            for pub in pending:
                items.addItem(describe(pub, prefs))
            layout.addWidget(items)
            self.cancel_box = QCheckBox(
                translate("CloseIncident", "Cancel these %1 scheduled publications").replace(
                    "%1", number(len(pending), prefs)
                )
                if len(pending) != 1
                else translate("CloseIncident", "Cancel this scheduled publication"),
                self,
            )
            self.cancel_box.setObjectName("cancelScheduled")
            layout.addWidget(self.cancel_box)
        self.buttons = ok_cancel(self)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(
            translate("CloseIncident", "Close and cancel them")
            if pending
            else translate("CloseIncident", "Close incident")
        )
        layout.addWidget(self.buttons)
        self.text.textChanged.connect(self._update)
        if self.cancel_box is not None:
            self.cancel_box.toggled.connect(self._update)
        self._update()
        self.text.setFocus(Qt.FocusReason.OtherFocusReason)
        fix_minimum_size(self)

    def _update(self) -> None:
        agreed = self.cancel_box is None or self.cancel_box.isChecked()
        self.ok_button.setEnabled(bool(self.value()) and agreed)

    def value(self) -> str:
        return self.text.toPlainText().strip()

    def cancel_scheduled(self) -> bool:
        return self.cancel_box is not None and self.cancel_box.isChecked()
