"""What the inbox shows: one row per interaction, the detail of one, and the list filters."""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields
from datetime import datetime
from typing import Any

from crisisdesk.clock import parse_utc, utc_iso
from crisisdesk.intake.vocabulary import OPEN_STATUSES, STATUSES, VERIFICATION

PREVIEW_CHARS = 1000


@dataclass(frozen=True, slots=True)
class InboxFilters:
    """The inbox filters; ``None`` means "any". ``assignee='-'`` means unassigned."""

    incident_id: int
    channel: str | None = None
    category: str | None = None
    status: str | None = None
    priority: str | None = None
    assignee: str | None = None
    overdue: bool | None = None
    cluster_id: int | None = None
    search: str | None = None
    unit: str | None = None  # the code of the network unit it is routed to

    def to_json(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


@dataclass(frozen=True, slots=True)
class InteractionRow:
    """One line of the inbox. ``text`` is the original, cut to a preview length."""

    id: int
    channel: str
    external_id: str
    author_handle: str | None
    author_name: str | None
    received_at: datetime
    text: str
    language: str | None
    category: str | None
    priority: str | None
    status: str
    assignee: str | None
    assignee_unit: str | None
    response_due: datetime | None
    overdue: bool
    cluster_id: int | None
    edited: bool
    deleted: bool
    flags: dict[str, Any] = field(default_factory=dict)
    # the triage version this row shows (a change sent from it carries it), and its author
    version: int = 0
    changed_by: str | None = None

    def is_overdue(self, now: datetime) -> bool:
        return self.overdue or (
            self.response_due is not None
            and self.status in OPEN_STATUSES
            and self.response_due < now
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "channel": self.channel,
            "external_id": self.external_id,
            "author_handle": self.author_handle,
            "author_name": self.author_name,
            "received_at": utc_iso(self.received_at),
            "text": self.text,
            "language": self.language,
            "category": self.category,
            "priority": self.priority,
            "status": self.status,
            "assignee": self.assignee,
            "assignee_unit": self.assignee_unit,
            "response_due": utc_iso(self.response_due) if self.response_due else None,
            "overdue": self.overdue,
            "cluster_id": self.cluster_id,
            "edited": self.edited,
            "deleted": self.deleted,
            "version": self.version,
            "changed_by": self.changed_by,
        }


@dataclass(frozen=True, slots=True)
class EventInfo:
    kind: str
    external_id: str
    received_at: datetime
    text: str | None
    flags: dict[str, Any]


@dataclass(frozen=True, slots=True)
class ReplyInfo:
    id: int
    text: str
    channel: str
    mode: str
    sent_at: datetime
    sent_by: str
    result: str
    external_id: str | None
    error: str | None
    template_id: str | None


@dataclass(frozen=True, slots=True)
class InteractionDetail:
    """Everything about one interaction: the full original text, raw payload, history."""

    row: InteractionRow
    text: str
    edited_text: str | None
    raw: str
    location: dict[str, Any] | None
    media: list[dict[str, Any]]
    reply_address: dict[str, Any] | None
    first_response_at: datetime | None
    events: list[EventInfo]
    replies: list[ReplyInfo]
    highlights: list[tuple[int, int]]
    # why triage did what it did: source kind, the watch-word rule that tagged it, where its
    # response due came from (or why it needs no answer), its tone and emotion
    triage: dict[str, Any] | None = None

    def to_json(self) -> dict[str, Any]:
        data = self.row.to_json()
        data.update(triage=self.triage or {})
        data.update(
            text=self.text,
            edited_text=self.edited_text,
            raw=self.raw,
            location=self.location,
            media=self.media,
            first_response_at=utc_iso(self.first_response_at) if self.first_response_at else None,
            events=[
                {
                    "kind": e.kind,
                    "external_id": e.external_id,
                    "at": utc_iso(e.received_at),
                    "text": e.text,
                    "flags": e.flags,
                }
                for e in self.events
            ],
            replies=[
                {
                    "id": r.id,
                    "text": r.text,
                    "channel": r.channel,
                    "mode": r.mode,
                    "sent_at": utc_iso(r.sent_at),
                    "sent_by": r.sent_by,
                    "result": r.result,
                    "external_id": r.external_id,
                    "error": r.error,
                    "template": r.template_id,
                }
                for r in self.replies
            ],
            highlights=[list(s) for s in self.highlights],
        )
        return data


def loads(text: str | None, default: Any) -> Any:
    if not text:
        return default
    try:
        return json.loads(text)
    except ValueError:
        return default


def when(text: str | None) -> datetime | None:
    return parse_utc(text) if text else None


__all__ = [
    "OPEN_STATUSES",
    "PREVIEW_CHARS",
    "STATUSES",
    "VERIFICATION",
    "EventInfo",
    "InboxFilters",
    "InteractionDetail",
    "InteractionRow",
    "ReplyInfo",
]
