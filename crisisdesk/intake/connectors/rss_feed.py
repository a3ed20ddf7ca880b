"""News-feed polling with conditional GET (ETag / Last-Modified): an unchanged feed costs a 304."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from crisisdesk.clock import Clock
from crisisdesk.intake.connectors.base import PollResult
from crisisdesk.intake.http import HttpClient, HttpError
from crisisdesk.intake.parsers import rss

FEED_MAX_BYTES = 5 * 1024 * 1024


def poll_feed(
    client: HttpClient,
    url: str,
    state: Mapping[str, Any] | None,
    *,
    clock: Clock,
) -> PollResult:
    """Fetch ``url`` unless unchanged since ``state``; undated entries get ``clock.now()``."""
    cursor = dict(state or {})
    poll = PollResult(state=cursor)
    headers = {
        "Accept": "application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.5"
    }
    if cursor.get("etag"):
        headers["If-None-Match"] = str(cursor["etag"])
    if cursor.get("last_modified"):
        headers["If-Modified-Since"] = str(cursor["last_modified"])
    try:
        response = client.get(url, headers=headers, max_bytes=FEED_MAX_BYTES)
    except HttpError as exc:
        poll.error = f"feed: {exc}"
        return poll
    poll.requests = 1
    if response.status == 304:
        return poll
    poll.result = rss.parse_feed(
        response.body, url, response_headers=response.headers, fetched_at=clock.now()
    )
    poll.state = {
        "etag": response.header("etag"),
        "last_modified": response.header("last-modified"),
    }
    if poll.result.rejected and not poll.result.messages:
        poll.error = f"feed: {poll.result.rejected[0]}"
    return poll


__all__ = ["FEED_MAX_BYTES", "poll_feed"]
