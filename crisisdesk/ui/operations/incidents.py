"""Named writes of the incident and its checklist."""

from __future__ import annotations

from typing import Any

from crisisdesk.incidents.tasks import UNSEEN
from crisisdesk.ui.operations import Op


def set_severity(desk: Any, incident_id: int, level: int, reason: str) -> Op[Any]:
    return Op(
        "change the severity", lambda: desk.incidents.set_severity(incident_id, level, reason)
    )


def close(desk: Any, incident_id: int, summary: str, *, cancel_scheduled: bool) -> Op[Any]:
    return Op(
        "close the incident",
        lambda: desk.incidents.close(incident_id, summary, cancel_scheduled=cancel_scheduled),
    )


def task_done(desk: Any, task_id: int, note: str) -> Op[Any]:
    return Op("mark a task done", lambda: desk.tasks.done(task_id, note))


def skip_task(desk: Any, task_id: int, reason: str, *, not_applicable: bool) -> Op[Any]:
    return Op(
        "skip a task",
        lambda: desk.tasks.skip(task_id, reason, not_applicable=not_applicable),
    )


def reassign_task(
    desk: Any, task_id: int, to: str | None, reason: str, *, seen: object = UNSEEN
) -> Op[Any]:
    return Op("reassign a task", lambda: desk.tasks.reassign(task_id, to, reason, seen=seen))
