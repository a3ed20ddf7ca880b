"""Times the way a dense inbox row says them: "٣ د", "2 h" ago, and the response countdown.

The row says how long ago a message came and how long is left to answer it (or how late it
is); the full Gregorian and Hijri date is in the cell's tooltip. Due and overdue are said in
words as well as colour, so a colour-blind reader, a grey-scale print or a screen reader gets
the same.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor

from crisisdesk.ui.display import DisplayPrefs, date_time, digits

translate = QCoreApplication.translate

SOON = timedelta(minutes=15)  # "due soon": the last quarter hour before the response due
OVERDUE, DUE_SOON, ON_TIME = "overdue", "soon", "on_time"
# Translucent, so they read on the light and the dark theme alike.
COLOURS = {OVERDUE: QColor(214, 40, 40, 80), DUE_SOON: QColor(230, 160, 0, 80)}


def short_span(delta: timedelta, prefs: DisplayPrefs) -> str:
    """``now``, ``3 m``, ``2 h``, ``4 d`` (Arabic ``٣ د``, ``٢ س``, ``٤ ي``)."""
    seconds = abs(int(delta.total_seconds()))
    if seconds < 60:
        return translate("InboxTime", "now")
    if seconds < 3600:
        text = translate("InboxTime", "%1 m").replace("%1", str(seconds // 60))
    elif seconds < 86400:
        text = translate("InboxTime", "%1 h").replace("%1", str(seconds // 3600))
    else:
        text = translate("InboxTime", "%1 d").replace("%1", str(seconds // 86400))
    return digits(text, prefs)


def full_date(when: datetime, prefs: DisplayPrefs) -> str:
    """The full local date and time with the Hijri date, whatever the row shows."""
    return date_time(when, replace(prefs, hijri=True), seconds=False)


def due_state(due: datetime | None, now: datetime, *, overdue: bool, is_open: bool) -> str:
    """overdue, soon or on_time; empty when nothing is due (answered, closed, no target)."""
    if overdue:
        return OVERDUE
    if due is None or not is_open:
        return ""
    if due <= now:
        return OVERDUE
    return DUE_SOON if due - now <= SOON else ON_TIME


def due_text(due: datetime | None, now: datetime, state: str, prefs: DisplayPrefs) -> str:
    """``12 m left`` / ``late 2 h`` (``باقي ١٢ د`` / ``متأخرة ٢ س``); ``—`` when none."""
    if not state or due is None:
        return "—"
    if abs((due - now).total_seconds()) < 60:
        return (
            translate("InboxTime", "late")
            if state == OVERDUE
            else translate("InboxTime", "due now")
        )
    span = short_span(due - now, prefs)
    if state == OVERDUE:
        return translate("InboxTime", "late %1").replace("%1", span)
    return translate("InboxTime", "%1 left").replace("%1", span)


__all__ = [
    "COLOURS",
    "DUE_SOON",
    "ON_TIME",
    "OVERDUE",
    "SOON",
    "due_state",
    "due_text",
    "full_date",
    "short_span",
]
