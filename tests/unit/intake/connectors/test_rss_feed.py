from __future__ import annotations

from datetime import UTC, datetime

from crisisdesk.clock import ManualClock
from crisisdesk.intake.connectors.rss_feed import poll_feed
from crisisdesk.intake.http import HttpClient
from tests.unit.intake.conftest import Handler, LocalServer

FEED = (
    '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>أخبار</title>'
    "<item><guid>a1</guid><title>إغلاق طريق الكورنيش</title>"
    "<pubDate>Thu, 01 Jan 2026 06:00:00 GMT</pubDate></item></channel></rss>"
).encode()


def test_conditional_get_with_etag_and_last_modified(local_server: LocalServer) -> None:
    @local_server.route("/feed")
    def feed(h: Handler) -> None:
        if h.headers.get("If-None-Match") == '"v1"':
            h.send_response(304)
            h.end_headers()
            return
        h.send_bytes(
            200,
            FEED,
            "application/rss+xml",
            {"ETag": '"v1"', "Last-Modified": "Thu, 01 Jan 2026 06:00:00 GMT"},
        )

    clock = ManualClock(datetime(2026, 1, 1, 7, 0, tzinfo=UTC))
    with HttpClient(deadline=5, retries=0) as client:
        first = poll_feed(client, f"{local_server.url}/feed", None, clock=clock)
        assert first.ok and [m.external_id for m in first.result.messages] == ["a1"]
        assert first.state == {"etag": '"v1"', "last_modified": "Thu, 01 Jan 2026 06:00:00 GMT"}
        second = poll_feed(client, f"{local_server.url}/feed", first.state, clock=clock)
    assert second.ok and second.result.messages == [] and second.state == first.state
    sent = local_server.requests[1]["headers"]
    assert isinstance(sent, dict)
    assert sent["If-Modified-Since"] == "Thu, 01 Jan 2026 06:00:00 GMT"


def test_failing_feed_keeps_its_state_and_reports(local_server: LocalServer) -> None:
    @local_server.route("/down")
    def down(h: Handler) -> None:
        h.send_json(500, {})

    @local_server.route("/junk")
    def junk(h: Handler) -> None:
        h.send_bytes(200, b"<html>not a feed", "text/html")

    clock = ManualClock()
    with HttpClient(deadline=5, retries=0) as client:
        poll = poll_feed(client, f"{local_server.url}/down", {"etag": "x"}, clock=clock)
        assert poll.error is not None and "HTTP 500" in poll.error
        assert poll.state == {"etag": "x"}
        junk_poll = poll_feed(client, f"{local_server.url}/junk", None, clock=clock)
    assert junk_poll.result.messages == []
