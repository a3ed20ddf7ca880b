"""Walk every screen of a real room offscreen and read what a person would see: the
visible texts (labels, buttons, headers, list and table rows, chart legends) and the
widgets whose text is cut without an ellipsis or that lie outside the window."""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6 import QtGui
from PySide6.QtCore import QCoreApplication, QModelIndex, QPoint, QRect, QSettings, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTabBar,
    QTextEdit,
    QWidget,
)

from crisisdesk.ui.app import make_room, prepare_app
from crisisdesk.ui.display import strip_controls
from crisisdesk.ui.ops import Ops
from crisisdesk.ui.screenshot import default_incident, settle
from crisisdesk.ui.settings import UiSettings

ROWS = 30  # rows of a list or table read per view (what fits on a laptop screen)


@dataclass(frozen=True)
class Seen:
    screen: str
    widget: str  # class and object name
    text: str
    kind: str  # "label", "button", "header", "row", "edit", "chart"


def shown(widget: QWidget, window: QWidget) -> bool:
    return widget.isVisibleTo(window) and widget.width() > 0 and widget.height() > 0


def name_of(widget: QWidget) -> str:
    return f"{type(widget).__name__}#{widget.objectName()}"


def _model_texts(view: QAbstractItemView) -> Iterator[tuple[str, str]]:
    model = view.model()
    if model is None:
        return
    if isinstance(view, QHeaderView):
        return
    headers = [
        getattr(view, "horizontalHeader", lambda: None)(),
    ]
    for header in headers:
        if header is not None and header.isVisible():
            for column in range(model.columnCount(QModelIndex())):
                value = model.headerData(column, Qt.Orientation.Horizontal)
                if value:
                    yield "header", str(value)

    def walk(parent: QModelIndex, depth: int) -> Iterator[tuple[str, str]]:
        try:
            rows, columns = model.rowCount(parent), model.columnCount(parent)
        except TypeError:  # a list model without columns (QStringListModel)
            rows, columns = model.rowCount(parent), 1
        for row in range(min(rows, ROWS)):
            for column in range(columns):
                index = model.index(row, column, parent)
                value = index.data(Qt.ItemDataRole.DisplayRole)
                if value not in (None, ""):
                    yield "row", str(value)
            if depth < 2:
                yield from walk(model.index(row, 0, parent), depth + 1)

    yield from walk(QModelIndex(), 0)


def texts(screen: str, window: QWidget) -> list[Seen]:
    """Every text a person sees in ``window`` now, without the bidi marks we add."""
    seen: list[Seen] = []

    def add(widget: QWidget, text: str, kind: str) -> None:
        plain = strip_controls(text).strip()
        if plain:
            seen.append(Seen(screen, name_of(widget), plain, kind))

    for widget in window.findChildren(QWidget):
        if not shown(widget, window):
            continue
        if isinstance(widget, QLabel):
            text = widget.text()
            if widget.textFormat() != Qt.TextFormat.PlainText and QtGui.Qt.mightBeRichText(text):
                text = re.sub(r"<[^>]+>", " ", text)
            add(widget, text, "label")
        elif isinstance(widget, QAbstractButton):
            add(widget, widget.text(), "button")
        elif isinstance(widget, QGroupBox):
            add(widget, widget.title(), "label")
        elif isinstance(widget, QTabBar):
            for i in range(widget.count()):
                add(widget, widget.tabText(i), "label")
        elif isinstance(widget, QComboBox):
            add(widget, widget.currentText(), "button")
        elif isinstance(widget, QLineEdit):
            add(widget, widget.text() or widget.placeholderText(), "edit")
        elif isinstance(widget, (QPlainTextEdit, QTextEdit)):
            add(widget, widget.toPlainText(), "edit")
        elif isinstance(widget, QAbstractItemView):
            for kind, text in _model_texts(widget):
                add(widget, text, kind)
        chart = getattr(widget, "visible_texts", None)
        if callable(chart):
            for text in chart():
                add(widget, text, "chart")
    return seen


def room_settings(folder: Path, lang: str, theme: str = "light") -> UiSettings:
    settings = UiSettings(QSettings(str(folder / "ui.ini"), QSettings.Format.IniFormat))
    settings.language = lang
    settings.arabic_digits = lang == "ar"
    settings.hijri = True
    settings.theme = theme
    return settings


def walk(
    desk: Any, lang: str, size: tuple[int, int], *, only: set[str] | None = None
) -> Iterator[tuple[str, QWidget]]:
    """Open the room on the demo's incident at ``size`` and show each screen in turn."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    with tempfile.TemporaryDirectory() as folder:
        settings = room_settings(Path(folder), lang)
        prefs = prepare_app(app, settings, lang)
        ops = Ops()
        room = make_room(desk, ops, settings, prefs, default_incident(desk))
        try:
            room.resize(*size)
            room.show()
            room.complete_rail()
            ctx = room.ctx
            assert ctx is not None
            settle(lambda: ctx.feed.head is not None and room.incident is not None and not ops.busy)
            for spec in list(room.specs):
                if only is not None and spec.key not in only:
                    continue
                if spec.key == "exercise":
                    continue
                screen = room.show_screen(spec.key)
                settle(lambda s=screen: not ops.busy and getattr(s, "loaded", True))
                screen.showcase()
                settle(lambda: not ops.busy, timeout=3.0)
                yield spec.key, room
        finally:
            room.ctx.feed.stop() if room.ctx is not None else None
            room.close()
            ops.wait_idle()
            QCoreApplication.processEvents()
            room.deleteLater()
            QCoreApplication.processEvents()


def _elided_without_ellipsis(widget: QWidget) -> str | None:
    """A one-line label or button whose text is wider than the room it has."""
    if isinstance(widget, QLabel):
        if widget.wordWrap() or not widget.text() or widget.pixmap() is not None:
            return None
        if widget.textFormat() != Qt.TextFormat.PlainText and QtGui.Qt.mightBeRichText(
            widget.text()
        ):
            return None
        text = strip_controls(widget.text())
        room = widget.contentsRect().width() - 2 * widget.margin() - widget.indent() * 0
        lines = text.split("\n")
        need = max(widget.fontMetrics().horizontalAdvance(line) for line in lines)
        if need > room + 1 and "…" not in text:
            return f"needs {need}px, has {room}px: {text[:60]!r}"
    elif isinstance(widget, QAbstractButton) and widget.text():
        text = strip_controls(widget.text()).replace("&", "")
        need = widget.fontMetrics().horizontalAdvance(text)
        hint = widget.sizeHint().width()
        if widget.width() < min(hint, need + 8) and "…" not in text:
            return f"needs {hint}px, has {widget.width()}px: {text[:60]!r}"
    return None


def clipped(screen: str, window: QWidget) -> list[str]:
    """Widgets cut without an ellipsis, or (partly) outside the window."""
    problems: list[str] = []
    frame = QRect(QPoint(0, 0), window.size())
    for widget in window.findChildren(QWidget):
        if not shown(widget, window) or widget.isWindow():
            continue
        if not isinstance(widget, (QLabel, QAbstractButton, QComboBox, QLineEdit)):
            continue
        if _inside_scroller(widget, window):
            continue
        top_left = widget.mapTo(window, QPoint(0, 0))
        rect = QRect(top_left, widget.size())
        if not frame.contains(rect):
            problems.append(f"{screen}: {name_of(widget)} outside the window at {rect.getRect()}")
            continue
        cut = _elided_without_ellipsis(widget)
        if cut:
            problems.append(f"{screen}: {name_of(widget)} cut: {cut}")
    return problems


def _inside_scroller(widget: QWidget, window: QWidget) -> bool:
    """Widgets in a scroll area or an item view may be scrolled out of sight on purpose,
    only the viewport's own rectangle counts."""
    from PySide6.QtWidgets import QAbstractScrollArea

    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        if isinstance(parent, QAbstractScrollArea) and not isinstance(parent, QAbstractItemView):
            viewport = parent.viewport()
            top_left = widget.mapTo(viewport, QPoint(0, 0))
            inner = QRect(top_left, widget.size())
            return not QRect(QPoint(0, 0), viewport.size()).intersects(inner)
        parent = parent.parentWidget()
    return False
