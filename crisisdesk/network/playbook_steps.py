"""Playbook steps for "the media office of each affected municipality" (``target:
affected``): when the lead involves a unit in an incident, each such step of the incident's
playbook becomes a task of that unit on the coordination board, due the step's offset after
the unit was involved, in the same transaction and with one decision per task (a unit
involved late is not handed a task already overdue)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING

from crisisdesk.clock import utc_iso
from crisisdesk.log.kinds import Kind
from crisisdesk.network.units import Unit
from crisisdesk.storage.models import Incident, UnitTask
from crisisdesk.unit_of_work import UnitOfWork

if TYPE_CHECKING:
    from crisisdesk.kernel import Kernel

AFFECTED = "affected"


def assign_unit_steps(
    desk: Kernel, uow: UnitOfWork, incident_id: int, units: Sequence[Unit]
) -> int:
    """Give each of ``units`` the playbook's steps that target affected municipalities."""
    if not units:
        return 0
    row = uow.session.get(Incident, incident_id)  # read in the writer's own transaction
    if row is None or not row.playbook_snapshot:
        return 0
    from crisisdesk.playbooks.model import Playbook

    playbook = Playbook.model_validate(json.loads(row.playbook_snapshot))
    steps = [t for t in playbook.tasks if t.target == AFFECTED]
    if not steps:
        return 0
    user = desk.user
    now = desk.clock.now()
    made = 0
    for unit in units:
        for step in steps:
            title = f"{step.title.ar} — {step.title.en}"
            task = UnitTask(
                incident_id=incident_id, unit_id=unit.id, title=title[:500],
                due_at=utc_iso(now + step.due), assigned_by=user.name if user else "playbook",
                assigned_at=utc_iso(now),
            )  # fmt: skip
            uow.session.add(task)
            uow.session.flush()
            uow.decide(
                Kind.UNIT_TASK_ASSIGNED,
                subject=f"unit_task:{task.id}",
                incident_id=incident_id,
                summary_ar=f"تكليف {unit.name_ar} من دليل السيناريو: {step.title.ar}",
                summary_en=f"playbook task for {unit.name_en}: {step.title.en}",
                payload={
                    "id": task.id, "incident_id": incident_id, "unit": unit.code,
                    "title": task.title, "due_at": task.due_at, "assigned_by": task.assigned_by,
                    "assigned_at": task.assigned_at, "step": step.id,
                    "playbook": playbook.id,
                },
            )  # fmt: skip
            made += 1
    return made
