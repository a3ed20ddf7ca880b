"""Opening, re-grading and closing incidents, each a decision."""

from __future__ import annotations

import builtins
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from crisisdesk.clock import parse_utc, utc_iso
from crisisdesk.errors import ConflictError, CrisisDeskError, NotFoundError
from crisisdesk.log.kinds import Kind
from crisisdesk.storage.models import Incident
from crisisdesk.users.permissions import Action

if TYPE_CHECKING:
    from crisisdesk.kernel import Kernel
    from crisisdesk.playbooks.catalogue import PlaybookCatalogue
    from crisisdesk.playbooks.model import Playbook
    from crisisdesk.statements.records import PublicationInfo
    from crisisdesk.unit_of_work import UnitOfWork

SEVERITY_EN = {1: "minor", 2: "moderate", 3: "major", 4: "critical"}
SEVERITY_AR = {1: "محدود", 2: "متوسط", 3: "كبير", 4: "حرج"}


@dataclass(frozen=True)
class IncidentInfo:
    id: int
    title: str
    severity: int
    status: str
    drill: bool
    playbook_id: str | None
    playbook_version: str | None
    playbook_hash: str | None
    opened_at: datetime
    opened_by: str
    closed_at: datetime | None
    closed_summary: str | None
    org_units: tuple[str, ...]

    @classmethod
    def from_row(cls, row: Incident) -> IncidentInfo:
        return cls(
            id=row.id,
            title=row.title,
            severity=row.severity,
            status=row.status,
            drill=row.drill,
            playbook_id=row.playbook_id,
            playbook_version=row.playbook_version,
            playbook_hash=row.playbook_hash,
            opened_at=parse_utc(row.opened_at),
            opened_by=row.opened_by,
            closed_at=parse_utc(row.closed_at) if row.closed_at else None,
            closed_summary=row.closed_summary,
            org_units=tuple(json.loads(row.org_units or "[]")),
        )

    @property
    def active(self) -> bool:
        return self.status == "active"

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "severity": self.severity,
            "status": self.status,
            "drill": self.drill,
            "playbook": self.playbook_id,
            "playbook_version": self.playbook_version,
            "playbook_hash": self.playbook_hash,
            "opened_at": utc_iso(self.opened_at),
            "opened_by": self.opened_by,
            "closed_at": utc_iso(self.closed_at) if self.closed_at else None,
            "closed_summary": self.closed_summary,
            "org_units": list(self.org_units),
        }


def check_severity(severity: int) -> int:
    if severity not in SEVERITY_EN:
        raise CrisisDeskError(f"severity must be 1 to 4, not {severity}")
    return severity


class IncidentService:
    def __init__(self, desk: Kernel, *, playbooks: PlaybookCatalogue) -> None:
        self.desk = desk
        self.playbooks = playbooks
        # An incident's playbook snapshot never changes once opened: validated once, here,
        # for every feature that reads it (statements, replies, triage, the Overview).
        self._playbooks: dict[int, Playbook | None] = {}

    def list(self, status: str | None = None) -> list[IncidentInfo]:
        with self.desk.db.read() as session:
            stmt = select(Incident).order_by(Incident.status, Incident.opened_at.desc())
            if status:
                stmt = stmt.where(Incident.status == status)
            return [IncidentInfo.from_row(r) for r in session.scalars(stmt)]

    def get(self, incident_id: int) -> IncidentInfo:
        with self.desk.db.read() as session:
            row = session.get(Incident, incident_id)
            if row is None:
                raise NotFoundError(f"no incident with id {incident_id}")
            return IncidentInfo.from_row(row)

    def playbook_snapshot(self, incident_id: int) -> dict[str, Any] | None:
        """The playbook as it was when the incident was opened (later edits do not count)."""
        with self.desk.db.read() as session:
            row = session.get(Incident, incident_id)
            if row is None:
                raise NotFoundError(f"no incident with id {incident_id}")
            if not row.playbook_snapshot:
                return None
            data: dict[str, Any] = json.loads(row.playbook_snapshot)
            return data

    def playbook(self, incident_id: int) -> Playbook | None:
        """The incident's playbook as activated (later library edits do not count)."""
        if incident_id in self._playbooks:
            return self._playbooks[incident_id]
        from crisisdesk.playbooks.model import Playbook

        snapshot = self.playbook_snapshot(incident_id)
        playbook = Playbook.model_validate(snapshot) if snapshot else None
        self._playbooks[incident_id] = playbook
        return playbook

    def open(
        self,
        title: str,
        severity: int = 2,
        *,
        drill: bool = False,
        playbook_id: str | None = None,
        org_units: Sequence[str] = (),
    ) -> IncidentInfo:
        title = title.strip()
        if not title:
            raise CrisisDeskError("an incident needs a title")
        check_severity(severity)
        snapshot: dict[str, Any] | None = None
        version = content_hash = None
        if playbook_id:
            from crisisdesk.playbooks import find_playbook

            playbook = find_playbook(playbook_id)
            self.playbooks.require_admitted(playbook)  # dropped files never open one
            snapshot = playbook.to_data()
            version, content_hash = playbook.version, playbook.content_hash
        now = self.desk.clock.now()
        with self.desk.transaction(Action.INCIDENT_OPEN) as uow:
            return self.open_in(
                uow, title, severity, drill, playbook_id, snapshot, version, content_hash,
                org_units, now,
            )  # fmt: skip

    def open_in(
        self,
        uow: UnitOfWork,
        title: str,
        severity: int,
        drill: bool,
        playbook_id: str | None,
        snapshot: dict[str, Any] | None,
        version: str | None,
        content_hash: str | None,
        org_units: Sequence[str],
        now: datetime,
    ) -> IncidentInfo:
        """Open the incident inside ``uow`` (an exercise opens its drill with its run)."""
        user = self.desk.user
        assert user is not None
        row = Incident(
            title=title,
            severity=severity,
            status="active",
            drill=drill,
            playbook_id=playbook_id,
            playbook_version=version,
            playbook_hash=content_hash,
            playbook_snapshot=json.dumps(snapshot, ensure_ascii=False) if snapshot else None,
            org_units=json.dumps(list(org_units), ensure_ascii=False),
            opened_at=utc_iso(now),
            opened_by=user.name,
        )
        uow.session.add(row)
        uow.session.flush()
        drill_ar = " (تمرين)" if drill else ""
        drill_en = " (drill)" if drill else ""
        uow.decide(
            Kind.INCIDENT_OPENED,
            subject=f"incident:{row.id}",
            incident_id=row.id,
            summary_ar=f"فتح الحادثة «{title}»{drill_ar} بدرجة {SEVERITY_AR[severity]}",
            summary_en=f"opened incident “{title}”{drill_en}, severity {severity}",
            payload={
                "title": title,
                "severity": severity,
                "drill": drill,
                "playbook": playbook_id,
                "playbook_version": version,
                "playbook_hash": content_hash,
                "org_units": list(org_units),
                "public_keys": sorted(self.desk.pinned_keys()),
            },
        )
        if snapshot is not None:
            from crisisdesk.incidents.activation import activate

            activate(uow, row.id, snapshot, now)
        return IncidentInfo.from_row(row)

    def _active_row(self, session: Any, incident_id: int) -> Incident:
        row = session.get(Incident, incident_id)
        if row is None:
            raise NotFoundError(f"no incident with id {incident_id}")
        if row.status != "active":
            raise ConflictError(f"incident {incident_id} is closed")
        return row  # type: ignore[no-any-return]

    def set_severity(self, incident_id: int, severity: int, reason: str) -> IncidentInfo:
        check_severity(severity)
        if not reason.strip():
            raise CrisisDeskError("changing the severity needs a reason")
        with self.desk.transaction(Action.INCIDENT_SEVERITY, incident_id=incident_id) as uow:
            row = self._active_row(uow.session, incident_id)
            old = row.severity
            if old == severity:
                raise ConflictError(f"incident {incident_id} already has severity {severity}")
            row.severity = severity
            uow.decide(
                Kind.INCIDENT_SEVERITY_CHANGED,
                subject=f"incident:{incident_id}",
                incident_id=incident_id,
                summary_ar=f"تغيير درجة الخطورة من {old} إلى {severity}: {reason}",
                summary_en=f"severity changed from {old} to {severity}: {reason}",
                payload={"from": old, "to": severity, "reason": reason},
            )
            uow.session.flush()
            return IncidentInfo.from_row(row)

    def pending_publications(self, incident_id: int) -> builtins.list[PublicationInfo]:
        """What closing would cancel: the incident's publications still scheduled."""
        from crisisdesk.statements.schedule import pending

        return pending(self.desk, incident_id)

    def close(
        self, incident_id: int, summary: str, *, cancel_scheduled: bool = False
    ) -> IncidentInfo:
        """Close the incident. Its scheduled publications are cancelled with it, one decision
        each, but only when the person closing agreed (``cancel_scheduled``): otherwise the
        close is refused with the list (``PendingPublications``), and nothing changes."""
        if not summary.strip():
            raise CrisisDeskError("closing an incident needs a summary")
        from crisisdesk.statements.schedule import cancel_for_close

        with self.desk.transaction(Action.INCIDENT_CLOSE, incident_id=incident_id) as uow:
            row = self._active_row(uow.session, incident_id)
            cancelled = cancel_for_close(uow, incident_id, confirmed=cancel_scheduled)
            row.status = "closed"
            row.closed_at = utc_iso(self.desk.clock.now())
            row.closed_summary = summary
            uow.decide(
                Kind.INCIDENT_CLOSED,
                subject=f"incident:{incident_id}",
                incident_id=incident_id,
                summary_ar=f"إغلاق الحادثة: {summary}",
                summary_en=f"closed the incident: {summary}",
                payload={"summary": summary, "cancelled_publications": cancelled},
            )
            self.desk.write_checkpoint(uow, reason="incident-closed")
            uow.session.flush()
            return IncidentInfo.from_row(row)
