"""Durations in words, as a reader says them: ``ساعتين و٣٠ دقيقة``, ``2 hours 30 minutes``.

Playbooks store durations as ISO 8601 (``PT2H``); people do not read that. Arabic counts
nouns by rule (``arabic_grammar.ar_count``: 2 the dual, 3–10 the plural, 11–99 the
accusative singular), so ``بعد ٢ ساعة`` becomes
``بعد ساعتين``. The dual is written in its genitive/accusative form, the one that follows
``بعد`` and ``كل``, where the viewer's lines use it. Digits stay Latin here; the screen
turns them into the reader's digit set.
"""

from __future__ import annotations

from datetime import timedelta

from crisisdesk.text.arabic_grammar import ar_count

_AR = {  # singular, dual (genitive: after بعد / كل), plural
    "d": ("يوم", "يومين", "أيام"),
    "h": ("ساعة", "ساعتين", "ساعات"),
    "min": ("دقيقة", "دقيقتين", "دقائق"),
}
_EN = {"d": ("day", "days"), "h": ("hour", "hours"), "min": ("minute", "minutes")}
_LATIN = str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789")


def arabic_count(count: int, unit: str) -> str:
    """``count`` of ``unit`` (``d``, ``h``, ``min``) by the Arabic counting rule (one is
    the noun alone: ``بعد ساعة``)."""
    singular, dual, plural = _AR[unit]
    if count == 1:
        return singular
    return ar_count(count, singular, dual, plural).translate(_LATIN)


def english_count(count: int, unit: str) -> str:
    one, many = _EN[unit]
    return f"{count} {one if count == 1 else many}"


def duration_words(value: timedelta, lang: str) -> str:
    """Days, hours and minutes in words (seconds dropped; zero is ``0 minutes``)."""
    minutes = max(0, int(value.total_seconds() // 60))
    days, rest = divmod(minutes, 1440)
    hours, mins = divmod(rest, 60)
    parts = [(days, "d"), (hours, "h"), (mins, "min")]
    chosen = [(n, unit) for n, unit in parts if n] or [(0, "min")]
    if lang == "ar":
        words = [arabic_count(n, unit) if n else f"0 {_AR['min'][0]}" for n, unit in chosen]
        return " و".join(words)
    return " ".join(english_count(n, unit) for n, unit in chosen)
