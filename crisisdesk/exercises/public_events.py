"""What the room did, as the simulated public sees it: statements published, rumours
countered, statements superseded (a contradiction), and expected times passed in silence."""

from __future__ import annotations

import json
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from crisisdesk.clock import parse_utc
from crisisdesk.exercises.format import Exercise
from crisisdesk.exercises.public import Event
from crisisdesk.exercises.records import RunInfo
from crisisdesk.exercises.schedule import Item
from crisisdesk.exercises.scoring import COUNTERED, score_run
from crisisdesk.storage.models import Decision, Publication, Statement, StatementVersion


def room_events(
    session: Session, run: RunInfo, exercise: Exercise, items: list[Item], upto: timedelta
) -> list[Event]:
    """Every event before ``upto``, oldest first."""
    out: list[Event] = []
    published = session.execute(
        select(Statement.id, func.min(Publication.sent_at))
        .join(StatementVersion, StatementVersion.statement_id == Statement.id)
        .join(Publication, Publication.version_id == StatementVersion.id)
        .where(Statement.incident_id == run.incident_id, Publication.sent_at.is_not(None))
        .group_by(Statement.id)
    ).all()
    for _statement, sent_at in published:
        if sent_at is None:
            continue
        out.append(Event(parse_utc(sent_at) - run.started_at, "published"))
    for at, kind, body in session.execute(
        select(Decision.at, Decision.kind, Decision.body).where(
            Decision.incident_id == run.incident_id,
            Decision.kind.in_(("cluster.updated", "statement.superseded")),
        )
    ):
        offset = parse_utc(at) - run.started_at
        if kind == "statement.superseded":
            out.append(Event(offset, "contradiction"))
            continue
        changes = json.loads(body).get("payload", {}).get("changes", {})
        if changes.get("status", [None, None])[1] in COUNTERED:
            out.append(Event(offset, "countered"))
    score = score_run(session, run, exercise, items, upto)
    for result in score.expectations:
        deadline = result.deadline
        if deadline is None or deadline >= upto:
            continue
        if result.achieved is None or result.achieved > deadline:
            out.append(Event(deadline, "missed"))
    return sorted((e for e in out if e.offset < upto), key=lambda e: e.offset)


__all__ = ["room_events"]
