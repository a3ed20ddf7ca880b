"""Telling the user something went wrong: one clear line in a window-modal box that does
not block the event loop (the feed and the clock keep running behind it)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QMessageBox, QWidget

translate = QCoreApplication.translate


def show_error(parent: QWidget, message: str) -> QMessageBox:
    box = QMessageBox(QMessageBox.Icon.Warning, translate("Messages", "CrisisDesk"),
                      message, QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("errorBox")
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box
