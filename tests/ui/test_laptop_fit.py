"""Issue 17, findings 8 and 9: at 1280×720 the rail scrolled (the last screens out of
reach), and in the dark theme the selected rail item kept a light background and
disabled labels were hard to read."""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtGui import QColor

from crisisdesk.ui.resources import stylesheet


def test_the_whole_rail_fits_a_1280_by_720_laptop(qtbot: Any, open_room: Any) -> None:
    room = open_room()
    room.complete_rail()
    room.resize(1280, 720)
    qtbot.waitUntil(lambda: room.rail.count() >= 10)
    room.grab()  # lays the window out
    assert room.rail.count() >= 10
    assert room.rail.verticalScrollBar().maximum() == 0


def _colour(rule: str, prop: str) -> QColor:
    match = re.search(rf"{prop}:\s*(#[0-9a-fA-F]{{6}})", rule)
    assert match, rule
    return QColor(match.group(1))


def test_dark_theme_selected_rail_item_is_dark_and_disabled_text_readable() -> None:
    qss = stylesheet("dark")
    selected = next(line for line in qss.splitlines() if "#rail::item:selected" in line)
    assert _colour(selected, "background").lightnessF() < 0.5
    assert _colour(selected, r"(?<!-)color").lightnessF() > 0.8
    disabled = next(line for line in qss.splitlines() if "QLabel:disabled" in line)
    assert _colour(disabled, "color").lightnessF() >= 0.6
