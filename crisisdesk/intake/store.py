"""Idempotent storage of a batch of ``IncomingMessage``: new, duplicate, rejected, events.

``(channel, external_id)`` identifies a message: storing the same batch twice adds nothing.
Edits, deletions, reactions and delivery statuses go to ``interaction_events`` keyed by a
digest of their content, linked to the message they are about by its external id — also when
they arrive before it (they are linked when it lands). Each new message is normalised,
auto-tagged from the playbook's watch-words, given its response due, and grouped with its
near-duplicates. The caller records ONE decision for the batch (an arrival is data, not a
decision per message).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Table, func, insert, select, update
from sqlalchemy.orm import Session

from crisisdesk.clock import utc_iso
from crisisdesk.intake.arrival_triage import first_triage
from crisisdesk.intake.clustering import Arrival, cluster_arrivals
from crisisdesk.intake.search import index_text
from crisisdesk.intake.spreading import escalate_spreading
from crisisdesk.intake.tagging import Tagger
from crisisdesk.storage.models import (
    Interaction,
    InteractionEvent,
    Reply,
)
from crisisdesk.text.normalise import normalise

if TYPE_CHECKING:
    from crisisdesk.intake.parsers.base import IncomingMessage, Rejection

CHUNK = 500
WORDS = re.compile(r"[^\W_]+")  # the same word pattern as ``normalise.tokens``


@dataclass(slots=True)
class IngestReport:
    """What one batch did; ``rejected`` and ``warnings`` are one line each."""

    source: str
    format: str
    sha256: str | None = None
    new: int = 0
    duplicate: int = 0
    events: int = 0
    events_duplicate: int = 0
    tagged: int = 0
    clustered: int = 0
    rejected: list[Rejection] = field(default_factory=list)
    warnings: list[Rejection] = field(default_factory=list)
    new_ids: list[int] = field(default_factory=list)
    merged: list[tuple[int, int]] = field(default_factory=list)  # clusters (from, into)
    escalated: int = 0  # messages raised because their story spread
    set_aside: int = 0  # rejections newly kept in the quarantine (not set aside before)
    elsewhere: dict[int, int] = field(default_factory=dict)  # duplicates by their incident
    earlier_rejected: int = 0  # rejected by an earlier run of a resumed import
    resumed_from: int = 0  # the line a resumed import went on after (0: from the start)
    decision_seq: int | None = None

    def counts(self) -> dict[str, int]:
        return {
            "new": self.new,
            "duplicate": self.duplicate,
            "rejected": len(self.rejected) + self.earlier_rejected,
            "events": self.events,
            "events_duplicate": self.events_duplicate,
            "tagged": self.tagged,
            "clustered": self.clustered,
            "clusters_merged": len(self.merged),
            "escalated": self.escalated,
            "warnings": len(self.warnings),
            "set_aside": self.set_aside,
        }

    def to_json(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "format": self.format,
            "sha256": self.sha256,
            "counts": self.counts(),
            "rejected": [str(r) for r in self.rejected],
            "warnings": [str(w) for w in self.warnings],
            "decision": self.decision_seq,
            "duplicate_in_other_incidents": {str(k): v for k, v in sorted(self.elsewhere.items())},
        }


def _json(value: Any) -> str | None:
    if value is None:
        return None
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def _chunks(items: Sequence[Any], size: int = CHUNK) -> Iterable[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def event_digest(message: IncomingMessage) -> str:
    """Identity of an event: its kind, ids and verbatim payload (a repeat adds nothing)."""
    h = hashlib.sha256()
    for part in (message.kind, message.external_id, message.refers_to or "", message.raw_json()):
        h.update(part.encode("utf-8", "surrogatepass"))
        h.update(b"\x00")
    return h.hexdigest()


def _existing_keys(session: Session, channel: str, ids: Sequence[str]) -> dict[str, int]:
    """The ids of ``channel`` already stored, each with the incident it belongs to."""
    found: dict[str, int] = {}
    for part in _chunks(ids):
        found.update(
            session.execute(
                select(Interaction.external_id, Interaction.incident_id).where(
                    Interaction.channel == channel, Interaction.external_id.in_(part)
                )
            ).all()
        )
    return found


def _insert_shared(
    session: Session,
    table: Table,
    fresh: list[IncomingMessage],
    rows: list[dict[str, Any]],
    report: IngestReport,
) -> tuple[list[int], list[IncomingMessage], list[dict[str, Any]]]:
    """Insert on a shared server, where another laptop may be importing the same messages
    right now: a message it stored first (this insert waits for that laptop's commit) is
    skipped and counted as a duplicate, never an error that loses this whole batch."""
    from sqlalchemy.dialects.postgresql import insert as pg_insert

    connection = session.connection()
    ids: dict[tuple[str, str], int] = {}
    for part in _chunks(rows):
        result = connection.execute(
            pg_insert(table)
            .on_conflict_do_nothing(index_elements=["channel", "external_id"])
            .returning(table.c.id, table.c.channel, table.c.external_id),
            part,
        )
        ids.update({(channel, external): iid for iid, channel, external in result})
    kept: list[tuple[int, IncomingMessage, dict[str, Any]]] = []
    taken: dict[str, list[str]] = {}
    for message, row in zip(fresh, rows, strict=True):
        iid = ids.get((row["channel"], row["external_id"]))
        if iid is not None:
            kept.append((iid, message, row))
        else:
            taken.setdefault(row["channel"], []).append(row["external_id"])
            if row.get("category"):
                report.tagged -= 1  # counted as tagged here, but stored by the other laptop
    incident_id = rows[0]["incident_id"]
    for channel, external_ids in taken.items():
        owners = _existing_keys(session, channel, external_ids)
        for external_id in external_ids:
            report.duplicate += 1
            owner = owners.get(external_id)
            if owner is not None and owner != incident_id:
                report.elsewhere[owner] = report.elsewhere.get(owner, 0) + 1
    return [k[0] for k in kept], [k[1] for k in kept], [k[2] for k in kept]


def store_messages(
    session: Session,
    incident_id: int,
    messages: Sequence[IncomingMessage],
    report: IngestReport,
    *,
    tagger: Tagger,
    now: datetime,
) -> IngestReport:
    """Store one batch inside the caller's transaction; fills and returns ``report``."""
    now_text = utc_iso(now)
    posts = [m for m in messages if m.kind == "message"]
    events = [m for m in messages if m.kind != "message"]
    by_channel: dict[str, list[IncomingMessage]] = {}
    for message in posts:
        by_channel.setdefault(message.channel, []).append(message)
    fresh: list[IncomingMessage] = []
    for channel, items in by_channel.items():
        known = _existing_keys(session, channel, list(dict.fromkeys(m.external_id for m in items)))
        for message in items:
            owner = known.get(message.external_id)
            if owner is not None:
                report.duplicate += 1
                if owner != incident_id:  # say so: it may be the wrong incident's file
                    report.elsewhere[owner] = report.elsewhere.get(owner, 0) + 1
                continue
            known[message.external_id] = incident_id
            fresh.append(message)
    rows: list[dict[str, Any]] = []
    for message in fresh:
        normalised = normalise(message.text)
        words = WORDS.findall(normalised)  # tokens of text that is normalised already
        triage = first_triage(message, normalised, words, tagger)
        if triage["category"]:
            report.tagged += 1
        rows.append(
            {
                "incident_id": incident_id,
                "channel": message.channel,
                "external_id": message.external_id,
                "author_handle": message.author_handle,
                "author_name": message.author_name,
                "received_at": utc_iso(message.received_at),
                "ingested_at": now_text,
                "text": message.text,
                "normalised": normalised,
                "search_text": index_text(normalised, words),
                "language": message.language,
                "location": _json(message.location),
                "media": _json(message.media) if message.media else None,
                "raw": message.raw_json(),
                "reply_address": _json(message.reply_address),
                **triage,
                "status": "new",
                "overdue": False,
                "flags": _json(message.flags) or "{}",
                "deleted": False,
            }
        )
    new_ids: list[int] = []
    table = Interaction.__table__
    assert isinstance(table, Table)
    connection = session.connection()
    if connection.dialect.name == "sqlite" and rows:
        # The write transaction holds SQLite's only writer lock: ids max+1… are ours, and a
        # plain executemany is several times faster than RETURNING row by row.
        start = int(session.scalar(select(func.max(Interaction.id))) or 0) + 1
        for offset, row in enumerate(rows):
            row["id"] = start + offset
        for part in _chunks(rows, 2000):
            connection.execute(insert(table), part)
        new_ids = [row["id"] for row in rows]
    elif rows:
        new_ids, fresh, rows = _insert_shared(session, table, fresh, rows, report)
    report.new += len(new_ids)
    report.new_ids.extend(new_ids)
    if new_ids:
        outcome = cluster_arrivals(
            connection,
            incident_id,
            [
                Arrival(iid, m.channel, m.external_id, m.text, m.flags, row["received_at"])
                for iid, m, row in zip(new_ids, fresh, rows, strict=True)
            ],
            now_text,
        )
        report.clustered += outcome.clustered
        report.merged.extend(outcome.merged)
        report.escalated += escalate_spreading(
            connection,
            tagger,
            outcome.sizes,
            before=outcome.before,
            joined=outcome.members,
            absorbed=outcome.absorbed,
        )
        _link_orphan_events(session, list(zip(new_ids, fresh, strict=True)))
    if events:
        _store_events(session, incident_id, events, report, now_text)
    return report


def _store_events(
    session: Session,
    incident_id: int,
    events: Sequence[IncomingMessage],
    report: IngestReport,
    now_text: str,
) -> None:
    digests = {event_digest(e): e for e in events}
    by_channel: dict[str, list[str]] = {}
    for digest, event in digests.items():
        by_channel.setdefault(event.channel, []).append(digest)
    known: set[tuple[str, str]] = set()
    for channel, items in by_channel.items():
        for part in _chunks(items):
            known.update(
                (channel, d)
                for d in session.scalars(
                    select(InteractionEvent.digest).where(
                        InteractionEvent.channel == channel, InteractionEvent.digest.in_(part)
                    )
                )
            )
    report.events_duplicate += len(events) - len(digests)
    for digest, event in digests.items():
        if (event.channel, digest) in known:
            report.events_duplicate += 1
            continue
        target = _target_of(session, event)
        session.execute(
            insert(InteractionEvent).values(
                channel=event.channel,
                external_id=event.external_id,
                kind=event.kind,
                refers_to=event.refers_to,
                interaction_id=target,
                incident_id=incident_id,
                received_at=utc_iso(event.received_at),
                ingested_at=now_text,
                text=event.text,
                flags=_json(event.flags) or "{}",
                raw=event.raw_json(),
                digest=digest,
            )
        )
        report.events += 1
        if target is not None:
            _apply_event(session, target, event.kind, event.text)


def _target_of(session: Session, event: IncomingMessage) -> int | None:
    """The interaction an event is about: by its external id, or via our reply's id."""
    if not event.refers_to:
        return None
    found = session.scalars(
        select(Interaction.id).where(
            Interaction.channel == event.channel, Interaction.external_id == event.refers_to
        )
    ).first()
    if found is not None:
        return found
    return session.scalars(
        select(Reply.interaction_id).where(
            Reply.channel == event.channel, Reply.external_id == event.refers_to
        )
    ).first()


def _apply_event(session: Session, interaction_id: int, kind: str, text: str | None) -> None:
    """An edit replaces the searchable text (the original stays); a deletion marks the row."""
    if kind == "edit":
        row = session.get(Interaction, interaction_id)
        if row is None:
            return
        row.edited_text = text or ""
        row.normalised = normalise(f"{row.text}\n{text or ''}")
        row.search_text = index_text(row.normalised)
    elif kind == "delete":
        session.execute(
            update(Interaction).where(Interaction.id == interaction_id).values(deleted=True)
        )


def _link_orphan_events(session: Session, stored: Sequence[tuple[int, IncomingMessage]]) -> None:
    """Events that arrived before their message now point at it, and take effect."""
    by_key: dict[tuple[str, str | None], int] = {
        (m.channel, m.external_id): iid for iid, m in stored
    }
    channels = {m.channel for _, m in stored}
    for channel in channels:
        ids = [m.external_id for _, m in stored if m.channel == channel]
        for part in _chunks(ids):
            orphans = session.execute(
                select(
                    InteractionEvent.id,
                    InteractionEvent.refers_to,
                    InteractionEvent.kind,
                    InteractionEvent.text,
                )
                .where(
                    InteractionEvent.channel == channel,
                    InteractionEvent.refers_to.in_(part),
                    InteractionEvent.interaction_id.is_(None),
                )
                .order_by(InteractionEvent.received_at, InteractionEvent.id)
            ).all()
            for event_id, refers_to, kind, text in orphans:
                target = by_key[(channel, refers_to)]
                session.execute(
                    update(InteractionEvent)
                    .where(InteractionEvent.id == event_id)
                    .values(interaction_id=target)
                )
                session.flush()
                _apply_event(session, target, kind, text)


def file_sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


__all__ = ["IngestReport", "event_digest", "file_sha256", "store_messages"]
