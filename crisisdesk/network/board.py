"""The coordination board: each unit's structured situation updates (status, affected
areas, open issues, needs from the centre, next update due), the centre's view of every unit
with the age of its last update (stale ones flagged), and tasks the centre gives to units.
Every post and task is a decision."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import select

from crisisdesk.clock import parse_utc, utc_iso
from crisisdesk.errors import ConflictError, CrisisDeskError, NotFoundError
from crisisdesk.log.kinds import Kind
from crisisdesk.network.units import Unit
from crisisdesk.storage.models import BoardPost, Incident, UnitTask
from crisisdesk.users.permissions import Action

if TYPE_CHECKING:
    from crisisdesk.kernel import Kernel
    from crisisdesk.network.service import NetworkService

STATUSES = ("stable", "watch", "strained", "critical")
DEFAULT_CADENCE_MINUTES = 120  # a unit that named no next update is stale after this
AFFECTED = "affected"  # the task target "the media office of each affected municipality"
TEXT_LIMIT = 4000


@dataclass(frozen=True)
class Post:
    id: int
    incident_id: int
    unit: str
    status: str
    affected_areas: str
    open_issues: str
    needs: str
    next_update_due: str | None
    posted_by: str
    posted_at: str

    @classmethod
    def from_row(cls, row: BoardPost, unit: Unit) -> Post:
        return cls(
            row.id, row.incident_id, unit.code, row.status, row.affected_areas, row.open_issues,
            row.needs, row.next_update_due, row.posted_by, row.posted_at,
        )  # fmt: skip

    def to_json(self) -> dict[str, object]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class BoardLine:
    """One unit on the centre's board: its last post, how old it is, whether it is stale."""

    unit: Unit
    last: Post | None
    age_minutes: int | None
    stale: bool
    open_tasks: int

    def to_json(self) -> dict[str, object]:
        return {
            "unit": self.unit.code,
            "name_ar": self.unit.name_ar,
            "name_en": self.unit.name_en,
            "last": self.last.to_json() if self.last else None,
            "age_minutes": self.age_minutes,
            "stale": self.stale,
            "open_tasks": self.open_tasks,
        }


@dataclass(frozen=True)
class Task:
    id: int
    incident_id: int
    unit: str
    title: str
    due_at: str | None
    assigned_by: str
    assigned_at: str
    done_at: str | None
    done_by: str | None
    note: str | None

    def to_json(self) -> dict[str, object]:
        return dict(self.__dict__)


def clean_text(value: str | None, *, limit: int = TEXT_LIMIT) -> str:
    """Free text as stored: no NUL, no lone surrogates, bounded."""
    text = (value or "").replace("\x00", "").encode("utf-8", "replace").decode("utf-8")
    return text.strip()[:limit]


class BoardService:
    def __init__(self, desk: Kernel, network: NetworkService) -> None:
        self.desk = desk
        self.network = network

    def post(
        self,
        incident_id: int,
        *,
        status: str,
        unit: str | None = None,
        affected_areas: str = "",
        open_issues: str = "",
        needs: str = "",
        next_update_minutes: int | None = None,
    ) -> Post:
        """A unit's situation update (the signed-in user's unit unless another is named)."""
        if status not in STATUSES:
            raise CrisisDeskError(
                f"unknown board status {status!r}; choose one of {', '.join(STATUSES)}"
            )
        if next_update_minutes is not None and not 1 <= next_update_minutes <= 1440:
            raise CrisisDeskError("the next update is due in 1 to 1,440 minutes")
        target = self.network.unit(unit) if unit else (
            self.network.my_unit() or self.network.centre()
        )  # fmt: skip
        self.network.require_scope(Action.BOARD_POST, target, incident_id=incident_id)
        now = self.desk.clock.now()
        due = utc_iso(now + timedelta(minutes=next_update_minutes)) if next_update_minutes else None
        user = self.desk.user
        assert user is not None
        with self.desk.transaction(None, incident_id=incident_id) as uow:
            incident = uow.session.get(Incident, incident_id)
            if incident is None:
                raise NotFoundError(f"no incident with id {incident_id}")
            if incident.status != "active":
                raise ConflictError(f"incident {incident_id} is closed")
            row = BoardPost(
                incident_id=incident_id, unit_id=target.id, status=status,
                affected_areas=clean_text(affected_areas), open_issues=clean_text(open_issues),
                needs=clean_text(needs), next_update_due=due, posted_by=user.name,
                posted_at=utc_iso(now),
            )  # fmt: skip
            uow.session.add(row)
            uow.session.flush()
            post = Post.from_row(row, target)
            uow.decide(
                Kind.BOARD_POSTED,
                subject=f"unit:{target.code}",
                incident_id=incident_id,
                summary_ar=f"تحديث لوحة التنسيق من {target.name_ar}: {status}",
                summary_en=f"board update from {target.name_en}: {status}",
                payload=post.to_json(),
            )
        return post

    def history(self, incident_id: int, *, unit: str | None = None) -> list[Post]:
        """Every post of the incident (one unit's when named), newest first."""
        with self.desk.db.read() as session:
            units = self.network.by_id(session=session)
            query = select(BoardPost).where(BoardPost.incident_id == incident_id)
            if unit:
                query = query.where(
                    BoardPost.unit_id == self.network.unit(unit, session=session).id
                )
            rows = session.scalars(query.order_by(BoardPost.posted_at.desc(), BoardPost.id.desc()))
            return [Post.from_row(r, units[r.unit_id]) for r in rows]

    def lines(self, incident_id: int) -> list[BoardLine]:
        """Every involved unit (and any that posted) with its last update; stale ones first."""
        now = self.desk.clock.now()
        with self.desk.db.read() as session:
            involved = self.network.involved(incident_id, session=session)
            incident = session.get(Incident, incident_id)
            assert incident is not None
            opened = parse_utc(incident.opened_at)
        posts = self.history(incident_id)
        tasks = self.tasks(incident_id, open_only=True)
        last: dict[str, Post] = {}
        for post in posts:
            last.setdefault(post.unit, post)
        units = {u.code: u for u in self.network.units()}
        codes = [u.code for u in involved] + [
            c for c in last if c not in {u.code for u in involved}
        ]
        out = []
        for code in codes:
            latest = last.get(code)
            since = parse_utc(latest.posted_at) if latest else opened
            age = max(0, int((now - since).total_seconds() // 60))  # a clock a little behind
            out.append(
                BoardLine(
                    unit=units[code], last=latest, age_minutes=age if latest else None,
                    stale=_stale(latest, since, now), open_tasks=sum(t.unit == code for t in tasks),
                )
            )  # fmt: skip
        out.sort(key=lambda b: (not b.stale, not b.unit.is_centre, b.unit.name_en))
        return out

    # ---------------------------------------------------------------- sitrep
    def draft_sitrep(self, incident_id: int) -> int:
        """Draft a SitRep of the incident as a statement (kind ``update``) from the board,
        the per-unit queues and the rumour register; the centre drafts it. Its id."""
        from crisisdesk.network.sitrep import compose, stamp
        from crisisdesk.network.sitrep_cadence import DRAFTED

        self.network.require_centre(Action.STATEMENT_DRAFT, incident_id=incident_id)
        lines = self.lines(incident_id)
        counts = {c.unit.code: c for c in self.network.queues.breakdown(incident_id)}
        rumours = self.network.inbox.clusters.list(incident_id)
        incident = self.network.incidents.get(incident_id)
        at = stamp(self.desk.clock.now(), self.desk.zone_name)
        texts = {
            lang: compose(lang, incident.title, at, lines, counts, rumours) for lang in ("ar", "en")
        }
        title = {"ar": f"تقرير الموقف {at}", "en": f"Situation report {at}"}
        detail = self.network.statements.draft(
            incident_id, None, kind="update", texts=texts, title=title
        )
        statement_id = detail.statement.id
        with self.desk.transaction(None, incident_id=incident_id) as uow:
            # Marks the statement as a SitRep: the cadence counts from here and only a
            # SitRep goes to the leadership's list.
            uow.decide(
                DRAFTED,
                subject=f"statement:{statement_id}",
                incident_id=incident_id,
                summary_ar=f"إعداد تقرير الموقف {at} (البيان رقم {statement_id})",
                summary_en=f"drafted the situation report of {at} (statement #{statement_id})",
                payload={"statement": statement_id, "at": at},
            )
        return statement_id

    # ---------------------------------------------------------------- tasks
    def assign(
        self, incident_id: int, unit: str, title: str, *, due_minutes: int | None = None
    ) -> list[Task]:
        """The centre gives a task to a unit, or (``affected``) to every involved unit that
        is not the centre. One decision per task."""
        text = clean_text(title, limit=500)
        if not text:
            raise CrisisDeskError("a task needs a title")
        if due_minutes is not None and not 1 <= due_minutes <= 10_080:
            raise CrisisDeskError("a task is due in 1 to 10,080 minutes")
        self.network.require_centre(Action.UNIT_TASK_ASSIGN, incident_id=incident_id)
        if unit == AFFECTED:
            targets = [u for u in self.network.involved(incident_id) if not u.is_centre]
            if not targets:
                raise ConflictError(f"incident {incident_id} involves no municipality yet")
        else:
            targets = [self.network.unit(unit)]
        now = self.desk.clock.now()
        due = utc_iso(now + timedelta(minutes=due_minutes)) if due_minutes else None
        user = self.desk.user
        assert user is not None
        out: list[Task] = []
        with self.desk.transaction(None, incident_id=incident_id) as uow:
            if uow.session.get(Incident, incident_id) is None:
                raise NotFoundError(f"no incident with id {incident_id}")
            for target in targets:
                row = UnitTask(
                    incident_id=incident_id, unit_id=target.id, title=text, due_at=due,
                    assigned_by=user.name, assigned_at=utc_iso(now),
                )  # fmt: skip
                uow.session.add(row)
                uow.session.flush()
                task = _task(row, target)
                out.append(task)
                uow.decide(
                    Kind.UNIT_TASK_ASSIGNED,
                    subject=f"unit_task:{row.id}",
                    incident_id=incident_id,
                    summary_ar=f"تكليف {target.name_ar}: {text}",
                    summary_en=f"task for {target.name_en}: {text}",
                    payload=task.to_json(),
                )
        return out

    def tasks(
        self, incident_id: int, *, unit: str | None = None, open_only: bool = False
    ) -> list[Task]:
        with self.desk.db.read() as session:
            units = self.network.by_id(session=session)
            query = select(UnitTask).where(UnitTask.incident_id == incident_id)
            if unit:
                query = query.where(UnitTask.unit_id == self.network.unit(unit, session=session).id)
            if open_only:
                query = query.where(UnitTask.done_at.is_(None))
            return [
                _task(r, units[r.unit_id]) for r in session.scalars(query.order_by(UnitTask.id))
            ]

    def done(self, task_id: int, note: str = "") -> Task:
        """A unit reports a task done (someone of that unit, or the centre)."""
        with self.desk.db.read() as session:
            row = session.get(UnitTask, task_id)
            if row is None:
                raise NotFoundError(f"no unit task with id {task_id}")
            unit = self.network.by_id(session=session)[row.unit_id]
            incident_id = row.incident_id
        self.network.require_scope(Action.UNIT_TASK_DONE, unit, incident_id=incident_id)
        user = self.desk.user
        assert user is not None
        with self.desk.transaction(None, incident_id=incident_id) as uow:
            row = uow.session.get(UnitTask, task_id)
            assert row is not None
            if row.done_at is not None:
                raise ConflictError(f"unit task {task_id} was already done by {row.done_by}")
            row.done_at = utc_iso(self.desk.clock.now())
            row.done_by = user.name
            row.note = clean_text(note, limit=2000) or None
            task = _task(row, unit)
            uow.decide(
                Kind.UNIT_TASK_DONE,
                subject=f"unit_task:{task_id}",
                incident_id=incident_id,
                summary_ar=f"أنجزت {unit.name_ar}: {row.title}",
                summary_en=f"{unit.name_en} did: {row.title}",
                payload=task.to_json(),
            )
        return task


def _task(row: UnitTask, unit: Unit) -> Task:
    return Task(
        row.id, row.incident_id, unit.code, row.title, row.due_at, row.assigned_by,
        row.assigned_at, row.done_at, row.done_by, row.note,
    )  # fmt: skip


def _stale(post: Post | None, since: datetime, now: datetime) -> bool:
    """A unit is stale when its named next update passed, or (none named) after the default
    cadence since its last post (or since the incident opened, when it never posted)."""
    if post is not None and post.next_update_due is not None:
        return post.next_update_due < utc_iso(now)
    return now - since > timedelta(minutes=DEFAULT_CADENCE_MINUTES)
