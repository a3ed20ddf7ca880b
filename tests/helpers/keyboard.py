"""Typing as a keyboard does it, Arabic included (QTest only knows Latin characters)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget


def type_text(widget: QWidget, text: str) -> None:
    """Latin through QTest; any other character (an Arabic letter, an Arabic-Indic digit)
    as the key events an Arabic keyboard sends, carrying the character."""
    for char in text:
        if char.isascii():
            QTest.keyClicks(widget, char)
            continue
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(
                widget, QKeyEvent(kind, ord(char), Qt.KeyboardModifier.NoModifier, char)
            )
