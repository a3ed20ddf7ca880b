"""One bounded HTTP POST shared by the publishing clients.

The whole exchange (connect, send, read) has one total deadline, not a timeout per read:
a server dripping a byte every few seconds is cut off when the deadline passes (the shared
``HttpClient`` shuts the socket down). Redirects are never followed (a redirected POST may
be replayed elsewhere), at most 1 MiB of reply is read, and the outcome maps to a
:class:`PublishResult`. A request that may have reached the server but got no usable
answer (dropped after reading, timed out, 2xx without an id) is ``unknown``: never
``failed``, never retried by itself.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from crisisdesk.intake.http import HttpClient, HttpError, HttpTooLarge
from crisisdesk.statements.publishers.result import PublishResult, PublishStatus

__all__ = ["DEFAULT_TIMEOUT", "Timeout", "deadline_of", "post"]

Timeout = tuple[float, float]
"""(connect, read) seconds; the whole exchange must end within their sum."""
DEFAULT_TIMEOUT: Timeout = (5.0, 15.0)
_MAX_REPLY = 1 << 20
_RETRYABLE_4XX = frozenset({408, 409, 425, 429})


def deadline_of(timeout: Timeout) -> float:
    """The total deadline of one exchange: connecting plus waiting for the answer."""
    return timeout[0] + timeout[1]


def post(
    url: str,
    body: bytes,
    headers: Mapping[str, str],
    *,
    timeout: Timeout,
    idempotency_key: str,
    external_id: Callable[[Any], str | None],
    error_text: Callable[[Any], str | None],
) -> PublishResult:
    """POST ``body`` and classify the reply; never raises for network or HTTP failures."""
    all_headers = {
        "Content-Type": "application/json; charset=utf-8",
        "Accept": "application/json",
        "Idempotency-Key": idempotency_key,
        **headers,
    }
    total = deadline_of(timeout)
    client = HttpClient(
        connect_timeout=timeout[0],
        read_timeout=timeout[1],
        deadline=total,
        max_bytes=_MAX_REPLY,
        retries=0,
    )
    try:
        response = client.request(
            "POST",
            url,
            headers=all_headers,
            data=body,
            raise_for_status=False,
            allow_redirects=False,
        )
    except HttpTooLarge as exc:
        return _unknown(f"the reply was too large to read ({_one_line(str(exc))})", idempotency_key)
    except HttpError as exc:
        if exc.maybe_delivered:
            return _unknown(_one_line(str(exc)), idempotency_key)
        return PublishResult(
            False,
            None,
            "unreachable",
            _one_line(f"not sent: {exc}"),
            True,
            idempotency_key=idempotency_key,
        )
    finally:
        client.close()
    data: Any = None
    try:
        data = json.loads(response.body.decode("utf-8")) if response.body else None
    except (UnicodeDecodeError, json.JSONDecodeError):
        data = None
    code = response.status
    if 200 <= code < 300:
        ext = external_id(data)
        if ext is None:
            return _unknown(f"HTTP {code} without an id in the reply", idempotency_key, code)
        return PublishResult(True, ext, "sent", None, False, code, idempotency_key=idempotency_key)
    detail = error_text(data) if data is not None else None
    message = f"HTTP {code}" + (f": {detail}" if detail else "")
    retryable = code >= 500 or code in _RETRYABLE_4XX
    status: PublishStatus = "failed" if retryable else "rejected"
    return PublishResult(
        False, None, status, _one_line(message), retryable, code, idempotency_key=idempotency_key
    )


def _unknown(reason: str, key: str, code: int | None = None) -> PublishResult:
    """Sent, perhaps received, never confirmed: a person checks the channel first."""
    return PublishResult(
        False,
        None,
        "unknown",
        f"outcome unknown: {reason}",
        False,
        http_status=code,
        delivery_unknown=True,
        idempotency_key=key,
    )


def _one_line(text: str, limit: int = 300) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
