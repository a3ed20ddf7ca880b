"""The banner shown when a change was refused because another user changed the record first.

It says who and when (the row itself already shows their change), and offers to apply this
user's change anyway, which is itself a decision recorded as overriding theirs, or to keep
theirs. Nothing is overwritten without the user choosing it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from crisisdesk.errors import StaleError
from crisisdesk.ui.display import safe_text

translate = QCoreApplication.translate


class ConflictBanner(QFrame):
    """Hidden until ``show_conflict``; "apply mine anyway" runs the retry it was given."""

    def __init__(self, parent: QWidget | None = None, *, rumour: bool = False) -> None:
        super().__init__(parent)
        self._rumour = rumour
        self.setObjectName("conflictBanner")
        self.setProperty("role", "error")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.label = QLabel(self)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setWordWrap(True)
        self.apply_button = QPushButton(self)
        self.apply_button.clicked.connect(self._apply)
        self.keep_button = QPushButton(self)
        self.keep_button.clicked.connect(self.dismiss)
        row = QHBoxLayout(self)
        row.addWidget(self.label, 1)
        row.addWidget(self.apply_button)
        row.addWidget(self.keep_button)
        self._retry: Callable[[], None] | None = None
        self._conflict: StaleError | None = None
        self._when: Callable[[str | None], str] = lambda at: at or "?"
        self.retranslate()
        self.hide()

    def show_conflict(
        self,
        conflict: StaleError,
        retry: Callable[[], None],
        when: Callable[[str | None], str] | None = None,
    ) -> None:
        self._conflict = conflict
        self._retry = retry
        if when is not None:
            self._when = when
        self.retranslate()
        self.show()

    def dismiss(self) -> None:
        self._retry = None
        self._conflict = None
        self.hide()

    def _apply(self) -> None:
        retry = self._retry
        self.dismiss()
        if retry is not None:
            retry()

    def retranslate(self) -> None:
        self.apply_button.setText(translate("ConflictBanner", "Apply mine anyway"))
        self.keep_button.setText(translate("ConflictBanner", "Keep theirs"))
        conflict = self._conflict
        if conflict is None:
            return
        who = safe_text(conflict.by or translate("ConflictBanner", "another user"))
        if self._rumour:
            text = translate(
                "ConflictBanner",
                "Not applied: %1 changed this rumour at %2, after you saw it. "
                "It now shows their change.",
            )
        else:
            text = translate(
                "ConflictBanner",
                "Not applied: %1 changed this message at %2, after you saw it. "
                "It now shows their change.",
            )
        self.label.setText(
            text.replace("%1", who)
            .replace("%2", f"\u2066{self._when(conflict.at)}\u2069")  # isolated, left to right
        )
