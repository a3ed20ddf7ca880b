"""Manual triage: category, priority, status and assignee, each change a decision.

A new category or priority recomputes the response due from the playbook's targets (counted
from when the message arrived, not from when it was triaged); the first move to ``answered``
records the first response time the response-time KPIs read.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from crisisdesk.clock import parse_utc, utc_iso
from crisisdesk.compare_and_set import bump, guard, shown_at
from crisisdesk.errors import ConflictError, CrisisDeskError, NotFoundError, StaleError
from crisisdesk.intake.rows import STATUSES
from crisisdesk.log.kinds import Kind
from crisisdesk.playbooks.vocabulary import CATEGORIES, PRIORITIES
from crisisdesk.storage.models import Incident, Interaction, User
from crisisdesk.users.permissions import Action

if TYPE_CHECKING:
    from crisisdesk.intake.inbox import InboxService
    from crisisdesk.kernel import Kernel

UNIT_PREFIX = "unit:"


class TriageService:
    def __init__(self, desk: Kernel, inbox: InboxService) -> None:
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
        seen: int | None = None,
        force: bool = False,
    ) -> int:
        """Change what is given; returns the decision's seq. ``assignee`` is a user name,
        ``unit:NAME`` for an org unit, or ``-`` to unassign.

        ``seen`` is the triage version the user saw: if someone else changed the message
        since, the change is refused (`StaleError`) unless ``force``. Without ``seen``,
        assigning a message someone else already holds is refused the same way (a claim).
        """
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
        from crisisdesk.intake.triage_settings import read_settings

        # One read for what the change needs before it takes the writer lock: the message's
        # incident, its playbook version and the room's triage settings (a keystroke's cost).
        with self.desk.db.read() as session:
            found = session.execute(
                select(Interaction.incident_id, Incident.playbook_hash)
                .join(Incident, Incident.id == Interaction.incident_id)
                .where(Interaction.id == interaction_id)
            ).first()
            settings = read_settings(session)
        if found is None:
            raise NotFoundError(f"no interaction with id {interaction_id}")
        incident_id, playbook_hash = found
        # a municipal operator triages only their unit's messages (the centre: any)
        self.inbox.network.require_interaction_scope(Action.INTERACTION_TRIAGE, interaction_id)
        tagger = self.inbox.tagger_of(incident_id, playbook_hash, settings)
        with self.desk.transaction(Action.INTERACTION_TRIAGE, incident_id=incident_id) as uow:
            # Locked until commit: a laptop triaging the same message at once waits, then
            # reads the version this change made.
            row = uow.session.get(
                Interaction, interaction_id, with_for_update=True, populate_existing=True
            )
            assert row is not None
            me = self.desk.user.name if self.desk.user else None
            overrode = guard(
                row,
                what=f"interaction {interaction_id}",
                seen=seen,
                force=force,
                me=me,
                now=lambda: _state(row),
                hint=" (apply it anyway with --force)",
            )
            if seen is None and assignee is not None and not force:
                _claim(row, assignee, me, interaction_id)
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
            at = utc_iso(self.desk.clock.now())
            version = bump(row, me, at)
            payload: dict[str, Any] = {"changes": changes, "version": version}
            if note:
                payload["note"] = note
            if overrode is not None:
                payload["overrode"] = overrode
                summary_en += f" (applied over {overrode['by'] or 'another user'}'s change)"
                summary_ar += f" (طُبّق فوق تغيير {overrode['by'] or 'مستخدم آخر'})"
            return uow.decide(
                Kind.INTERACTION_TRIAGED,
                subject=f"interaction:{interaction_id}",
                incident_id=incident_id,
                summary_ar=f"فرز الرسالة {interaction_id}: {summary_ar}",
                summary_en=f"triaged interaction {interaction_id}: {summary_en}",
                payload=payload,
            )


def _state(row: Interaction) -> str:
    """The triage of ``row`` in one line, for a refusal."""
    assigned = row.assignee or (f"{UNIT_PREFIX}{row.assignee_unit}" if row.assignee_unit else "-")
    return (
        f"category {row.category or '-'}, priority {row.priority or '-'}, "
        f"status {row.status}, assignee {assigned}"
    )


def _claim(row: Interaction, assignee: str, me: str | None, interaction_id: int) -> None:
    """Assigning a message someone else holds needs the version the user saw (or force)."""
    if assignee == "-":
        return
    if assignee.startswith(UNIT_PREFIX):
        wanted, held = assignee[len(UNIT_PREFIX) :].strip() or None, row.assignee_unit
    else:
        wanted, held = assignee, row.assignee
    if held is None or held == wanted or row.changed_by in (None, me):
        return
    raise StaleError(
        f"interaction {interaction_id} was changed by {row.changed_by} at "
        f"{shown_at(row.changed_at)}: now {_state(row)}; yours was not applied "
        f"(reassign it with --seen {row.version} or --force)",
        by=row.changed_by,
        at=row.changed_at,
        current=int(row.version or 0),
    )


__all__ = ["UNIT_PREFIX", "TriageService"]
