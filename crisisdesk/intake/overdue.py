"""The overdue job: flags open interactions past their response due (run by the scheduler).

One decision per run that flagged anything (a sweep is a batch, like an import).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from sqlalchemy import select, update

from crisisdesk.clock import utc_iso
from crisisdesk.intake.rows import OPEN_STATUSES
from crisisdesk.log.kinds import Kind
from crisisdesk.storage.models import Interaction

if TYPE_CHECKING:
    from crisisdesk.kernel import Kernel

log = logging.getLogger(__name__)

JOB_ID = "crisisdesk-overdue"
TICK_SECONDS = 60
MISFIRE_GRACE_SECONDS = 7 * 24 * 3600  # after sleep, run once late rather than never


def flag_overdue(desk: Kernel, incident_id: int | None = None) -> int:
    """Flag what is late now; returns how many were newly flagged."""
    now = utc_iso(desk.clock.now())
    late = (
        Interaction.overdue.is_(False),
        Interaction.response_due.is_not(None),
        Interaction.response_due < now,
        Interaction.status.in_(OPEN_STATUSES),
    )
    scope = (Interaction.incident_id == incident_id,) if incident_id is not None else ()
    with desk.db.read() as session:
        pending = session.execute(
            select(Interaction.incident_id, Interaction.id).where(*late, *scope)
        ).all()
    if not pending:
        return 0
    by_incident: dict[int, list[int]] = {}
    for inc, iid in pending:
        by_incident.setdefault(inc, []).append(iid)
    flagged = 0
    for inc, ids in by_incident.items():
        with desk.transaction(None, incident_id=inc) as uow:
            total = 0
            for start in range(0, len(ids), 500):
                part = ids[start : start + 500]
                result = uow.session.execute(
                    update(Interaction).where(Interaction.id.in_(part), *late).values(overdue=True)
                )
                total += int(getattr(result, "rowcount", 0) or 0)
            uow.decide(
                Kind.INTERACTION_OVERDUE,
                subject=f"incident:{inc}",
                incident_id=inc,
                summary_ar=f"تجاوزت {total} رسالة موعد الرد المستهدف",
                summary_en=f"{total} interactions passed their response due",
                payload={"count": total, "ids": ids[:200], "at": now},
            )
            flagged += total
    return flagged


class OverdueJob:
    """The scheduler job (APScheduler: QtScheduler in the GUI, BackgroundScheduler in
    ``webhook serve``); a failing tick is logged and retried at the next one."""

    def __init__(self, desk: Kernel, incident_id: int | None = None) -> None:
        self.desk = desk
        self.incident_id = incident_id
        self.flagged = 0

    def tick(self) -> int:
        try:
            count = flag_overdue(self.desk, self.incident_id)
        except Exception:  # a timer must never die
            log.exception("overdue sweep failed")
            return 0
        self.flagged += count
        return count

    def start(self, scheduler: Any, seconds: int = TICK_SECONDS) -> None:
        scheduler.add_job(
            self.tick,
            "interval",
            seconds=seconds,
            id=JOB_ID,
            replace_existing=True,
            coalesce=True,
            misfire_grace_time=MISFIRE_GRACE_SECONDS,
            max_instances=1,
        )


__all__ = ["JOB_ID", "OverdueJob", "flag_overdue"]
