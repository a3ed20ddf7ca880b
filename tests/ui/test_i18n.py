"""Arabic first: a complete catalogue, Qt's own qtbase_ar, and the direction flips."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QApplication

from crisisdesk.ui import i18n, i18n_build


def test_catalogue_is_complete() -> None:
    root = ET.parse(i18n_build.ts_path("ar")).getroot()
    messages = root.findall("./context/message")
    assert len(messages) > 100
    unfinished = [
        m.findtext("source")
        for m in messages
        if m.find("translation").get("type") in ("unfinished", "obsolete", "vanished")
    ]
    empty = [
        m.findtext("source")
        for m in messages
        if m.get("numerus") != "yes" and not (m.findtext("translation") or "").strip()
    ]
    assert unfinished == [] and empty == []


def test_every_source_string_is_in_the_catalogue(tmp_path: Path) -> None:
    """Running lupdate on the code finds nothing the catalogue lacks."""
    fresh = tmp_path / "fresh.ts"
    import subprocess

    subprocess.run(
        [
            str(i18n_build.qt_tool("lupdate")),
            *map(str, i18n_build.source_files()),
            "-ts",
            str(fresh),
            "-locations",
            "none",
            "-silent",
        ],
        check=True,
    )
    found = {
        (c.findtext("name"), m.findtext("source"))
        for c in ET.parse(fresh).getroot().findall("context")
        for m in c.findall("message")
    }
    ours = {
        (c.findtext("name"), m.findtext("source"))
        for c in ET.parse(i18n_build.ts_path("ar")).getroot().findall("context")
        for m in c.findall("message")
    }
    assert found - ours == set()


def test_stale_catalogue_is_rebuilt(tmp_path: Path) -> None:
    qm = i18n_build.ensure_compiled("ar", tmp_path)
    assert qm is not None and qm.exists()
    assert not i18n_build.is_stale("ar", qm.parent if qm.parent != i18n_build.I18N_DIR else None)


def test_arabic_loads_catalogues_and_flips_direction(qapp: QApplication) -> None:
    try:
        loaded = i18n.set_language(qapp, "ar")
        names = [p.name for p in loaded]
        assert names == ["qtbase_ar.qm", "crisisdesk_ar.qm"]
        assert qapp.layoutDirection() == Qt.LayoutDirection.RightToLeft
        assert QCoreApplication.translate("DecisionLog", "Decision log") == "سجل القرارات"
        assert QCoreApplication.translate("QPlatformTheme", "Cancel") != "Cancel"
    finally:
        i18n.set_language(qapp, "en")
    assert qapp.layoutDirection() == Qt.LayoutDirection.LeftToRight
    assert QCoreApplication.translate("DecisionLog", "Decision log") == "Decision log"


def test_switching_language_in_settings_flips_the_room(
    qtbot: Any, open_room: Any, qapp: QApplication
) -> None:
    room = open_room()
    settings = room.show_screen("settings")
    assert room.layoutDirection() == Qt.LayoutDirection.LeftToRight
    settings.language.setCurrentIndex(settings.language.findData("ar"))
    qtbot.waitUntil(lambda: room.layoutDirection() == Qt.LayoutDirection.RightToLeft)
    qtbot.waitUntil(lambda: room.rail.item(0).text() == "نظرة عامة")
    assert settings.labels[0].text() == "اللغة:"
    assert room.ctx.settings.language == "ar"
    rail_x = room.rail.mapTo(room, room.rail.rect().topLeft()).x()
    assert rail_x > room.width() // 2, "the rail moves to the right in Arabic"
    settings.language.setCurrentIndex(settings.language.findData("en"))
    qtbot.waitUntil(lambda: room.layoutDirection() == Qt.LayoutDirection.LeftToRight)
    qtbot.waitUntil(lambda: room.rail.item(0).text() == "Overview")
