"""The room: rail entries from the registry, Ctrl+N shortcuts, geometry per direction."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from crisisdesk.ui.screens import registered_screens


def test_rail_lists_registered_screens_with_shortcuts(qtbot: Any, open_room: Any) -> None:
    room = open_room()
    qtbot.waitUntil(lambda: room.rail_complete, timeout=10_000)  # after the first paint
    specs = [spec for spec in registered_screens() if spec.available(room.ctx)]
    keys = [spec.key for spec in specs]
    mine = [key for key in keys if key in ("overview", "log", "users", "settings")]
    assert mine == ["overview", "log", "users", "settings"]
    assert [room.rail.item(i).text() for i in range(room.rail.count())] == [
        spec.cls.title() for spec in specs
    ]
    room.activateWindow()
    for i, key in enumerate(keys[:9]):
        QTest.keyClick(room, Qt.Key(Qt.Key.Key_1 + i), Qt.KeyboardModifier.ControlModifier)
        assert room.stack.currentWidget().key == key


def test_geometry_is_kept_per_direction(qtbot: Any, open_room: Any) -> None:
    room = open_room()
    room.resize(1000, 640)
    room.save_geometry()
    settings = room.ctx.settings
    assert settings.geometry(rtl=False) is not None
    assert settings.geometry(rtl=True) is None
