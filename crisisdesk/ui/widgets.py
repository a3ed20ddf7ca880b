"""The scaffolding screens and dialogs share: a list table, a message line, a pane of parts,
the OK|Cancel box, and the one list-and-detail layout of a screen (a list above or beside
the selected item's detail). Screens build their own widgets; these only set them up alike.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QBoxLayout,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QLayout,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

# a widget or layout, a (part, stretch) pair, or a number: that much stretch (empty space)
Part = QWidget | QLayout | tuple[QWidget | QLayout, int] | int
SINGLE = QAbstractItemView.SelectionMode.SingleSelection
EXTENDED = QAbstractItemView.SelectionMode.ExtendedSelection


def list_table(
    parent: QWidget,
    model: QAbstractItemModel,
    *,
    name: str = "",
    stretch: Iterable[int] = (),
    selection: QAbstractItemView.SelectionMode | None = SINGLE,
    on_current: Callable[[QModelIndex, QModelIndex], None] | None = None,
) -> QTableView:
    """A table of whole rows over ``model``: no row numbers, columns fitted to their
    contents and the ``stretch`` columns sharing what is left; ``on_current`` hears the
    current row change. ``selection`` None keeps Qt's default mode."""
    table = QTableView(parent)
    if name:
        table.setObjectName(name)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    if selection is not None:
        table.setSelectionMode(selection)
    table.verticalHeader().setVisible(False)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    for column in stretch:
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
    if on_current is not None:
        table.selectionModel().currentRowChanged.connect(on_current)
    return table


def message_line(parent: QWidget, name: str = "") -> QLabel:
    """The line under a screen's actions that says what happened (untrusted: plain text)."""
    label = QLabel(parent)
    if name:
        label.setObjectName(name)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    return label


def add_parts(layout: QBoxLayout, parts: Iterable[Part]) -> QBoxLayout:
    """Add widgets and layouts in order; a ``(part, stretch)`` pair gives its stretch, a
    number adds that much empty stretch."""
    for entry in parts:
        if isinstance(entry, int):
            layout.addStretch(entry)
            continue
        part, stretch = entry if isinstance(entry, tuple) else (entry, 0)
        if isinstance(part, QLayout):
            layout.addLayout(part, stretch)
        else:
            layout.addWidget(part, stretch)
    return layout


def pane(parent: QWidget, *parts: Part) -> QWidget:
    """A widget holding ``parts`` in a column with no margin of its own."""
    widget = QWidget(parent)
    layout = QVBoxLayout(widget)
    layout.setContentsMargins(0, 0, 0, 0)
    add_parts(layout, parts)
    return widget


def list_and_detail(
    screen: QWidget,
    listing: QWidget,
    detail: QWidget,
    *,
    above: Sequence[Part] = (),
    below: Sequence[Part] = (),
    orientation: Qt.Orientation = Qt.Orientation.Vertical,
    stretch: tuple[int, int] | None = None,
) -> QSplitter:
    """Lay ``screen`` out as its list and the selected item's detail, split so the reader
    can give either more room, with ``above`` and ``below`` around them. Returns the split."""
    split = QSplitter(orientation, screen)
    split.addWidget(listing)
    split.addWidget(detail)
    if stretch is not None:
        split.setStretchFactor(0, stretch[0])
        split.setStretchFactor(1, stretch[1])
    layout = QVBoxLayout(screen)
    add_parts(layout, above)
    layout.addWidget(split, 1)
    add_parts(layout, below)
    return split


def ok_cancel(dialog: QDialog, on_ok: Callable[[], object] | None = None) -> QDialogButtonBox:
    """OK and Cancel: Cancel rejects the dialog, OK accepts it (or runs ``on_ok``, which
    checks what was typed and accepts when it is right)."""
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, dialog
    )
    buttons.accepted.connect(on_ok or dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


def screen_heading(parent: QWidget) -> QLabel:
    """A screen's title line (styled by the theme as ``screenTitle``)."""
    label = QLabel(parent)
    label.setObjectName("screenTitle")
    return label
