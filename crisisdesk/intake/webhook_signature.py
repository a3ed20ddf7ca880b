"""The two checks a WhatsApp Cloud API webhook needs, as pure functions the server calls.

``X-Hub-Signature-256: sha256=<hex>`` is HMAC-SHA256 of the *raw* body with the app secret;
it is compared in constant time. The subscription handshake echoes ``hub.challenge`` only when
``hub.mode`` is ``subscribe`` and ``hub.verify_token`` matches ours.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from crisisdesk.errors import CrisisDeskError

HEADER = "X-Hub-Signature-256"
_HEX64 = re.compile(r"[0-9a-f]{64}")
_CHALLENGE = re.compile(r"[A-Za-z0-9._~-]{1,256}")


class SignatureError(CrisisDeskError):
    """A webhook body whose signature is missing or wrong; answer 401/403, store nothing."""


def _key(secret: str | bytes) -> bytes:
    key = secret.encode("utf-8") if isinstance(secret, str) else secret
    if not key:
        raise SignatureError("no app secret configured; cannot check webhook signatures")
    return key


def sign(body: bytes, secret: str | bytes) -> str:
    """The header value Meta would send for ``body``: ``sha256=<hex>``."""
    return "sha256=" + hmac.new(_key(secret), body, hashlib.sha256).hexdigest()


def check_signature(body: bytes, header: str | None, secret: str | bytes) -> None:
    """Raise ``SignatureError`` (one line, why) unless ``header`` signs ``body``."""
    key = _key(secret)
    if not header:
        raise SignatureError(f"missing {HEADER} header")
    scheme, _, digest = header.strip().partition("=")
    if scheme.lower() != "sha256":
        raise SignatureError(f"{HEADER} must start with 'sha256='")
    digest = digest.lower()
    if not _HEX64.fullmatch(digest):
        raise SignatureError(f"{HEADER} is not 64 hex digits")
    expected = hmac.new(key, body, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, digest):
        raise SignatureError(f"{HEADER} does not match the body")


def is_signed(body: bytes, header: str | None, secret: str | bytes) -> bool:
    """``check_signature`` as a yes/no."""
    try:
        check_signature(body, header, secret)
    except SignatureError:
        return False
    return True


@dataclass(frozen=True, slots=True)
class HandshakeAnswer:
    """What to answer a ``GET`` verification request: a status and a plain-text body."""

    status: int
    body: str


def _first(params: Mapping[str, str | Sequence[str]], name: str) -> str | None:
    value = params.get(name)
    if value is None or isinstance(value, str):
        return value
    return value[0] if value else None


def answer_handshake(
    params: Mapping[str, str | Sequence[str]], verify_token: str
) -> HandshakeAnswer:
    """Answer Meta's ``hub.mode=subscribe&hub.verify_token=…&hub.challenge=…`` request.

    ``params`` may come from ``urllib.parse.parse_qs`` (lists) or be plain strings.
    """
    mode = _first(params, "hub.mode")
    token = _first(params, "hub.verify_token")
    challenge = _first(params, "hub.challenge")
    if mode is None or token is None or challenge is None:
        return HandshakeAnswer(400, "missing hub.mode, hub.verify_token or hub.challenge")
    if not verify_token:
        return HandshakeAnswer(403, "no verify token configured")
    if mode != "subscribe" or not hmac.compare_digest(
        token.encode("utf-8"), verify_token.encode("utf-8")
    ):
        return HandshakeAnswer(403, "verification refused")
    if not _CHALLENGE.fullmatch(challenge):
        return HandshakeAnswer(400, "hub.challenge is not a plain token")
    return HandshakeAnswer(200, challenge)


__all__ = [
    "HEADER",
    "HandshakeAnswer",
    "SignatureError",
    "answer_handshake",
    "check_signature",
    "is_signed",
    "sign",
]
