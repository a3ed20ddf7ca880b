"""Time zones on Windows, simulated: Windows has no IANA zone database, so ``zoneinfo``
finds zones only in the ``tzdata`` package. With the system search path emptied, the
local-time and Hijri displays and the statement form's times must still work."""

from __future__ import annotations

import sys
import zoneinfo
from collections.abc import Iterator
from datetime import UTC, datetime
from importlib import metadata

import pytest

from crisisdesk.errors import CrisisDeskError
from crisisdesk.statements.variables import IncidentFacts
from crisisdesk.text import hijri


@pytest.fixture
def tzdata_only() -> Iterator[None]:
    """No system zone folders, as on Windows: only the tzdata package can answer."""
    zoneinfo.reset_tzpath([])
    zoneinfo.ZoneInfo.clear_cache()
    yield
    zoneinfo.reset_tzpath()
    zoneinfo.ZoneInfo.clear_cache()


def test_riyadh_comes_from_the_tzdata_package(tzdata_only: None) -> None:
    assert zoneinfo.TZPATH == ()
    when = datetime(2026, 11, 26, 4, 30, tzinfo=UTC)
    assert hijri.format_local(when, "Asia/Riyadh") == "2026-11-26 07:30"
    assert hijri.format_local(when, "Asia/Riyadh", arabic_digits=True) == "٢٠٢٦-١١-٢٦ ٠٧:٣٠"


def test_the_hijri_day_is_the_local_day(tzdata_only: None) -> None:
    # 22:30 UTC on 25 November is already 26 November in Riyadh.
    late = datetime(2026, 11, 25, 22, 30, tzinfo=UTC)
    assert hijri.hijri_date(late, "Asia/Riyadh") == hijri.hijri_date(
        datetime(2026, 11, 26, 9, 0, tzinfo=UTC), "Asia/Riyadh"
    )
    assert hijri.hijri_date(late, "UTC") != hijri.hijri_date(late, "Asia/Riyadh")


def test_statement_form_shows_next_update_in_local_time(tzdata_only: None) -> None:
    facts = IncidentFacts(next_update=datetime(2026, 11, 26, 9, 0, tzinfo=UTC))
    assert str(facts.lookup("next_update")) == "12:00:00"


def test_without_tzdata_a_zone_is_a_one_line_error(
    tzdata_only: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Why tzdata is a dependency: without it Windows knows no zone at all."""
    for name in [m for m in sys.modules if m == "tzdata" or m.startswith("tzdata.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "tzdata", None)  # import tzdata -> ImportError
    with pytest.raises(CrisisDeskError) as caught:
        hijri.zone("Asia/Riyadh")
    assert str(caught.value) == "unknown time zone 'Asia/Riyadh'"


def test_tzdata_is_a_declared_dependency() -> None:
    required = metadata.requires("crisisdesk") or []
    assert any(r.split(">")[0].split("=")[0].strip() == "tzdata" for r in required)
