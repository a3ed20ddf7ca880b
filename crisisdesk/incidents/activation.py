"""Activating a playbook: its snapshot becomes the incident's checklist with exact due times."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from crisisdesk.clock import utc_iso
from crisisdesk.log.kinds import Kind
from crisisdesk.playbooks.model import Playbook
from crisisdesk.storage.models import Task
from crisisdesk.unit_of_work import UnitOfWork


def activate(uow: UnitOfWork, incident_id: int, snapshot: dict[str, Any], at: datetime) -> int:
    """Create one task per playbook step, due at ``at`` plus the step's offset."""
    playbook = Playbook.model_validate(snapshot)
    created = 0
    for phase in playbook.phases:
        for step in phase.tasks:
            role = playbook.role(step.owner)
            uow.session.add(
                Task(
                    incident_id=incident_id,
                    step_id=step.id,
                    phase_id=phase.id,
                    occurrence=1,
                    title_ar=step.title.ar,
                    title_en=step.title.en,
                    owner_role=step.owner,
                    system_role=role.system_role if role else "lead",
                    due_at=utc_iso(at + step.due),
                    recurrence=snapshot_duration(step.recurrence),
                    created_at=utc_iso(at),
                )
            )
            created += 1
    uow.session.flush()
    uow.decide(
        Kind.PLAYBOOK_ACTIVATED,
        subject=f"incident:{incident_id}",
        incident_id=incident_id,
        summary_ar=f"تفعيل دليل السيناريو «{playbook.title.ar}» ({created} مهمة)",
        summary_en=f"activated playbook “{playbook.title.en}” ({created} tasks)",
        payload={
            "playbook": playbook.id,
            "version": playbook.version,
            "content_hash": playbook.content_hash,
            "tasks": created,
        },
    )
    return created


def snapshot_duration(value: Any) -> str | None:
    from crisisdesk.playbooks.model import format_duration

    return format_duration(value) if value is not None else None
