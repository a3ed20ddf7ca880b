"""The incident room's screens and how they join the navigation rail.

A screen module decorates its class with ``@register_screen(key, order)``; the window
builds one rail entry per registered screen, in order, with Ctrl+1..9 for the first nine.
Later features add a module to ``SCREEN_MODULES``; nothing else in the shell changes.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QWidget

from crisisdesk.ui.changes import Changes
from crisisdesk.ui.room import RoomContext

SCREEN_MODULES = (
    "crisisdesk.ui.overview",
    "crisisdesk.ui.dashboard_screen",
    "crisisdesk.ui.inbox_screen",
    "crisisdesk.ui.checklist_screen",
    "crisisdesk.ui.rumours_screen",
    "crisisdesk.ui.network_screen",
    "crisisdesk.ui.board_screen",
    "crisisdesk.ui.briefings_screen",
    "crisisdesk.ui.units_screen",
    "crisisdesk.ui.quarantine_screen",
    "crisisdesk.ui.statements_screen",
    "crisisdesk.ui.approvals_screen",
    "crisisdesk.ui.playbooks_screen",
    "crisisdesk.ui.log_screen",
    "crisisdesk.ui.users_screen",
    "crisisdesk.ui.settings_screen",
    "crisisdesk.ui.exercise_screen",
)


class Screen(QWidget):
    """Base of a rail screen: texts set in ``retranslate``, values in ``refresh``."""

    key: ClassVar[str] = ""
    icon_name: ClassVar[str] = ""

    def __init__(self, ctx: RoomContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx

    @classmethod
    def title(cls) -> str:
        """The rail label, translated at call time."""
        raise NotImplementedError

    def retranslate(self) -> None:
        """Set every user-visible text again (called on language change)."""

    def refresh(self) -> None:
        """Reload what the screen shows from the core (in the background)."""

    def on_changes(self, changes: Changes) -> None:
        """Decisions were made (by this window's operations or arrived from the feed):
        refresh what ``changes`` touches, once. The only place a screen reloads after a
        write."""

    def on_prefs_changed(self) -> None:
        """Digits, Hijri dates or theme changed: redraw values."""
        self.refresh()

    def showcase(self) -> None:
        """Put the screen in a state worth a screenshot (e.g. an item selected)."""

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


@dataclass(frozen=True)
class ScreenSpec:
    key: str
    order: int
    cls: type[Screen]
    available: Callable[[RoomContext], bool]


_REGISTRY: dict[str, ScreenSpec] = {}


def _always(_ctx: RoomContext) -> bool:
    return True


def register_screen(
    key: str, order: int, available: Callable[[RoomContext], bool] = _always
) -> Callable[[type[Screen]], type[Screen]]:
    """Class decorator adding a screen to the rail (``available`` may hide it by role)."""

    def add(cls: type[Screen]) -> type[Screen]:
        cls.key = key
        _REGISTRY[key] = ScreenSpec(key, order, cls, available)
        return cls

    return add


def registered_screens(*, first_only: bool = False) -> list[ScreenSpec]:
    """Every screen, in rail order, after importing the screen modules.

    ``first_only`` imports just the first module (the screen a room opens on) and returns
    what is registered so far: the room paints at once and imports the rest right after.
    """
    for name in SCREEN_MODULES[:1] if first_only else SCREEN_MODULES:
        importlib.import_module(name)
    return sorted(_REGISTRY.values(), key=lambda spec: (spec.order, spec.key))
