"""Arabic that stays correct whatever number or time fills a template.

A count and its noun agree by the number's last two digits: 1 takes the singular with
``واحد``/``واحدة`` after it, 2 the dual, 3–10 the plural (genitive), 11–99 the singular
with the accusative ending (tanween), and a round hundred (100, 200, 1000 ...) — or 101,
102 — the singular genitive: ``فريق واحد``, ``فريقان``, ``٣ فرق``, ``١١ فريقًا``,
``١٠٠ فريق``. Digits are written Arabic-Indic, as the public reads them in a statement.

A time is read with its day and part of the day, ``السادسة مساءً، الخميس``: a bare
``18:00`` in a statement issued near midnight leaves the reader guessing which day.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

__all__ = [
    "ar_count",
    "ar_time",
    "arabic_digits",
    "en_count",
    "en_time",
]

_INDIC = str.maketrans("0123456789.,", "٠١٢٣٤٥٦٧٨٩٫٬")
_HOURS = (
    "الثانية عشرة",
    "الواحدة",
    "الثانية",
    "الثالثة",
    "الرابعة",
    "الخامسة",
    "السادسة",
    "السابعة",
    "الثامنة",
    "التاسعة",
    "العاشرة",
    "الحادية عشرة",
)
_DAYS_AR = ("الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد")
_DAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def arabic_digits(value: int | Decimal | str) -> str:
    """``120`` as ``١٢٠`` (a decimal point as ``٫``)."""
    return str(value).translate(_INDIC)


def _accusative(word: str) -> str:
    """The singular with the accusative tanween a count of 11–99 takes (فريقًا، جولةً)."""
    first, _, rest = word.partition(" ")
    if first.endswith("ة") or first.endswith("اء"):
        first += "\u064b"
    elif not first.endswith(("ى", "ا", "\u064b")):
        first += "\u064bا"
    return f"{first} {rest}" if rest else first


def _number(value: object) -> int | Decimal:
    if isinstance(value, bool) or not isinstance(value, (int, Decimal, str)):
        raise TypeError("ar_count needs a whole number")
    number = Decimal(str(value).strip()) if isinstance(value, str) else value
    return number


def ar_count(
    value: object,
    singular: str,
    dual: str,
    plural: str,
    feminine: bool = False,
    accusative: str | None = None,
) -> str:
    """A count with its noun in agreement: ``ar_count(3, "فريق", "فريقان", "فرق")``.

    ``dual`` is written by the author in the case the sentence needs (فريقان / فريقين);
    ``feminine`` picks ``واحدة`` for one; ``accusative`` overrides the tanween form for 11–99.
    A fraction keeps the singular genitive (``٢٫٥ طن``).
    """
    number = _number(value)
    if isinstance(number, Decimal) and number != number.to_integral_value():
        return f"{arabic_digits(number)} {singular}"
    n = int(number)
    if n == 1:
        return f"{singular} {'واحدة' if feminine else 'واحد'}"
    if n == 2:
        return dual
    rest = abs(n) % 100
    digits = arabic_digits(n)
    if 3 <= rest <= 10:
        return f"{digits} {plural}"
    if 11 <= rest <= 99:
        return f"{digits} {accusative or _accusative(singular)}"
    return f"{digits} {singular}"


def en_count(value: object, singular: str, plural: str) -> str:
    """``1 team``, ``2 teams``, ``0 teams``."""
    number = _number(value)
    return f"{number} {singular if number == 1 else plural}"


def _period_ar(hour: int, minute: int) -> str:
    if hour == 0 and minute == 0:
        return "منتصف الليل"
    if hour < 4:
        return "بعد منتصف الليل"
    if hour < 12:
        return "صباحًا"
    if hour < 15:
        return "ظهرًا"
    if hour < 17:
        return "عصرًا"
    return "مساءً"


def _minutes_ar(minute: int) -> str:
    if minute == 0:
        return ""
    if minute == 15:
        return " والربع"
    if minute == 30:
        return " والنصف"
    return " و" + ar_count(minute, "دقيقة", "دقيقتان", "دقائق", True, "دقيقة")


def ar_time(when: datetime) -> str:
    """``السادسة مساءً، الخميس``; ``الثانية عشرة ظهرًا، الخميس``;
    ``الثانية عشرة منتصف الليل، ليلة الجمعة``."""
    hour, minute = when.hour, when.minute
    day = _DAYS_AR[when.weekday()]
    period = _period_ar(hour, minute)
    if hour < 4:
        # The small hours belong to the night before the day: 01:00 on Friday is
        # "ليلة الجمعة", as the public counts it.
        day = f"ليلة {day}"
    if period == "منتصف الليل":
        return f"الثانية عشرة {period}، {day}"
    return f"{_HOURS[hour % 12]}{_minutes_ar(minute)} {period}، {day}"


def en_time(when: datetime) -> str:
    """``6:00 pm on Thursday``; ``noon on Thursday``; ``midnight between Thursday and
    Friday``."""
    day = _DAYS_EN[when.weekday()]
    if when.minute == 0 and when.hour == 0:
        return f"midnight between {_DAYS_EN[when.weekday() - 1]} and {day}"
    if when.minute == 0 and when.hour == 12:
        return f"noon on {day}"
    hour12 = when.hour % 12 or 12
    suffix = "am" if when.hour < 12 else "pm"
    return f"{hour12}:{when.minute:02d} {suffix} on {day}"
