"""Where the shipped resources live and how to load them (SVG icons, QSS themes, fonts)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from PySide6.QtGui import QIcon

RESOURCES = Path(__file__).resolve().parent.parent / "resources"
ICONS = RESOURCES / "icons"
THEMES = RESOURCES / "themes"
FONTS = RESOURCES / "fonts"


@cache
def icon(name: str) -> QIcon:
    """An icon drawn from ``resources/icons/NAME.svg`` (scales to any size)."""
    path = ICONS / f"{name}.svg"
    return QIcon(str(path)) if path.exists() else QIcon()


def stylesheet(theme: str) -> str:
    path = THEMES / f"{theme}.qss"
    return path.read_text(encoding="utf-8") if path.exists() else ""
