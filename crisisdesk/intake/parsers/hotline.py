"""Hotline calls and walk-ins typed by the call-takers, in the same shape as any channel."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from crisisdesk.intake.parsers.base import IncomingMessage, clean_text, guess_language

CHANNEL = "hotline"


def hotline_entry(
    *,
    text: str,
    received_at: datetime,
    caller: str | None = None,
    phone: str | None = None,
    location: str | dict[str, Any] | None = None,
    category: str | None = None,
    taken_by: str | None = None,
    entry_id: str | None = None,
) -> IncomingMessage:
    """One manual entry. The id is generated (a UUID) unless the form already holds one, so
    saving the same form twice is idempotent when the form keeps its ``entry_id``."""
    # typed or pasted by a call-taker: a lone surrogate (from a clipboard) cannot be stored
    text = clean_text(text)
    caller = clean_text(caller) if caller else caller
    phone = clean_text(phone) if phone else phone
    location = clean_text(location) if isinstance(location, str) else location
    if not text.strip():
        raise ValueError("a hotline entry needs the caller's words")
    if received_at.tzinfo is None:
        raise ValueError("received_at must be an aware datetime (take it from the clock)")
    where = {"name": location} if isinstance(location, str) and location.strip() else None
    if isinstance(location, dict):
        where = dict(location)
    flags: dict[str, Any] = {}
    if category:
        flags["category"] = category
    if taken_by:
        flags["taken_by"] = taken_by
    form = {
        "caller": caller,
        "phone": phone,
        "text": text,
        "location": location,
        "category": category,
        "taken_by": taken_by,
    }
    return IncomingMessage(
        channel=CHANNEL,
        external_id=entry_id or f"hotline-{uuid.uuid4()}",
        author_handle=phone or None,
        author_name=caller or None,
        received_at=received_at,
        text=text.strip(),
        language=guess_language(text),
        location=where,
        raw=form,
        flags=flags,
        reply_address={"phone": phone} if phone else None,
    )


__all__ = ["CHANNEL", "hotline_entry"]
