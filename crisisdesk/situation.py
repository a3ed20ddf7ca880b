"""What the room should look at now, for the Overview: the playbook's next tasks and the
few figures that decide the next minutes (overdue tasks, statements waiting for the
spokesperson, public messages in the last hour, when the next public update is due).

Read in one pass so the Overview never shows a count from one moment beside a list from
another; names are resolved here (display name, playbook title) so no login or id
reaches the screen.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from crisisdesk.clock import utc_iso
from crisisdesk.errors import NotFoundError

if TYPE_CHECKING:
    from crisisdesk.desk import Desk
    from crisisdesk.incidents.tasks import TaskInfo

NEXT_TASKS = 5


@dataclass(frozen=True)
class Situation:
    now: datetime
    opened_by: str  # the opener's display name
    playbook_title: dict[str, str]  # {"ar": ..., "en": ...}; empty without a playbook
    next_tasks: list[TaskInfo]  # open tasks, soonest due first
    overdue_tasks: int
    pending_approvals: int
    messages_last_hour: int
    next_update_due: datetime | None


def display_name(desk: Desk, login: str | None) -> str:
    """The person's display name (the login only when the account is gone)."""
    if not login:
        return ""
    try:
        return desk.users.get(login).display_name or login
    except NotFoundError:
        return login


def situation(desk: Desk, incident_id: int) -> Situation:
    from crisisdesk.storage.models import Interaction

    now = desk.clock.now()
    incident = desk.incidents.get(incident_id)
    tasks = [t for t in desk.tasks.list(incident_id) if not t.closed]
    tasks.sort(key=lambda t: (t.due_at, t.id))
    book = desk.incidents.playbook(incident_id) if incident.playbook_id else None
    with desk.db.read() as session:
        messages = session.scalar(
            select(func.count(Interaction.id)).where(
                Interaction.incident_id == incident_id,
                Interaction.received_at >= utc_iso(now - timedelta(hours=1)),
            )
        )
    return Situation(
        now=now,
        opened_by=display_name(desk, incident.opened_by),
        playbook_title=({"ar": book.title.ar, "en": book.title.en} if book is not None else {}),
        next_tasks=tasks[:NEXT_TASKS],
        overdue_tasks=sum(1 for t in tasks if t.overdue(now)),
        pending_approvals=len(desk.statements.review_queue(incident_id)),
        messages_last_hour=int(messages or 0),
        next_update_due=desk.statements.facts(incident_id).next_update,
    )
