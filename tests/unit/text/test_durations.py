"""Durations read as words, with Arabic's dual and plural (issue: ``بعد ٢ ساعة``, ``PT2H``)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from crisisdesk.text.durations import arabic_count, duration_words


@pytest.mark.parametrize(
    ("count", "unit", "words"),
    [
        (1, "h", "ساعة"),
        (2, "h", "ساعتين"),
        (3, "h", "3 ساعات"),
        (10, "min", "10 دقائق"),
        (11, "d", "11 يومًا"),
        (15, "min", "15 دقيقةً"),
        (100, "d", "100 يوم"),
        (103, "h", "103 ساعات"),
        (2, "d", "يومين"),
        (2, "min", "دقيقتين"),
    ],
)
def test_arabic_counting_rule(count: int, unit: str, words: str) -> None:
    assert arabic_count(count, unit) == words


def test_durations_in_both_languages() -> None:
    assert duration_words(timedelta(hours=2), "ar") == "ساعتين"
    assert duration_words(timedelta(minutes=15), "ar") == "15 دقيقةً"
    assert duration_words(timedelta(hours=2, minutes=30), "ar") == "ساعتين و30 دقيقةً"
    assert duration_words(timedelta(days=1, hours=3), "ar") == "يوم و3 ساعات"
    assert duration_words(timedelta(hours=2), "en") == "2 hours"
    assert duration_words(timedelta(minutes=1), "en") == "1 minute"
    assert duration_words(timedelta(0), "en") == "0 minutes"
    assert duration_words(timedelta(0), "ar") == "0 دقيقة"
