"""WhatsApp Business Cloud API webhook bodies → ``IncomingMessage``.

Accepts what the webhook receives (one body per POST) and what operators save: one body as
JSON, one body per line, a list of bodies, or an object mapping case names to bodies. Newer
payloads may omit ``wa_id``/``from`` (Meta moves to ``user_id``); then the user id is the
handle, or the author is marked unknown. Statuses are delivery receipts of *our* replies.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from crisisdesk.intake.parsers.base import (
    JSON,
    IncomingMessage,
    Kind,
    ParseResult,
    describe_error,
    dump_item,
    guess_language,
    iter_json_lines,
    keep_raw,
    load_json,
    parse_time,
    read_text,
)

CHANNEL = "whatsapp"
MEDIA_TYPES = ("image", "audio", "video", "document", "sticker")


def is_webhook_body(document: object) -> bool:
    """True for a Cloud API webhook POST body (``{"object": ..., "entry": [...]}``)."""
    return isinstance(document, dict) and isinstance(document.get("entry"), list)


def parse_body(body: object, where: str = "body") -> ParseResult:
    """Every message and status in one webhook body; a bad item is rejected, the rest kept.

    Total: whatever the JSON holds (wrong types, huge numbers, deep nesting), each item ends
    as a message or a rejection with a one-line reason; nothing is raised.
    """
    result = ParseResult()
    if not is_webhook_body(body):
        result.reject(where, "not a WhatsApp webhook body (no 'entry' list)", dump_item(body))
        return result
    assert isinstance(body, dict)
    for e, entry in enumerate(body["entry"]):
        changes = entry.get("changes") if isinstance(entry, dict) else None
        if not isinstance(changes, list):
            result.reject(f"{where} entry[{e}]", "entry has no 'changes' list", dump_item(entry))
            continue
        for c, change in enumerate(changes):
            here = f"{where} entry[{e}].changes[{c}]"
            value = change.get("value") if isinstance(change, dict) else None
            if not isinstance(value, dict):
                result.reject(here, "change has no 'value' object", dump_item(change))
                continue
            try:
                _parse_value(value, here, result)
            except Exception as exc:  # a wrong type anywhere in the value: set it aside
                result.reject(here, describe_error(exc), dump_item(value))
    return result


def _listed(value: object) -> list[Any]:
    """A JSON array as a list; any other type (a string, an object, a number) as empty."""
    return value if isinstance(value, list) else []


def _parse_value(value: JSON, where: str, result: ParseResult) -> None:
    metadata = value.get("metadata") or {}
    phone_number_id = metadata.get("phone_number_id") if isinstance(metadata, dict) else None
    if not isinstance(phone_number_id, str):
        phone_number_id = None
    contacts = [c for c in _listed(value.get("contacts")) if isinstance(c, dict)]
    for i, message in enumerate(_listed(value.get("messages"))):
        here = f"{where}.messages[{i}]"
        if not isinstance(message, dict):
            result.reject(here, "message is not a JSON object", dump_item(message))
            continue
        try:
            result.messages.append(_message(message, contacts, phone_number_id, value))
        except Exception as exc:  # wrong JSON types end here, as a one-line reason
            result.reject(here, describe_error(exc), dump_item(message))
    for i, status in enumerate(_listed(value.get("statuses"))):
        here = f"{where}.statuses[{i}]"
        if not isinstance(status, dict):
            result.reject(here, "status is not a JSON object", dump_item(status))
            continue
        try:
            result.messages.append(_status(status, phone_number_id))
        except Exception as exc:
            result.reject(here, describe_error(exc), dump_item(status))
    for error in _listed(value.get("errors")):
        if isinstance(error, dict):
            result.warn(where, f"WhatsApp reported error {error.get('code')}: {error.get('title')}")


def _contact_for(message: JSON, contacts: list[JSON]) -> JSON | None:
    sender = message.get("from")
    user_id = message.get("from_user_id")
    for contact in contacts:
        if sender and contact.get("wa_id") == sender:
            return contact
        if user_id and contact.get("user_id") == user_id:
            return contact
    return contacts[0] if len(contacts) == 1 else None


def _required(message: JSON) -> tuple[str, Any]:
    external_id = message.get("id")
    if not isinstance(external_id, str) or not external_id:
        raise ValueError("message has no 'id'")
    received_at = parse_time(message.get("timestamp"))
    if received_at is None:
        raise ValueError(f"message {external_id} has no valid 'timestamp'")
    return external_id, received_at


def _media(kind: str, body: JSON) -> dict[str, Any]:
    item: dict[str, Any] = {"type": kind}
    for key in ("id", "mime_type", "sha256", "filename", "url", "voice", "animated"):
        if key in body:
            item[key] = body[key]
    return item


def _content(message: JSON) -> tuple[str, list[dict[str, Any]], dict[str, Any] | None, JSON]:
    """Text, media, location and extra flags of a message body (also an edit's new body)."""
    kind = message.get("type")
    flags: JSON = {}
    media: list[dict[str, Any]] = []
    location: dict[str, Any] | None = None
    text = ""
    if kind == "text":
        text = str((message.get("text") or {}).get("body") or "")
    elif kind in MEDIA_TYPES:
        body = message.get(kind) or {}
        media.append(_media(kind, body))
        text = str(body.get("caption") or "")
    elif kind == "location":
        loc = message.get("location") or {}
        location = {
            k: loc[k] for k in ("latitude", "longitude", "name", "address", "url") if k in loc
        }
        text = " — ".join(str(loc[k]) for k in ("name", "address") if loc.get(k))
    elif kind == "interactive":
        interactive = message.get("interactive") or {}
        reply = interactive.get(interactive.get("type") or "") or {}
        if isinstance(reply, dict) and reply:
            text = "\n".join(str(reply[k]) for k in ("title", "description") if reply.get(k))
            flags["reply_id"] = reply.get("id")
    elif kind == "button":
        button = message.get("button") or {}
        text = str(button.get("text") or "")
        flags["button_payload"] = button.get("payload")
    elif kind == "contacts":
        lines = []
        for card in message.get("contacts") or []:
            name = (card.get("name") or {}).get("formatted_name") or ""
            phones = ", ".join(p.get("phone", "") for p in card.get("phones") or [])
            lines.append(f"{name} {phones}".strip())
        text = "\n".join(lines)
    elif kind == "order":
        order = message.get("order") or {}
        items = ", ".join(
            f"{p.get('quantity')} × {p.get('product_retailer_id')}"
            for p in order.get("product_items") or []
        )
        text = "\n".join(t for t in (str(order.get("text") or ""), items) if t)
    elif kind == "system":
        text = str((message.get("system") or {}).get("body") or "")
    if kind == "unsupported" or "errors" in message:
        flags["unsupported"] = (message.get("unsupported") or {}).get("type") or True
        flags["errors"] = [e.get("title") for e in message.get("errors") or []]
    if "referral" in message:
        referral = message.get("referral") or {}
        flags["referral"] = referral
        if not text:
            text = str(referral.get("body") or referral.get("headline") or "")
    return text, media, location, flags


def _message(
    message: JSON, contacts: list[JSON], phone_number_id: str | None, value: JSON
) -> IncomingMessage:
    external_id, received_at = _required(message)
    contact = _contact_for(message, contacts)
    wa_id = message.get("from") or (contact or {}).get("wa_id")
    user_id = message.get("from_user_id") or (contact or {}).get("user_id")
    name = ((contact or {}).get("profile") or {}).get("name")
    kind_name = str(message.get("type") or "unknown")
    kind: Kind = "message"
    refers_to: str | None = None
    flags: JSON = {"type": kind_name}
    text, media, location, extra = _content(message)
    if kind_name == "reaction":
        reaction = message.get("reaction") or {}
        kind, refers_to = "reaction", reaction.get("message_id")
        text = str(reaction.get("emoji") or "")
        flags["removed"] = not text
    elif kind_name == "edit":
        edit = message.get("edit") or {}
        kind, refers_to = "edit", edit.get("original_message_id")
        text, media, location, extra = _content(edit.get("message") or {})
    elif kind_name == "revoke":
        kind, refers_to = "delete", (message.get("revoke") or {}).get("original_message_id")
    elif kind_name == "system":
        kind = "status"
        flags["system"] = (message.get("system") or {}).get("type")
    if kind in ("edit", "delete", "reaction") and not refers_to:
        raise ValueError(f"{kind_name} {external_id} does not name the original message")
    flags.update(extra)
    context = message.get("context") or {}
    for key in ("forwarded", "frequently_forwarded"):
        if context.get(key):
            flags[key] = True
    if context.get("id") and kind == "message":
        flags["in_reply_to"] = context["id"]
    if not wa_id and not user_id:
        flags["author_unknown"] = True
    reply_address = None
    if phone_number_id and (wa_id or user_id):
        reply_address = {"phone_number_id": phone_number_id, "wa_id": wa_id, "user_id": user_id}
    return IncomingMessage(
        channel=CHANNEL,
        external_id=external_id,
        author_handle=wa_id or user_id,
        author_name=name,
        received_at=received_at,
        text=text,
        language=guess_language(text) if kind in ("message", "edit") else None,
        location=location,
        media=media,
        raw={
            "message": message,
            "contacts": value.get("contacts") or [],
            "metadata": value.get("metadata") or {},
        },
        kind=kind,
        refers_to=refers_to,
        flags=flags,
        reply_address=reply_address,
    )


def _status(status: JSON, phone_number_id: str | None) -> IncomingMessage:
    message_id = status.get("id")
    state = status.get("status")
    if not isinstance(message_id, str) or not message_id or not state:
        raise ValueError("status has no message 'id' or no 'status'")
    received_at = parse_time(status.get("timestamp"))
    if received_at is None:
        raise ValueError(f"status of {message_id} has no valid 'timestamp'")
    recipient = status.get("recipient_participant_id") or status.get("recipient_id")
    flags: JSON = {"status": state}
    if status.get("errors"):
        flags["errors"] = [e.get("title") for e in status["errors"] if isinstance(e, dict)]
    if status.get("recipient_type"):
        flags["recipient_type"] = status["recipient_type"]
    return IncomingMessage(
        channel=CHANNEL,
        # one message gets several receipts (sent, delivered, read): each is its own row
        external_id=f"{message_id}#{state}#{status.get('timestamp')}#{recipient}",
        author_handle=recipient,
        author_name=None,
        received_at=received_at,
        text=str(state),
        raw=status,
        kind="status",
        refers_to=message_id,
        flags=flags,
        reply_address={"phone_number_id": phone_number_id} if phone_number_id else None,
    )


def parse_raw_body(body: bytes, where: str = "body") -> ParseResult:
    """A POST body exactly as received by the webhook (after its signature was checked)."""
    result = ParseResult()
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        result.reject(where, "body is not UTF-8")
        return result
    try:
        document = load_json(text)
    except ValueError as exc:
        result.reject(where, str(exc))
        return result
    return parse_body(document, where)


def bodies_in(document: object) -> list[tuple[str, object]]:
    """The webhook bodies inside one saved JSON document, labelled for error messages."""
    if is_webhook_body(document):
        return [("", document)]
    if isinstance(document, list):
        return [(f"[{i}]", item) for i, item in enumerate(document)]
    if (
        isinstance(document, dict)
        and document
        and all(is_webhook_body(v) for v in document.values())
    ):
        return [(f"[{key}]", body) for key, body in document.items()]
    return [("", document)]


def parse_text(text: str, where: str) -> ParseResult:
    """Saved bodies: one JSON document, JSON lines, a list, or a case-name → body object.

    A rejection keeps the whole body it came in (the line, or the body as JSON): a retry
    from the quarantine parses that body again.
    """
    result = ParseResult()
    for here, document, line in iter_json_lines(text, where):
        if isinstance(document, ValueError):
            result.reject(here, str(document), line)
            continue
        bodies = bodies_in(document)
        for label, body in bodies:
            parsed = parse_body(body, f"{here}{label}")
            if parsed.rejected:
                keep_raw(parsed, line if line is not None and len(bodies) == 1 else dump_item(body))
            result.extend(parsed)
    return result


def parse_file(path: Path) -> ParseResult:
    """Import a file of saved webhook bodies."""
    return parse_text(read_text(path), str(path))


__all__ = [
    "CHANNEL",
    "bodies_in",
    "is_webhook_body",
    "parse_body",
    "parse_file",
    "parse_raw_body",
    "parse_text",
]
