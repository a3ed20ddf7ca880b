"""The incident checklist: listing tasks, closing them (done, skipped, not applicable),
reassigning them, and keeping recurring ones up to the clock.

Who may close a task and when is :mod:`crisisdesk.incidents.ownership`; how recurring
occurrences follow the clock, also after a long gap, is :mod:`crisisdesk.incidents.recurrence`.
Every change is one decision naming the task's incident.
"""

from __future__ import annotations

import builtins
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, bindparam, or_, select
from sqlalchemy.orm import Session

from crisisdesk.clock import parse_utc, utc_iso
from crisisdesk.compare_and_set import shown_at
from crisisdesk.errors import (
    ConflictError,
    CrisisDeskError,
    NotFoundError,
    RefusedError,
    StaleError,
)
from crisisdesk.incidents import ownership, recurrence
from crisisdesk.log.kinds import Kind
from crisisdesk.storage.models import Decision, Incident, Task, User
from crisisdesk.unit_of_work import UnitOfWork
from crisisdesk.users.permissions import Action

if TYPE_CHECKING:
    from crisisdesk.kernel import Kernel

REASON_LIMIT = 2000
_UNSAFE = {c: "\ufffd" for c in range(0xD800, 0xE000)} | {
    c: None for c in range(0x20) if chr(c) not in "\n\t"
}


def clean_note(text: str) -> str:
    """A note or reason as typed, safe to store and sign: NFC, bounded, no lone surrogate
    (an undecodable byte from a terminal), no NUL or other C0 control but new lines."""
    import unicodedata

    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_UNSAFE)
    return unicodedata.normalize("NFC", text).strip()[:REASON_LIMIT]


@dataclass(frozen=True)
class TaskInfo:
    id: int
    incident_id: int
    step_id: str
    phase_id: str
    occurrence: int
    title_ar: str
    title_en: str
    owner_role: str
    system_role: str
    due_at: datetime
    recurrence: str | None
    done_at: datetime | None
    done_by: str | None
    note: str | None
    outcome: str | None = None  # "done", "skipped" or "not_applicable" once closed
    assignee: str | None = None  # the person it was reassigned to

    @classmethod
    def from_row(cls, row: Task) -> TaskInfo:
        return cls(
            id=row.id,
            incident_id=row.incident_id,
            step_id=row.step_id,
            phase_id=row.phase_id,
            occurrence=row.occurrence,
            title_ar=row.title_ar,
            title_en=row.title_en,
            owner_role=row.owner_role,
            system_role=row.system_role,
            due_at=parse_utc(row.due_at),
            recurrence=row.recurrence,
            done_at=parse_utc(row.done_at) if row.done_at else None,
            done_by=row.done_by,
            note=row.note,
            outcome=row.outcome or ("done" if row.done_at else None),
            assignee=row.assignee,
        )

    @property
    def closed(self) -> bool:
        """No longer to do: done, skipped or not applicable."""
        return self.done_at is not None

    @property
    def done(self) -> bool:
        """Done (not merely skipped or found not applicable)."""
        return self.closed and self.outcome == "done"

    def title(self, lang: str) -> str:
        return self.title_ar if lang == "ar" else self.title_en

    def overdue(self, now: datetime) -> bool:
        return not self.closed and self.due_at < now

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "incident": self.incident_id,
            "step": self.step_id,
            "phase": self.phase_id,
            "occurrence": self.occurrence,
            "title": {"ar": self.title_ar, "en": self.title_en},
            "owner_role": self.owner_role,
            "system_role": self.system_role,
            "assignee": self.assignee,
            "due_at": utc_iso(self.due_at),
            "recurrence": self.recurrence,
            "outcome": self.outcome,
            "done_at": utc_iso(self.done_at) if self.done_at else None,
            "done_by": self.done_by,
            "note": self.note,
        }


# Built once: the timers read them every 30 s.
_OPEN_TASKS = (
    select(Task)
    .join(Incident, Incident.id == Task.incident_id)
    .where(and_(Task.done_at.is_(None), Incident.status == "active"))
    .order_by(Task.due_at)
)
_LOOKAHEAD = timedelta(hours=1)  # more than any "coming due" window and any tick gap
_OPEN_TASKS_SINCE = _OPEN_TASKS.where(
    or_(
        and_(Task.due_at > bindparam("since"), Task.due_at <= bindparam("until")),
        Task.created_at > bindparam("since"),
    )
)


def read_open(session: Session, since: datetime | None = None) -> list[TaskInfo]:
    """:meth:`TaskService.open_tasks` inside a read the caller holds."""
    if since is None:
        rows = session.scalars(_OPEN_TASKS)
    else:
        rows = session.scalars(
            _OPEN_TASKS_SINCE, {"since": utc_iso(since), "until": utc_iso(since + _LOOKAHEAD)}
        )
    return [TaskInfo.from_row(r) for r in rows]


_OUTCOME_KINDS = {
    "done": Kind.TASK_DONE,
    "skipped": Kind.TASK_SKIPPED,
    "not_applicable": Kind.TASK_NOT_APPLICABLE,
}
_OUTCOME_WORDS = {
    "done": ("إنجاز المهمة", "completed task"),
    "skipped": ("تجاوز المهمة", "skipped task"),
    "not_applicable": ("اعتبار المهمة غير منطبقة", "marked not applicable: task"),
}


def _role_title(session: Session, row: Task) -> tuple[str, str] | None:
    """The owner role's (Arabic, English) title in the incident's playbook, for messages."""
    import json

    incident = session.get(Incident, row.incident_id)
    if incident is None or not incident.playbook_snapshot:
        return None
    for role in json.loads(incident.playbook_snapshot).get("roles", []):
        if role.get("id") == row.owner_role:
            title = role.get("title", {})
            return str(title.get("ar", row.owner_role)), str(title.get("en", row.owner_role))
    return None


UNSEEN: object = object()
"""``seen`` not given: the claim rule alone decides (see ``TaskService.reassign``)."""


@dataclass
class _Refusal(Exception):
    """Raised inside a transaction so it rolls back; logged and re-raised outside it."""

    task_id: int
    incident_id: int
    title_ar: str
    title_en: str
    action: str
    verdict: ownership.Verdict


class TaskService:
    def __init__(self, desk: Kernel) -> None:
        self.desk = desk

    # ------------------------------------------------------------------ reading

    def list(self, incident_id: int) -> list[TaskInfo]:
        with self.desk.db.read() as session:
            if session.get(Incident, incident_id) is None:
                raise NotFoundError(f"no incident with id {incident_id}")
            rows = session.scalars(
                select(Task).where(Task.incident_id == incident_id).order_by(Task.due_at, Task.id)
            )
            return [TaskInfo.from_row(r) for r in rows]

    def open_tasks(self, *, since: datetime | None = None) -> builtins.list[TaskInfo]:
        """Every task not closed yet, across active incidents (what the timers watch).

        ``since``: only those that can be news after a look at ``since`` (due after it, or
        made after it, or coming due within the hour): a steady tick reads a handful of rows,
        not the whole checklist of every incident."""
        with self.desk.db.read() as session:
            return read_open(session, since)

    def get(self, task_id: int) -> TaskInfo:
        with self.desk.db.read() as session:
            row = session.get(Task, task_id)
            if row is None:
                raise NotFoundError(f"no task with id {task_id}")
            return TaskInfo.from_row(row)

    def candidates(self) -> builtins.list[tuple[str, str, str]]:
        """(name, display name, role) of the active users a task can be reassigned to."""
        with self.desk.db.read() as session:
            rows = session.scalars(select(User).where(User.active.is_(True)).order_by(User.name))
            return [(u.name, u.display_name, u.role) for u in rows if ownership.may_receive(u.role)]

    # ------------------------------------------------------------------ closing

    def done(self, task_id: int, note: str = "") -> TaskInfo:
        """Mark a task done (a decision); a recurring task gets its next occurrence."""
        return self._close(task_id, "done", note)

    def skip(self, task_id: int, reason: str, *, not_applicable: bool = False) -> TaskInfo:
        """Close a task without doing it, with the reason on record.

        ``skip``: this occurrence is not done (a recurring task's next one still comes).
        ``not_applicable``: the step does not apply to this incident; for a recurring step
        its later open occurrences close with it and no further ones are made."""
        if not clean_note(reason):
            raise CrisisDeskError("skipping a task, or calling it not applicable, needs a reason")
        return self._close(task_id, "not_applicable" if not_applicable else "skipped", reason)

    def _close(self, task_id: int, outcome: str, note: str) -> TaskInfo:
        try:
            return self._closing(task_id, outcome, note)
        except _Refusal as refusal:
            raise self._log_refusal(refusal) from None

    def _closing(self, task_id: int, outcome: str, note: str) -> TaskInfo:
        note = clean_note(note)
        incident_id = self._incident_of(task_id)
        with self.desk.transaction(Action.TASK_DONE, incident_id=incident_id) as uow:
            row = self._open_row(uow.session, task_id)
            self._check_may_close(uow.session, row, outcome)
            user = self.desk.user
            assert user is not None
            now = self.desk.clock.now()
            row.done_at = utc_iso(now)
            row.done_by = user.name
            row.note = note or None
            row.outcome = outcome
            late = now > parse_utc(row.due_at)
            also = []
            if outcome == "not_applicable":
                also = self._close_later(uow.session, row, note, now)
            ar, en = _OUTCOME_WORDS[outcome]
            uow.decide(
                _OUTCOME_KINDS[outcome],
                subject=f"task:{row.id}",
                incident_id=row.incident_id,
                summary_ar=f"{ar} «{row.title_ar}»"
                + (" (متأخرة)" if late and outcome == "done" else "")
                + (f": {note}" if outcome != "done" else ""),
                summary_en=f"{en} “{row.title_en}”"
                + (" (late)" if late and outcome == "done" else "")
                + (f": {note}" if outcome != "done" else ""),
                payload={
                    "task": row.id,
                    "step": row.step_id,
                    "occurrence": row.occurrence,
                    "note": note,
                    "due_at": row.due_at,
                    "late": late,
                    "outcome": outcome,
                    "assignee": row.assignee,
                    "also_closed": also,
                },
            )
            if outcome != "not_applicable":
                recurrence.extend_after_close(uow, row, now)
            uow.session.flush()
            return TaskInfo.from_row(row)

    def _incident_of(self, task_id: int) -> int | None:
        with self.desk.db.read() as session:
            found = session.get(Task, task_id)
            return found.incident_id if found else None

    @staticmethod
    def _open_row(session: Session, task_id: int) -> Task:
        """The task, still open, of an active incident; a one-line error otherwise."""
        row = session.get(Task, task_id)
        if row is None:
            raise NotFoundError(f"no task with id {task_id}")
        if row.done_at is not None:
            what = {"skipped": "skipped", "not_applicable": "marked not applicable"}.get(
                row.outcome or "done", "already done"
            )
            verb = what if what == "already done" else f"already {what}"
            raise ConflictError(f"task {task_id} was {verb} by {row.done_by}")
        incident = session.get(Incident, row.incident_id)
        if incident is None or incident.status != "active":
            raise ConflictError(f"incident {row.incident_id} is closed")
        return row

    def _check_may_close(self, session: Session, row: Task, outcome: str) -> None:
        info = TaskInfo.from_row(row)
        verdict = ownership.may_close(self.desk.user, info)
        if not verdict:
            verdict = ownership.may_close(self.desk.user, info, _role_title(session, row))
            self._refused(row, "close", verdict)
        if outcome == "not_applicable":
            return  # a step found not to apply may be said so at any time
        opens = ownership.not_yet_due(info, self.desk.clock.now())
        if opens is not None:
            from crisisdesk.room_zone import load

            zone = load(self.desk)
            raise ConflictError(
                f"occurrence {row.occurrence} of “{row.title_en}” is due at "
                f"{zone.format(info.due_at)}; it can be closed from {zone.format(opens)}"
            )

    @staticmethod
    def _refused(row: Task, action: str, verdict: ownership.Verdict) -> None:
        raise _Refusal(row.id, row.incident_id, row.title_ar, row.title_en, action, verdict)

    def _log_refusal(self, refusal: _Refusal) -> RefusedError:
        """Record the refusal in its own transaction, once the refused one has rolled back
        (the writer lock is not held twice), and give the error to raise."""
        user = self.desk.user
        assert user is not None
        verdict = refusal.verdict
        with self.desk.db.write() as session:
            UnitOfWork(self.desk, session).decide(
                Kind.SECURITY_REFUSED,
                subject=f"task:{refusal.task_id}",
                incident_id=refusal.incident_id,
                summary_ar=f"رُفض طلب {user.name} على المهمة «{refusal.title_ar}»: "
                f"{verdict.reason_ar}",
                summary_en=f"refused {user.name}'s {refusal.action} of task "
                f"“{refusal.title_en}”: {verdict.reason_en}",
                payload={
                    "action": f"task.{refusal.action}",
                    "task": refusal.task_id,
                    "reason": verdict.reason_en,
                },
            )
        return RefusedError(
            f"{user.name} ({user.role}) may not {refusal.action} task {refusal.task_id}: "
            f"{verdict.reason_en}"
        )

    @staticmethod
    def _close_later(session: Session, row: Task, note: str, now: datetime) -> builtins.list[int]:
        later = session.scalars(
            select(Task).where(
                Task.incident_id == row.incident_id,
                Task.step_id == row.step_id,
                Task.occurrence > row.occurrence,
                Task.done_at.is_(None),
            )
        ).all()
        for other in later:
            other.done_at, other.done_by = utc_iso(now), row.done_by
            other.note, other.outcome = note or None, "not_applicable"
        return [t.id for t in later]

    # --------------------------------------------------------------- reassigning

    def reassign(
        self,
        task_id: int,
        to_user: str | None,
        reason: str = "",
        *,
        seen: object = UNSEEN,
        force: bool = False,
    ) -> TaskInfo:
        """Hand a task to one person (``None``: back to its owner role), a decision.

        ``seen`` is the holder the user saw (``None``: with its role). A claim is a
        compare-and-set: if someone else took the task since, it is refused naming who and
        when, unless ``force`` (recorded as overriding them). Without ``seen``, taking a
        task another person holds is refused the same way.
        """
        try:
            return self._reassigning(task_id, to_user, reason, seen, force)
        except _Refusal as refusal:
            raise self._log_refusal(refusal) from None

    def _reassigning(
        self, task_id: int, to_user: str | None, reason: str, seen: object, force: bool
    ) -> TaskInfo:
        reason = clean_note(reason)
        if to_user is not None:
            to_user = clean_note(to_user)[:64]
        incident_id = self._incident_of(task_id)
        me = self.desk.user.name if self.desk.user else None
        with self.desk.transaction(Action.TASK_DONE, incident_id=incident_id) as uow:
            # Under the writer lock: a laptop claiming the same task at once waits, then
            # reads the holder the first claim made.
            row = self._open_row(uow.session, task_id)
            held = row.assignee
            if seen is UNSEEN:
                stale = held is not None and held not in (me, to_user)
            else:
                stale = held != seen
            overrode = None
            if stale and not force:
                raise self._claimed(uow.session, row)
            if stale:
                overrode = held
            verdict = ownership.may_reassign(self.desk.user, TaskInfo.from_row(row))
            if not verdict:
                self._refused(row, "reassign", verdict)
            target: User | None = None
            if to_user is not None:
                target = uow.session.scalars(select(User).where(User.name == to_user)).first()
                if target is None or not target.active:
                    raise NotFoundError(f"no active user named {to_user!r}")
                if not ownership.may_receive(target.role):
                    raise ConflictError(
                        f"{to_user} is a {target.role}: that role does not complete tasks"
                    )
            before = row.assignee
            after = target.name if target is not None else None
            if before == after:
                raise ConflictError(
                    f"task {task_id} is already "
                    + (f"assigned to {after}" if after else "with its owner role")
                )
            row.assignee = after
            who_en = after or f"its owner role ({row.owner_role})"
            who_ar = after or f"دور {row.owner_role}"
            uow.decide(
                Kind.TASK_REASSIGNED,
                subject=f"task:{row.id}",
                incident_id=row.incident_id,
                summary_ar=f"إسناد المهمة «{row.title_ar}» إلى {who_ar}"
                + (f": {reason}" if reason else ""),
                summary_en=f"reassigned task “{row.title_en}” to {who_en}"
                + (f": {reason}" if reason else ""),
                payload={"task": row.id, "from": before, "to": after, "reason": reason}
                | ({"overrode": overrode} if overrode is not None else {}),
            )
            uow.session.flush()
            return TaskInfo.from_row(row)

    @staticmethod
    def _claimed(session: Session, row: Task) -> StaleError:
        """Who holds the task now and since when (its last reassignment in the log)."""
        at = session.scalar(
            select(Decision.at)
            .where(Decision.subject == f"task:{row.id}", Decision.kind == Kind.TASK_REASSIGNED)
            .order_by(Decision.seq.desc())
            .limit(1)
        )
        who = row.assignee or f"its owner role ({row.owner_role})"
        return StaleError(
            f"task {row.id} was claimed by {who} at {shown_at(at)}: now assigned to {who}; "
            "yours was not applied (reassign it anyway with --force)",
            by=row.assignee,
            at=at,
            current=0,
        )

    # ------------------------------------------------------------------ recurring

    def roll_recurring(self) -> recurrence.CatchUp:
        """Keep every recurring step up to the clock (see :mod:`recurrence`): the occurrences
        made and the missed ones recorded as skipped. Nothing due: one read, no write."""
        return recurrence.catch_up(self.desk)
