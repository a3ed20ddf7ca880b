"""What a version *is*: its texts and variables, stored as JSON and bound by one hash.

The approval binds to :func:`content_hash`; recomputing it from the stored row before
publishing means a text altered in the database behind the app's back is refused.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from collections.abc import Mapping
from datetime import time
from decimal import Decimal
from typing import Any

from crisisdesk.statements.variables import LocalizedText, Value

__all__ = ["content_hash", "extra_texts", "values_from_data", "values_to_data"]

HASH_DOMAIN = "crisisdesk-statement-version-v1"


def values_to_data(values: Mapping[str, Value]) -> dict[str, Any]:
    """Form values as JSON-able data: per-language text as ``{"ar", "en"}``, times as HH:MM."""
    out: dict[str, Any] = {}
    for name, value in values.items():
        if isinstance(value, LocalizedText):
            out[name] = {"ar": value.ar, "en": value.en}
        elif isinstance(value, time):
            out[name] = value.strftime("%H:%M")
        elif isinstance(value, Decimal):
            out[name] = str(value)
        else:
            out[name] = value
    return out


def values_from_data(data: Mapping[str, Any]) -> dict[str, str | LocalizedText]:
    """Stored variables back as raw form input (the form coerces them again)."""
    out: dict[str, str | LocalizedText] = {}
    for name, value in data.items():
        if isinstance(value, dict):
            out[name] = LocalizedText(str(value.get("ar", "")), str(value.get("en", "")))
        else:
            out[name] = str(value)
    return out


def content_hash(
    text_ar: str,
    text_en: str,
    variables: Mapping[str, Any],
    extra: Mapping[str, str] | None = None,
) -> str:
    """SHA-256 over the canonical JSON of every text and the variables (NFC, sorted keys).

    ``extra`` (the texts in the public's other languages) counts only when there are some,
    so the hash of a version in Arabic and English alone is what it always was."""

    def nfc(value: Any) -> Any:
        if isinstance(value, str):
            return unicodedata.normalize("NFC", value)
        if isinstance(value, dict):
            return {unicodedata.normalize("NFC", str(k)): nfc(v) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return [nfc(v) for v in value]
        return value

    data: dict[str, Any] = {
        "domain": HASH_DOMAIN,
        "text": {"ar": nfc(text_ar), "en": nfc(text_en)},
        "variables": nfc(dict(variables)),
    }
    if extra:
        data["texts_extra"] = nfc(dict(extra))
    raw = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def extra_texts(stored: str | None) -> dict[str, str]:
    """A version's stored texts in other languages (none for a NULL or odd value)."""
    if not stored:
        return {}
    try:
        data = json.loads(stored)
    except ValueError:
        return {}
    if not isinstance(data, dict):
        return {}
    return {str(k): v for k, v in data.items() if isinstance(v, str)}
