"""Small builders of ``IncomingMessage`` for the inbox tests."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from crisisdesk.intake.parsers.base import IncomingMessage, ParseResult
from tests.unit.intake.inbox.conftest import START


def wa(external_id: str, text: str, *, at: datetime | None = None, **extra: Any) -> IncomingMessage:
    return IncomingMessage(
        channel="whatsapp",
        external_id=external_id,
        author_handle=extra.pop("handle", "966500000001"),
        author_name=extra.pop("name", "مواطن"),
        received_at=at or START - timedelta(minutes=5),
        text=text,
        language=extra.pop("language", "ar"),
        raw={"id": external_id, "text": text},
        **extra,
    )


def batch(*messages: IncomingMessage) -> ParseResult:
    return ParseResult(messages=list(messages))
