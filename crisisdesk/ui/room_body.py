"""The incident room's body: the navigation rail beside the stack of screens.

Built when an incident is attached to the window, not before: the start page paints
without the list and stack widgets (their Qt types take a few milliseconds to load).
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)


class RoomBody(QWidget):
    """``rail`` lists the screens; ``stack`` holds them in the same order; ``notice`` is a
    line above the screens that says what waits (with a button that opens it)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rail = QListWidget(self)
        self.rail.setObjectName("rail")
        self.rail.setIconSize(QSize(22, 22))
        self.rail.setFixedWidth(190)
        self.rail.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.stack = QStackedWidget(self)
        self.notice = QFrame(self)
        self.notice.setObjectName("roomNotice")
        self.notice.setFrameShape(QFrame.Shape.StyledPanel)
        self.notice_text = QLabel(self.notice)
        self.notice_text.setTextFormat(Qt.TextFormat.PlainText)
        self.notice_text.setWordWrap(True)
        self.notice_open = QPushButton(self.notice)
        self.notice_open.setObjectName("openApprovals")
        self.notice_close = QPushButton("×", self.notice)
        self.notice_close.setObjectName("closeNotice")
        self.notice_close.setFlat(True)
        self.notice_close.clicked.connect(self.notice.hide)
        line = QHBoxLayout(self.notice)
        line.setContentsMargins(10, 4, 6, 4)
        line.addWidget(self.notice_text, 1)
        line.addWidget(self.notice_open)
        line.addWidget(self.notice_close)
        self.notice.hide()
        right = QVBoxLayout()
        right.setContentsMargins(0, 0, 0, 0)
        right.setSpacing(0)
        right.addWidget(self.notice)
        right.addWidget(self.stack, 1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.rail)
        layout.addLayout(right, 1)
