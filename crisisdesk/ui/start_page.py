"""What the main window shows before an incident is open: the app, what it is doing
(opening the database, building the demo, waiting for the sign-in), and why it stopped.

The window paints this page at once, before the core is loaded, so the user sees the app
answer the click within a fraction of a second even on a slow laptop. That is also why
its constructor uses no enum of Qt's namespace (loading it costs ~15 ms): the centring
comes from the theme's stylesheet and the plain-text format is set with outside text.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6 import QtCore
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QVBoxLayout, QWidget

from crisisdesk.ui.resources import icon

translate = QCoreApplication.translate

Text = Callable[[], str]


def _opening() -> str:
    return translate("StartPage", "Opening the incident database…")


class StartPage(QWidget):
    """Name, a one-line status (kept as a callable so it follows a language switch),
    a busy bar while work runs, and where the data lives once known."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("startPage")
        self._status: Text = _opening
        self.logo = QLabel(self)
        self.logo.setObjectName("startLogo")
        self.logo.setPixmap(icon("app").pixmap(72, 72))
        self.name = QLabel(self)
        self.name.setObjectName("startName")
        self.tagline = QLabel(self)
        self.status = QLabel(self)
        self.status.setObjectName("startStatus")
        self.status.setWordWrap(True)
        self.busy = QProgressBar(self)
        self.busy.setRange(0, 0)  # no known length: an animated "working" bar
        self.busy.setTextVisible(False)
        self.busy.setFixedWidth(260)
        self.busy.setMaximumHeight(6)
        self.location = QLabel(self)
        self.location.setObjectName("startLocation")
        self.location.setWordWrap(True)

        # Name and status sit in the upper part, so the sign-in and the picker (centred
        # on the window) leave them readable; where the data lives is the footer.
        names = QVBoxLayout()
        names.setSpacing(2)
        names.addStretch(1)
        names.addWidget(self.name)
        names.addWidget(self.tagline)
        names.addStretch(1)
        header = QHBoxLayout()
        header.setSpacing(16)
        header.addStretch(1)
        header.addWidget(self.logo)
        header.addLayout(names)
        header.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.setContentsMargins(24, 24, 24, 18)
        layout.addStretch(1)
        layout.addLayout(header)
        layout.addSpacing(12)
        layout.addWidget(self.status)
        bar = QHBoxLayout()
        bar.addStretch(1)
        bar.addWidget(self.busy)
        bar.addStretch(1)
        layout.addLayout(bar)
        layout.addStretch(5)
        layout.addWidget(self.location)
        self.retranslate()

    def set_status(self, text: Text, *, busy: bool = True) -> None:
        """Say what is happening now (``text`` is called again after a language switch)."""
        self._status = text
        self._set_role("")
        self.busy.setVisible(busy)
        self.status.setText(text())

    def set_error(self, message: str) -> None:
        """Show why the start stopped (one line, plain text) and stop the busy bar."""
        self._plain(self.status)
        self._status = lambda: message
        self._set_role("error")
        self.busy.setVisible(False)
        self.status.setText(message)

    def set_location(self, label: str) -> None:
        """Where the data lives (a file path or a server), at the foot of the page."""
        self._plain(self.location)
        self.location.setText(label)

    @property
    def status_text(self) -> str:
        return self.status.text()

    @staticmethod
    def _plain(label: QLabel) -> None:
        """Text from outside (a path, an error) is never read as markup."""
        label.setTextFormat(QtCore.Qt.TextFormat.PlainText)

    def _set_role(self, role: str) -> None:
        """Colour the status by its role (the stylesheet's ``QLabel[role="error"]``)."""
        if (self.status.property("role") or "") == role:
            return
        self.status.setProperty("role", role)
        style = self.status.style()
        style.unpolish(self.status)
        style.polish(self.status)

    def retranslate(self) -> None:
        self.name.setText(translate("StartPage", "CrisisDesk"))
        self.tagline.setText(translate("StartPage", "Crisis media centre"))
        self.status.setText(self._status())

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
