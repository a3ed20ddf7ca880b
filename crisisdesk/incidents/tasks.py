"""The incident checklist: listing tasks, marking them done, spawning recurring ones."""

from __future__ import annotations

import builtins
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, select

from crisisdesk.clock import parse_utc, utc_iso
from crisisdesk.errors import ConflictError, NotFoundError
from crisisdesk.storage.models import Incident, Task
from crisisdesk.unit_of_work import UnitOfWork
from crisisdesk.users.permissions import Action

if TYPE_CHECKING:
    from crisisdesk.desk import Desk


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
        )

    @property
    def done(self) -> bool:
        return self.done_at is not None

    def title(self, lang: str) -> str:
        return self.title_ar if lang == "ar" else self.title_en

    def overdue(self, now: datetime) -> bool:
        return not self.done and self.due_at < now

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
            "due_at": utc_iso(self.due_at),
            "recurrence": self.recurrence,
            "done_at": utc_iso(self.done_at) if self.done_at else None,
            "done_by": self.done_by,
            "note": self.note,
        }


class TaskService:
    def __init__(self, desk: Desk) -> None:
        self.desk = desk

    def list(self, incident_id: int) -> list[TaskInfo]:
        with self.desk.db.read() as session:
            if session.get(Incident, incident_id) is None:
                raise NotFoundError(f"no incident with id {incident_id}")
            rows = session.scalars(
                select(Task).where(Task.incident_id == incident_id).order_by(Task.due_at, Task.id)
            )
            return [TaskInfo.from_row(r) for r in rows]

    def open_tasks(self) -> builtins.list[TaskInfo]:
        """Every task not done yet, across active incidents (what the timers watch)."""
        with self.desk.db.read() as session:
            rows = session.scalars(
                select(Task)
                .join(Incident, Incident.id == Task.incident_id)
                .where(and_(Task.done_at.is_(None), Incident.status == "active"))
                .order_by(Task.due_at)
            )
            return [TaskInfo.from_row(r) for r in rows]

    def get(self, task_id: int) -> TaskInfo:
        with self.desk.db.read() as session:
            row = session.get(Task, task_id)
            if row is None:
                raise NotFoundError(f"no task with id {task_id}")
            return TaskInfo.from_row(row)

    def done(self, task_id: int, note: str = "") -> TaskInfo:
        """Mark a task done (a decision); a recurring task spawns its next occurrence."""
        with self.desk.db.read() as session:
            found = session.get(Task, task_id)
            incident_id = found.incident_id if found else None
        with self.desk.transaction(Action.TASK_DONE, incident_id=incident_id) as uow:
            row = uow.session.get(Task, task_id)
            if row is None:
                raise NotFoundError(f"no task with id {task_id}")
            if row.done_at is not None:
                raise ConflictError(f"task {task_id} was already done by {row.done_by}")
            incident = uow.session.get(Incident, row.incident_id)
            if incident is None or incident.status != "active":
                raise ConflictError(f"incident {row.incident_id} is closed")
            user = self.desk.user
            assert user is not None
            now = self.desk.clock.now()
            row.done_at = utc_iso(now)
            row.done_by = user.name
            row.note = note or None
            late = now > parse_utc(row.due_at)
            uow.decide(
                "task.done",
                subject=f"task:{row.id}",
                incident_id=row.incident_id,
                summary_ar=f"إنجاز المهمة «{row.title_ar}»" + (" (متأخرة)" if late else ""),
                summary_en=f"completed task “{row.title_en}”" + (" (late)" if late else ""),
                payload={
                    "task": row.id,
                    "step": row.step_id,
                    "occurrence": row.occurrence,
                    "note": note,
                    "due_at": row.due_at,
                    "late": late,
                },
            )
            self._spawn_next(uow, row)
            uow.session.flush()
            return TaskInfo.from_row(row)

    def roll_recurring(self, limit: int = 500) -> builtins.list[TaskInfo]:
        """Spawn next occurrences of recurring tasks that have come due, until none is due.

        After a long sleep every missed occurrence is created (none silently dropped);
        ``limit`` bounds the work of one call.
        """
        spawned: builtins.list[TaskInfo] = []
        while len(spawned) < limit:
            batch = self._roll_once()
            if not batch:
                break
            spawned.extend(batch)
        return spawned

    def _roll_once(self) -> builtins.list[TaskInfo]:
        now = utc_iso(self.desk.clock.now())
        with self.desk.db.read() as session:
            due = [
                r.id
                for r in session.scalars(
                    select(Task)
                    .join(Incident, Incident.id == Task.incident_id)
                    .where(
                        Task.recurrence.is_not(None),
                        Task.due_at <= now,
                        Incident.status == "active",
                    )
                )
            ]
        spawned: builtins.list[TaskInfo] = []
        for task_id in due:
            with self.desk.db.write() as session:
                uow = UnitOfWork(self.desk, session)
                row = session.get(Task, task_id)
                if row is None:
                    continue
                new = self._spawn_next(uow, row, automatic=True)
                if new is not None:
                    spawned.append(TaskInfo.from_row(new))
        return spawned

    def _spawn_next(self, uow: UnitOfWork, row: Task, *, automatic: bool = False) -> Task | None:
        """The next occurrence of a recurring task; ``automatic`` when the timers did it."""
        if not row.recurrence:
            return None
        exists = uow.session.scalars(
            select(Task.id).where(
                Task.incident_id == row.incident_id,
                Task.step_id == row.step_id,
                Task.occurrence == row.occurrence + 1,
            )
        ).first()
        if exists is not None:
            return None
        from crisisdesk.playbooks.model import parse_duration

        due = parse_utc(row.due_at) + parse_duration(row.recurrence)
        new = Task(
            incident_id=row.incident_id,
            step_id=row.step_id,
            phase_id=row.phase_id,
            occurrence=row.occurrence + 1,
            title_ar=row.title_ar,
            title_en=row.title_en,
            owner_role=row.owner_role,
            system_role=row.system_role,
            due_at=utc_iso(due),
            recurrence=row.recurrence,
            created_at=utc_iso(self.desk.clock.now()),
        )
        uow.session.add(new)
        uow.session.flush()
        uow.decide(
            "task.spawned",
            subject=f"task:{new.id}",
            incident_id=row.incident_id,
            actor="scheduler" if automatic or self.desk.user is None else self.desk.user.name,
            role="system" if automatic or self.desk.user is None else self.desk.user.role,
            summary_ar=f"جدولة التكرار رقم {new.occurrence} من «{row.title_ar}»",
            summary_en=f"scheduled occurrence {new.occurrence} of “{row.title_en}”",
            payload={"task": new.id, "after": row.id, "due_at": new.due_at},
        )
        return new
