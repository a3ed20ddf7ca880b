"""Publishing never posts twice and never hangs, against real servers on 127.0.0.1.

Reported: ``retry`` was accepted while the first send was still in flight (the fake
WhatsApp endpoint received the message twice); a server dropping the connection after
reading the request was "cannot connect", marked failed, and ``retry`` posted to X a
second time (X ignores idempotency keys); a 200 without an id, then ``retry``, posted
twice; a server dripping a byte every 5 s held ``statement publish`` for 60.6 s with
``read_timeout=15`` (the timeout was per read, not for the whole exchange).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from crisisdesk.clock import ManualClock
from crisisdesk.desk import Desk
from crisisdesk.errors import RefusedError
from crisisdesk.statements.channel_settings import SECRET_NAMES
from tests.helpers.databases import PASSWORD, make_desk, postgres_database, sign_in_as
from tests.helpers.statements import count, open_flood
from tests.unit.statements.publishers.fake_servers import SECRET, TOKEN, FakePlatform, serve


@pytest.fixture
def platform() -> Iterator[FakePlatform]:
    with serve() as server:
        yield server


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'room.db'}"
    else:
        with postgres_database() as pg:
            yield pg


def _configure(desk: Desk, base: str, read_timeout: str = "1") -> None:
    sign_in_as(desk, "admin")
    desk.statements.configure_channels(
        website_url=base + "/hooks/statements",
        x_base_url=base,
        whatsapp_base_url=base + "/v21.0",
        whatsapp_phone_number_id="1029384756",
        whatsapp_contacts="966500000001",
        connect_timeout="1",
        read_timeout=read_timeout,
    )
    desk.secrets.set(SECRET_NAMES["website"], SECRET)
    desk.secrets.set(SECRET_NAMES["x"], TOKEN)
    desk.secrets.set(SECRET_NAMES["whatsapp"], TOKEN)


@pytest.fixture
def desk(url: str, platform: FakePlatform) -> Iterator[Desk]:
    opened = make_desk(url, clock=ManualClock())
    _configure(opened, platform.base_url)
    yield opened
    opened.close()


def _approved_short(desk: Desk) -> int:
    incident = open_flood(desk)
    sign_in_as(desk, "operator")
    sid = desk.statements.draft(
        incident,
        None,
        kind="reply",
        texts={
            "ar": "نفق الملك فهد مغلق مؤقتًا، ويُرجى استخدام طريق الخليج. للبلاغات: 940",
            "en": "King Fahd underpass is closed for now; use Gulf Road & the Corniche. 940",
        },
    ).statement.id
    desk.statements.submit(sid)
    sign_in_as(desk, "spokesperson")
    shown = desk.statements.version(sid).content_hash
    desk.statements.approve(sid, PASSWORD, override_reason="a short reply", content_hash=shown)
    sign_in_as(desk, "operator")
    return sid


def _posts(platform: FakePlatform, path: str) -> int:
    return sum(1 for r in platform.received if r.path.endswith(path))


def test_x_dropping_after_reading_gets_exactly_one_post_whatever_is_retried(
    desk: Desk, platform: FakePlatform
) -> None:
    sid = _approved_short(desk)
    platform.modes += ["drop", "ok"]  # the Arabic post is made, then the connection drops
    ar, en = desk.statements.publish(sid, "x")
    assert ar.state == "unknown" and "outcome unknown" in (ar.error or "")
    assert en.state == "sent"
    assert count(desk, "statement.publish_unknown") == 1
    for _ in range(3):  # whatever the user retries, nothing is sent while it is unknown
        with pytest.raises(RefusedError, match="unknown"):
            desk.statements.retry(ar.id)
    assert [p.state for p in desk.statements.publish(sid, "x")] == ["unknown", "sent"]
    # Someone records "not sent" by mistake: the retry first reads the timeline, finds
    # the exact text there, and records it instead of posting again.
    desk.statements.record_outcome(ar.id, sent=False, note="did not see it")
    done = desk.statements.retry(ar.id)
    assert done.state == "sent" and done.external_id == platform.posts[0][0]
    assert _posts(platform, "/2/tweets") == 2  # one Arabic post and one English post, ever
    assert len(platform.posts) == 2
    with pytest.raises(RefusedError):
        desk.statements.retry(ar.id)
    assert _posts(platform, "/2/tweets") == 2


def test_x_200_without_an_id_is_unknown_and_never_posted_twice(
    desk: Desk, platform: FakePlatform
) -> None:
    sid = _approved_short(desk)
    platform.modes += ["noid"]
    ar, _en = desk.statements.publish(sid, "x")
    assert ar.state == "unknown" and "without an id" in (ar.error or "")
    with pytest.raises(RefusedError):
        desk.statements.retry(ar.id)
    desk.statements.record_outcome(ar.id, sent=False)
    assert desk.statements.retry(ar.id).state == "sent"
    assert _posts(platform, "/2/tweets") == 2 and len(platform.posts) == 2


def test_x_not_posted_is_posted_once_after_checking(desk: Desk, platform: FakePlatform) -> None:
    """A drop before the server acted: after "not sent", the retry posts (once)."""
    sid = _approved_short(desk)
    platform.modes += ["hang"]
    started = time.monotonic()
    ar, _en = desk.statements.publish(sid, "x")
    assert time.monotonic() - started < 6  # two 2-second deadlines, not a hang
    assert ar.state == "unknown"
    platform.posts.clear()  # the hanging server never made the post
    before = _posts(platform, "/2/tweets")
    desk.statements.record_outcome(ar.id, sent=False)
    assert desk.statements.retry(ar.id).state == "sent"
    assert _posts(platform, "/2/tweets") == before + 1


def test_retry_while_the_first_send_is_in_flight_is_refused(
    desk: Desk, platform: FakePlatform, url: str
) -> None:
    sid = _approved_short(desk)
    _configure(desk, platform.base_url, read_timeout="8")
    sign_in_as(desk, "operator")
    platform.modes += ["slow"]
    first: list[object] = []
    sender = threading.Thread(
        target=lambda: first.extend(desk.statements.publish(sid, "whatsapp")), daemon=True
    )
    sender.start()
    deadline = time.monotonic() + 10
    while _posts(platform, "/messages") == 0 and time.monotonic() < deadline:
        time.sleep(0.02)
    other = Desk.open(url, clock=ManualClock())  # a second laptop
    try:
        sign_in_as(other, "operator")
        [pub] = other.statements.publications(incident_id=other.statements.get(sid).incident_id)
        assert pub.state == "sending"
        with pytest.raises(RefusedError, match="being sent now"):
            other.statements.retry(pub.id)
        [again] = other.statements.publish(sid, "whatsapp")
        assert again.state == "sending"
    finally:
        other.close()
    platform.release.set()
    sender.join(15)
    assert _posts(platform, "/messages") == 1  # the endpoint received it once


def test_a_dripping_server_cannot_hold_publish_past_the_total_deadline(
    desk: Desk, platform: FakePlatform
) -> None:
    sid = _approved_short(desk)
    platform.modes += ["drip"]
    started = time.monotonic()
    [pub] = desk.statements.publish(sid, "website")
    took = time.monotonic() - started
    assert took < 2 + 1.5, took  # connect 1 s + read 1 s is the whole exchange's budget
    assert pub.state == "unknown" and "deadline" in (pub.error or "")


def test_a_refused_connection_is_failed_and_retried(tmp_path: Path) -> None:
    """Nothing left the machine: that is an ordinary failure, and a retry may send."""
    desk = make_desk(f"sqlite:///{tmp_path / 'room.db'}", clock=ManualClock())
    try:
        _configure(desk, "http://127.0.0.1:9")
        sid = _approved_short(desk)
        [pub] = desk.statements.publish(sid, "website")
        assert pub.state == "failed" and pub.result == "unreachable"
        assert desk.statements.retry(pub.id).state == "failed"  # allowed, and still down
    finally:
        desk.close()


def test_stale_sending_can_be_checked_but_not_retried(desk: Desk, platform: FakePlatform) -> None:
    from sqlalchemy import text

    sid = _approved_short(desk)
    [pub] = desk.statements.publish(sid, "website")
    with desk.db.write() as session:  # as if the app died after the request left
        session.execute(
            text("UPDATE publications SET state = 'sending', scheduled_at = :t WHERE id = :i"),
            {"i": pub.id, "t": "2000-01-01T00:00:00Z"},
        )
    with pytest.raises(RefusedError, match="cut off"):
        desk.statements.retry(pub.id)
    assert isinstance(desk.clock, ManualClock)
    desk.clock.advance(timedelta(seconds=1))
    done = desk.statements.record_outcome(pub.id, sent=True, external_id="news-1")
    assert done.state == "sent" and len(platform.created) == 1
