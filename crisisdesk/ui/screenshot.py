"""Renders one view offscreen to a PNG, for the README and for looking at the layout
without a display (``crisisdesk screenshot --view VIEW --out FILE.png``)."""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QEventLoop, QSettings
from PySide6.QtGui import QPainter, QPalette, QPixmap
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from crisisdesk.errors import CrisisDeskError
from crisisdesk.ui.app import make_room, prepare_app
from crisisdesk.ui.ops import Ops
from crisisdesk.ui.picker import IncidentPickerDialog, ordered
from crisisdesk.ui.screens import registered_screens
from crisisdesk.ui.settings import UiSettings
from crisisdesk.ui.window import IncidentRoom

translate = QCoreApplication.translate

SIZE = (1280, 800)


def views() -> list[str]:
    """``start`` (the window with the sign-in over it), ``picker`` and every screen's key."""
    return ["start", "picker", *(spec.key for spec in registered_screens())]


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


def default_incident(desk: Any, view: str = "") -> int:
    if view == "exercise":  # the trainer's console: the latest exercise's drill
        runs = desk.exercises.runs()
        if runs:
            return int(runs[-1].incident_id)
    incidents = ordered(desk.incidents.list())
    if not incidents:
        raise CrisisDeskError("the database has no incident to show; open one first")
    return int(incidents[0].id)


def start_view(
    desk: Any, ops: Ops, settings: UiSettings, prefs: Any, size: tuple[int, int]
) -> IncidentRoom:
    """The main window on its start page with the sign-in dialog open over it."""
    from crisisdesk.ui.signin import SignInDialog

    window = IncidentRoom(settings, prefs)
    window.resize(*size)
    window.start_page.set_location(desk.location_label)
    window.start_page.set_status(lambda: translate("StartPage", "Sign in to continue."), busy=False)
    window.show()
    current = desk.user.name if desk.user is not None else ""
    dialog = SignInDialog(desk, ops, last_user=current, parent=window)
    dialog.open()
    settle(lambda: dialog.user_box.count() > 0 and not ops.busy)
    return window


def overlay_dialogs(window: QWidget, image: QPixmap) -> None:
    """Draw the window's open dialogs onto its picture where they sit on screen."""
    painter = QPainter(image)
    try:
        for dialog in window.findChildren(QDialog):
            if dialog.isVisible():
                offset = dialog.frameGeometry().topLeft() - window.geometry().topLeft()
                picture = dialog.grab()
                painter.drawPixmap(offset, picture)
                # offscreen there is no window frame: draw its outline
                painter.setPen(window.palette().color(QPalette.ColorRole.Mid))
                painter.drawRect(offset.x(), offset.y(), picture.width() - 1, picture.height() - 1)
    finally:
        painter.end()


def render(
    desk: Any,
    view: str,
    out: Path,
    *,
    lang: str = "ar",
    theme: str = "light",
    hijri: bool = True,
    incident_id: int | None = None,
    size: tuple[int, int] = SIZE,
) -> Path:
    """Draw ``view`` of ``desk`` into ``out`` (PNG) with throwaway settings."""
    if view not in views():
        raise CrisisDeskError(f"unknown view {view!r}; choose one of {', '.join(views())}")
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        raise RuntimeError("render() needs a QApplication")
    with tempfile.TemporaryDirectory() as folder:
        settings = UiSettings(QSettings(str(Path(folder) / "ui.ini"), QSettings.Format.IniFormat))
        settings.theme = theme
        settings.hijri = hijri
        settings.language = lang
        settings.arabic_digits = lang == "ar"
        prefs = prepare_app(app, settings, lang)
        ops = Ops()
        widget: QWidget
        if view == "start":
            window = start_view(desk, ops, settings, prefs, size)
            widget = window
        elif view == "picker":
            picker = IncidentPickerDialog(desk, ops, prefs)
            widget = picker
            widget.resize(980, 520)
            widget.show()
            settle(lambda: picker.loaded and not ops.busy)
        else:
            chosen = incident_id if incident_id is not None else default_incident(desk, view)
            room = make_room(desk, ops, settings, prefs, chosen)
            widget = room
            room.resize(*size)
            room.show()
            room.complete_rail()
            if not any(spec.key == view for spec in room.specs):
                room.close()
                raise CrisisDeskError(f"incident {chosen} has no {view!r} view for this user")
            screen = room.show_screen(view)
            ctx = room.ctx
            assert ctx is not None
            settle(
                lambda: (
                    ctx.feed.head is not None
                    and room.incident is not None
                    and not ops.busy
                    and getattr(screen, "loaded", True)
                )
            )
            screen.showcase()
            settle(lambda: not ops.busy, timeout=2.0)
        out.parent.mkdir(parents=True, exist_ok=True)
        image = widget.grab()
        if view == "start":
            overlay_dialogs(widget, image)
        if not image.save(str(out), "PNG"):
            raise CrisisDeskError(f"cannot write {out}")
        for dialog in widget.findChildren(QDialog):
            dialog.done(0)
        widget.close()
        ops.wait_idle()
        QCoreApplication.processEvents()
        widget.deleteLater()
        QCoreApplication.processEvents()
    return out
