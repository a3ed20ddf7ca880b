"""X API v2: a statement posted as one post (``POST {base_url}/2/tweets``).

X has no idempotency key of its own and refuses an identical post as duplicate content
(403); the key is still sent so a proxy or a test server can deduplicate, and a read
timeout is flagged ``delivery_unknown`` so the caller checks the timeline before a
retry instead of risking a double post.
"""

from __future__ import annotations

import json
from typing import Any

import requests

from crisisdesk.statements.channels.result import Publication, PublishResult
from crisisdesk.statements.channels.transport import DEFAULT_TIMEOUT, Timeout, post
from crisisdesk.statements.rules import X_MAX_WEIGHTED, x_weighted_length

__all__ = ["XClient"]


class XClient:
    """Posts with an OAuth 2.0 user-context bearer token read from the keyring by the caller."""

    def __init__(
        self,
        *,
        base_url: str = "https://api.x.com",
        token: str,
        timeout: Timeout = DEFAULT_TIMEOUT,
        session: requests.Session | None = None,
    ) -> None:
        self.url = f"{base_url.rstrip('/')}/2/tweets"
        self._token = token
        self.timeout = timeout
        self._session = session or requests.Session()

    def publish(self, publication: Publication, lang: str = "ar") -> PublishResult:
        """Post the statement's text in ``lang``."""
        return self.post_text(publication.texts.get(lang, ""), publication.key)

    def post_text(
        self, text: str, idempotency_key: str, reply_to: str | None = None
    ) -> PublishResult:
        weight = x_weighted_length(text)
        if not text.strip() or weight > X_MAX_WEIGHTED:
            return PublishResult(
                False,
                None,
                "rejected",
                f"post weighs {weight} of {X_MAX_WEIGHTED}" if text.strip() else "empty post",
                False,
                idempotency_key=idempotency_key,
            )
        payload: dict[str, Any] = {"text": text}
        if reply_to:
            payload["reply"] = {"in_reply_to_tweet_id": reply_to}
        return post(
            self._session,
            self.url,
            json.dumps(payload, ensure_ascii=False).encode("utf-8"),
            {"Authorization": f"Bearer {self._token}"},
            timeout=self.timeout,
            idempotency_key=idempotency_key,
            external_id=_post_id,
            error_text=_error_text,
        )


def _post_id(data: Any) -> str | None:
    try:
        value = data["data"]["id"]
    except (TypeError, KeyError):
        return None
    return value if isinstance(value, str) and value else None


def _error_text(data: Any) -> str | None:
    if not isinstance(data, dict):
        return None
    parts = [str(data[k]) for k in ("title", "detail") if data.get(k)]
    errors = data.get("errors")
    if isinstance(errors, list):
        parts += [str(e.get("message")) for e in errors if isinstance(e, dict) and e.get("message")]
    return " — ".join(parts) or None
