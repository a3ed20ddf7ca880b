"""The last check before storage: every parsed message can be written, or it is set aside.

Parsers are total, but what they hand over still comes from outside: a JSON value that
cannot be encoded, a time a thousand years ahead (it would pin the message to the top of the
inbox for ever). One such message must not fail the whole batch it came with, so it leaves
the batch here with a one-line reason and its raw text, and the rest is stored.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from crisisdesk.intake.parsers.base import describe_error, dump_item

if TYPE_CHECKING:
    from crisisdesk.intake.parsers.base import IncomingMessage, ParseResult

# A sender's clock may run a little ahead; a day ahead is no longer a clock error.
FUTURE_SLACK = timedelta(days=1)


def _storable(message: IncomingMessage, latest: datetime) -> None:
    """Raise ``ValueError`` (or whatever encoding raises) when ``message`` cannot be stored."""
    if message.received_at > latest:
        raise ValueError(
            f"{message.external_id}: time {message.received_at:%Y-%m-%d %H:%M}Z is in the future"
        )
    message.raw_json().encode("utf-8")
    for value in (message.flags, message.location, message.media, message.reply_address):
        if value:
            json.dumps(value, ensure_ascii=False, sort_keys=True, default=str).encode("utf-8")


def admit(result: ParseResult, now: datetime) -> ParseResult:
    """Move every message of ``result`` that cannot be stored to its rejections; returns it."""
    latest = max(now, datetime.now(UTC)) + FUTURE_SLACK
    kept: list[IncomingMessage] = []
    for message in result.messages:
        try:
            _storable(message, latest)
        except Exception as exc:
            result.reject(
                f"{message.channel} {message.external_id}",
                describe_error(exc),
                dump_item(message.raw) if not isinstance(message.raw, str) else message.raw,
            )
            continue
        kept.append(message)
    result.messages = kept
    return result


__all__ = ["FUTURE_SLACK", "admit"]
