"""Scenario times written ``T+mm:ss`` or ``T+h:mm:ss``: an offset from the exercise's start."""

from __future__ import annotations

import re
from datetime import timedelta

_OFFSET = re.compile(r"T\+(?:(?P<h>[0-9]{1,3}):)?(?P<m>[0-9]{1,4}):(?P<s>[0-5][0-9])")
_SPAN = re.compile(r"(?:(?P<h>[0-9]{1,3}):)?(?P<m>[0-9]{1,4}):(?P<s>[0-5][0-9])")
MAX_OFFSET = timedelta(hours=48)


def _parts(match: re.Match[str]) -> timedelta:
    hours = int(match.group("h") or 0)
    minutes = int(match.group("m"))
    if match.group("h") is not None and minutes > 59:
        raise ValueError("minutes must be below 60 when hours are written")
    return timedelta(hours=hours, minutes=minutes, seconds=int(match.group("s")))


def parse_offset(text: object) -> timedelta:
    """``T+05:30`` → 5 min 30 s; ``T+1:05:00`` → 65 min. Anything else is a ``ValueError``."""
    if not isinstance(text, str):
        raise ValueError(f"expected a scenario time such as 'T+05:30', found {text!r}")
    match = _OFFSET.fullmatch(text.strip())
    if match is None:
        raise ValueError(
            f"expected a scenario time such as 'T+05:30' or 'T+1:05:00', found {text!r}"
        )
    value = _parts(match)
    if value > MAX_OFFSET:
        raise ValueError(f"{text!r} is beyond the longest exercise (48 hours)")
    return value


def parse_span(text: object) -> timedelta:
    """A length written ``mm:ss`` or ``h:mm:ss`` (how long a wave takes to spread)."""
    if not isinstance(text, str):
        raise ValueError(f"expected a length such as '10:00', found {text!r}")
    match = _SPAN.fullmatch(text.strip())
    if match is None:
        raise ValueError(f"expected a length such as '10:00' or '1:30:00', found {text!r}")
    value = _parts(match)
    if value > MAX_OFFSET:
        raise ValueError(f"{text!r} is longer than the longest exercise (48 hours)")
    return value


def format_offset(value: timedelta) -> str:
    """The ``T+`` form of an offset, hours shown only when there are any (negative: ``T-``)."""
    sign = "-" if value < timedelta(0) else "+"
    total = abs(int(value.total_seconds()))
    hours, rest = divmod(total, 3600)
    minutes, seconds = divmod(rest, 60)
    if hours:
        return f"T{sign}{hours}:{minutes:02d}:{seconds:02d}"
    return f"T{sign}{minutes:02d}:{seconds:02d}"


__all__ = ["MAX_OFFSET", "format_offset", "parse_offset", "parse_span"]
