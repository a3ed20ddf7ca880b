"""The municipality website's webhook: signed JSON, one idempotency key per publication.

The body is canonical JSON (sorted keys, UTF-8); the header
``X-CrisisDesk-Signature: sha256=<hex HMAC-SHA256 of the raw body>`` lets the website
reject anything not sent by us, and ``Idempotency-Key`` lets it ignore a retry of a
publication it already has. :func:`verify_signature` is what the receiving side runs.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Mapping
from typing import Any

from crisisdesk.statements.publishers.result import Publication, PublishResult
from crisisdesk.statements.publishers.transport import DEFAULT_TIMEOUT, Timeout, post

__all__ = ["SIGNATURE_HEADER", "WebhookClient", "sign", "verify_signature", "webhook_body"]

SIGNATURE_HEADER = "X-CrisisDesk-Signature"


def sign(body: bytes, secret: str | bytes) -> str:
    """The signature header value for ``body``."""
    key = secret.encode("utf-8") if isinstance(secret, str) else secret
    return "sha256=" + hmac.new(key, body, hashlib.sha256).hexdigest()


def verify_signature(body: bytes, header: str | None, secret: str | bytes) -> bool:
    """Constant-time check of a received signature header."""
    if not header:
        return False
    return hmac.compare_digest(sign(body, secret), header.strip())


def webhook_body(publication: Publication, extra: Mapping[str, Any] | None = None) -> bytes:
    """Canonical JSON bytes: the exact bytes that are signed are the bytes that are sent."""
    data: dict[str, Any] = {
        "idempotency_key": publication.key,
        "statement_id": publication.statement_id,
        "version_hash": publication.version_hash,
        "title": dict(publication.title),
        "text": dict(publication.texts),
        "drill": publication.drill,
    }
    if extra:
        data.update(extra)
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


class WebhookClient:
    """POST to the website's URL; the reply's ``id`` (or ``external_id``) is the external id."""

    def __init__(
        self,
        *,
        url: str,
        secret: str | bytes,
        timeout: Timeout = DEFAULT_TIMEOUT,
    ) -> None:
        self.url = url
        self._secret = secret
        self.timeout = timeout

    def publish(
        self, publication: Publication, extra: Mapping[str, Any] | None = None
    ) -> PublishResult:
        body = webhook_body(publication, extra)
        return post(
            self.url,
            body,
            {SIGNATURE_HEADER: sign(body, self._secret)},
            timeout=self.timeout,
            idempotency_key=publication.key,
            external_id=_reply_id,
            error_text=_error_text,
        )


def _reply_id(data: Any) -> str | None:
    if isinstance(data, dict):
        for key in ("id", "external_id", "url"):
            value = data.get(key)
            if isinstance(value, (str, int)) and not isinstance(value, bool) and str(value):
                return str(value)
    return None


def _error_text(data: Any) -> str | None:
    if isinstance(data, dict):
        for key in ("error", "message", "detail"):
            if data.get(key):
                return str(data[key])
    return None
