from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from crisisdesk.errors import CrisisDeskError
from crisisdesk.text.hijri import (
    DateRangeError,
    format_hijri,
    format_local,
    hijri_date,
    to_arabic_digits,
    to_local,
)


def test_umm_al_qura_known_date() -> None:
    # 1 Ramadan 1445 AH was 11 March 2024 in the Umm al-Qura calendar.
    assert hijri_date(date(2024, 3, 11)) == (1445, 9, 1)


def test_hijri_date_follows_the_local_day() -> None:
    late_evening_utc = datetime(2024, 3, 10, 22, 30, tzinfo=UTC)  # 01:30 on 11 March in Riyadh
    assert hijri_date(late_evening_utc, "Asia/Riyadh") == (1445, 9, 1)
    assert hijri_date(late_evening_utc, "UTC") == (1445, 8, 29)  # Sha‘ban 1445 had 29 days


def test_format_hijri_in_both_languages() -> None:
    assert format_hijri(date(2024, 3, 11), "en") == "1 Ramadan 1445 AH"
    assert format_hijri(date(2024, 3, 11), "ar") == "١ رمضان ١٤٤٥ هـ"
    assert format_hijri(date(2024, 3, 11), "ar", arabic_digits=False) == "1 رمضان 1445 هـ"


def test_local_time_and_digits() -> None:
    when = datetime(2026, 1, 1, 6, 0, tzinfo=UTC)
    assert format_local(when, "Asia/Riyadh") == "2026-01-01 09:00"
    assert format_local(when, "Asia/Riyadh", arabic_digits=True) == "٢٠٢٦-٠١-٠١ ٠٩:٠٠"
    assert to_local(datetime(2026, 1, 1, 6, 0), "Asia/Riyadh").hour == 9  # naive = UTC
    assert to_arabic_digits("Road 45") == "Road ٤٥"


def test_out_of_range_and_bad_zone_are_one_line_errors() -> None:
    with pytest.raises(DateRangeError, match="outside"):
        hijri_date(date(1900, 1, 1))
    with pytest.raises(CrisisDeskError, match="unknown time zone"):
        format_local(datetime(2026, 1, 1, tzinfo=UTC), "Mars/Olympus")
    with pytest.raises(CrisisDeskError, match="unknown language"):
        format_hijri(date(2024, 3, 11), "fr")
