"""X API v2 recent search, polled with ``since_id`` so a resumed poll has no gaps or duplicates.

Results arrive newest first, a page at a time (``next_token``). The new ``since_id`` (the first
page's ``meta.newest_id``) is committed only once the last page is read; until then the state
keeps the old ``since_id`` plus the ``next_token`` to continue from, so an interrupted poll
resumes where it stopped. A stale ``next_token`` falls back to the old ``since_id``: tweets seen
again are duplicates that storage ignores, and none are skipped.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from crisisdesk.intake.connectors.base import PollResult
from crisisdesk.intake.http import HttpClient, HttpError, HttpStatusError
from crisisdesk.intake.parsers import x

DEFAULT_BASE_URL = "https://api.x.com/2"
TWEET_FIELDS = (
    "author_id,conversation_id,created_at,entities,geo,lang,public_metrics,referenced_tweets"
)
EXPANSIONS = "author_id,referenced_tweets.id,attachments.media_keys,geo.place_id"
USER_FIELDS = "name,username,location,verified"
MEDIA_FIELDS = "media_key,type,url,preview_image_url"
PLACE_FIELDS = "full_name,country_code"


@dataclass(frozen=True, slots=True)
class XSearchConfig:
    """One saved search, e.g. ``(سيول OR أمطار) (الدمام OR الخبر) -is:retweet``."""

    query: str
    base_url: str = DEFAULT_BASE_URL
    max_results: int = 100
    max_pages: int = 10


def _params(config: XSearchConfig, since_id: str | None, next_token: str | None) -> dict[str, str]:
    params = {
        "query": config.query,
        "max_results": str(max(10, min(100, config.max_results))),
        "tweet.fields": TWEET_FIELDS,
        "expansions": EXPANSIONS,
        "user.fields": USER_FIELDS,
        "media.fields": MEDIA_FIELDS,
        "place.fields": PLACE_FIELDS,
    }
    if since_id:
        params["since_id"] = since_id
    if next_token:
        params["next_token"] = next_token
    return params


def _newer(a: str | None, b: str | None) -> str | None:
    """The larger of two tweet ids (they are numeric strings that grow with time)."""
    if not a or not b:
        return a or b
    return a if int(a) >= int(b) else b


def poll_x_search(
    client: HttpClient,
    config: XSearchConfig,
    bearer_token: str,
    state: Mapping[str, Any] | None = None,
) -> PollResult:
    """Fetch tweets newer than the cursor in ``state``; return them and the next cursor."""
    cursor = dict(state or {})
    since_id: str | None = cursor.get("since_id")
    pending: str | None = cursor.get("pending_newest_id")
    next_token: str | None = cursor.get("next_token")
    poll = PollResult(state=dict(cursor))
    if not bearer_token:
        poll.error = "X: no bearer token configured"
        return poll
    url = f"{config.base_url.rstrip('/')}/tweets/search/recent"
    headers = {"Authorization": f"Bearer {bearer_token}"}
    retried_stale_token = False
    pages = 0
    while pages < config.max_pages:
        try:
            response = client.get(
                url, params=_params(config, since_id, next_token), headers=headers
            )
            poll.requests += 1
            page = response.json()
        except HttpStatusError as exc:
            poll.requests += 1
            if exc.status == 400 and next_token and not retried_stale_token:
                next_token, pending, retried_stale_token = None, None, True
                continue
            poll.error = f"X: {exc}"
            break
        except HttpError as exc:
            poll.error = f"X: {exc}"
            break
        pages += 1
        poll.result.extend(x.parse_page(page, f"{url} page {pages}"))
        meta = page.get("meta") if isinstance(page, dict) else None
        meta = meta if isinstance(meta, dict) else {}
        pending = _newer(pending, meta.get("newest_id"))
        next_token = meta.get("next_token")
        if not next_token:
            since_id = _newer(since_id, pending)
            pending = None
            break
    poll.state = {"since_id": since_id}
    if next_token or pending:
        # stopped mid-way (error or page limit): continue from here next time
        poll.state.update({"next_token": next_token, "pending_newest_id": pending})
    return poll


__all__ = ["DEFAULT_BASE_URL", "XSearchConfig", "poll_x_search"]
