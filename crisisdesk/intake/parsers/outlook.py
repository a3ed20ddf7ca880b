"""Outlook ``.msg`` files → the same ``IncomingMessage`` as an RFC 5322 mail.

Outlook saves a mail dragged out of it as ``.msg`` (an OLE compound file), whatever the file
is named; government offices send these around. The ``extract-msg`` library reads them: the
sender, date, Message-ID, subject, the plain body (or the HTML body made plain) and the
attachments' names. A file it cannot read is rejected in one line, never raised.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from email.utils import getaddresses
from typing import Any

from crisisdesk.intake.parsers.base import (
    IncomingMessage,
    ParseResult,
    describe_error,
    guess_language,
    keep_raw,
)
from crisisdesk.text.plain import html_to_text

CHANNEL = "email"


def _text(value: object) -> str:
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return "" if value is None else str(value)


def _attachment(attachment: Any) -> dict[str, Any]:
    """Name, type, size and SHA-256 of one attachment, as for an RFC 5322 mail."""
    data = attachment.data if isinstance(getattr(attachment, "data", None), bytes) else b""
    return {
        "name": _text(attachment.longFilename or attachment.shortFilename) or None,
        "type": _text(getattr(attachment, "mimetype", None)) or "application/octet-stream",
        "size": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
    }


def _message(msg: Any, data: bytes, where: str, fallback_time: datetime) -> IncomingMessage:
    subject = " ".join(_text(msg.subject).split())
    body = _text(msg.body).replace("\r\n", "\n").strip()
    if not body and msg.htmlBody:
        body = html_to_text(_text(msg.htmlBody))
    text = "\n\n".join(part for part in (subject, body) if part)
    pairs = getaddresses([_text(msg.sender)])
    name, address = pairs[0] if pairs else ("", "")
    reply_pairs = getaddresses([_text(getattr(msg, "replyTo", None))])
    reply_name, reply_to = reply_pairs[0] if reply_pairs else ("", "")
    message_id = _text(msg.messageId).strip().strip("<>").strip()
    digest = hashlib.sha256(data).hexdigest()
    flags: dict[str, Any] = {"subject": subject, "outlook_msg": True}
    received_at = msg.date if isinstance(msg.date, datetime) else None
    if received_at is None:
        received_at, flags["date_missing"] = fallback_time, True
    elif received_at.tzinfo is None:
        received_at = received_at.replace(tzinfo=UTC)
    if not message_id:
        flags["message_id_missing"] = True
    media = [_attachment(a) for a in msg.attachments]
    return IncomingMessage(
        channel=CHANNEL,
        external_id=message_id or f"sha256:{digest}",
        author_handle=address or None,
        author_name=name or None,
        received_at=received_at,
        text=text,
        language=guess_language(text),
        media=media,
        raw={"headers": _text(msg.header), "sha256": digest, "size": len(data)},
        flags=flags,
        reply_address={
            "email": reply_to or address or None,
            "name": reply_name or name or None,
            "message_id": message_id or None,
            "subject": subject,
        }
        if (reply_to or address)
        else None,
    )


def parse_msg(data: bytes, where: str, *, fallback_time: datetime) -> ParseResult:
    """One Outlook ``.msg`` file as raw bytes."""
    import extract_msg

    result = ParseResult()
    try:
        msg = extract_msg.openMsg(data)
    except Exception as exc:
        result.reject(where, f"an Outlook .msg file that cannot be read ({describe_error(exc)})")
        return keep_raw(result, data)
    try:
        if not isinstance(msg, extract_msg.Message):
            result.reject(where, f"an Outlook file that is not a mail ({type(msg).__name__})")
        else:
            result.messages.append(_message(msg, data, where, fallback_time))
    except Exception as exc:
        result.reject(where, describe_error(exc))
    finally:
        msg.close()
    return keep_raw(result, data)


__all__ = ["parse_msg"]
