"""Items set aside: what could not be stored, why, and its raw bytes, until retried or discarded.

Intake never stops on one bad item. A webhook body the processor cannot read, a JSON line
that is not JSON, a tweet with an impossible time: each becomes one quarantine row (incident,
channel, source, position, one-line reason, raw bytes verbatim, when it was set aside) in the
same transaction as the batch it came with. ``retry`` re-parses the raw bytes with the
parser as it is now (after a fix); ``discard`` closes the row with a reason. Both are
decisions.
"""

from __future__ import annotations

import hashlib
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from crisisdesk.clock import parse_utc, utc_iso
from crisisdesk.errors import CrisisDeskError, NotFoundError
from crisisdesk.log.kinds import Kind
from crisisdesk.storage.models import QuarantineItem, WebhookInbox
from crisisdesk.users.permissions import Action

if TYPE_CHECKING:
    from crisisdesk.intake.inbox import InboxService
    from crisisdesk.intake.parsers.base import ParseResult, Rejection
    from crisisdesk.intake.store import IngestReport
    from crisisdesk.kernel import Kernel

STATES = ("set_aside", "retried", "discarded")
# A body is drained within a second or two while ``webhook serve`` runs; two minutes of
# waiting means its processor is not running (or stuck): an alert, never silence.
STALLED_AFTER = timedelta(minutes=2)
WEBHOOK_FORMAT = "whatsapp-webhook"
_CHANNELS = {WEBHOOK_FORMAT: "whatsapp", "csv": "csv"}


def channel_of(format: str) -> str:
    """The channel a format's items belong to (``whatsapp-webhook`` → ``whatsapp``)."""
    return _CHANNELS.get(format, format)


def raw_bytes(raw: str | bytes | None) -> bytes | None:
    """Raw text as bytes, verbatim (a lone surrogate survives as its UTF-8-like bytes)."""
    if raw is None or isinstance(raw, bytes):
        return raw
    return raw.encode("utf-8", "surrogatepass")


def _digest(channel: str, position: str, raw: bytes | None, reason: str) -> str:
    h = hashlib.sha256()
    for part in (
        channel.encode(),
        position.encode("utf-8", "surrogatepass"),
        raw or b"",
        reason.encode("utf-8", "surrogatepass"),
    ):
        h.update(part)
        h.update(b"\x00")
    return h.hexdigest()


def set_aside(
    session: Session,
    incident_id: int,
    format: str,
    source: str,
    rejections: Iterable[Rejection],
    now: datetime,
) -> int:
    """Insert one row per rejection not set aside before; returns how many are new."""
    channel = channel_of(format)
    rows: dict[str, dict[str, Any]] = {}
    for rejection in rejections:
        raw = raw_bytes(rejection.raw)
        # an item without raw bytes is known by its place in its source
        position = rejection.where if raw is not None else f"{source} {rejection.where}"
        digest = _digest(channel, position if raw is None else "", raw, rejection.reason)
        rows.setdefault(
            digest,
            {
                "incident_id": incident_id,
                "channel": channel,
                "format": format,
                "source": source,
                "position": rejection.where,
                "reason": rejection.reason,
                "raw": raw,
                "digest": digest,
                "received_at": utc_iso(now),
                "state": "set_aside",
            },
        )
    if not rows:
        return 0
    known: set[str] = set()
    digests = list(rows)
    for start in range(0, len(digests), 500):
        part = digests[start : start + 500]
        known.update(
            session.scalars(
                select(QuarantineItem.digest).where(
                    QuarantineItem.incident_id == incident_id, QuarantineItem.digest.in_(part)
                )
            )
        )
    fresh = [row for digest, row in rows.items() if digest not in known]
    if fresh:
        session.execute(insert(QuarantineItem), fresh)
    return len(fresh)


@dataclass(frozen=True, slots=True)
class QuarantineInfo:
    id: int
    incident_id: int
    channel: str
    format: str
    source: str
    position: str
    reason: str
    received_at: str
    state: str
    size: int
    resolved_by: str | None
    note: str | None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "incident_id": self.incident_id,
            "channel": self.channel,
            "format": self.format,
            "source": self.source,
            "position": self.position,
            "reason": self.reason,
            "received_at": self.received_at,
            "state": self.state,
            "bytes": self.size,
            "resolved_by": self.resolved_by,
            "note": self.note,
        }


@dataclass(frozen=True, slots=True)
class ChannelBacklog:
    """Per channel: bodies received but not yet processed, and items set aside."""

    channel: str
    waiting: int
    set_aside: int
    oldest_waiting: str | None = None  # when the oldest unprocessed body came in

    def stalled(self, now: datetime, after: timedelta = STALLED_AFTER) -> bool:
        """True when a body has waited longer than ``after``: nobody is processing them."""
        return self.oldest_waiting is not None and now - parse_utc(self.oldest_waiting) > after


def _info(row: QuarantineItem) -> QuarantineInfo:
    return QuarantineInfo(
        id=row.id,
        incident_id=row.incident_id,
        channel=row.channel,
        format=row.format,
        source=row.source,
        position=row.position,
        reason=row.reason,
        received_at=row.received_at,
        state=row.state,
        size=len(row.raw or b""),
        resolved_by=row.resolved_by,
        note=row.note,
    )


def reparse(format: str, raw: bytes, where: str) -> ParseResult:
    """Parse raw bytes again with today's parser of ``format``."""
    from crisisdesk.intake.parsers import FORMATS, whatsapp, x

    if format == WEBHOOK_FORMAT:
        return whatsapp.parse_raw_body(raw, where)
    text = raw.decode("utf-8", "surrogatepass")
    if format == "whatsapp":
        return whatsapp.parse_text(text, where)
    if format == "x":
        return x.parse_text(text, where)
    importer = FORMATS.get(format)
    if importer is None:
        raise CrisisDeskError(f"items of format {format!r} cannot be retried; import them again")
    suffix = ".eml" if format == "email" else ".txt"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"item{suffix}"
        path.write_bytes(raw)
        return importer(path)


class QuarantineService:
    """``desk.quarantine``: list, show, retry and discard items set aside."""

    def __init__(self, desk: Kernel, inbox: InboxService) -> None:
        self.desk = desk
        self.inbox = inbox

    def items(
        self, incident_id: int | None = None, state: str | None = "set_aside"
    ) -> list[QuarantineInfo]:
        """Items of one incident (or all), oldest first; ``state=None`` for every state."""
        query = select(QuarantineItem).order_by(QuarantineItem.id)
        if incident_id is not None:
            query = query.where(QuarantineItem.incident_id == incident_id)
        if state is not None:
            query = query.where(QuarantineItem.state == state)
        with self.desk.db.read() as session:
            return [_info(row) for row in session.scalars(query)]

    def get(self, item_id: int) -> tuple[QuarantineInfo, bytes | None]:
        with self.desk.db.read() as session:
            row = session.get(QuarantineItem, item_id)
            if row is None:
                raise NotFoundError(f"no quarantined item with id {item_id}")
            return _info(row), row.raw

    def backlog(self, incident_id: int | None = None) -> list[ChannelBacklog]:
        """Waiting (webhook bodies not yet processed) and set-aside counts, per channel."""
        with self.desk.db.read() as session:
            aside_q = select(QuarantineItem.channel, func.count(QuarantineItem.id)).where(
                QuarantineItem.state == "set_aside"
            )
            wait_q = select(
                WebhookInbox.source, func.count(WebhookInbox.id), func.min(WebhookInbox.received_at)
            ).where(WebhookInbox.processed.is_(False))
            if incident_id is not None:
                aside_q = aside_q.where(QuarantineItem.incident_id == incident_id)
                wait_q = wait_q.where(WebhookInbox.incident_id == incident_id)
            aside = dict(session.execute(aside_q.group_by(QuarantineItem.channel)).all())
            waiting = {
                source: (count, oldest)
                for source, count, oldest in session.execute(wait_q.group_by(WebhookInbox.source))
            }
        return [
            ChannelBacklog(
                channel,
                int(waiting.get(channel, (0, None))[0]),
                int(aside.get(channel, 0)),
                waiting.get(channel, (0, None))[1],
            )
            for channel in sorted(set(aside) | set(waiting))
        ]

    def _open(self, session: Session, item_id: int) -> QuarantineItem:
        row = session.get(QuarantineItem, item_id)
        if row is None:
            raise NotFoundError(f"no quarantined item with id {item_id}")
        if row.state != "set_aside":
            raise CrisisDeskError(f"item {item_id} is already {row.state}")
        return row

    def retry(self, item_id: int) -> IngestReport:
        """Parse the raw bytes again; if everything in them is now taken, store it and close
        the item (one decision). If not, the item stays set aside with today's reason."""
        info, raw = self.get(item_id)
        if info.state != "set_aside":
            raise CrisisDeskError(f"item {item_id} is already {info.state}")
        if raw is None:
            raise CrisisDeskError(
                f"item {item_id} kept no raw bytes ({info.position}); import its source again"
            )
        result = reparse(info.format, raw, f"quarantine {item_id}")
        if result.rejected:
            reasons = "; ".join(r.reason for r in result.rejected[:3])
            raise CrisisDeskError(f"item {item_id} still cannot be taken: {reasons}")
        user = self.desk.user
        now = utc_iso(self.desk.clock.now())

        def close(session: Session, _report: IngestReport) -> None:
            row = self._open(session, item_id)
            row.state, row.resolved_at = "retried", now
            row.resolved_by = user.name if user else None

        return self.inbox.ingest(
            info.incident_id,
            result,
            source=f"quarantine item {item_id} ({info.source})",
            format=info.format,
            kind=Kind.INTAKE_QUARANTINE_RETRIED,
            extra={"quarantine_item": item_id},
            also=close,
        )

    def discard(self, item_id: int, reason: str) -> int:
        """Close an item for good; the reason is part of the decision. Returns its seq."""
        from crisisdesk.intake.parsers.base import clean_text, one_line

        why = one_line(clean_text(reason or ""))
        if not why:
            raise CrisisDeskError("a discard needs a reason")
        info, _ = self.get(item_id)
        with self.desk.transaction(Action.INTERACTION_INGEST, incident_id=info.incident_id) as uow:
            row = self._open(uow.session, item_id)
            user = self.desk.user
            row.state, row.resolved_at = "discarded", utc_iso(self.desk.clock.now())
            row.resolved_by, row.note = (user.name if user else None), why
            return uow.decide(
                Kind.INTAKE_QUARANTINE_DISCARDED,
                subject=f"quarantine:{item_id}",
                incident_id=info.incident_id,
                summary_ar=f"استبعاد عنصر محجوز {item_id} ({info.channel}): {why}",
                summary_en=f"discarded set-aside item {item_id} ({info.channel}): {why}",
                payload={
                    "item": item_id,
                    "channel": info.channel,
                    "position": info.position,
                    "reason": why,
                },
            )


__all__ = [
    "STALLED_AFTER",
    "STATES",
    "WEBHOOK_FORMAT",
    "ChannelBacklog",
    "QuarantineInfo",
    "QuarantineService",
    "channel_of",
    "raw_bytes",
    "reparse",
    "set_aside",
]
