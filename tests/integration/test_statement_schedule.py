"""Scheduled publications survive a restart; one missed while the app was closed is reported
and waits for a person, never published silently."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from crisisdesk.clock import ManualClock
from crisisdesk.desk import Desk
from crisisdesk.errors import ConflictError, CrisisDeskError
from crisisdesk.statements.records import PublicationInfo
from crisisdesk.statements.schedule import PublicationScheduler, parse_when
from tests.helpers.databases import make_desk, sign_in_as, sqlite_db_url
from tests.helpers.statements import approved, count, open_flood
from tests.integration.test_statement_publishing import configure
from tests.unit.statements.publishers.fake_servers import FakePlatform, serve

T0 = datetime(2026, 11, 26, 6, 0, tzinfo=UTC)


@pytest.fixture
def platform() -> Iterator[FakePlatform]:
    with serve() as server:
        yield server


def _scheduled(tmp_path: Path, platform: FakePlatform) -> tuple[str, int, int]:
    """A first session schedules the website publication for T0 + 1 h, then the app closes."""
    url = sqlite_db_url(tmp_path)
    desk = make_desk(url, clock=ManualClock(T0))
    try:
        configure(desk, platform.base_url)
        sid = approved(desk, open_flood(desk))
        sign_in_as(desk, "operator")
        [pub] = desk.statements.publish(sid, "website", at=T0 + timedelta(hours=1))
        assert pub.state == "scheduled" and platform.received == []
    finally:
        desk.close()
    return url, sid, pub.id


def _reopen(url: str, when: datetime) -> Desk:
    return Desk.open(url, clock=ManualClock(when))


def test_schedule_survives_a_restart_and_fires_on_time(
    tmp_path: Path, platform: FakePlatform
) -> None:
    url, sid, pub_id = _scheduled(tmp_path, platform)
    desk = _reopen(url, T0 + timedelta(minutes=59))
    try:
        done: list[PublicationInfo] = []
        arrived = threading.Event()

        def on_done(items: list[PublicationInfo]) -> None:
            done.extend(items)
            arrived.set()

        scheduler = PublicationScheduler(desk.statements, interval=0.1, on_done=on_done)
        assert scheduler.tick() == ([], [])  # not due yet: nothing sent, nobody signed in
        scheduler.start()
        try:
            assert isinstance(desk.clock, ManualClock)
            desk.clock.advance(timedelta(minutes=1, seconds=30))
            assert arrived.wait(10), "the scheduler thread did not send the due publication"
        finally:
            scheduler.stop()
        assert [p.id for p in done] == [pub_id]
        assert desk.statements.publication(pub_id).state == "sent"
        assert len(platform.created) == 1
        fired = [d for d in desk.log.since(0) if d.kind == "statement.published"]
        assert fired[-1].actor == "olfa"  # the operator who scheduled it
        assert desk.statements.get(sid).state == "published"
    finally:
        desk.close()


def test_missed_schedule_is_reported_and_waits_for_confirmation(
    tmp_path: Path, platform: FakePlatform
) -> None:
    url, sid, pub_id = _scheduled(tmp_path, platform)
    desk = _reopen(url, T0 + timedelta(hours=3))
    try:
        missed: list[PublicationInfo] = []
        scheduler = PublicationScheduler(desk.statements, on_missed=missed.extend)
        assert scheduler.tick()[0] == []
        assert [p.id for p in missed] == [pub_id] and missed[0].missed
        assert platform.received == []
        assert count(desk, "statement.publish_missed") == 1
        scheduler.tick()  # reported once, not on every poll
        assert len(missed) == 1 and count(desk, "statement.publish_missed") == 1
        assert [p.id for p in desk.statements.missed()] == [pub_id]
        sign_in_as(desk, "operator")
        with pytest.raises(ConflictError, match="late-ok"):
            desk.statements.publish(sid, "website")
        [late] = desk.statements.publish_late(sid)
        assert late.state == "sent" and len(platform.created) == 1
        assert desk.log.since(0)[-1].payload["late"] is True
        assert desk.statements.missed() == []
        with pytest.raises(CrisisDeskError, match="no missed"):
            desk.statements.publish_late(sid)
    finally:
        desk.close()


def test_a_schedule_whose_text_changed_is_cancelled_not_sent(
    tmp_path: Path, platform: FakePlatform
) -> None:
    url, sid, pub_id = _scheduled(tmp_path, platform)
    desk = _reopen(url, T0 + timedelta(minutes=10))
    try:
        sign_in_as(desk, "operator")
        desk.statements.save(sid, text_en="Corrected text. Call 940. The next update at 20:00.")
        assert desk.statements.publication(pub_id).state == "cancelled"
        assert isinstance(desk.clock, ManualClock)
        desk.clock.advance(timedelta(hours=1))
        assert desk.statements.run_due() == ([], [])
        assert platform.received == []
    finally:
        desk.close()


def test_parse_when() -> None:
    now = datetime(2026, 11, 26, 14, 0, tzinfo=UTC)  # 17:00 in Riyadh
    riyadh = "Asia/Riyadh"
    assert parse_when("18:00", now, riyadh) == datetime(2026, 11, 26, 15, 0, tzinfo=UTC)
    with pytest.raises(CrisisDeskError, match="16:30 has passed"):
        parse_when("16:30", now, riyadh)
    assert parse_when("tomorrow 16:30", now, riyadh) == datetime(2026, 11, 27, 13, 30, tzinfo=UTC)
    assert parse_when("2026-11-26T20:00Z", now, riyadh) == datetime(2026, 11, 26, 20, 0, tzinfo=UTC)
    assert parse_when("2026-11-26T20:00", now, riyadh) == datetime(2026, 11, 26, 17, 0, tzinfo=UTC)
    with pytest.raises(CrisisDeskError, match="not a time"):
        parse_when("tomorrow", now, riyadh)
