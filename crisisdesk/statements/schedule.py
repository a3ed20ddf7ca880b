"""Scheduled publications: kept in the publications table, polled by an APScheduler job.

The schedule is data in the database, so it survives a restart and is shared by every
laptop. A publication found overdue by more than :data:`GRACE` (the app was closed at its
time) is never sent silently: it is marked missed, reported as a decision, and waits for
a person to confirm publishing late (``statement publish ID --late-ok`` or a dialog).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from sqlalchemy import select

from crisisdesk.clock import ensure_utc, parse_utc, utc_iso
from crisisdesk.errors import CrisisDeskError, RefusedError
from crisisdesk.statements.approval import refuse
from crisisdesk.statements.publishing import CHANNEL_NAMES, send, version_problem
from crisisdesk.statements.records import PublicationInfo
from crisisdesk.storage.models import Publication, Statement, StatementVersion
from crisisdesk.users.permissions import Action

if TYPE_CHECKING:
    from apscheduler.schedulers.background import BackgroundScheduler

    from crisisdesk.desk import Desk

__all__ = [
    "GRACE",
    "PublicationScheduler",
    "due_count",
    "missed",
    "parse_when",
    "publish_late",
    "run_due",
]

GRACE = timedelta(minutes=2)
LOCAL_ZONE = "Asia/Riyadh"


def parse_when(text: str, now: datetime, zone: str = LOCAL_ZONE) -> datetime:
    """``--at`` as UTC: ISO-8601 (a value without zone is local time) or ``HH:MM`` local,
    meaning the next such time from ``now``."""
    raw = text.strip()
    tz = ZoneInfo(zone)
    try:
        if len(raw) <= 5 and ":" in raw:
            hour, minute = (int(p) for p in raw.split(":"))
            local_now = now.astimezone(tz)
            when = datetime.combine(local_now.date(), time(hour, minute), tz)
            if when <= local_now:
                when += timedelta(days=1)
            return ensure_utc(when)
        value = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        raise CrisisDeskError(
            f"not a time: {text!r} (use HH:MM local time or ISO 8601, e.g. 2026-11-26T18:00+03:00)"
        ) from None
    if value.tzinfo is None:
        value = value.replace(tzinfo=tz)
    return ensure_utc(value)


def _due_rows(desk: Desk) -> list[tuple[int, str | None, str | None]]:
    now = utc_iso(desk.clock.now())
    with desk.db.read() as session:
        rows = session.execute(
            select(Publication.id, Publication.scheduled_at, Publication.missed_at).where(
                Publication.state == "scheduled",
                Publication.missed_at.is_(None),
                Publication.scheduled_at <= now,
            )
        ).all()
    return [(r[0], r[1], r[2]) for r in rows]


def due_count(desk: Desk) -> int:
    """How many scheduled publications are due now (cheap: a GUI polls it)."""
    return len(_due_rows(desk))


def run_due(desk: Desk) -> tuple[list[PublicationInfo], list[PublicationInfo]]:
    """Send the publications due now; mark the long-overdue ones missed. Never raises for one."""
    now = desk.clock.now()
    done: list[PublicationInfo] = []
    newly_missed: list[PublicationInfo] = []
    for pub_id, scheduled_at, _ in _due_rows(desk):
        if scheduled_at is None or now - parse_utc(scheduled_at) > GRACE:
            info = _mark_missed(desk, pub_id)
            if info is not None:
                newly_missed.append(info)
            continue
        info = _fire(desk, pub_id)
        if info is not None:
            done.append(info)
    return done, newly_missed


def _mark_missed(desk: Desk, pub_id: int) -> PublicationInfo | None:
    from crisisdesk.statements.publishing import get_publication

    with desk.transaction(None) as uow:
        pub = uow.session.get(Publication, pub_id)
        if pub is None or pub.state != "scheduled" or pub.missed_at is not None:
            # someone else handled it; still a decision is required, so record nothing
            uow.decide(
                "statement.schedule_checked",
                subject=f"publication:{pub_id}",
                summary_ar=f"فحص الجدولة رقم {pub_id}: عولجت مسبقًا",
                summary_en=f"checked schedule #{pub_id}: already handled",
                payload={"publication": pub_id},
            )
            return None
        version = uow.session.get(StatementVersion, pub.version_id)
        assert version is not None
        statement = uow.session.get(Statement, version.statement_id)
        assert statement is not None
        pub.missed_at = utc_iso(desk.clock.now())
        name_ar, name_en = CHANNEL_NAMES[pub.channel]
        uow.decide(
            "statement.publish_missed",
            subject=f"statement:{statement.id}",
            incident_id=statement.incident_id,
            summary_ar=f"فات موعد نشر البيان رقم {statement.id} عبر {name_ar} "
            f"({pub.scheduled_at}) والتطبيق مغلق؛ لن يُنشر إلا بتأكيد",
            summary_en=f"missed the scheduled publication of statement #{statement.id} on "
            f"{name_en} ({pub.scheduled_at}) while the app was closed; it waits for confirmation",
            payload={
                "statement": statement.id,
                "publication": pub_id,
                "scheduled_at": pub.scheduled_at,
                "channel": pub.channel,
            },
            actor=pub.created_by,
        )
    return get_publication(desk, pub_id)


def _fire(desk: Desk, pub_id: int) -> PublicationInfo | None:
    """Send one due publication if its version is still the approved one, else cancel it."""
    with desk.transaction(None) as uow:
        pub = uow.session.get(Publication, pub_id)
        if pub is None or pub.state != "scheduled":
            uow.decide(
                "statement.schedule_checked",
                subject=f"publication:{pub_id}",
                summary_ar=f"فحص الجدولة رقم {pub_id}: عولجت مسبقًا",
                summary_en=f"checked schedule #{pub_id}: already handled",
                payload={"publication": pub_id},
            )
            return None
        version = uow.session.get(StatementVersion, pub.version_id)
        assert version is not None
        statement = uow.session.get(Statement, version.statement_id)
        assert statement is not None
        problem = version_problem(uow.session, statement, version)
        actor = pub.created_by
        if problem is not None:
            pub.state = "cancelled"
            pub.error = f"not sent: {problem[0]}"
            refuse(
                uow,
                statement,
                "publish",
                f"scheduled publication #{pub_id}: {problem[0]}",
                problem[1],
            )
            cancelled = True
        else:
            pub.state = "sending"
            uow.decide(
                "statement.schedule_fired",
                subject=f"statement:{statement.id}",
                incident_id=statement.incident_id,
                summary_ar=f"حان موعد النشر المجدول رقم {pub_id}",
                summary_en=f"scheduled publication #{pub_id} is due",
                payload={"publication": pub_id, "scheduled_at": pub.scheduled_at},
                actor=actor,
            )
            cancelled = False
    if cancelled:
        from crisisdesk.statements.publishing import get_publication

        return get_publication(desk, pub_id)
    return send(desk, pub_id, actor=None if desk.user else actor)


def missed(desk: Desk, incident_id: int | None = None) -> list[PublicationInfo]:
    """Schedules that passed while the app was closed and still wait for a person."""
    with desk.db.read() as session:
        stmt = (
            select(Publication, StatementVersion)
            .join(StatementVersion, StatementVersion.id == Publication.version_id)
            .join(Statement, Statement.id == StatementVersion.statement_id)
            .where(Publication.state == "scheduled", Publication.missed_at.is_not(None))
            .order_by(Publication.scheduled_at)
        )
        if incident_id is not None:
            stmt = stmt.where(Statement.incident_id == incident_id)
        return [PublicationInfo.from_row(p, v) for p, v in session.execute(stmt)]


def publish_late(desk: Desk, statement_id: int) -> list[PublicationInfo]:
    """Send a statement's missed schedules now: the person confirmed it is still right."""
    info = desk.statements.get(statement_id)
    pending = [p for p in missed(desk, info.incident_id) if p.statement_id == statement_id]
    if not pending:
        raise CrisisDeskError(f"statement {statement_id} has no missed scheduled publication")
    refusal: str | None = None
    with desk.transaction(Action.STATEMENT_PUBLISH, incident_id=info.incident_id) as uow:
        statement = uow.session.get(Statement, statement_id)
        assert statement is not None
        ids: list[int] = []
        for item in pending:
            pub = uow.session.get(Publication, item.id)
            assert pub is not None
            version = uow.session.get(StatementVersion, pub.version_id)
            assert version is not None
            problem = version_problem(uow.session, statement, version)
            if problem is not None:
                refusal = problem[0]
                refuse(uow, statement, "publish", problem[0], problem[1])
                break
            pub.state = "sending"
            ids.append(pub.id)
        if refusal is None:
            uow.decide(
                "statement.publish_late_confirmed",
                subject=f"statement:{statement_id}",
                incident_id=info.incident_id,
                summary_ar=f"تأكيد نشر البيان رقم {statement_id} بعد فوات موعده",
                summary_en=f"confirmed publishing statement #{statement_id} after its missed time",
                payload={"statement": statement_id, "publications": ids},
            )
    if refusal is not None:
        raise RefusedError(f"statement {statement_id} cannot be published late: {refusal}")
    return [send(desk, pub_id, late=True) for pub_id in ids]


class PublicationScheduler:
    """Polls the schedule table every ``interval`` seconds on an APScheduler thread.

    ``on_missed`` and ``on_done`` are called from that thread; a GUI must hand them to its
    own thread (a queued signal) before touching widgets.
    """

    def __init__(
        self,
        desk: Desk,
        *,
        interval: float = 15.0,
        on_done: Callable[[list[PublicationInfo]], None] | None = None,
        on_missed: Callable[[list[PublicationInfo]], None] | None = None,
        on_error: Callable[[Exception], None] | None = None,
    ) -> None:
        self.desk = desk
        self.interval = interval
        self.on_done = on_done
        self.on_missed = on_missed
        self.on_error = on_error
        self._scheduler: BackgroundScheduler | None = None
        self._lock = threading.Lock()

    def tick(self) -> tuple[list[PublicationInfo], list[PublicationInfo]]:
        """One poll; also what the job runs. Errors go to ``on_error``, never kill the job."""
        with self._lock:
            try:
                done, newly_missed = run_due(self.desk)
            except Exception as exc:  # a database hiccup must not stop later schedules
                if self.on_error:
                    self.on_error(exc)
                return [], []
        if done and self.on_done:
            self.on_done(done)
        if newly_missed and self.on_missed:
            self.on_missed(newly_missed)
        return done, newly_missed

    def start(self) -> None:
        from apscheduler.schedulers.background import BackgroundScheduler

        if self._scheduler is not None:
            return
        scheduler = BackgroundScheduler(timezone="UTC")
        scheduler.add_job(
            self.tick,
            "interval",
            seconds=self.interval,
            id="crisisdesk-publications",
            max_instances=1,
            coalesce=True,
            next_run_time=datetime.now(ZoneInfo("UTC")),
        )
        scheduler.start()
        self._scheduler = scheduler

    def stop(self) -> None:
        if self._scheduler is not None:
            self._scheduler.shutdown(wait=True)
            self._scheduler = None

    @property
    def running(self) -> bool:
        return self._scheduler is not None
