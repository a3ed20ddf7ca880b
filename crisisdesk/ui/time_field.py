"""A wall-clock time field (hh:mm) that reads the same in Arabic and English.

Qt's ``QTimeEdit`` in a right-to-left layout with Arabic-Indic digits shows minutes before
hours and its sections swallow what is typed (``12:00`` became ``00:59``), which put a
wrong time into an approved statement. This field is a line edit that always runs left to
right, hours first, takes Latin or Arabic-Indic digits as the person types them, and
shows the time in the reader's digit setting once the field is left.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QRegularExpression, Qt, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QLineEdit, QWidget

_TO_LATIN = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹٫:", "01234567890123456789::")
_TO_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
_DIGIT = "[0-9٠-٩۰-۹]"
# What may stand in the field while it is typed: up to two digits, a colon, two digits
# (or four digits without the colon).
_TYPING = QRegularExpression(f"^{_DIGIT}{{0,2}}([:٫.]{_DIGIT}{{0,2}}|{_DIGIT}{{0,2}})$")
_FULL = re.compile(r"^(\d{1,2})(?:[:.](\d{2})|(\d{2}))?$")


def parse_time(text: str) -> str | None:
    """``HH:MM`` in Latin digits for what a person typed (``12:00``, ``١٢:٠٠``, ``1200``,
    ``9``), or None when it is not a time of day."""
    found = _FULL.match(text.strip().translate(_TO_LATIN))
    if found is None:
        return None
    hours = int(found.group(1))
    minutes = int(found.group(2) or found.group(3) or 0)
    if hours > 23 or minutes > 59:
        return None
    return f"{hours:02d}:{minutes:02d}"


class TimeField(QLineEdit):
    """``time()`` is the typed time as ``HH:MM`` (Latin digits, for the core) or "" while
    it is not a valid time; ``changed`` fires whenever that value changes."""

    changed = Signal()

    def __init__(self, arabic_digits: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.arabic_digits = arabic_digits
        self.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.setValidator(QRegularExpressionValidator(_TYPING, self))
        self.setPlaceholderText("hh:mm")
        self.setMaxLength(5)
        self.setMaximumWidth(self.fontMetrics().horizontalAdvance("00:00") * 3)
        self._last = ""
        self.textChanged.connect(self._typed)
        self.editingFinished.connect(self._tidy)

    def _shown(self, value: str) -> str:
        return value.translate(_TO_INDIC) if self.arabic_digits else value

    def set_time(self, value: str) -> None:
        """Show ``value`` (``HH:MM``; anything else leaves the field empty)."""
        parsed = parse_time(value)
        self.setText(self._shown(parsed) if parsed else "")

    def time(self) -> str:
        return parse_time(self.text()) or ""

    def valid(self) -> bool:
        return bool(self.time())

    def _typed(self, _text: str) -> None:
        self.setProperty("role", "" if self.valid() or not self.text() else "error")
        now = self.time()
        if now != self._last:
            self._last = now
            self.changed.emit()

    def _tidy(self) -> None:
        """Once the field is left, a valid time is shown in full (``9`` becomes ``09:00``)."""
        if self.valid():
            shown = self._shown(self.time())
            if shown != self.text():
                self.setText(shown)
