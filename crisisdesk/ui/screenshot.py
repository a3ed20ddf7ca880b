"""Renders one view offscreen to a PNG, for the README and for looking at the layout
without a display (``crisisdesk screenshot --view VIEW --out FILE.png``)."""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QEventLoop, QSettings
from PySide6.QtWidgets import QApplication, QWidget

from crisisdesk.errors import CrisisDeskError
from crisisdesk.ui.app import make_room, prepare_app
from crisisdesk.ui.ops import Ops
from crisisdesk.ui.picker import IncidentPickerDialog, ordered
from crisisdesk.ui.screens import registered_screens
from crisisdesk.ui.settings import UiSettings

SIZE = (1280, 800)


def views() -> list[str]:
    """``picker`` plus the key of every registered screen."""
    return ["picker", *(spec.key for spec in registered_screens())]


def settle(done: Callable[[], bool], timeout: float = 15.0) -> None:
    """Run the event loop until ``done()`` (background loads finished) or the timeout."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        if done():
            break
        time.sleep(0.01)
    for _ in range(5):
        QCoreApplication.processEvents()


def default_incident(desk: Any) -> int:
    incidents = ordered(desk.incidents.list())
    if not incidents:
        raise CrisisDeskError("the database has no incident to show; open one first")
    return int(incidents[0].id)


def render(desk: Any, view: str, out: Path, *, lang: str = "ar", theme: str = "light",
           hijri: bool = True, incident_id: int | None = None,
           size: tuple[int, int] = SIZE) -> Path:
    """Draw ``view`` of ``desk`` into ``out`` (PNG) with throwaway settings."""
    if view not in views():
        raise CrisisDeskError(f"unknown view {view!r}; choose one of {', '.join(views())}")
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        raise RuntimeError("render() needs a QApplication")
    with tempfile.TemporaryDirectory() as folder:
        settings = UiSettings(QSettings(str(Path(folder) / "ui.ini"),
                                        QSettings.Format.IniFormat))
        settings.theme = theme
        settings.hijri = hijri
        settings.language = lang
        settings.arabic_digits = lang == "ar"
        prefs = prepare_app(app, settings, lang)
        ops = Ops()
        widget: QWidget
        if view == "picker":
            picker = IncidentPickerDialog(desk, ops, prefs)
            widget = picker
            widget.resize(980, 520)
            widget.show()
            settle(lambda: picker.loaded and not ops.busy)
        else:
            chosen = incident_id if incident_id is not None else default_incident(desk)
            room = make_room(desk, ops, settings, prefs, chosen)
            widget = room
            room.resize(*size)
            room.show()
            screen = room.show_screen(view)
            settle(lambda: room.ctx.feed.head is not None and room.incident is not None
                   and not ops.busy and getattr(screen, "loaded", True))
            screen.showcase()
            settle(lambda: not ops.busy, timeout=2.0)
        out.parent.mkdir(parents=True, exist_ok=True)
        if not widget.grab().save(str(out), "PNG"):
            raise CrisisDeskError(f"cannot write {out}")
        widget.close()
        ops.wait_idle()
        QCoreApplication.processEvents()
        widget.deleteLater()
        QCoreApplication.processEvents()
    return out
