"""One bounded HTTP POST shared by the publishing clients.

Every request has connect and read timeouts, never follows redirects (a redirected
POST may be replayed elsewhere), reads at most 1 MiB of reply, and maps the outcome to
a :class:`PublishResult` whose ``retryable`` flag the caller can trust.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

import requests

from crisisdesk.statements.channels.result import PublishResult, PublishStatus

__all__ = ["DEFAULT_TIMEOUT", "Timeout", "post"]

Timeout = tuple[float, float]
DEFAULT_TIMEOUT: Timeout = (5.0, 15.0)
_MAX_REPLY = 1 << 20
_RETRYABLE_4XX = frozenset({408, 409, 425, 429})


def post(
    session: requests.Session,
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
        "User-Agent": "CrisisDesk/0.1",
        **headers,
    }
    try:
        response = session.post(
            url,
            data=body,
            headers=all_headers,
            timeout=timeout,
            allow_redirects=False,
            stream=True,
        )
    except requests.ConnectTimeout:
        return PublishResult(
            False,
            None,
            "unreachable",
            "connection timed out",
            True,
            idempotency_key=idempotency_key,
        )
    except requests.ReadTimeout:
        return PublishResult(
            False,
            None,
            "timeout",
            f"no reply within {timeout[1]:g} s",
            True,
            delivery_unknown=True,
            idempotency_key=idempotency_key,
        )
    except requests.ConnectionError as exc:
        return PublishResult(
            False,
            None,
            "unreachable",
            _one_line(f"cannot connect: {type(exc).__name__}"),
            True,
            idempotency_key=idempotency_key,
        )
    except requests.RequestException as exc:
        return PublishResult(
            False,
            None,
            "failed",
            _one_line(f"request failed: {type(exc).__name__}"),
            False,
            idempotency_key=idempotency_key,
        )
    with response:
        try:
            raw = response.raw.read(_MAX_REPLY + 1, decode_content=True)
        except (requests.RequestException, OSError) as exc:
            return PublishResult(
                False,
                None,
                "timeout",
                _one_line(f"reply cut short: {type(exc).__name__}"),
                True,
                http_status=response.status_code,
                delivery_unknown=True,
                idempotency_key=idempotency_key,
            )
    data: Any = None
    if len(raw) <= _MAX_REPLY:
        try:
            data = json.loads(raw.decode("utf-8")) if raw else None
        except (UnicodeDecodeError, json.JSONDecodeError):
            data = None
    code = response.status_code
    if 200 <= code < 300:
        ext = external_id(data)
        if ext is None:
            return PublishResult(
                False,
                None,
                "failed",
                f"HTTP {code} without an id in the reply",
                False,
                http_status=code,
                delivery_unknown=True,
                idempotency_key=idempotency_key,
            )
        return PublishResult(True, ext, "sent", None, False, code, idempotency_key=idempotency_key)
    detail = error_text(data) if data is not None else None
    message = f"HTTP {code}" + (f": {detail}" if detail else "")
    retryable = code >= 500 or code in _RETRYABLE_4XX
    status: PublishStatus = "failed" if retryable else "rejected"
    return PublishResult(
        False, None, status, _one_line(message), retryable, code, idempotency_key=idempotency_key
    )


def _one_line(text: str, limit: int = 300) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
