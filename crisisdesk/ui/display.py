"""How values look on screen: digits, local and Hijri dates, clocks, ages, safe bidi text.

Untrusted or mixed-direction text is wrapped in Unicode isolates (FSI ... PDI) so it
cannot reorder the text around it; phone numbers are forced left-to-right (LRI ... PDI)
and hashtags or mentions are isolated so an Arabic line never shows them reversed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from PySide6.QtCore import QCoreApplication

from crisisdesk.clock import ensure_utc
from crisisdesk.errors import CrisisDeskError
from crisisdesk.text.display import display_line, display_text

translate = QCoreApplication.translate

FSI, LRI, RLI, PDI = "\u2068", "\u2066", "\u2067", "\u2069"
LRM, RLM = "\u200e", "\u200f"

_PHONE = re.compile(r"(?<![\w+])\+?\d[\d \-()]{6,}\d(?!\w)")
_TAG = re.compile(r"(?<!\w)[#@][\w\u0600-\u06FF]+")


@dataclass
class DisplayPrefs:
    """The reader's choices that change how values are shown."""

    language: str = "ar"
    arabic_digits: bool = True
    hijri: bool = False
    zone: str | None = None  # the room's time zone (IANA name); None: this computer's

    @property
    def rtl(self) -> bool:
        return self.language == "ar"


def digits(text: str, prefs: DisplayPrefs) -> str:
    """Show the digits of text *we* format (times, counts) in the chosen digit set."""
    if not prefs.arabic_digits:
        return text
    from crisisdesk.text.hijri import to_arabic_digits  # dates and zones load on first use

    return to_arabic_digits(text)


def number(value: int, prefs: DisplayPrefs) -> str:
    """Every count the app writes goes through here, so the digit setting reaches it."""
    return digits(str(value), prefs)


def separator(prefs: DisplayPrefs) -> str:
    """Between two values on one line. The middle dot is not used beside Arabic-Indic
    digits: it is the shape of their zero, so ``٤ · حرجة`` reads ``٠٤ حرجة``."""
    return " — " if prefs.arabic_digits else " · "


def isolate(text: str) -> str:
    """Wrap a field so its own direction cannot leak into the surrounding line."""
    return f"{FSI}{text}{PDI}" if text else text


def safe_text(value: object, *, limit: int = 200) -> str:
    """One line of untrusted text: controls made visible, isolated, phone numbers kept
    left-to-right and hashtags or mentions whole (the core's display rules, plus ours)."""
    text = display_line(value, limit=limit)
    text = _PHONE.sub(lambda m: f"{LRI}{m.group(0)}{PDI}", text)
    return _TAG.sub(lambda m: f"{FSI}{m.group(0)}{PDI}", text)


def safe_block(value: object) -> str:
    """Several lines of untrusted text for a read-only text box."""
    text = display_text(value)
    text = _PHONE.sub(lambda m: f"{LRI}{m.group(0)}{PDI}", text)
    return _TAG.sub(lambda m: f"{FSI}{m.group(0)}{PDI}", text)


def directed(text: str, prefs: DisplayPrefs) -> str:
    """Start a standalone value with the UI's direction mark, so a label whose text is all
    isolates (or starts with a number) still lines up with the rest of the screen."""
    return f"{RLM if prefs.rtl else LRM}{text}" if text else text


def strip_controls(text: str) -> str:
    """Remove the marks we added (for copying to the clipboard)."""
    return text.translate({ord(c): None for c in (FSI, LRI, RLI, PDI, LRM, RLM)})


def hijri_date(when: datetime, prefs: DisplayPrefs) -> str:
    """The Umm al-Qura date of the local day, e.g. ``16 جمادى الآخرة 1448 هـ``."""
    from crisisdesk.text.hijri import format_hijri

    try:
        return format_hijri(when, prefs.language, prefs.zone, arabic_digits=prefs.arabic_digits)
    except CrisisDeskError:
        return ""


def date_time(when: datetime | None, prefs: DisplayPrefs, *, seconds: bool = True) -> str:
    """Local date and time, with the Hijri date after it when the reader chose it."""
    if when is None:
        return ""
    from crisisdesk.text.hijri import format_local

    local = format_local(when, prefs.zone, seconds=seconds, arabic_digits=prefs.arabic_digits)
    text = f"{LRI}{local}{PDI}"
    if prefs.hijri:
        hijri = hijri_date(when, prefs)
        if hijri:
            text += f"{separator(prefs)}{isolate(hijri)}"
    return text


def room_zone_note(prefs: DisplayPrefs, now: datetime) -> str:
    """``Room time: Asia/Riyadh (UTC+03:00)`` when the room's zone shows other hours than
    this computer's own clock would; empty when they agree (nothing to warn about)."""
    if not prefs.zone:
        return ""
    from crisisdesk.room_zone import RoomZone, machine_zone_name

    zone = RoomZone(prefs.zone, machine_zone_name())
    if not zone.differs(now):
        return ""
    return translate("Display", "Room time: %1").replace("%1", f"{LRI}{zone.label(now)}{PDI}")


def incident_clock(opened: datetime, now: datetime, prefs: DisplayPrefs) -> str:
    """``T+hh:mm`` since the incident opened (hours keep counting past a day)."""
    minutes = max(0, int((ensure_utc(now) - ensure_utc(opened)).total_seconds() // 60))
    return f"{LRI}T+{digits(f'{minutes // 60:02d}:{minutes % 60:02d}', prefs)}{PDI}"


def age(delta: timedelta, prefs: DisplayPrefs) -> str:
    """A short human age: ``just now``, ``5 min``, ``3 h``, ``2 d``."""
    seconds = max(0, int(delta.total_seconds()))
    if seconds < 60:
        return translate("Display", "just now")
    if seconds < 3600:
        text = translate("Display", "%n min", "", seconds // 60)
    elif seconds < 86400:
        text = translate("Display", "%n h", "", seconds // 3600)
    else:
        text = translate("Display", "%n d", "", seconds // 86400)
    return digits(text, prefs)


def fingerprint(hash_hex: str) -> str:
    """The first 12 hex digits in groups of four, always left-to-right."""
    short = (hash_hex or "")[:12]
    return f"{LRI}{' '.join(short[i : i + 4] for i in range(0, len(short), 4))}{PDI}"


def severity_name(level: int, prefs: DisplayPrefs) -> str:
    """The severity as number and word, e.g. ``3 · High``."""
    names = {
        1: translate("Display", "Low"),
        2: translate("Display", "Moderate"),
        3: translate("Display", "High"),
        4: translate("Display", "Critical"),
    }
    word = names.get(level)
    return f"{number(level, prefs)}{separator(prefs)}{word}" if word else number(level, prefs)


def role_name(role: str) -> str:
    names = {
        "operator": translate("Display", "Operator"),
        "spokesperson": translate("Display", "Spokesperson"),
        "lead": translate("Display", "Incident lead"),
        "reviewer": translate("Display", "Reviewer"),
        "admin": translate("Display", "Administrator"),
        "observer": translate("Display", "Exercise observer"),
        "system": translate("Display", "System"),
    }
    return names.get(role, role)


def actor_name(actor: str, people: dict[str, str]) -> str:
    """Who did it, as the room knows them: the display name, or the app's own actors
    (the scheduler that spawns recurring tasks and publishes on time) in words."""
    if actor in people:
        return people[actor]
    machines = {
        "scheduler": translate("Display", "Scheduler (automatic)"),
        "system": translate("Display", "System"),
    }
    return machines.get(actor, actor)


def status_name(status: str) -> str:
    names = {
        "active": translate("Display", "Active"),
        "closed": translate("Display", "Closed"),
    }
    return names.get(status, status)
