"""The conversation with one person: their messages and our replies, on every channel.

A citizen who wrote on WhatsApp may call the hotline an hour later; the operator answering
the call should see both, and what we already told them. People are matched by the identity
their channel gives: a phone number (WhatsApp, hotline; written ``+9665…``, ``009665…`` or
``05…``, all the same number), an e-mail address or an X handle (either case, with or without
``@``). Names are never matched: two people called محمد are two people.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from crisisdesk.clock import parse_utc
from crisisdesk.errors import NotFoundError
from crisisdesk.storage.models import Interaction, Reply

LIMIT = 200
_PHONE = re.compile(r"^\+?[\d\s\-().]{7,20}$")
SAUDI = "966"


@dataclass(frozen=True, slots=True)
class ConversationLine:
    """One message in the conversation: theirs (``inbound``) or one of our replies."""

    at: datetime
    inbound: bool
    channel: str
    interaction_id: int
    text: str
    by: str | None  # their name, or the user who replied
    result: str | None  # a reply's result (sent, recorded, failed, …); None for theirs
    current: bool  # the message the operator is answering

    def to_json(self) -> dict[str, Any]:
        return {
            "at": self.at.isoformat(),
            "inbound": self.inbound,
            "channel": self.channel,
            "interaction_id": self.interaction_id,
            "text": self.text,
            "by": self.by,
            "result": self.result,
            "current": self.current,
        }


def handle_variants(handle: str | None) -> set[str]:
    """Every spelling of ``handle`` that names the same person, as stored by the parsers."""
    if not handle or not handle.strip():
        return set()
    text = handle.strip()
    if _PHONE.match(text):
        digits = re.sub(r"\D", "", text)
        if digits.startswith("00"):
            digits = digits[2:]
        if digits.startswith("05") and len(digits) == 10:
            digits = SAUDI + digits[1:]
        if digits.startswith("5") and len(digits) == 9:
            digits = SAUDI + digits
        if len(digits) < 7:
            return {text}
        forms = {digits, "+" + digits, "00" + digits}
        if digits.startswith(SAUDI + "5"):
            local = digits[len(SAUDI) :]
            forms |= {"0" + local, local}
        return forms
    bare = text.lower().removeprefix("@")
    return {bare, "@" + bare}


def _digits_of(column: Any) -> Any:
    """The column without the spaces, dashes, brackets and plus a phone is written with."""
    for mark in (" ", "-", "+", "(", ")", "."):
        column = func.replace(column, mark, "")
    return column


def conversation(
    session: Session, interaction_id: int, *, limit: int = LIMIT
) -> list[ConversationLine]:
    """The person's messages and our replies, oldest first (the last ``limit`` of them)."""
    row = session.get(Interaction, interaction_id)
    if row is None:
        raise NotFoundError(f"no interaction with id {interaction_id}")
    variants = handle_variants(row.author_handle)
    theirs: Sequence[Any]
    if variants:
        who = or_(
            Interaction.id == interaction_id,
            Interaction.author_handle.in_(sorted(variants)),
            func.lower(Interaction.author_handle).in_(sorted(variants)),
        )
        digits = sorted(v for v in variants if v.isdigit())
        if digits:  # a call-taker types "+966 50 …" or "050-…": compare the digits alone
            who = or_(who, _digits_of(Interaction.author_handle).in_(digits))
        theirs = session.execute(
            select(
                Interaction.id,
                Interaction.channel,
                Interaction.received_at,
                Interaction.text,
                Interaction.author_name,
            )
            .where(who)
            .order_by(Interaction.received_at.desc(), Interaction.id.desc())
            .limit(limit)
        ).all()
    else:  # no identity to match: this message alone
        theirs = [(row.id, row.channel, row.received_at, row.text, row.author_name)]
    ids = [t[0] for t in theirs]
    ours = session.execute(
        select(Reply.interaction_id, Reply.channel, Reply.sent_at, Reply.text, Reply.sent_by,
               Reply.result)
        .where(Reply.interaction_id.in_(ids))
        .order_by(Reply.sent_at.desc(), Reply.id.desc())
        .limit(limit)
    ).all()  # fmt: skip
    lines = [
        ConversationLine(parse_utc(at), True, channel, iid, text or "", name, None,
                         iid == interaction_id)
        for iid, channel, at, text, name in theirs
    ] + [
        ConversationLine(parse_utc(at), False, channel, iid, text or "", by, result, False)
        for iid, channel, at, text, by, result in ours
    ]  # fmt: skip
    lines.sort(key=lambda line: (line.at, not line.inbound))
    return lines[-limit:]


__all__ = ["LIMIT", "ConversationLine", "conversation", "handle_variants"]
