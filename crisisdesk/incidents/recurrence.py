"""Recurring tasks kept up to the clock, after a minute or after a week closed.

A recurring step always has one latest occurrence. While the room is open, when that
occurrence comes due the next one is created. After a gap (the laptop slept, the app was
closed) the occurrences that fell due in the gap are not created one by one: they are
recorded as skipped (one decision per step, naming the range), and the step gets the one
current occurrence (due at the last missed time, so it shows as due now) and the next one.
That is exactly the checklist an open room would show, minus the stale repeats.

The cost is arithmetic per step, whatever the length of the gap. The pass reads first; an
incident with nothing to catch up is never written to, and one that has is caught up in one
short write transaction (the room's writer lock is held for that incident's rows only).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import Select, and_, bindparam, exists, or_, select
from sqlalchemy.orm import Session, aliased

from crisisdesk.clock import parse_utc, utc_iso
from crisisdesk.log.kinds import Kind
from crisisdesk.storage.models import Incident, Task
from crisisdesk.unit_of_work import UnitOfWork

if TYPE_CHECKING:
    from crisisdesk.incidents.tasks import TaskInfo
    from crisisdesk.kernel import Kernel

__all__ = ["CatchUp", "catch_up", "due_steps", "plan_step"]


@dataclass
class CatchUp:
    """What one pass did: the occurrences it created and how many it recorded as skipped."""

    spawned: list[TaskInfo] = field(default_factory=list)
    skipped: int = 0
    incidents: set[int] = field(default_factory=set)

    def __bool__(self) -> bool:
        return bool(self.spawned or self.skipped)


@dataclass(frozen=True)
class StepPlan:
    """For one step's latest occurrence ``n`` due at ``due``: ``skipped`` occurrences
    ``n+1 ..`` are recorded, then ``create`` occurrences are made (due times given)."""

    skipped: range
    create: tuple[tuple[int, datetime], ...]


def plan_step(occurrence: int, due: datetime, every: timedelta, now: datetime) -> StepPlan:
    """The catch-up of one step whose latest occurrence ``occurrence`` is due at ``due``.

    With ``k`` further occurrences due by ``now``: the first ``k - 1`` are skipped, the
    ``k``-th is created as the current one and the one after it as the next (``k = 0``: only
    the next). O(1) in the gap."""
    if every <= timedelta(0) or due > now:
        return StepPlan(range(0), ())
    k = (now - due) // every
    create = [(occurrence + k + 1, due + (k + 1) * every)]
    if k >= 1:
        create.insert(0, (occurrence + k, due + k * every))
    return StepPlan(range(occurrence + 1, occurrence + k), tuple(create))


def _due_steps_statement(one_incident: bool) -> Select[Any]:
    later = aliased(Task)
    stmt = (
        select(Task)
        .join(Incident, Incident.id == Task.incident_id)
        .where(
            Incident.status == "active",
            Task.recurrence.is_not(None),
            Task.due_at <= bindparam("now"),
            or_(Task.outcome.is_(None), Task.outcome != "not_applicable"),
            ~exists().where(
                and_(
                    later.incident_id == Task.incident_id,
                    later.step_id == Task.step_id,
                    later.occurrence > Task.occurrence,
                )
            ),
        )
        .order_by(Task.incident_id, Task.step_id)
    )
    if one_incident:
        stmt = stmt.where(Task.incident_id == bindparam("incident"))
    return stmt


# Built once: the steady tick runs them every 30 s on every laptop (no per-tick SQL building).
_DUE_STEPS = _due_steps_statement(False)
_DUE_STEPS_OF = _due_steps_statement(True)


def due_incidents(session: Session, now: str) -> list[int]:
    """The incidents with a recurring step to extend now (the read before any write)."""
    return sorted({t.incident_id for t in due_steps(session, now)})


def due_steps(session: Session, now: str, incident_id: int | None = None) -> list[Task]:
    """The latest occurrence of every recurring step of an active incident that has come
    due (and was not declared not applicable): what a pass must extend. One read."""
    if incident_id is None:
        return list(session.scalars(_DUE_STEPS, {"now": now}))
    return list(session.scalars(_DUE_STEPS_OF, {"now": now, "incident": incident_id}))


def catch_up(desk: Kernel, due: list[int] | None = None) -> CatchUp:
    """Bring every active incident's recurring steps up to the clock (see the module).

    ``due``: the incidents a read the caller already made found due (else read here)."""
    from crisisdesk.incidents.tasks import TaskInfo

    now = desk.clock.now()
    stamp = utc_iso(now)
    if due is None:
        with desk.db.read() as session:
            due = due_incidents(session, stamp)
    incidents = sorted(set(due))
    result = CatchUp()
    for incident_id in incidents:
        with desk.db.write() as session:
            uow = UnitOfWork(desk, session)
            # Read again under the writer lock: another laptop may have caught up already.
            for latest in due_steps(session, stamp, incident_id):
                made, skipped = _extend(uow, latest, now)
                result.spawned += [TaskInfo.from_row(t) for t in made]
                result.skipped += skipped
                if made or skipped:
                    result.incidents.add(incident_id)
    return result


def extend_after_close(uow: UnitOfWork, row: Task, now: datetime) -> Task | None:
    """A recurring occurrence was closed (done or skipped) before its successor existed: the
    successor is created now, due one period after it (the cadence stays the playbook's)."""
    if not row.recurrence or row.outcome == "not_applicable":
        return None
    taken = uow.session.scalars(
        select(Task.id).where(
            Task.incident_id == row.incident_id,
            Task.step_id == row.step_id,
            Task.occurrence > row.occurrence,
        )
    ).first()
    if taken is not None:
        return None
    from crisisdesk.playbooks.model import parse_duration

    due = parse_utc(row.due_at) + parse_duration(row.recurrence)
    new = _occurrence(uow, row, row.occurrence + 1, due, now, automatic=False)
    return new


def _extend(uow: UnitOfWork, latest: Task, now: datetime) -> tuple[list[Task], int]:
    from crisisdesk.playbooks.model import parse_duration

    assert latest.recurrence is not None
    every = parse_duration(latest.recurrence)
    plan = plan_step(latest.occurrence, parse_utc(latest.due_at), every, now)
    if plan.skipped:
        _record_skipped(uow, latest, plan.skipped, every)
    made = [_occurrence(uow, latest, n, due, now, automatic=True) for n, due in plan.create]
    return made, len(plan.skipped)


def _record_skipped(uow: UnitOfWork, latest: Task, skipped: range, every: timedelta) -> None:
    base = parse_utc(latest.due_at)
    first = base + (skipped.start - latest.occurrence) * every
    last = base + (skipped.stop - 1 - latest.occurrence) * every
    count = len(skipped)
    uow.decide(
        Kind.TASK_OCCURRENCES_SKIPPED,
        subject=f"task:{latest.id}",
        incident_id=latest.incident_id,
        actor="scheduler",
        role="system",
        summary_ar=f"تجاوز {count} من تكرارات «{latest.title_ar}» فات موعدها والجهاز متوقف "
        f"(من رقم {skipped.start} إلى {skipped.stop - 1})",
        summary_en=f"skipped {count} occurrence{'s' if count != 1 else ''} of "
        f"“{latest.title_en}” that fell due while no laptop was watching "
        f"(#{skipped.start} to #{skipped.stop - 1})",
        payload={
            "step": latest.step_id,
            "after": latest.id,
            "from_occurrence": skipped.start,
            "to_occurrence": skipped.stop - 1,
            "count": count,
            "first_due": utc_iso(first),
            "last_due": utc_iso(last),
        },
    )


def _occurrence(
    uow: UnitOfWork, row: Task, number: int, due: datetime, now: datetime, *, automatic: bool
) -> Task:
    new = Task(
        incident_id=row.incident_id,
        step_id=row.step_id,
        phase_id=row.phase_id,
        occurrence=number,
        title_ar=row.title_ar,
        title_en=row.title_en,
        owner_role=row.owner_role,
        system_role=row.system_role,
        due_at=utc_iso(due),
        recurrence=row.recurrence,
        created_at=utc_iso(now),
    )
    uow.session.add(new)
    uow.session.flush()
    user = uow.desk.user
    by_hand = not automatic and user is not None
    uow.decide(
        Kind.TASK_SPAWNED,
        subject=f"task:{new.id}",
        incident_id=row.incident_id,
        actor=user.name if by_hand and user else "scheduler",
        role=user.role if by_hand and user else "system",
        summary_ar=f"جدولة التكرار رقم {new.occurrence} من «{row.title_ar}»",
        summary_en=f"scheduled occurrence {new.occurrence} of “{row.title_en}”",
        payload={"task": new.id, "after": row.id, "due_at": new.due_at},
    )
    return new
