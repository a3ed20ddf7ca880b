"""The incident room's body: the navigation rail beside the stack of screens.

Built when an incident is attached to the window, not before: the start page paints
without the list and stack widgets (their Qt types take a few milliseconds to load).
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QHBoxLayout, QListWidget, QStackedWidget, QWidget


class RoomBody(QWidget):
    """``rail`` lists the screens; ``stack`` holds them in the same order."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rail = QListWidget(self)
        self.rail.setObjectName("rail")
        self.rail.setIconSize(QSize(22, 22))
        self.rail.setFixedWidth(190)
        self.rail.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.stack = QStackedWidget(self)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.rail)
        layout.addWidget(self.stack, 1)
