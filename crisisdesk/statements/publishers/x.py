"""X API v2: a statement posted as one post (``POST {base_url}/2/tweets``).

X ignores idempotency keys, so an unanswered post is ``delivery_unknown`` and a retry
first looks at the account's recent posts (``GET /2/users/me``, then
``/2/users/{id}/tweets``) for the exact text: found, it is recorded with that post's id
and nothing is posted again.
"""

from __future__ import annotations

import html
import json
import unicodedata
from typing import Any

from crisisdesk.intake.http import HttpClient, HttpError
from crisisdesk.statements.publishers.result import Publication, PublishResult
from crisisdesk.statements.publishers.transport import DEFAULT_TIMEOUT, Timeout, deadline_of, post
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
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.url = f"{self.base_url}/2/tweets"
        self._token = token
        self.timeout = timeout

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
            self.url,
            json.dumps(payload, ensure_ascii=False).encode("utf-8"),
            {"Authorization": f"Bearer {self._token}"},
            timeout=self.timeout,
            idempotency_key=idempotency_key,
            external_id=_post_id,
            error_text=_error_text,
        )

    def find_recent(self, text: str, *, count: int = 50) -> str | None:
        """The id of a recent post of this account whose text is ``text``, or None.

        Raises :class:`HttpError` when the timeline cannot be read: then nobody knows
        whether the post is there, and the caller must not post again.
        """
        auth = {"Authorization": f"Bearer {self._token}", "Accept": "application/json"}
        with HttpClient(
            connect_timeout=self.timeout[0],
            read_timeout=self.timeout[1],
            deadline=deadline_of(self.timeout),
            max_bytes=1 << 20,
            retries=1,
        ) as client:
            me = client.get(f"{self.base_url}/2/users/me", headers=auth).json()
            user_id = me.get("data", {}).get("id") if isinstance(me, dict) else None
            if not isinstance(user_id, str) or not user_id.isalnum():
                raise HttpError("X did not say which account the token belongs to")
            timeline = client.get(
                f"{self.base_url}/2/users/{user_id}/tweets",
                params={"max_results": str(max(5, min(count, 100)))},
                headers=auth,
            ).json()
        posts = timeline.get("data") if isinstance(timeline, dict) else None
        wanted = _comparable(text)
        for item in posts if isinstance(posts, list) else []:
            if (
                isinstance(item, dict)
                and isinstance(item.get("text"), str)
                and _comparable(item["text"]) == wanted
                and isinstance(item.get("id"), str)
            ):
                return str(item["id"])
        return None


def _comparable(text: str) -> str:
    """X returns ``&amp;`` for ``&`` and may normalise white space: compare past that."""
    return " ".join(unicodedata.normalize("NFC", html.unescape(text)).split())


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
