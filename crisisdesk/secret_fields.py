"""Which settings are secrets, and how a value that holds one is shown without it.

A connector setting named like a secret (``password``, ``token``, ``bearer_token``,
``secret``, ``app_secret`` ...) belongs in the OS keyring, never in the database. Older
databases may still hold such values in their append-only log; everything that shows or
exports a decision passes its payload through :func:`redact`, so the value stays where it
is (the chain is intact) but never reaches a screen, a command's output or an export.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qsl, urlsplit

SECRET_WORDS = ("password", "passwd", "passphrase", "secret", "token", "apikey", "api_key",
                "credential", "private_key", "bearer")  # fmt: skip
# Short names that are secrets only as a whole name (``key`` but not ``monkey``).
SECRET_NAMES = frozenset({"pass", "pwd", "pin", "key", "auth", "authorization", "cookie"})
# Names with those words that are not secrets here: pagination cursors.
NOT_SECRET = frozenset({"next_token", "pagination_token"})
HIDDEN = "[secret removed]"
_CLUES = (*SECRET_WORDS, *(f'"{name}"' for name in SECRET_NAMES), "api-key", "private-key")


def is_secret_key(key: object) -> bool:
    """True when a setting or payload key names a secret."""
    if not isinstance(key, str):
        return False
    name = key.strip().casefold().replace("-", "_")
    if name in NOT_SECRET:
        return False
    return name in SECRET_NAMES or any(word in name for word in SECRET_WORDS)


def secret_in_value(value: object) -> bool:
    """True when a setting's value carries a secret itself: a URL with a password
    (``https://user:pw@host``) or a secret-named query parameter (``?access_token=…``)."""
    if not isinstance(value, str) or "://" not in value or any(c.isspace() for c in value.strip()):
        return False
    try:
        parts = urlsplit(value.strip())
        has_password = parts.password is not None
    except ValueError:
        return False
    query = parse_qsl(parts.query, keep_blank_values=False)
    return has_password or any(is_secret_key(name) for name, _ in query)


def secret_keys(settings: dict[str, Any], *, values: bool = True) -> list[str]:
    """The keys of ``settings`` that name secrets (or, with ``values``, whose value holds
    one), sorted."""
    return sorted(
        k for k, v in settings.items() if is_secret_key(k) or (values and secret_in_value(v))
    )


def redact(value: Any, *, depth: int = 0) -> Any:
    """``value`` with every secret-named key's text replaced by a marker (keys kept; a
    flag such as ``had_secret: true`` is not a secret and stays)."""
    if depth > 64:  # a log body is shallow; anything deeper is not ours to walk
        return value
    if isinstance(value, dict):
        return {k: _hidden(k, v, depth) for k, v in value.items()}
    if isinstance(value, list):
        return [redact(item, depth=depth + 1) for item in value]
    return value


def _hidden(key: object, value: Any, depth: int) -> Any:
    if is_secret_key(key) and isinstance(value, str | dict | list) and value:
        return HIDDEN
    if secret_in_value(value):
        return HIDDEN
    return redact(value, depth=depth + 1)


def redacted_body(body: str) -> str | None:
    """A decision body with its secrets removed, or ``None`` when it holds none."""
    folded = body.casefold()
    if "://" not in body and not any(word in folded for word in _CLUES):
        return None  # the common case, without parsing the body
    try:
        data = json.loads(body)
    except ValueError:
        return None
    payload = data.get("payload") if isinstance(data, dict) else None
    if not isinstance(payload, dict):
        return None
    clean = redact(payload)
    if clean == payload:
        return None
    data["payload"] = clean
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
