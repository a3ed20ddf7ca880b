"""Appending to and reading the decision log. Verification lives in ``verify.py``."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func, insert, or_, select
from sqlalchemy.orm import Session

from crisisdesk.clock import parse_utc
from crisisdesk.secret_fields import redact
from crisisdesk.storage.canonical import canonical_text
from crisisdesk.storage.chain import entry_hash, fingerprint, genesis_hash
from crisisdesk.storage.models import Checkpoint, Decision

BODY_VERSION = 1


@dataclass(frozen=True)
class DecisionInfo:
    """One decision as read back: what happened, who, when, and its place in the chain."""

    seq: int
    at: datetime
    incident_id: int | None
    actor: str | None
    role: str | None
    kind: str
    subject: str | None
    summary_ar: str
    summary_en: str
    payload: dict[str, Any]
    hash: str
    prev_hash: str
    corrects: int | None

    def summary(self, lang: str) -> str:
        return self.summary_ar if lang == "ar" else self.summary_en

    def to_json(self) -> dict[str, Any]:
        """Stable keys for ``--json`` output and exports."""
        return {
            "seq": self.seq,
            "at": self.at.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
            "incident": self.incident_id,
            "actor": self.actor,
            "role": self.role,
            "kind": self.kind,
            "subject": self.subject,
            "summary": {"ar": self.summary_ar, "en": self.summary_en},
            "payload": self.payload,
            "corrects": self.corrects,
            "prev_hash": self.prev_hash,
            "hash": self.hash,
        }


@dataclass(frozen=True)
class CheckpointInfo:
    seq: int
    head_hash: str
    at: datetime
    reason: str
    public_key: str
    signature: str

    @property
    def key_fingerprint(self) -> str:
        return fingerprint(self.public_key)

    def to_json(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            "head_hash": self.head_hash,
            "at": self.at.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
            "reason": self.reason,
            "public_key": self.public_key,
            "signature": self.signature,
        }


@dataclass(frozen=True)
class LogHead:
    seq: int
    hash: str
    last_checkpoint: CheckpointInfo | None

    @property
    def fingerprint(self) -> str:
        return self.hash[:12] if self.hash else ""


@dataclass(frozen=True)
class LogFilter:
    """What the log view and ``log show`` narrow by; ``None`` means any."""

    kind: str | None = None
    actor: str | None = None
    text: str | None = None
    incident_id: int | None = None
    kinds: tuple[str, ...] = field(default=())


def entry_body(
    *,
    seq: int,
    at: str,
    incident_id: int | None,
    actor: str | None,
    role: str | None,
    kind: str,
    subject: str | None,
    summary_ar: str,
    summary_en: str,
    payload: dict[str, Any],
    corrects: int | None,
) -> str:
    """The canonical JSON body of one entry (what is hashed and stored)."""
    return canonical_text(
        {
            "v": BODY_VERSION,
            "seq": seq,
            "at": at,
            "incident": incident_id,
            "actor": actor,
            "role": role,
            "kind": kind,
            "subject": subject,
            "summary": {"ar": summary_ar, "en": summary_en},
            "payload": payload,
            "corrects": corrects,
        }
    )


# Built once: executing a prepared construct reuses SQLAlchemy's compiled-statement cache.
_HEAD = select(Decision.seq, Decision.hash).order_by(Decision.seq.desc()).limit(1)
_INSERT = insert(Decision)


def read_head(session: Session, log_id: str) -> tuple[int, str]:
    row = session.connection().execute(_HEAD).first()
    if row is None:
        return 0, genesis_hash(log_id)
    return int(row[0]), str(row[1])


def append(
    session: Session,
    log_id: str,
    *,
    at: str,
    incident_id: int | None,
    actor: str | None,
    role: str | None,
    kind: str,
    subject: str | None,
    summary_ar: str,
    summary_en: str,
    payload: dict[str, Any],
    corrects: int | None = None,
    head: tuple[int, str] | None = None,
) -> tuple[int, str]:
    """Append one entry inside the caller's write transaction; returns (seq, hash).

    The caller's transaction holds the writer lock (BEGIN IMMEDIATE / advisory lock), so
    reading the head and inserting after it cannot race another process; ``head`` is the
    head this same transaction already knows, which saves reading it again.
    """
    last_seq, prev = head if head is not None else read_head(session, log_id)
    seq = last_seq + 1
    body = entry_body(
        seq=seq,
        at=at,
        incident_id=incident_id,
        actor=actor,
        role=role,
        kind=kind,
        subject=subject,
        summary_ar=summary_ar,
        summary_en=summary_en,
        payload=payload,
        corrects=corrects,
    )
    digest = entry_hash(log_id, seq, prev, body.encode("utf-8"))
    session.connection().execute(
        _INSERT, {"seq": seq, "body": body, "prev_hash": prev, "hash": digest}
    )
    return seq, digest


def decision_from_row(seq: int, body: str, prev_hash: str, digest: str) -> DecisionInfo:
    data = json.loads(body)
    summary = data.get("summary") or {}
    return DecisionInfo(
        seq=seq,
        at=parse_utc(data["at"]),
        incident_id=data.get("incident"),
        actor=data.get("actor"),
        role=data.get("role"),
        kind=data.get("kind", ""),
        subject=data.get("subject"),
        summary_ar=summary.get("ar", ""),
        summary_en=summary.get("en", ""),
        payload=redact(data.get("payload") or {}),  # an old log may hold a secret: never shown
        hash=digest,
        prev_hash=prev_hash,
        corrects=data.get("corrects"),
    )


def checkpoint_from_row(row: Checkpoint) -> CheckpointInfo:
    return CheckpointInfo(
        seq=row.seq,
        head_hash=row.head_hash,
        at=parse_utc(row.at),
        reason=row.reason,
        public_key=row.public_key,
        signature=row.signature,
    )


def last_checkpoint(session: Session) -> CheckpointInfo | None:
    row = session.scalars(
        select(Checkpoint).order_by(Checkpoint.seq.desc(), Checkpoint.id.desc()).limit(1)
    ).first()
    return checkpoint_from_row(row) if row else None


def all_checkpoints(session: Session) -> list[CheckpointInfo]:
    rows = session.scalars(select(Checkpoint).order_by(Checkpoint.seq, Checkpoint.id))
    return [checkpoint_from_row(row) for row in rows]


def _filtered(stmt: Any, flt: LogFilter) -> Any:
    if flt.kind:
        stmt = stmt.where(Decision.kind == flt.kind)
    if flt.kinds:
        stmt = stmt.where(Decision.kind.in_(flt.kinds))
    if flt.actor:
        stmt = stmt.where(Decision.actor == flt.actor)
    if flt.incident_id is not None:
        stmt = stmt.where(Decision.incident_id == flt.incident_id)
    if flt.text:
        needle = f"%{flt.text}%"
        stmt = stmt.where(or_(Decision.body.like(needle), Decision.kind.like(needle)))
    return stmt


def select_seqs(session: Session, flt: LogFilter) -> list[int]:
    """Matching seqs, newest first: all a lazy table model needs to hold."""
    stmt = _filtered(select(Decision.seq), flt).order_by(Decision.seq.desc())
    return list(session.scalars(stmt))


def count(session: Session, flt: LogFilter) -> int:
    stmt = _filtered(select(func.count()).select_from(Decision), flt)
    return int(session.scalar(stmt) or 0)


def fetch(session: Session, seqs: Sequence[int]) -> list[DecisionInfo]:
    """Decisions for ``seqs``, in the order asked."""
    if not seqs:
        return []
    rows = session.execute(
        select(Decision.seq, Decision.body, Decision.prev_hash, Decision.hash).where(
            Decision.seq.in_(list(seqs))
        )
    ).all()
    by_seq = {int(r[0]): decision_from_row(int(r[0]), r[1], r[2], r[3]) for r in rows}
    return [by_seq[s] for s in seqs if s in by_seq]


def since(session: Session, seq: int, limit: int) -> list[DecisionInfo]:
    rows = session.execute(
        select(Decision.seq, Decision.body, Decision.prev_hash, Decision.hash)
        .where(Decision.seq > seq)
        .order_by(Decision.seq)
        .limit(limit)
    ).all()
    return [decision_from_row(int(r[0]), r[1], r[2], r[3]) for r in rows]


def distinct(session: Session, column: Any) -> list[str]:
    return [v for v in session.scalars(select(column).distinct().order_by(column)) if v]
