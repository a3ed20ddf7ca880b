"""The overdue list, ranked: the crisis room's main alarm.

Open messages that need an answer and are past their response due, most urgent first. A
message's urgency grows with its priority and with how late it is, and with how fast its
story is spreading right now (messages in its cluster over the last hour):

    urgency = weight(priority) × (1 + hours late) + messages in its cluster in the last hour

with weights low 1, normal 2, high 4, critical 8; so a critical rumour spreading at twenty
an hour comes before a complaint three hours late, which comes before a suggestion a day
late.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from crisisdesk.clock import parse_utc, utc_iso
from crisisdesk.intake.rows import OPEN_STATUSES, PREVIEW_CHARS
from crisisdesk.storage.models import Interaction

WEIGHTS = {"low": 1.0, "normal": 2.0, "high": 4.0, "critical": 8.0}


@dataclass(frozen=True, slots=True)
class OverdueItem:
    id: int
    channel: str
    received_at: datetime
    response_due: datetime
    category: str | None
    priority: str | None
    cluster_id: int | None
    cluster_last_hour: int
    late_s: int
    urgency: float
    due_rule: str | None
    text: str

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "channel": self.channel,
            "received_at": utc_iso(self.received_at),
            "response_due": utc_iso(self.response_due),
            "category": self.category,
            "priority": self.priority,
            "cluster_id": self.cluster_id,
            "cluster_last_hour": self.cluster_last_hour,
            "late_s": self.late_s,
            "urgency": round(self.urgency, 2),
            "due_rule": self.due_rule,
            "text": self.text,
        }


def urgency(priority: str | None, late: timedelta, spread_last_hour: int) -> float:
    hours = max(late.total_seconds(), 0.0) / 3600
    return WEIGHTS.get(priority or "normal", 2.0) * (1 + hours) + spread_last_hour


def ranked_overdue(
    session: Session, incident_id: int, now: datetime, *, limit: int | None = 200
) -> list[OverdueItem]:
    now_text = utc_iso(now)
    growth = dict(
        session.execute(
            select(Interaction.cluster_id, func.count(Interaction.id))
            .where(
                Interaction.incident_id == incident_id,
                Interaction.cluster_id.is_not(None),
                Interaction.received_at >= utc_iso(now - timedelta(hours=1)),
            )
            .group_by(Interaction.cluster_id)
        ).all()
    )
    rows = session.execute(
        select(
            Interaction.id,
            Interaction.channel,
            Interaction.received_at,
            Interaction.response_due,
            Interaction.category,
            Interaction.priority,
            Interaction.cluster_id,
            Interaction.due_rule,
            func.substr(Interaction.text, 1, PREVIEW_CHARS),
        ).where(
            Interaction.incident_id == incident_id,
            Interaction.needs_answer.is_(True),
            Interaction.deleted.is_(False),
            Interaction.status.in_(OPEN_STATUSES),
            Interaction.response_due.is_not(None),
            Interaction.response_due < now_text,
        )
    ).all()
    items = []
    for iid, channel, received, due, category, priority, cid, rule, text in rows:
        due_at = parse_utc(due)
        spread = int(growth.get(cid, 0)) if cid is not None else 0
        late = now - due_at
        items.append(
            OverdueItem(
                id=iid,
                channel=channel,
                received_at=parse_utc(received),
                response_due=due_at,
                category=category,
                priority=priority,
                cluster_id=cid,
                cluster_last_hour=spread,
                late_s=int(late.total_seconds()),
                urgency=urgency(priority, late, spread),
                due_rule=rule,
                text=text or "",
            )
        )
    items.sort(key=lambda i: (-i.urgency, i.response_due, i.id))
    return items[:limit] if limit is not None else items


__all__ = ["WEIGHTS", "OverdueItem", "ranked_overdue", "urgency"]
