"""Telling the user something went wrong: one clear line in a window-modal box that does
not block the event loop (the feed and the clock keep running behind it).

A small dialog of our own rather than QMessageBox: its size is settled before it is
shown, so no platform has to resize a visible window to fit the text.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

translate = QCoreApplication.translate


def fix_minimum_size(dialog: QWidget) -> None:
    """Settle a dialog's minimum size before it is shown, so a later change of its
    contents never asks the platform to resize a visible window's limits."""
    dialog.adjustSize()
    dialog.setMinimumSize(dialog.minimumSizeHint())


class ErrorBox(QDialog):
    """An icon, the one-line message and an OK button."""

    def __init__(self, parent: QWidget | None, message: str) -> None:
        super().__init__(parent)
        self.setObjectName("errorBox")
        self.setWindowTitle(translate("Messages", "CrisisDesk"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        from PySide6.QtWidgets import QStyle  # costs at import; an error box is rare

        from crisisdesk.ui.resources import icon as shipped_icon

        icon = QLabel(self)
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_MessageBoxIconSize, None, self)
        icon.setPixmap(shipped_icon("warning").pixmap(size, size))
        self.label = QLabel(message, self)
        self.label.setObjectName("errorText")
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setWordWrap(True)
        self.label.setMinimumWidth(360)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        row = QHBoxLayout()
        row.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.label, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok, self)
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(buttons)
        fix_minimum_size(self)

    def text(self) -> str:
        return self.label.text()


def show_error(parent: QWidget, message: str) -> ErrorBox:
    box = ErrorBox(parent, message)
    box.open()
    return box
