"""Who may close a checklist task, and when: the rules the core applies and the screens show.

A task belongs to its playbook role's holders (the users whose CrisisDesk role is the role's
``system_role``) until it is reassigned to one person. It may be closed (done, skipped, not
applicable) by its owner, by whoever it was reassigned to, and by the incident lead. An
occurrence of a recurring task is not closed ahead of its time: from :data:`EARLY` before
it is due, so the hourly sweep of 10:00 can be ticked at 09:55 but next day's cannot.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from crisisdesk.users.permissions import Action, can

if TYPE_CHECKING:
    from crisisdesk.incidents.tasks import TaskInfo
    from crisisdesk.users.records import UserInfo

__all__ = ["EARLY", "OUTCOMES", "Verdict", "may_close", "may_reassign", "not_yet_due"]

EARLY = timedelta(minutes=10)
OUTCOMES = ("done", "skipped", "not_applicable")


@dataclass(frozen=True)
class Verdict:
    """Whether an action is allowed, and if not why (English, Arabic), for refusals and tooltips."""

    allowed: bool
    reason_en: str = ""
    reason_ar: str = ""

    def __bool__(self) -> bool:
        return self.allowed


_ALLOWED = Verdict(True)


def owns(user: UserInfo, task: TaskInfo) -> bool:
    """The task is this user's: reassigned to them, or (not reassigned) their role's."""
    if task.assignee is not None:
        return task.assignee == user.name
    return user.role == task.system_role


def may_close(
    user: UserInfo | None, task: TaskInfo, role_title: tuple[str, str] | None = None
) -> Verdict:
    """May ``user`` mark ``task`` done, skipped or not applicable (time aside)?

    ``role_title``: the owner role's (Arabic, English) title from the playbook, for the
    reason (else its id)."""
    if user is None or not can(user.role, Action.TASK_DONE):
        return Verdict(
            False, "this role does not complete checklist tasks", "هذا الدور لا يُنجز مهام القائمة"
        )
    if user.role == "lead" or owns(user, task):
        return _ALLOWED
    if task.assignee is not None:
        return Verdict(
            False,
            f"it was reassigned to {task.assignee}",
            f"أُسندت إلى {task.assignee}",
        )
    ar, en = role_title or (task.owner_role, task.owner_role)
    return Verdict(
        False,
        f"it belongs to the {task.system_role} ({en}); its owner or the lead "
        "can complete it, or reassign it",
        f"هي من مهام «{ar}»؛ يُنجزها صاحبها أو قائد الحادثة، أو تُسند إليك",
    )


def may_reassign(user: UserInfo | None, task: TaskInfo) -> Verdict:
    """The lead hands work out; an owner may hand their own task to a colleague."""
    if user is None or not can(user.role, Action.TASK_DONE):
        return Verdict(
            False, "this role does not handle checklist tasks", "هذا الدور لا يتولى المهام"
        )
    if user.role == "lead" or owns(user, task):
        return _ALLOWED
    return Verdict(
        False,
        "only its owner or the lead can reassign it",
        "لا يعيد إسنادها إلا صاحبها أو قائد الحادثة",
    )


def may_receive(role: str) -> bool:
    """A task can be reassigned to a user whose role completes tasks."""
    return can(role, Action.TASK_DONE)


def not_yet_due(task: TaskInfo, now: datetime) -> datetime | None:
    """For an occurrence of a recurring task more than :data:`EARLY` ahead of its time, the
    moment it may be closed from; None when it may be closed now (or is not recurring)."""
    if task.recurrence is None:
        return None
    opens = task.due_at - EARLY
    return opens if now < opens else None
