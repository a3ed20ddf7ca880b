"""Manual triage: category, priority, status and assignee, each change a decision.

A new category or priority recomputes the response due from the playbook's targets (counted
from when the message arrived, not from when it was triaged); the first move to ``answered``
records the first response time the response-time KPIs read.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from crisisdesk.clock import parse_utc, utc_iso
from crisisdesk.errors import ConflictError, CrisisDeskError, NotFoundError
from crisisdesk.intake.rows import STATUSES
from crisisdesk.playbooks.vocabulary import CATEGORIES, PRIORITIES
from crisisdesk.storage.models import Interaction, User
from crisisdesk.users.permissions import Action

if TYPE_CHECKING:
    from crisisdesk.desk import Desk
    from crisisdesk.intake.inbox import InboxService

UNIT_PREFIX = "unit:"


class TriageService:
    def __init__(self, desk: Desk, inbox: InboxService) -> None:
        self.desk = desk
        self.inbox = inbox

    def apply(
        self,
        interaction_id: int,
        *,
        category: str | None = None,
        priority: str | None = None,
        status: str | None = None,
        assignee: str | None = None,
        note: str | None = None,
    ) -> int:
        """Change what is given; returns the decision's seq. ``assignee`` is a user name,
        ``unit:NAME`` for an org unit, or ``-`` to unassign."""
        if category is not None and category not in CATEGORIES:
            raise CrisisDeskError(
                f"unknown category {category!r}; expected {', '.join(CATEGORIES)}"
            )
        if priority is not None and priority not in PRIORITIES:
            raise CrisisDeskError(
                f"unknown priority {priority!r}; expected {', '.join(PRIORITIES)}"
            )
        if status is not None and status not in STATUSES:
            raise CrisisDeskError(f"unknown status {status!r}; expected {', '.join(STATUSES)}")
        with self.desk.db.read() as session:
            incident_id = session.scalar(
                select(Interaction.incident_id).where(Interaction.id == interaction_id)
            )
        if incident_id is None:
            raise NotFoundError(f"no interaction with id {interaction_id}")
        tagger = self.inbox.tagger(incident_id)
        with self.desk.transaction(Action.INTERACTION_TRIAGE, incident_id=incident_id) as uow:
            row = uow.session.get(Interaction, interaction_id)
            assert row is not None
            changes: dict[str, list[Any]] = {}

            def change(name: str, value: Any) -> None:
                old = getattr(row, name)
                if old != value:
                    changes[name] = [old, value]
                    setattr(row, name, value)

            if category is not None:
                change("category", category)
                if priority is None and row.priority is None:
                    change("priority", "normal")
            if priority is not None:
                change("priority", priority)
            if ("category" in changes or "priority" in changes) and row.needs_answer:
                due, rule = tagger.due_and_rule(
                    parse_utc(row.received_at), row.category, row.priority, row.channel
                )
                change("response_due", utc_iso(due))
                change("due_rule", rule)
            if assignee is not None:
                if assignee == "-":
                    change("assignee", None)
                    change("assignee_unit", None)
                elif assignee.startswith(UNIT_PREFIX):
                    change("assignee_unit", assignee[len(UNIT_PREFIX) :].strip() or None)
                else:
                    user = uow.session.scalar(select(User).where(User.name == assignee))
                    if user is None or not user.active:
                        raise NotFoundError(f"no active user named {assignee!r}")
                    change("assignee", assignee)
                    if status is None and row.status == "new":
                        change("status", "in_progress")
            if status is not None:
                change("status", status)
                if status in ("answered", "closed") and row.first_response_at is None:
                    change("first_response_at", utc_iso(self.desk.clock.now()))
                if status in ("answered", "closed"):
                    change("overdue", False)
            if not changes:
                raise ConflictError(f"interaction {interaction_id} already has those values")
            summary_en = ", ".join(f"{k} {v[0] or '-'} → {v[1] or '-'}" for k, v in changes.items())
            names_ar = {
                "category": "التصنيف",
                "priority": "الأولوية",
                "status": "الحالة",
                "assignee": "المكلّف",
                "assignee_unit": "الجهة المكلّفة",
                "response_due": "موعد الرد",
                "first_response_at": "وقت أول رد",
                "overdue": "التأخر",
                "due_rule": "مصدر موعد الرد",
            }
            summary_ar = "، ".join(
                f"{names_ar.get(k, k)} {v[0] or '-'} ← {v[1] or '-'}" for k, v in changes.items()
            )
            payload: dict[str, Any] = {"changes": changes}
            if note:
                payload["note"] = note
            return uow.decide(
                "interaction.triaged",
                subject=f"interaction:{interaction_id}",
                incident_id=incident_id,
                summary_ar=f"فرز الرسالة {interaction_id}: {summary_ar}",
                summary_en=f"triaged interaction {interaction_id}: {summary_en}",
                payload=payload,
            )


__all__ = ["UNIT_PREFIX", "TriageService"]
