"""Dates as the crisis room reads them: local time, and the Umm al-Qura Hijri date.

Stored times are aware UTC; the Hijri date of an event is the one of the *local* day, so the
conversion to the local zone happens first. ``tzdata`` provides the zone database on Windows.
"""

from __future__ import annotations

from datetime import date, datetime, tzinfo
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from hijridate import Gregorian, Hijri

from crisisdesk.clock import ensure_utc
from crisisdesk.errors import CrisisDeskError

DEFAULT_ZONE = "Asia/Riyadh"

_ARABIC_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


class DateRangeError(CrisisDeskError):
    """The Umm al-Qura calendar table covers 1343–1500 AH (1924-08-01 to 2077-11-16) only."""


def to_arabic_digits(text: str) -> str:
    """Replace ASCII digits with Arabic-Indic ones (٠١٢٣٤٥٦٧٨٩)."""
    return text.translate(_ARABIC_DIGITS)


def zone(name: str | tzinfo | None = None) -> tzinfo:
    """A zone by IANA name (``None``: the OS zone); an unknown name is a one-line error."""
    if isinstance(name, tzinfo):
        return name
    if name is None:
        local = datetime.now().astimezone().tzinfo
        return local if local is not None else ZoneInfo(DEFAULT_ZONE)
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise CrisisDeskError(f"unknown time zone {name!r}") from exc


def to_local(when: datetime, tz: str | tzinfo | None = None) -> datetime:
    """``when`` (aware UTC, or naive taken as UTC) in the given zone."""
    return ensure_utc(when).astimezone(zone(tz))


def format_local(
    when: datetime,
    tz: str | tzinfo | None = None,
    *,
    seconds: bool = False,
    arabic_digits: bool = False,
) -> str:
    """``YYYY-MM-DD HH:MM`` in local time, optionally with seconds and Arabic-Indic digits."""
    text = to_local(when, tz).strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")
    return to_arabic_digits(text) if arabic_digits else text


def _umm_al_qura(when: datetime | date, tz: str | tzinfo | None) -> Hijri:
    day = to_local(when, tz).date() if isinstance(when, datetime) else when
    try:
        return Gregorian(day.year, day.month, day.day).to_hijri()
    except OverflowError as exc:
        raise DateRangeError(f"{day.isoformat()} is outside the Umm al-Qura calendar") from exc


def hijri_date(when: datetime | date, tz: str | tzinfo | None = None) -> tuple[int, int, int]:
    """(year, month, day) in Umm al-Qura of the local day of ``when``."""
    hijri = _umm_al_qura(when, tz)
    return hijri.year, hijri.month, hijri.day


def format_hijri(
    when: datetime | date,
    lang: str = "ar",
    tz: str | tzinfo | None = None,
    *,
    arabic_digits: bool | None = None,
) -> str:
    """``16 جمادى الآخرة 1448 هـ`` or ``16 Jumada al-Akhirah 1448 AH``.

    ``arabic_digits`` defaults to on for Arabic and off for English.
    """
    if lang not in ("ar", "en"):
        raise CrisisDeskError(f"unknown language {lang!r}; expected 'ar' or 'en'")
    hijri = _umm_al_qura(when, tz)
    language: Literal["ar", "en"] = "ar" if lang == "ar" else "en"
    text = f"{hijri.day} {hijri.month_name(language)} {hijri.year} {hijri.notation(language)}"
    use_arabic = lang == "ar" if arabic_digits is None else arabic_digits
    return to_arabic_digits(text) if use_arabic else text


__all__ = [
    "DEFAULT_ZONE",
    "DateRangeError",
    "format_hijri",
    "format_local",
    "hijri_date",
    "to_arabic_digits",
    "to_local",
    "zone",
]
