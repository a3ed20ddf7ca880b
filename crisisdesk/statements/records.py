"""Read-only views of statements, versions, approvals and publications for screens and scripts."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from crisisdesk.clock import parse_utc, utc_iso
from crisisdesk.statements.versions import extra_texts
from crisisdesk.statements.vocabulary import KINDS, STATES
from crisisdesk.storage.models import Approval, Publication, Statement, StatementVersion

__all__ = [
    "KINDS",
    "STATES",
    "ApprovalInfo",
    "PublicationInfo",
    "StatementDetail",
    "StatementInfo",
    "VersionInfo",
]

KIND_TITLES = {
    "holding": ("بيان أولي", "Holding statement"),
    "update": ("تحديث", "Update"),
    "all-clear": ("بيان انتهاء الحالة", "All-clear"),
    "reply": ("رد", "Reply"),
    "awareness": ("رسالة توعوية", "Awareness message"),
    "condolence": ("تعزية ومواساة", "Condolences"),
}


def _when(text: str | None) -> datetime | None:
    return parse_utc(text) if text else None


def _iso(value: datetime | None) -> str | None:
    return utc_iso(value) if value else None


@dataclass(frozen=True)
class StatementInfo:
    id: int
    incident_id: int
    kind: str
    template_id: str | None
    title_ar: str
    title_en: str
    state: str
    created_by: str
    created_at: datetime
    updated_at: datetime
    superseded_by: int | None
    latest_version: int = 0

    @classmethod
    def from_row(cls, row: Statement, latest_version: int = 0) -> StatementInfo:
        return cls(
            row.id,
            row.incident_id,
            row.kind,
            row.template_id,
            row.title_ar,
            row.title_en,
            row.state,
            row.created_by,
            parse_utc(row.created_at),
            parse_utc(row.updated_at),
            row.superseded_by,
            latest_version,
        )

    def title(self, lang: str) -> str:
        return self.title_ar if lang == "ar" else self.title_en

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "incident": self.incident_id,
            "kind": self.kind,
            "template": self.template_id,
            "title": {"ar": self.title_ar, "en": self.title_en},
            "state": self.state,
            "created_by": self.created_by,
            "created_at": utc_iso(self.created_at),
            "updated_at": utc_iso(self.updated_at),
            "superseded_by": self.superseded_by,
            "latest_version": self.latest_version,
        }


@dataclass(frozen=True)
class VersionInfo:
    id: int
    statement_id: int
    number: int
    text_ar: str
    text_en: str
    variables: dict[str, Any]
    author: str
    created_at: datetime
    content_hash: str
    extra: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_row(cls, row: StatementVersion) -> VersionInfo:
        return cls(
            row.id,
            row.statement_id,
            row.number,
            row.text_ar,
            row.text_en,
            json.loads(row.variables),
            row.author,
            parse_utc(row.created_at),
            row.content_hash,
            extra_texts(row.texts_extra),
        )

    @property
    def texts(self) -> dict[str, str]:
        return {"ar": self.text_ar, "en": self.text_en}

    @property
    def all_texts(self) -> dict[str, str]:
        """Arabic, English, then the public's other languages of this version."""
        return {**self.texts, **self.extra}

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "number": self.number,
            "text": self.all_texts,
            "variables": self.variables,
            "author": self.author,
            "created_at": utc_iso(self.created_at),
            "content_hash": self.content_hash,
        }


@dataclass(frozen=True)
class ApprovalInfo:
    id: int
    version_id: int
    version_number: int
    approver: str
    approver_role: str
    content_hash: str
    decided_at: datetime
    verdict: str
    comment: str | None
    override_reason: str | None

    @classmethod
    def from_row(cls, row: Approval, version_number: int) -> ApprovalInfo:
        return cls(
            row.id,
            row.version_id,
            version_number,
            row.approver,
            row.approver_role,
            row.content_hash,
            parse_utc(row.decided_at),
            row.verdict,
            row.comment,
            row.override_reason,
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "version": self.version_number,
            "approver": self.approver,
            "approver_role": self.approver_role,
            "content_hash": self.content_hash,
            "decided_at": utc_iso(self.decided_at),
            "verdict": self.verdict,
            "comment": self.comment,
            "override_reason": self.override_reason,
        }


@dataclass(frozen=True)
class PublicationInfo:
    id: int
    statement_id: int
    version_id: int
    version_number: int
    channel: str
    target: str
    sandbox: bool
    state: str
    scheduled_at: datetime | None
    sent_at: datetime | None
    missed_at: datetime | None
    idempotency_key: str
    attempts: int
    external_id: str | None
    result: str | None
    error: str | None
    created_by: str
    repeat: int = 0
    series_id: int | None = None

    @classmethod
    def from_row(cls, row: Publication, version: StatementVersion) -> PublicationInfo:
        return cls(
            row.id,
            version.statement_id,
            row.version_id,
            version.number,
            row.channel,
            row.target,
            row.sandbox,
            row.state,
            _when(row.scheduled_at),
            _when(row.sent_at),
            _when(row.missed_at),
            row.idempotency_key,
            row.attempts,
            row.external_id,
            row.result,
            row.error,
            row.created_by,
            row.repeat or 0,
            row.series_id,
        )

    @property
    def missed(self) -> bool:
        return self.state == "scheduled" and self.missed_at is not None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "statement": self.statement_id,
            "version": self.version_number,
            "channel": self.channel,
            "target": self.target,
            "sandbox": self.sandbox,
            "state": self.state,
            "scheduled_at": _iso(self.scheduled_at),
            "sent_at": _iso(self.sent_at),
            "missed_at": _iso(self.missed_at),
            "missed": self.missed,
            "idempotency_key": self.idempotency_key,
            "attempts": self.attempts,
            "external_id": self.external_id,
            "result": self.result,
            "error": self.error,
            "created_by": self.created_by,
            "repeat": self.repeat,
            "series": self.series_id,
        }


@dataclass(frozen=True)
class StatementDetail:
    """A statement with its whole history, for ``statement show`` and the editor."""

    statement: StatementInfo
    versions: tuple[VersionInfo, ...]
    approvals: tuple[ApprovalInfo, ...]
    publications: tuple[PublicationInfo, ...]
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def latest(self) -> VersionInfo:
        return self.versions[-1]

    def to_json(self) -> dict[str, Any]:
        data = self.statement.to_json()
        data["versions"] = [v.to_json() for v in self.versions]
        data["approvals"] = [a.to_json() for a in self.approvals]
        data["publications"] = [p.to_json() for p in self.publications]
        data.update(self.extra)
        return data
