"""When the next situation report is due: the network sends the leadership a SitRep every
two hours (the cadence the playbooks' regular updates keep), counted from the last SitRep
drafted in the incident, or from its opening when none was. The task timers read these dues
in the same pass as the tasks and raise them like any other reminder."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from crisisdesk.clock import parse_utc
from crisisdesk.log.kinds import Kind
from crisisdesk.storage.models import BoardPost, Decision, Incident, IncidentUnit

CADENCE = timedelta(hours=2)
DRAFTED = Kind.SITREP_DRAFTED


@dataclass(frozen=True)
class SitRepDue:
    """An active network incident and when its next SitRep is due."""

    incident_id: int
    title: str
    due_at: datetime
    last_at: datetime | None  # when the last SitRep was drafted, if ever

    def overdue(self, now: datetime) -> bool:
        return now >= self.due_at


def sitrep_dues(session: Session, *, cadence: timedelta = CADENCE) -> list[SitRepDue]:
    """Every active incident that involves a unit (linked, or named among its free-text
    units) or has a board post, with its next due."""
    networked = or_(
        Incident.id.in_(select(IncidentUnit.incident_id)),
        Incident.id.in_(select(BoardPost.incident_id)),
        Incident.org_units.not_in(("", "[]")),
    )
    incidents = session.execute(
        select(Incident.id, Incident.title, Incident.opened_at).where(
            Incident.status == "active", networked
        )
    ).all()
    if not incidents:
        return []
    last = dict(
        session.execute(
            select(Decision.incident_id, func.max(Decision.at))
            .where(Decision.kind == DRAFTED, Decision.incident_id.in_([i[0] for i in incidents]))
            .group_by(Decision.incident_id)
        ).all()
    )
    out = []
    for incident_id, title, opened in incidents:
        drafted = parse_utc(last[incident_id]) if last.get(incident_id) else None
        since = drafted or parse_utc(opened)
        out.append(SitRepDue(incident_id, title, since + cadence, drafted))
    out.sort(key=lambda d: (d.due_at, d.incident_id))
    return out


def sitrep_statement_ids(session: Session, incident_id: int) -> list[int]:
    """The statements of the incident that are SitReps, oldest first."""
    ids = []
    for body in session.scalars(
        select(Decision.body)
        .where(Decision.kind == DRAFTED, Decision.incident_id == incident_id)
        .order_by(Decision.seq)
    ):
        ids.append(int(json.loads(body)["payload"]["statement"]))
    return ids
