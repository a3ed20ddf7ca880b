"""How values look: digits, clocks, ages, and bidi-safe untrusted text."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from crisisdesk.ui.display import (
    FSI,
    LRI,
    PDI,
    DisplayPrefs,
    age,
    date_time,
    fingerprint,
    incident_clock,
    safe_text,
    severity_name,
)

AR = DisplayPrefs(language="ar", arabic_digits=True, hijri=True)
EN = DisplayPrefs(language="en", arabic_digits=False, hijri=False)
OPENED = datetime(2026, 3, 1, 6, 0, tzinfo=UTC)


def test_incident_clock_counts_hours_past_a_day() -> None:
    assert (
        incident_clock(OPENED, OPENED + timedelta(hours=26, minutes=5), EN) == f"{LRI}T+26:05{PDI}"
    )
    assert incident_clock(OPENED, OPENED + timedelta(minutes=7), AR) == f"{LRI}T+٠٠:٠٧{PDI}"


def test_ages_in_english() -> None:
    assert age(timedelta(seconds=20), EN) == "just now"
    assert age(timedelta(minutes=5), EN) == "5 min"
    assert age(timedelta(hours=3), EN) == "3 h"
    assert age(timedelta(days=2), EN) == "2 d"


def test_phone_numbers_stay_left_to_right_and_hashtags_whole() -> None:
    shown = safe_text("اتصلوا على +966 50 123 4567 #سيول_الدمام")
    assert shown.startswith(FSI) and shown.endswith(PDI)
    assert f"{LRI}+966 50 123 4567{PDI}" in shown
    assert f"{FSI}#سيول_الدمام{PDI}" in shown


def test_controls_in_untrusted_text_are_made_visible() -> None:
    assert "\u202e" not in safe_text("evil\u202etxt.exe")


def test_dates_with_hijri_and_arabic_digits() -> None:
    text = date_time(OPENED, AR)
    assert "١٤٤٧" in text and "هـ" in text
    assert "2026" in date_time(OPENED, EN) and "AH" not in date_time(OPENED, EN)


def test_fingerprint_and_severity() -> None:
    assert fingerprint("abcdef0123456789") == f"{LRI}abcd ef01 2345{PDI}"
    assert severity_name(4, EN) == "4 · Critical"
    assert severity_name(2, AR).startswith("٢")
