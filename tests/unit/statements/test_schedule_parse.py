"""``--at``, ``--every``, ``--until`` and zone names are typed by people under pressure:
whatever they type is a time ahead, or one line saying why not, never a traceback."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crisisdesk.errors import CrisisDeskError
from crisisdesk.room_zone import check_name
from crisisdesk.statements.schedule import MIN_EVERY, parse_every, parse_until, parse_when

NOW = datetime(2026, 12, 3, 8, 2, tzinfo=UTC)
ZONES = st.sampled_from(
    ["Asia/Riyadh", "Europe/Paris", "America/New_York", "UTC", "Pacific/Kiritimati", "Etc/GMT+12"]
)
ANY = st.characters(blacklist_categories=())  # lone surrogates too: undecodable terminal bytes
TYPED = st.one_of(
    st.text(alphabet=ANY, max_size=40),
    st.from_regex(r"(tomorrow |today |غدًا )?[0-9٠-٩]{1,3}:[0-9٠-٩]{1,3}", fullmatch=True),
    st.from_regex(
        r"20[0-9]{2}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(Z|[+-][0-9]{2}:[0-9]{2})?)?",
        fullmatch=True,
    ),
)


@settings(max_examples=400, deadline=None)
@given(text=TYPED, zone=ZONES)
def test_at_is_ahead_or_refused_in_one_line(text: str, zone: str) -> None:
    try:
        when = parse_when(text, NOW, zone)
    except CrisisDeskError as exc:
        assert "\n" not in str(exc) and str(exc)
        return
    assert when.tzinfo is not None and NOW < when <= NOW + timedelta(days=366)


@settings(max_examples=300, deadline=None)
@given(
    text=st.one_of(
        st.text(max_size=20),
        st.from_regex(r"[0-9]{1,30} ?(m|min|h|d)", fullmatch=True),
        st.from_regex(r"P(T[0-9]{1,4}H|[0-9]{1,3}D)", fullmatch=True),
    )
)
def test_every_is_an_hour_or_more_or_refused(text: str) -> None:
    try:
        every = parse_every(text)
    except CrisisDeskError as exc:
        assert "\n" not in str(exc)
        return
    assert every >= MIN_EVERY


@settings(max_examples=200, deadline=None)
@given(text=TYPED, zone=ZONES)
def test_until_is_ahead_or_refused(text: str, zone: str) -> None:
    try:
        until = parse_until(text, NOW, zone)
    except CrisisDeskError:
        return
    assert until > NOW


@settings(max_examples=300, deadline=None)
@given(name=st.text(alphabet=ANY, max_size=80))
def test_a_zone_name_is_known_or_refused(name: str) -> None:
    try:
        found = check_name(name)
    except CrisisDeskError as exc:
        assert "\n" not in str(exc)
        return
    assert found.lower() == name.strip().lower()


def test_examples() -> None:
    assert parse_every("24h") == parse_every("1d") == parse_every("P1D") == timedelta(days=1)
    assert parse_every("2h30m") == timedelta(hours=2, minutes=30)
    assert parse_until("2026-12-05", NOW, "Asia/Riyadh") == datetime(
        2026, 12, 5, 20, 59, 59, tzinfo=UTC
    )
    for bad in ("24", "h", "-1h", "1h 2x", "PT10M", "0h", "9" * 25 + "d", "400d"):
        with pytest.raises(CrisisDeskError):
            parse_every(bad)
    with pytest.raises(CrisisDeskError, match="has passed"):
        parse_until("2026-12-02", NOW, "Asia/Riyadh")
    for far in ("9999-12-31T23:59", "0001-01-01T00:00+14:00", "9999-12-31T23:59:59-12:00"):
        with pytest.raises(CrisisDeskError):
            parse_when(far, NOW, "Pacific/Kiritimati")
    with pytest.raises(CrisisDeskError, match="year ahead"):
        parse_until("9999-12-31", NOW, "Pacific/Kiritimati")
