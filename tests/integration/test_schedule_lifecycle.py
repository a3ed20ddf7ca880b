"""Schedules bound to the incident's life, times that have passed, and repeats, on SQLite and
PostgreSQL, against a real website webhook on 127.0.0.1.

Each test opens with the defect as it was reported (issue 21, findings 1, 2 and 4) and then
checks what a crisis room expects instead.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from crisisdesk.clock import ManualClock
from crisisdesk.desk import Desk
from crisisdesk.errors import ConflictError, CrisisDeskError, RefusedError
from crisisdesk.statements.schedule import PendingPublications, parse_when
from crisisdesk.storage.decision_log import LogFilter
from crisisdesk.storage.models import Incident, Publication
from tests.helpers.databases import make_desk, postgres_database, sign_in_as, sqlite_db_url
from tests.helpers.statements import approved, count, open_flood
from tests.integration.test_statement_publishing import configure
from tests.unit.statements.publishers.fake_servers import FakePlatform, serve

# 2026-12-03 07:30Z is 10:30 in Riyadh.
T0 = datetime(2026, 12, 3, 7, 30, tzinfo=UTC)


@pytest.fixture
def platform() -> Iterator[FakePlatform]:
    with serve() as server:
        yield server


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request: pytest.FixtureRequest, tmp_path: Any) -> Iterator[str]:
    if request.param == "sqlite":
        yield sqlite_db_url(tmp_path)
    else:
        with postgres_database() as pg:
            yield pg


@pytest.fixture
def room(url: str, platform: FakePlatform) -> Iterator[tuple[Desk, ManualClock, int, int]]:
    """An approved "avoid driving during the storm" statement of an active flood incident."""
    clock = ManualClock(T0)
    desk = make_desk(url, clock=clock)
    configure(desk, platform.base_url)
    incident = open_flood(desk)
    statement = approved(desk, incident)
    sign_in_as(desk, "lead")
    try:
        yield desk, clock, incident, statement
    finally:
        desk.close()


def _incidentless(desk: Desk) -> list[Any]:
    """Decisions about statements, publications or tasks that do not name their incident."""
    return [
        d
        for d in desk.log.since(0)
        if d.incident_id is None
        and (d.subject or "").split(":")[0] in ("statement", "publication", "task", "incident")
    ]


# -- finding 1: a scheduled message goes out after its incident is closed ---------------------


def test_closing_asks_before_cancelling_the_schedule_and_nothing_goes_out(
    room: tuple[Desk, ManualClock, int, int], platform: FakePlatform
) -> None:
    desk, clock, incident, statement = room
    at = datetime(2026, 12, 3, 8, 10, tzinfo=UTC)
    [pub] = desk.statements.publish(statement, "website", at=at)
    clock.set(datetime(2026, 12, 3, 8, 8, tzinfo=UTC))
    head = desk.log.head().seq
    # As reported, closing went through without a word about the 08:10 message.
    with pytest.raises(PendingPublications) as refused:
        desk.incidents.close(incident, "the storm is over")
    assert [p.id for p in refused.value.publications] == [pub.id]
    assert "--cancel-scheduled" in str(refused.value)
    assert desk.log.head().seq == head, "a refused close changes nothing"
    assert desk.incidents.get(incident).active
    assert [p.id for p in desk.incidents.pending_publications(incident)] == [pub.id]

    desk.incidents.close(incident, "the storm is over", cancel_scheduled=True)
    kinds = [d.kind for d in desk.log.since(head)]
    assert kinds[:2] == ["statement.publication_cancelled", "incident.closed"]
    cancelled = desk.log.since(head)[0]
    assert cancelled.incident_id == incident and cancelled.payload["publication"] == pub.id
    assert desk.log.since(head)[1].payload["cancelled_publications"] == [pub.id]
    assert desk.statements.publication(pub.id).state == "cancelled"

    clock.set(at + timedelta(seconds=5))
    assert desk.statements.run_due() == ([], [])
    assert platform.received == []
    assert count(desk, "statement.published") == 0


def test_a_schedule_that_slipped_past_the_close_is_never_sent(
    room: tuple[Desk, ManualClock, int, int], platform: FakePlatform
) -> None:
    """Defence in depth: the incident is closed behind the schedule's back (an older laptop,
    a restored backup); at its time the poll cancels it with a decision, sends nothing."""
    desk, clock, incident, statement = room
    at = datetime(2026, 12, 3, 8, 10, tzinfo=UTC)
    [pub] = desk.statements.publish(statement, "website", at=at)
    with desk.db.write() as session:  # closed as the old code did: schedules untouched
        row = session.get(Incident, incident)
        assert row is not None
        row.status, row.closed_at = "closed", "2026-12-03T08:08:00.000000Z"
    clock.set(at + timedelta(seconds=5))
    done, missed = desk.statements.run_due()
    assert (done, missed) == ([], [])
    assert platform.received == []
    assert desk.statements.publication(pub.id).state == "cancelled"
    last = desk.log.since(0)[-1]
    assert last.kind == "statement.publication_cancelled"
    assert last.incident_id == incident and "closed" in last.summary("en")
    # By hand too: no publishing, retrying or late sending for a closed incident.
    sign_in_as(desk, "spokesperson")
    with pytest.raises(RefusedError, match="closed"):
        desk.statements.publish(statement, "website")
    assert platform.received == []


def test_a_publication_already_sending_when_the_incident_closed_is_not_delivered(
    room: tuple[Desk, ManualClock, int, int], platform: FakePlatform
) -> None:
    """The last guard sits right before the channel is called."""
    desk, _clock, incident, statement = room
    [pub] = desk.statements.publish(statement, "website", at=T0 + timedelta(hours=1))
    with desk.db.write() as session:
        row = session.get(Publication, pub.id)
        assert row is not None
        row.state = "sending"
        incident_row = session.get(Incident, incident)
        assert incident_row is not None
        incident_row.status = "closed"
    from crisisdesk.statements.publishing import send

    info = send(desk.statements, pub.id)
    assert info.state == "cancelled" and platform.received == []


# -- finding 2: a just-passed --at HH:MM silently means tomorrow ------------------------------


def test_a_time_that_has_passed_is_refused_not_moved_to_tomorrow() -> None:
    now = datetime(2026, 12, 3, 8, 2, tzinfo=UTC)  # 11:02 in Riyadh
    with pytest.raises(CrisisDeskError) as refused:
        parse_when("10:59", now, "Asia/Riyadh")  # was: 2026-12-04 07:59Z, silently
    assert str(refused.value) == (
        "10:59 has passed; did you mean tomorrow? use --at 'tomorrow 10:59'"
    )
    assert parse_when("tomorrow 10:59", now, "Asia/Riyadh") == datetime(
        2026, 12, 4, 7, 59, tzinfo=UTC
    )
    assert parse_when("11:30", now, "Asia/Riyadh") == datetime(2026, 12, 3, 8, 30, tzinfo=UTC)
    assert parse_when("غدًا ١٠:٥٩", now, "Asia/Riyadh") == datetime(2026, 12, 4, 7, 59, tzinfo=UTC)
    with pytest.raises(CrisisDeskError, match="has passed"):
        parse_when("2026-12-03T10:59", now, "Asia/Riyadh")
    with pytest.raises(CrisisDeskError, match="today has passed"):
        parse_when("today 10:59", now, "Asia/Riyadh")
    for bad in ("10:61", "25:00", "tomorrow", "soon", "10:59 tomorrow", ""):
        with pytest.raises(CrisisDeskError):
            parse_when(bad, now, "Asia/Riyadh")


def test_at_is_read_in_the_rooms_zone_not_riyadh_always() -> None:
    now = datetime(2026, 12, 3, 8, 2, tzinfo=UTC)
    # A room in Paris (UTC+1 in December): 10:59 there is 09:59Z, still ahead.
    assert parse_when("10:59", now, "Europe/Paris") == datetime(2026, 12, 3, 9, 59, tzinfo=UTC)
    assert parse_when("2026-12-03T20:00", now, "Europe/Paris") == datetime(
        2026, 12, 3, 19, 0, tzinfo=UTC
    )
    assert parse_when("2026-12-03T20:00Z", now, "Europe/Paris") == datetime(
        2026, 12, 3, 20, 0, tzinfo=UTC
    )
    # A wall time skipped when the clocks go forward does not exist.
    spring = datetime(2027, 3, 28, 0, 30, tzinfo=UTC)
    with pytest.raises(CrisisDeskError, match="clocks change"):
        parse_when("02:30", spring, "Europe/Paris")


def test_the_cli_refuses_a_passed_time_in_the_rooms_zone(
    room: tuple[Desk, ManualClock, int, int],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from crisisdesk import room_zone
    from crisisdesk.cli import main
    from crisisdesk.clock import SystemClock

    desk, _clock, _incident, statement = room
    room_zone.change(desk, "Asia/Riyadh")
    monkeypatch.setattr(SystemClock, "now", lambda self: datetime(2026, 12, 3, 8, 2, tzinfo=UTC))
    monkeypatch.setenv("CRISISDESK_PASSWORD", "s3cret-pass-phrase")
    monkeypatch.setenv("TZ", "UTC")
    head = desk.log.head().seq
    base = ["--db", desk.url, "--as", "olfa", "statement", "publish", str(statement)]
    code = main([*base, "--channel", "website", "--at", "10:59"])
    err = capsys.readouterr().err
    assert code == 1
    assert err.strip() == (
        "crisisdesk: 10:59 has passed; did you mean tomorrow? use --at 'tomorrow 10:59'"
    )
    assert desk.log.head().seq == head
    assert main([*base, "--channel", "website", "--at", "tomorrow 10:59"]) == 0
    out = capsys.readouterr().out
    # Printed in the room's zone, named because this computer is on UTC.
    assert "[scheduled] for 2026-12-04 10:59 Asia/Riyadh" in out, out
    scheduled = desk.log.since(head)[-1]
    assert scheduled.kind == "statement.scheduled"
    assert scheduled.payload["at"] == "2026-12-04T07:59:00.000000Z"


# -- finding 4: an already-sent statement, and a daily awareness message ----------------------


def test_scheduling_an_already_sent_statement_records_no_false_decision(
    room: tuple[Desk, ManualClock, int, int], platform: FakePlatform
) -> None:
    desk, clock, _incident, statement = room
    sign_in_as(desk, "operator")
    [sent] = desk.statements.publish(statement, "website")
    assert sent.state == "sent" and len(platform.created) == 1
    head = desk.log.head().seq
    at = datetime(2026, 12, 3, 17, 0, tzinfo=UTC)  # 20:00 in Riyadh
    # As reported: exit 0 and "scheduled ... for 20:00Z" in the log, nothing scheduled.
    with pytest.raises(ConflictError, match=r"already published.*--repeat"):
        desk.statements.publish(statement, "website", at=at)
    assert desk.log.head().seq == head
    assert count(desk, "statement.scheduled") == 0

    [again] = desk.statements.schedule(statement, "website", at, repeat=True)
    assert again.state == "scheduled" and again.repeat == 1 and again.id != sent.id
    assert again.idempotency_key != sent.idempotency_key
    assert desk.log.since(head)[-1].kind == "statement.scheduled"
    clock.set(at + timedelta(seconds=1))
    sign_in_as(desk, "lead")
    [fired], _ = desk.statements.run_due()
    assert fired.state == "sent"
    assert len(platform.created) == 2, "the same words went out twice, as asked"
    # A repeat now, asked for explicitly.
    [now_again] = desk.statements.schedule(statement, "website", None, repeat=True)
    assert now_again.state == "sent" and now_again.repeat == 2 and len(platform.created) == 3


def test_a_daily_awareness_message_repeats_without_a_new_version(
    room: tuple[Desk, ManualClock, int, int], platform: FakePlatform
) -> None:
    desk, clock, _incident, statement = room
    first = datetime(2026, 12, 3, 15, 0, tzinfo=UTC)
    until = datetime(2026, 12, 5, 20, 59, 59, tzinfo=UTC)
    pubs = desk.statements.schedule(
        statement, "website", first, every=timedelta(hours=24), until=until
    )
    assert [p.scheduled_at for p in pubs] == [first + timedelta(days=d) for d in range(3)]
    assert len({p.idempotency_key for p in pubs}) == 3
    assert {p.series_id for p in pubs} == {pubs[0].id}
    decision = desk.log.since(0)[-1]
    assert decision.kind == "statement.scheduled" and decision.payload["occurrences"] == 3
    assert desk.statements.get(statement).latest_version == 1
    for day in range(3):
        clock.set(first + timedelta(days=day, seconds=3))
        desk.statements.run_due()
    assert len(platform.created) == 3
    assert desk.statements.get(statement).latest_version == 1
    with pytest.raises(CrisisDeskError, match="at most once an hour"):
        from crisisdesk.statements.schedule import parse_every

        parse_every("10m")
    with pytest.raises(CrisisDeskError, match="at most 60"):
        desk.statements.schedule(
            statement,
            "website",
            clock.now() + timedelta(hours=1),
            every=timedelta(hours=1),
            until=clock.now() + timedelta(days=5),
        )


def test_missed_repeats_of_a_series_collapse_into_the_latest(
    room: tuple[Desk, ManualClock, int, int], platform: FakePlatform
) -> None:
    """Closed for three days: yesterday's and the day before's awareness message are not
    offered for late publishing next to today's."""
    desk, clock, _incident, statement = room
    first = datetime(2026, 12, 3, 15, 0, tzinfo=UTC)
    pubs = desk.statements.schedule(
        statement, "website", first, every=timedelta(days=1), until=first + timedelta(days=2)
    )
    clock.set(first + timedelta(days=2, hours=1))
    _done, newly = desk.statements.run_due()
    waiting = desk.statements.missed()
    assert [p.id for p in waiting] == [pubs[-1].id]
    assert {desk.statements.publication(p.id).state for p in pubs[:-1]} == {"cancelled"}
    assert newly and platform.received == []
    [late] = desk.statements.publish_late(statement)
    assert late.id == pubs[-1].id and len(platform.created) == 1


# -- every decision carries its incident; racing watchers; no idle writer lock ---------------


def test_racing_watchers_write_no_incidentless_decision(url: str, platform: FakePlatform) -> None:
    clock = ManualClock(T0)
    desk = make_desk(url, clock=clock)
    try:
        configure(desk, platform.base_url)
        incident = open_flood(desk)
        ids = []
        for _ in range(3):
            sid = approved(desk, incident)
            sign_in_as(desk, "operator")
            ids += [p.id for p in desk.statements.publish(sid, "text", at=T0 + timedelta(hours=1))]
            ids += [p.id for p in desk.statements.publish(sid, "press", at=T0 + timedelta(hours=2))]
        desk.sign_out()
        clock.set(T0 + timedelta(hours=1, seconds=10))  # the text ones due, the PDFs missed...
        laptops = [Desk.open(url, clock=clock) for _ in range(4)]
        clock2 = ManualClock(T0 + timedelta(hours=4))  # ...on a laptop that slept past both
        laptops.append(Desk.open(url, clock=clock2))
        barrier = threading.Barrier(len(laptops))
        errors: list[BaseException] = []

        def watch(laptop: Desk) -> None:
            try:
                barrier.wait()
                laptop.statements.run_due()
            except BaseException as exc:  # reported below
                errors.append(exc)

        threads = [threading.Thread(target=watch, args=(d,)) for d in laptops]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        for laptop in laptops:
            laptop.close()
        assert errors == []
        assert _incidentless(desk) == []
        assert count(desk, "statement.schedule_checked") == 0
        published = [
            d.payload["publication"] for d in desk.log.since(0) if d.kind == "statement.published"
        ]
        assert len(published) == len(set(published)), "no publication sent twice"
        missed = [
            d.payload["publication"]
            for d in desk.log.since(0)
            if d.kind == "statement.publish_missed"
        ]
        assert len(missed) == len(set(missed))
        states = {desk.statements.publication(i).state for i in ids}
        assert states <= {"sent", "scheduled"}
    finally:
        desk.close()


def test_an_idle_poll_takes_no_writer_lock(
    room: tuple[Desk, ManualClock, int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    desk, clock, _incident, statement = room
    desk.statements.publish(statement, "website", at=T0 + timedelta(hours=1))
    writes = []
    real = desk.db.write

    def counted() -> Any:
        writes.append(1)
        return real()

    monkeypatch.setattr(desk.db, "write", counted)
    for _ in range(5):
        clock.advance(timedelta(seconds=15))
        assert desk.statements.run_due() == ([], [])
        assert desk.statements.due_count() == 0
    assert writes == []


def test_a_missed_schedule_decision_names_the_rooms_time(
    room: tuple[Desk, ManualClock, int, int],
) -> None:
    from crisisdesk import room_zone

    desk, clock, incident, statement = room
    room_zone.change(desk, "Asia/Riyadh")
    desk.statements.publish(statement, "website", at=datetime(2026, 12, 3, 9, 0, tzinfo=UTC))
    clock.set(datetime(2026, 12, 3, 12, 0, tzinfo=UTC))
    desk.statements.run_due()
    missed = desk.log.since(0)[-1]
    assert missed.kind == "statement.publish_missed" and missed.incident_id == incident
    assert "2026-12-03 12:00" in missed.summary("en")
    assert desk.log.count(LogFilter(kind="statement.publish_missed")) == 1


def test_the_cli_refuses_to_close_listing_the_schedules(
    room: tuple[Desk, ManualClock, int, int],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from crisisdesk.cli import main

    desk, _clock, incident, statement = room
    [pub] = desk.statements.publish(
        statement, "website", at=datetime(2026, 12, 3, 8, 10, tzinfo=UTC)
    )
    monkeypatch.setenv("CRISISDESK_PASSWORD", "s3cret-pass-phrase")
    base = [
        "--db",
        desk.url,
        "--as",
        "layla",
        "incident",
        "close",
        str(incident),
        "--summary",
        "the storm is over",
    ]
    assert main(base) == 1
    out = capsys.readouterr().out
    assert f"publication #{pub.id}: statement #{statement} on website" in out
    assert "--cancel-scheduled" in out
    assert desk.incidents.get(incident).active
    assert main([*base, "--cancel-scheduled"]) == 0
    out = capsys.readouterr().out
    assert f"cancelled 1 scheduled publication: #{pub.id}" in out
    assert desk.statements.publication(pub.id).state == "cancelled"
