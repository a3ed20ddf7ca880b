"""Portable mode carries the desktop settings on the stick: an INI file beside the data,
not the registry of whichever laptop the stick was last plugged into."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from crisisdesk.storage import location
from crisisdesk.ui.settings import UiSettings


@pytest.fixture
def stick(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    app = tmp_path / "E" / "CrisisDesk"
    app.mkdir(parents=True)
    (app / "CrisisDesk.exe").write_bytes(b"MZ")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(app / "CrisisDesk.exe"))
    monkeypatch.delenv("CRISISDESK_DATA_DIR", raising=False)
    return app


def test_portable_settings_are_an_ini_file_on_the_stick(stick: Path) -> None:
    (stick / location.PORTABLE_MARKER).write_text("")
    settings = UiSettings()
    assert settings.store.format() == QSettings.Format.IniFormat
    assert Path(settings.store.fileName()) == stick / "data" / "settings.ini"
    settings.language = "en"
    settings.database = "sqlite:///E:/CrisisDesk/data/crisisdesk.db"
    settings.sync()
    text = (stick / "data" / "settings.ini").read_text(encoding="utf-8")
    assert "language=en" in text
    # The next laptop reads the same choices from the stick.
    again = UiSettings()
    assert again.language == "en" and again.database.endswith("crisisdesk.db")


def test_installed_settings_use_the_os_store(stick: Path) -> None:
    settings = UiSettings()
    assert settings.store.format() == QSettings.Format.NativeFormat
    assert not (stick / "data").exists()
