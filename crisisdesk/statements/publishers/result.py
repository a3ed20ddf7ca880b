"""What publishing returns, and the stable key that stops a retry from posting twice."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

__all__ = ["Publication", "PublishResult", "PublishStatus", "bilingual_body", "publication_key"]

PublishStatus = Literal[
    "sent", "recorded", "rejected", "failed", "timeout", "unreachable", "unknown"
]


@dataclass(frozen=True)
class PublishResult:
    """The outcome of one attempt.

    ``retryable`` says whether trying again with the *same* idempotency key may succeed
    (5xx, 429, not connected); a 4xx refusal will fail the same way again.
    ``delivery_unknown`` is set when the request may have reached the server (no answer
    within the deadline, a dropped connection, a 2xx without an id): the outcome is
    unknown until someone checks the channel, and nothing retries it by itself.
    """

    ok: bool
    external_id: str | None
    status: PublishStatus
    error: str | None = None
    retryable: bool = False
    http_status: int | None = None
    delivery_unknown: bool = False
    idempotency_key: str = ""


@dataclass(frozen=True)
class Publication:
    """One approved statement version going to one channel target."""

    key: str
    texts: Mapping[str, str]
    title: Mapping[str, str] = field(default_factory=dict)
    statement_id: str | None = None
    version_hash: str | None = None
    drill: bool = False


def publication_key(version_hash: str, channel: str, target: str = "") -> str:
    """Stable idempotency key of (version, channel, target): every retry reuses it."""
    digest = hashlib.sha256(
        b"crisisdesk-publication\x00"
        + version_hash.encode()
        + b"\x00"
        + channel.encode()
        + b"\x00"
        + target.encode()
    )
    return digest.hexdigest()[:40]


def bilingual_body(texts: Mapping[str, str]) -> str:
    """Arabic first, then English, separated by a blank line (one message, both readers)."""
    return "\n\n".join(t.strip() for t in (texts.get("ar", ""), texts.get("en", "")) if t.strip())
