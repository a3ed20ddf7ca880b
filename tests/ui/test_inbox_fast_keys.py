"""Keyboard triage in a row: J pressed right after a category key must stay on the next
message when the change feed's refresh of that decision comes back (it used to jump back)."""

from __future__ import annotations

import time
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from crisisdesk.desk import Desk
from tests.ui.test_inbox_screen import inbox_screen


def _settle(qtbot: Any, screen: Any, seconds: float = 2.5) -> None:
    end = time.monotonic() + seconds  # past at least two feed polls
    while time.monotonic() < end:
        screen.table.viewport().repaint()
        QApplication.processEvents()
        qtbot.wait(20)


def test_j_right_after_a_category_key_stays_on_the_next_row(
    qtbot: Any, open_room: Any, desk: Desk
) -> None:
    screen = inbox_screen(qtbot, open_room, desk)
    screen.table.setFocus()
    qtbot.keyClick(screen.table, Qt.Key.Key_J)
    qtbot.waitUntil(lambda: screen.current is not None, timeout=5000)
    for step in range(3):
        row = screen.table.currentIndex().row()
        qtbot.keyClick(screen.table, Qt.Key.Key_1 + step)  # a category
        qtbot.keyClick(screen.table, Qt.Key.Key_J)  # at once, before anything came back
        _settle(qtbot, screen)
        assert screen.table.currentIndex().row() == row + 1, f"jumped back at step {step}"
        shown = screen.model.row_at(row + 1)
        assert shown is not None and screen.current is not None
        assert screen.current.row.id == shown.id
