"""Each rail screen is told apart by its own drawn icon, and no screen borrows Qt's stock
icons (they differ by platform style and clash with the shipped set)."""

from __future__ import annotations

import re
from pathlib import Path

from crisisdesk.ui.resources import ICONS
from crisisdesk.ui.screens import registered_screens

UI = Path(__file__).resolve().parents[2] / "crisisdesk" / "ui"


def test_every_rail_screen_has_an_icon_of_its_own() -> None:
    specs = registered_screens()
    names = {spec.key: spec.cls.icon_name for spec in specs}
    for key, name in names.items():
        assert (ICONS / f"{name}.svg").exists(), key
    by_name: dict[str, list[str]] = {}
    for key, name in names.items():
        by_name.setdefault(name, []).append(key)
    assert {n: k for n, k in by_name.items() if len(k) > 1} == {}
    drawings = {key: (ICONS / f"{name}.svg").read_text("utf-8") for key, name in names.items()}
    assert len(set(drawings.values())) == len(drawings)


def test_no_screen_uses_stock_qt_icons() -> None:
    users = [
        path.name
        for path in UI.glob("*.py")
        if re.search(r"standardIcon|StandardPixmap\.SP_", path.read_text("utf-8"))
    ]
    assert users == []
