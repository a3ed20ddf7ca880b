"""The next-update time typed the way a person types it (click the field, select it all,
type the time) must reach the statement as typed, in Arabic and English and with either
digit setting. In Arabic a ``QTimeEdit`` with Arabic-Indic digits shows minutes before
hours and turns ``12:00`` into ``00:59``, so an approved statement announced the wrong time."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from crisisdesk.desk import Desk
from crisisdesk.ui import i18n
from crisisdesk.ui.app import make_room, prepare_app
from crisisdesk.ui.ops import Ops
from crisisdesk.ui.settings import UiSettings
from tests.helpers.databases import PASSWORD
from tests.helpers.keyboard import type_text
from tests.ui.conftest import FLOOD, wait_loaded

TO_LATIN = str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789")


@pytest.fixture
def flood_with_playbook(desk: Desk) -> int:
    desk.sign_in("layla", PASSWORD)
    return desk.incidents.open(FLOOD + " 2", 3, playbook_id="flood-urban").id


@pytest.fixture
def language_room(
    qapp: QApplication, qtbot: Any, desk: Desk, ui_settings: UiSettings, ops: Ops
) -> Iterator[Any]:
    rooms: list[Any] = []

    def opener(language: str, arabic_digits: bool, incident_id: int) -> Any:
        ui_settings.arabic_digits = arabic_digits
        prefs = prepare_app(qapp, ui_settings, language)
        room = make_room(desk, ops, ui_settings, prefs, incident_id)
        qtbot.addWidget(room)
        room.resize(1366, 768)
        room.show()
        rooms.append(room)
        qtbot.waitUntil(lambda: room.incident is not None, timeout=10_000)
        wait_loaded(qtbot, ops)
        return room

    yield opener
    for room in rooms:
        room.ctx.feed.stop()
    qtbot.waitUntil(lambda: not ops.busy, timeout=20_000)
    ops.wait_idle()
    i18n.set_language(qapp, "en")


@pytest.mark.parametrize("language", ["ar", "en"])
@pytest.mark.parametrize("arabic_digits", [True, False])
@pytest.mark.parametrize("typed", ["12:00", "١٨:٣٠"])
def test_typed_next_update_time_reaches_the_statement(
    qtbot: Any,
    desk: Desk,
    language_room: Any,
    flood_with_playbook: int,
    language: str,
    arabic_digits: bool,
    typed: str,
) -> None:
    room = language_room(language, arabic_digits, flood_with_playbook)
    rtl = Qt.LayoutDirection.RightToLeft if language == "ar" else Qt.LayoutDirection.LeftToRight
    assert room.layoutDirection() == rtl
    screen = room.show_screen("statements")
    qtbot.waitUntil(lambda: screen.loaded and bool(screen.templates), timeout=10_000)
    screen.start_new("holding")
    qtbot.waitUntil(lambda: "next_update_time" in screen.form.widgets, timeout=10_000)
    qtbot.waitUntil(lambda: bool(screen.english.toPlainText()), timeout=10_000)
    field = screen.form.widgets["next_update_time"][0]
    screen.form_area.ensureWidgetVisible(field)
    qtbot.mouseClick(field, Qt.MouseButton.LeftButton)
    qtbot.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_text(field, typed)
    qtbot.keyClick(field, Qt.Key.Key_Tab)
    latin = typed.translate(TO_LATIN)
    expected, _values = desk.statements.render(
        flood_with_playbook, "holding", {**screen.form.raw_values(), "next_update_time": latin}
    )
    wrong, _values = desk.statements.render(
        flood_with_playbook, "holding", {**screen.form.raw_values(), "next_update_time": "00:59"}
    )
    assert expected["en"] != wrong["en"]
    qtbot.waitUntil(lambda: screen.english.toPlainText() == expected["en"], timeout=5_000)
    assert screen.arabic.toPlainText() == expected["ar"]
    assert screen.form.raw_values()["next_update_time"] == latin
    wait_loaded(qtbot, room.ctx.ops)
