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

SECRET_WORDS = ("password", "passwd", "passphrase", "secret", "token", "apikey", "api_key",
                "credential", "private_key")  # fmt: skip
# Names with those words that are not secrets here: pagination cursors.
NOT_SECRET = frozenset({"next_token", "pagination_token"})
HIDDEN = "[secret removed]"


def is_secret_key(key: object) -> bool:
    """True when a setting or payload key names a secret."""
    if not isinstance(key, str):
        return False
    name = key.strip().casefold().replace("-", "_")
    if name in NOT_SECRET:
        return False
    return any(word in name for word in SECRET_WORDS)


def secret_keys(settings: dict[str, Any]) -> list[str]:
    """The keys of ``settings`` that name secrets, sorted."""
    return sorted(k for k in settings if is_secret_key(k))


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
    return redact(value, depth=depth + 1)


def redacted_body(body: str) -> str | None:
    """A decision body with its secrets removed, or ``None`` when it holds none."""
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
