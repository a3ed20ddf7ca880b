"""E-mail (``.eml`` and ``.mbox``) → ``IncomingMessage`` with the stdlib ``email`` package.

``policy.default`` decodes RFC 2047 headers (windows-1256 Arabic subjects included). The body
prefers text/plain, else HTML reduced to plain text. Attachments are recorded by name, type,
size and SHA-256 — never opened or executed. A mail whose MIME structure is broken (missing
start boundary, no headers, an Outlook ``.msg`` container) is rejected with one line; the
rest of the mailbox still lands.
"""

from __future__ import annotations

import hashlib
import mailbox
from datetime import UTC, datetime
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import getaddresses
from pathlib import Path
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
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Defects after which the body cannot be trusted to be the one the sender wrote.
FATAL_DEFECTS = frozenset(
    {
        "StartBoundaryNotFoundDefect",
        "NoBoundaryInMultipartDefect",
        "MultipartInvariantViolationDefect",
        "MissingHeaderBodySeparatorDefect",
    }
)
_IDENTITY_HEADERS = ("from", "date", "message-id", "subject")


def _header(message: EmailMessage, name: str) -> str | None:
    """A decoded header, or its raw text when the value does not parse."""
    try:
        value = message.get(name)
    except Exception:  # a malformed header must not lose the whole mail
        value = None
        for key, raw in message.raw_items():
            if key.lower() == name:
                value = raw
                break
    return None if value is None else " ".join(str(value).split())


def _address(message: EmailMessage, name: str) -> tuple[str | None, str | None]:
    """(display name, address) of the first mailbox in header ``name``."""
    text = _header(message, name)
    if not text:
        return None, None
    pairs = getaddresses([text])
    if not pairs:
        return None, text
    display, addr = pairs[0]
    return display or None, addr or None


def _date(message: EmailMessage) -> datetime | None:
    try:
        header = message.get("date")
        when = getattr(header, "datetime", None)
    except Exception:
        return None
    if not isinstance(when, datetime):
        return None
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)


def _part_text(part: EmailMessage) -> str:
    try:
        content = part.get_content()
    except (LookupError, ValueError, AssertionError):
        payload = part.get_payload(decode=True)
        content = payload.decode("utf-8", "replace") if isinstance(payload, bytes) else ""
    if isinstance(content, bytes):
        content = content.decode("utf-8", "replace")
    return str(content)


def _body(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    text = _part_text(part)  # type: ignore[arg-type]
    if part.get_content_type() == "text/html":
        return html_to_text(text)
    return text.replace("\r\n", "\n").strip()


def _attachments(message: EmailMessage) -> list[dict[str, Any]]:
    body = message.get_body(preferencelist=("plain", "html"))
    found: list[dict[str, Any]] = []
    for part in message.walk():
        if part is body or part.is_multipart() or part is message:
            continue
        disposition = part.get_content_disposition()
        if disposition is None and part.get_content_maintype() == "text":
            continue  # an alternative body, not an attachment
        payload = part.get_payload(decode=True)
        data = payload if isinstance(payload, bytes) else b""
        try:
            name = part.get_filename()
        except Exception:
            name = None
        found.append(
            {
                "name": name,
                "type": part.get_content_type(),
                "size": len(data),
                "sha256": hashlib.sha256(data).hexdigest(),
                "disposition": disposition,
            }
        )
    return found


def _defects(message: EmailMessage) -> list[str]:
    return [type(d).__name__ for part in message.walk() for d in part.defects]


def parse_bytes(data: bytes, where: str, *, fallback_time: datetime) -> ParseResult:
    """One mail as raw RFC 5322 bytes; ``fallback_time`` dates a mail without a Date header.

    Total: a mail the standard library cannot take apart is rejected with a one-line reason,
    and every rejection keeps the mail's bytes for the quarantine.
    """
    try:
        result = _parse_bytes(data, where, fallback_time=fallback_time)
    except Exception as exc:
        result = ParseResult()
        result.reject(where, describe_error(exc))
    return keep_raw(result, data)


def _parse_bytes(data: bytes, where: str, *, fallback_time: datetime) -> ParseResult:
    result = ParseResult()
    if data.startswith(OLE_MAGIC):
        from crisisdesk.intake.parsers.outlook import parse_msg

        return parse_msg(data, where, fallback_time=fallback_time)
    if not data.strip():
        result.reject(where, "empty mail")
        return result
    message = BytesParser(policy=policy.default).parsebytes(data)
    assert isinstance(message, EmailMessage)
    if not any(_header(message, h) for h in _IDENTITY_HEADERS):
        result.reject(where, "no From, Date, Message-ID or Subject header: not a mail")
        return result
    defects = _defects(message)
    fatal = sorted(set(defects) & FATAL_DEFECTS)
    if fatal:
        result.reject(where, f"malformed MIME structure ({', '.join(fatal)})")
        return result
    if defects:
        result.warn(where, f"minor MIME defects: {', '.join(sorted(set(defects)))}")
    subject = _header(message, "subject") or ""
    body = _body(message)
    text = "\n\n".join(part for part in (subject, body) if part)
    name, address = _address(message, "from")
    reply_name, reply_to = _address(message, "reply-to")
    message_id = (_header(message, "message-id") or "").strip().strip("<>").strip()
    digest = hashlib.sha256(data).hexdigest()
    received_at = _date(message)
    flags: dict[str, Any] = {"subject": subject}
    if received_at is None:
        received_at = fallback_time
        flags["date_missing"] = True
    if not message_id:
        flags["message_id_missing"] = True
    header_block = data.split(b"\n\n", 1)[0].split(b"\r\n\r\n", 1)[0]
    result.messages.append(
        IncomingMessage(
            channel=CHANNEL,
            external_id=message_id or f"sha256:{digest}",
            author_handle=address,
            author_name=name,
            received_at=received_at,
            text=text,
            language=guess_language(text),
            media=_attachments(message),
            # the headers verbatim plus the hash of the whole source; attachments stay out
            raw={
                "headers": header_block.decode("utf-8", "replace"),
                "sha256": digest,
                "size": len(data),
            },
            flags=flags,
            reply_address={
                "email": reply_to or address,
                "name": reply_name or name,
                "message_id": message_id or None,
                "subject": subject,
            }
            if (reply_to or address)
            else None,
        )
    )
    return result


def _mtime(path: Path) -> datetime:
    return datetime.fromtimestamp(path.stat().st_mtime, UTC)


def parse_eml(path: Path) -> ParseResult:
    """Import one ``.eml`` file."""
    return parse_bytes(path.read_bytes(), str(path), fallback_time=_mtime(path))


def parse_mbox(path: Path) -> ParseResult:
    """Import every mail of an ``.mbox``; each is judged on its own."""
    result = ParseResult()
    box = mailbox.mbox(path, create=False)
    try:
        for index, key in enumerate(box.keys()):
            try:
                data = box.get_bytes(key)
            except (OSError, ValueError) as exc:
                result.reject(f"{path} message {index + 1}", f"unreadable: {exc}")
                continue
            result.extend(
                parse_bytes(data, f"{path} message {index + 1}", fallback_time=_mtime(path))
            )
    finally:
        box.close()
    return result


def parse_file(path: Path) -> ParseResult:
    """``.mbox`` (or any file starting with an mbox ``From`` line) or a single mail."""
    with path.open("rb") as fh:
        head = fh.read(5)
    if path.suffix.lower() == ".mbox" or head == b"From ":
        return parse_mbox(path)
    return parse_eml(path)


__all__ = ["CHANNEL", "parse_bytes", "parse_eml", "parse_file", "parse_mbox"]
