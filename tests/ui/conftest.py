"""Fixtures for the desktop shell: a real SQLite desk with users and incidents, throwaway
Qt settings, and an incident room wired like the app does it (pytest-qt's one qapp)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from crisisdesk.desk import Desk
from crisisdesk.ui import i18n
from crisisdesk.ui.app import make_room, prepare_app
from crisisdesk.ui.display import DisplayPrefs
from crisisdesk.ui.ops import Ops
from crisisdesk.ui.settings import UiSettings
from crisisdesk.ui.window import IncidentRoom
from tests.helpers.databases import PASSWORD, sqlite_db_url

FLOOD = "سيول الدمام والخبر"
DRILL = "Drill: sandstorm over Al-Ahsa"


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "data"
    monkeypatch.setenv("CRISISDESK_DATA_DIR", str(folder))
    return folder


@pytest.fixture
def db_url(tmp_path: Path, data_dir: Path) -> str:
    """A desk with an admin, a lead and an operator, one active incident and one closed drill."""
    url = sqlite_db_url(tmp_path)
    desk = Desk.open(url, create=True)
    try:
        desk.users.create_first_admin("admin", PASSWORD, "مسؤول النظام")
        desk.sign_in("admin", PASSWORD)
        desk.users.add("layla", PASSWORD, "lead", "ليلى الدوسري", "أمانة المنطقة الشرقية")
        desk.users.add("olfa", PASSWORD, "operator", "Olfa", "أمانة المنطقة الشرقية")
        desk.sign_in("layla", PASSWORD)
        desk.incidents.open(FLOOD, 3, org_units=("أمانة المنطقة الشرقية", "بلدية الدمام"))
        drill = desk.incidents.open(DRILL, 2, drill=True)
        desk.incidents.close(drill.id, "exercise finished")
    finally:
        desk.close()
    return url


@pytest.fixture
def desk(db_url: str) -> Iterator[Desk]:
    opened = Desk.open(db_url)
    yield opened
    opened.close()


@pytest.fixture
def ui_settings(tmp_path: Path) -> UiSettings:
    settings = UiSettings(QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
    settings.language = "en"
    settings.arabic_digits = False
    settings.hijri = False
    return settings


@pytest.fixture
def english(qapp: QApplication, ui_settings: UiSettings) -> Iterator[DisplayPrefs]:
    """The app in English (left to right); put back to English afterwards in any case."""
    prefs = prepare_app(qapp, ui_settings, "en")
    yield prefs
    i18n.set_language(qapp, "en")


@pytest.fixture
def ops(qapp: QApplication) -> Iterator[Ops]:
    worker = Ops()
    yield worker
    worker.wait_idle()
    QApplication.processEvents()
    worker.deleteLater()


def wait_loaded(qtbot: Any, ops: Ops) -> None:
    qtbot.waitUntil(lambda: not ops.busy, timeout=10_000)


@pytest.fixture
def open_room(
    qtbot: Any, desk: Desk, ui_settings: UiSettings, english: DisplayPrefs, ops: Ops
) -> Iterator[Any]:
    """``open_room(user)`` signs ``user`` in and opens the room on the active incident."""
    rooms: list[IncidentRoom] = []

    def opener(user: str = "layla", incident: str = FLOOD) -> IncidentRoom:
        desk.sign_in(user, PASSWORD)
        incident_id = next(i.id for i in desk.incidents.list() if i.title == incident)
        room = make_room(desk, ops, ui_settings, english, incident_id)
        qtbot.addWidget(room)
        room.show()
        rooms.append(room)
        qtbot.waitUntil(
            lambda: room.incident is not None and room.ctx.feed.head is not None, timeout=10_000
        )
        wait_loaded(qtbot, ops)
        return room

    yield opener
    for room in rooms:
        if shiboken6.isValid(room):
            room.ctx.feed.stop()
    qtbot.waitUntil(lambda: not ops.busy, timeout=20_000)
    ops.wait_idle()
