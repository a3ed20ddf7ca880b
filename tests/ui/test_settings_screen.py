"""Settings: digits, Hijri dates and theme apply at once and are stored."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication

from crisisdesk.ui.log_model import SEQ, TIME
from tests.ui.test_log_screen import cell


def test_digits_and_hijri_redraw_the_log(qtbot: Any, open_room: Any) -> None:
    room = open_room()
    log = room.show_screen("log")
    qtbot.waitUntil(lambda: log.loaded)
    settings = room.show_screen("settings")
    assert cell(qtbot, log.model, 0, SEQ).isdigit()
    settings.digits.setCurrentIndex(settings.digits.findData(True))
    assert room.ctx.settings.arabic_digits
    assert log.model.index(0, SEQ).data()[0] in "٠١٢٣٤٥٦٧٨٩"
    settings.hijri.setChecked(True)
    assert room.ctx.settings.hijri and "AH" in log.model.index(0, TIME).data()
    assert "local file" in settings.database.text()
    qtbot.waitUntil(lambda: bool(settings.keyring.text()))


def test_theme_switches_the_palette(qtbot: Any, open_room: Any, qapp: QApplication) -> None:
    room = open_room()
    settings = room.show_screen("settings")
    try:
        settings.theme.setCurrentIndex(settings.theme.findData("dark"))
        assert room.ctx.settings.theme == "dark"
        assert QApplication.palette().color(QPalette.ColorRole.Window).lightness() < 80
    finally:
        settings.theme.setCurrentIndex(settings.theme.findData("light"))
    assert QApplication.palette().color(QPalette.ColorRole.Window).lightness() > 200
