"""Offscreen screenshots of every view, in both languages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from crisisdesk.ui import i18n
from crisisdesk.ui.screenshot import render, views
from tests.helpers.databases import PASSWORD


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_every_view_renders(qapp: QApplication, desk: Any, tmp_path: Path, lang: str) -> None:
    desk.sign_in("admin", PASSWORD)
    try:
        for view in views():
            if view == "exercise":  # needs an exercise run: see test_exercise_screen.py
                continue
            out = render(desk, view, tmp_path / f"{view}_{lang}.png", lang=lang)
            image = QImage(str(out))
            assert image.width() >= 900 and image.height() >= 480, view
    finally:
        i18n.set_language(qapp, "en")
