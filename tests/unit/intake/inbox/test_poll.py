"""``poll`` against a local server playing X: resume without gaps or duplicates, failures
visible and stored, deadlines kept when the server hangs or answers garbage."""

from __future__ import annotations

import time

from crisisdesk.desk import Desk
from crisisdesk.intake.http import HttpClient
from crisisdesk.intake.poll import poll_incident
from crisisdesk.intake.rows import InboxFilters
from tests.unit.intake.conftest import Handler, LocalServer
from tests.unit.intake.connectors.test_x_search import FakeX, _tweet


def _configure(desk: Desk, incident: int, server: LocalServer) -> None:
    desk.secrets.set("x.bearer_token", "bearer-for-tests")
    desk.inbox.connectors.configure(
        "x-flood", "x", incident, {"query": "سيول الدمام", "base_url": f"{server.url}/2"}
    )


def _fast() -> HttpClient:
    return HttpClient(connect_timeout=1, read_timeout=1, deadline=2, retries=1, backoff=0)


def test_resumes_without_gaps_or_duplicates(
    flood: tuple[Desk, int], local_server: LocalServer
) -> None:
    desk, incident = flood
    fake = FakeX(local_server, per_page=2)
    fake.tweets = [_tweet(n) for n in range(5)]
    _configure(desk, incident, local_server)
    (first,) = poll_incident(desk.inbox, incident, client_factory=_fast)
    assert (first.new, first.duplicate, first.error) == (5, 0, None)
    fake.tweets += [_tweet(n) for n in range(5, 8)]
    (second,) = poll_incident(desk.inbox, incident, client_factory=_fast)
    assert (second.new, second.duplicate, second.error) == (3, 0, None)
    assert desk.inbox.count(InboxFilters(incident, channel="x")) == 8
    state = desk.inbox.connectors.get("x-flood")
    assert state is not None and state.state == "ok" and state.cursor["since_id"] == "1007"
    assert all(a == "Bearer bearer-for-tests" for a in fake.auth)


def test_failing_connector_stays_visible_then_resumes(
    flood: tuple[Desk, int], local_server: LocalServer
) -> None:
    desk, incident = flood
    fake = FakeX(local_server, per_page=10)
    fake.tweets = [_tweet(n) for n in range(3)]
    _configure(desk, incident, local_server)
    poll_incident(desk.inbox, incident, client_factory=_fast)
    fake.tweets += [_tweet(n) for n in range(3, 6)]
    fake.fail_next = 10  # 503 with Retry-After: 0, more times than the client retries
    for expected_failures in (1, 2):
        (outcome,) = poll_incident(desk.inbox, incident, client_factory=_fast)
        assert outcome.error is not None and "503" in outcome.error
        state = desk.inbox.connectors.get("x-flood")
        assert state is not None and state.state == "failing"
        assert state.failures == expected_failures and state.cursor["since_id"] == "1002"
    fake.fail_next = 0
    (outcome,) = poll_incident(desk.inbox, incident, client_factory=_fast)
    assert (outcome.new, outcome.error) == (3, None)
    state = desk.inbox.connectors.get("x-flood")
    assert state is not None and state.state == "ok" and state.failures == 0
    assert desk.inbox.count(InboxFilters(incident, channel="x")) == 6


def test_a_hanging_or_garbled_server_fails_within_the_deadline(
    flood: tuple[Desk, int], local_server: LocalServer
) -> None:
    desk, incident = flood
    _configure(desk, incident, local_server)
    behaviour = {"mode": "hang"}

    @local_server.route("/2/tweets/search/recent")
    def answer(h: Handler) -> None:
        if behaviour["mode"] == "hang":
            h.wait(30)
            return
        if behaviour["mode"] == "trickle":
            h.send_response(200)
            h.send_header("Content-Type", "application/json")
            h.send_header("Content-Length", "100")
            h.end_headers()
            for _ in range(100):
                if h.stopping:
                    return
                h.wfile.write(b" ")
                h.wfile.flush()
                h.wait(1)
            return
        h.send_bytes(200, b'{"data": [', "application/json")

    for mode in ("hang", "trickle", "garbled"):
        behaviour["mode"] = mode
        started = time.monotonic()
        (outcome,) = poll_incident(desk.inbox, incident, client_factory=_fast)
        assert time.monotonic() - started < 6, mode
        assert outcome.error, mode
        state = desk.inbox.connectors.get("x-flood")
        assert state is not None and state.state == "failing" and state.last_error
    assert desk.inbox.count(InboxFilters(incident)) == 0
