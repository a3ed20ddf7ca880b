"""Canonical JSON: the bytes the decision log hashes (sorted keys, no spaces, NFC, no floats)."""

from __future__ import annotations

import json
import unicodedata
from typing import Any


class CanonicalError(ValueError):
    """A value that canonical JSON does not admit (floats, non-string keys, odd types)."""


def _normalise(value: Any) -> Any:
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, bool) or value is None or isinstance(value, int):
        return value
    if isinstance(value, float):
        raise CanonicalError("floats are not allowed in canonical JSON; use integers or strings")
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for key, item in value.items():
            if not isinstance(key, str):
                raise CanonicalError(f"object keys must be strings, not {type(key).__name__}")
            out[unicodedata.normalize("NFC", key)] = _normalise(item)
        return out
    if isinstance(value, list | tuple):
        return [_normalise(item) for item in value]
    raise CanonicalError(f"{type(value).__name__} is not allowed in canonical JSON")


def canonical_json(value: Any) -> bytes:
    """Encode ``value`` as canonical JSON bytes (UTF-8)."""
    text = json.dumps(
        _normalise(value),
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
        allow_nan=False,
    )
    return text.encode("utf-8")


def canonical_text(value: Any) -> str:
    """Canonical JSON as text (what the database column holds)."""
    return canonical_json(value).decode("utf-8")
