"""Scheduled publications: kept in the publications table, polled by an APScheduler job.

The schedule is data in the database, so it survives a restart and is shared by every
laptop. A publication found overdue by more than :data:`GRACE` (the app was closed at its
time) is never sent silently: it is marked missed, reported as a decision, and waits for
a person to confirm publishing late (``statement publish ID --late-ok`` or a dialog).

Schedules live and die with their incident: closing it cancels them (each a decision,
after the person closing was shown them), and the poll never sends for a closed incident
even if a schedule slipped through. A time is read in the room's zone and must lie ahead.
One approved version may go out again only when someone says so: ``repeat`` schedules it
once more, ``every``/``until`` schedules a series (a daily awareness message) of the same
words, each occurrence its own publication row with its own idempotency key.

The poll reads first and writes only when something is due: an idle tick never takes the
room's writer lock, on SQLite or PostgreSQL.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from crisisdesk.clock import ensure_utc, parse_utc, utc_iso
from crisisdesk.errors import ConflictError, CrisisDeskError, RefusedError
from crisisdesk.log.kinds import Kind
from crisisdesk.statements.approval import latest_version, refuse
from crisisdesk.statements.publishing import (
    CHANNEL_NAMES,
    normalise_channel,
    send,
    version_problem,
)
from crisisdesk.statements.records import PublicationInfo
from crisisdesk.storage.models import Incident, Publication, Statement, StatementVersion
from crisisdesk.unit_of_work import UnitOfWork
from crisisdesk.users.permissions import Action

if TYPE_CHECKING:
    from apscheduler.schedulers.background import BackgroundScheduler

    from crisisdesk.kernel import Kernel
    from crisisdesk.statements.service import StatementService

__all__ = [
    "GRACE",
    "MAX_AHEAD",
    "MAX_OCCURRENCES",
    "MIN_EVERY",
    "PendingPublications",
    "PublicationScheduler",
    "cancel_for_close",
    "due_count",
    "missed",
    "overdue",
    "overdue_ids",
    "parse_every",
    "parse_until",
    "parse_when",
    "pending",
    "publish_late",
    "refuse_closed",
    "run_due",
    "schedule",
]

GRACE = timedelta(minutes=2)
MIN_EVERY = timedelta(hours=1)  # the public is not messaged more often than hourly by a series
MAX_OCCURRENCES = 60
MAX_AHEAD = timedelta(days=366)

_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})$")
_DAY_WORDS = {
    "today": 0,
    "tomorrow": 1,
    "اليوم": 0,
    "غدا": 1,
    "غدًا": 1,
    "غداً": 1,
}
_UNITS = {"m": 60, "min": 60, "h": 3600, "d": 86400}


def _zone(zone: tzinfo | str) -> tzinfo:
    return ZoneInfo(zone) if isinstance(zone, str) else zone


def _at_local(day: date, clock: time, tz: tzinfo, text: str) -> datetime:
    """``day`` at ``clock`` in ``tz`` as UTC; a wall time skipped by a clock change is refused."""
    local = datetime.combine(day, clock, tz)
    if ensure_utc(local).astimezone(tz).replace(tzinfo=None) != local.replace(tzinfo=None):
        raise CrisisDeskError(f"{text} does not exist on {day.isoformat()}: the clocks change then")
    return ensure_utc(local)


def _clock(text: str, original: str) -> time:
    match = _CLOCK.match(text)
    if match is None:
        raise CrisisDeskError(_not_a_time(original))
    hour, minute = int(match.group(1)), int(match.group(2))
    if hour > 23 or minute > 59:
        raise CrisisDeskError(f"not a time of day: {original!r}")
    return time(hour, minute)


def _not_a_time(text: str) -> str:
    return (
        f"not a time: {text!r} (use HH:MM, 'tomorrow HH:MM' or a date and time such as "
        "2026-11-26T18:00, read in the room's time zone)"
    )


def parse_when(text: str, now: datetime, zone: tzinfo | str) -> datetime:
    """``--at`` as UTC, read in the room's zone: ``HH:MM`` (today), ``tomorrow HH:MM``,
    ``today HH:MM``, or ISO 8601 (a value without zone is the room's local time).

    A time that has passed is refused, never moved silently to the next day; so is one more
    than :data:`MAX_AHEAD` ahead (a typo in the year, not a plan)."""
    try:
        when = _parse_when(text, now, zone)
    except OverflowError:
        raise CrisisDeskError(_not_a_time(text)) from None
    if when - ensure_utc(now) > MAX_AHEAD:
        raise CrisisDeskError(f"{text.strip()!r} is more than a year ahead")
    return when


def _parse_when(text: str, now: datetime, zone: tzinfo | str) -> datetime:
    raw = " ".join(text.translate(_DIGITS).split())
    tz = _zone(zone)
    local_now = ensure_utc(now).astimezone(tz)
    words = raw.split(" ")
    if len(words) == 2 and words[0].lower() in _DAY_WORDS:
        day = local_now.date() + timedelta(days=_DAY_WORDS[words[0].lower()])
        when = _at_local(day, _clock(words[1], text), tz, words[1])
        if when <= ensure_utc(now):
            raise CrisisDeskError(f"{words[1]} today has passed; use --at 'tomorrow {words[1]}'")
        return when
    if _CLOCK.match(raw):
        when = _at_local(local_now.date(), _clock(raw, text), tz, raw)
        if when <= ensure_utc(now):
            hhmm = f"{when.astimezone(tz):%H:%M}"
            raise CrisisDeskError(
                f"{hhmm} has passed; did you mean tomorrow? use --at 'tomorrow {hhmm}'"
            )
        return when
    try:
        value = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        raise CrisisDeskError(_not_a_time(text)) from None
    if value.tzinfo is None:
        value = _at_local(value.date(), value.time(), tz, raw)
    when = ensure_utc(value)
    if when <= ensure_utc(now):
        raise CrisisDeskError(f"{when.astimezone(tz):%Y-%m-%d %H:%M} has passed")
    return when


def parse_every(text: str) -> timedelta:
    """``--every``: ``24h``, ``90m``, ``1d``, ``2h30m`` or ISO 8601 (``P1D``, ``PT12H``)."""
    raw = text.strip().lower().translate(_DIGITS)
    if len(raw) > 20:
        raise CrisisDeskError(f"not a repeat interval: {text[:40]!r} (e.g. 24h or 1d)")
    total = 0
    if raw.startswith("p"):
        from crisisdesk.playbooks.model import parse_duration

        try:
            delta: timedelta = parse_duration(raw.upper())
        except (ValueError, CrisisDeskError):
            raise CrisisDeskError(f"not a repeat interval: {text!r} (e.g. 24h or 1d)") from None
        total = int(delta.total_seconds())
    else:
        parts = re.findall(r"(\d+)\s*(min|m|h|d)", raw)
        if not parts or re.sub(r"(\d+)\s*(min|m|h|d)", "", raw).strip():
            raise CrisisDeskError(f"not a repeat interval: {text!r} (e.g. 24h or 1d)")
        total = sum(int(n) * _UNITS[unit] for n, unit in parts)
    if total > MAX_AHEAD.total_seconds():
        raise CrisisDeskError(f"--every {text}: more than a year between two publications")
    every = timedelta(seconds=total)
    if every < MIN_EVERY:
        raise CrisisDeskError(f"--every {text}: a series repeats at most once an hour")
    return every


def parse_until(text: str, now: datetime, zone: tzinfo | str) -> datetime:
    """``--until``: a date (the end of that day in the room's zone) or a time as ``--at``."""
    raw = text.strip().translate(_DIGITS)
    try:
        day = date.fromisoformat(raw)
    except ValueError:
        return parse_when(text, now, zone)
    tz = _zone(zone)
    try:
        end = ensure_utc(datetime.combine(day, time(23, 59, 59), tz))
    except OverflowError:
        raise CrisisDeskError(_not_a_time(text)) from None
    if end <= ensure_utc(now):
        raise CrisisDeskError(f"{raw} has passed")
    if end - ensure_utc(now) > MAX_AHEAD + timedelta(days=1):
        raise CrisisDeskError(f"{raw} is more than a year ahead")
    return end


# ------------------------------------------------------------------------------ writing


@contextmanager
def _writing(desk: Kernel) -> Iterator[UnitOfWork]:
    """A write transaction that may end without a decision when it changed nothing (the
    row was handled by another laptop meanwhile); every change in it records one."""
    with desk.db.write() as session:
        yield UnitOfWork(desk, session)


def _incident_of(session: Session, pub: Publication) -> tuple[Statement, Incident]:
    version = session.get(StatementVersion, pub.version_id)
    assert version is not None
    statement = session.get(Statement, version.statement_id)
    assert statement is not None
    incident = session.get(Incident, statement.incident_id)
    assert incident is not None
    return statement, incident


def _cancel(
    uow: UnitOfWork,
    pub: Publication,
    statement: Statement,
    why_en: str,
    why_ar: str,
    *,
    actor: str | None = None,
    role: str | None = None,
) -> None:
    """Cancel one scheduled row with its own decision, naming the incident."""
    pub.state = "cancelled"
    pub.error = f"cancelled: {why_en}"
    name_ar, name_en = CHANNEL_NAMES[pub.channel]
    uow.decide(
        Kind.STATEMENT_PUBLICATION_CANCELLED,
        subject=f"statement:{statement.id}",
        incident_id=statement.incident_id,
        summary_ar=f"إلغاء النشر المجدول رقم {pub.id} للبيان رقم {statement.id} عبر {name_ar}: "
        f"{why_ar}",
        summary_en=f"cancelled scheduled publication #{pub.id} of statement #{statement.id} on "
        f"{name_en}: {why_en}",
        payload={
            "statement": statement.id,
            "publication": pub.id,
            "channel": pub.channel,
            "target": pub.target,
            "scheduled_at": pub.scheduled_at,
            "reason": why_en,
        },
        actor=actor,
        role=role,
    )


# ----------------------------------------------------------------------------- scheduling


@dataclass(frozen=True)
class _Plan:
    """The times of one scheduling request: one, or a series ``every`` apart."""

    times: tuple[datetime, ...]
    every: timedelta | None
    until: datetime | None


def _plan(at: datetime, every: timedelta | None, until: datetime | None) -> _Plan:
    if (every is None) != (until is None):
        raise CrisisDeskError("a repeating publication needs both --every and --until")
    if every is None or until is None:
        return _Plan((at,), None, None)
    if until < at:
        raise CrisisDeskError("--until is before the first publication")
    count = int((until - at) / every) + 1
    if count > MAX_OCCURRENCES:
        raise CrisisDeskError(
            f"that series has {count} publications; at most {MAX_OCCURRENCES} (shorten --until)"
        )
    return _Plan(tuple(at + i * every for i in range(count)), every, until)


def _identity(statement: Statement, version: StatementVersion, repeat: int) -> str:
    # The statement and version number keep two statements with the same words apart; the
    # hash binds the key to the text; a repeat has a key of its own (the first keeps the
    # key it always had).
    base = f"{statement.id}/{version.number}/{version.content_hash}"
    return base if repeat == 0 else f"{base}/repeat/{repeat}"


def schedule(
    statements: StatementService,
    statement_id: int,
    channel: str,
    at: datetime | None,
    *,
    every: timedelta | None = None,
    until: datetime | None = None,
    repeat: bool = False,
) -> list[PublicationInfo]:
    """Schedule the approved latest version on ``channel`` at ``at`` (and, with ``every`` and
    ``until``, again every ``every`` up to ``until``); ``at`` None with ``repeat`` sends
    the repeat now.

    A version already published (or scheduled) on that channel goes again only as an
    explicit repeat (``repeat``, or a series): otherwise the request is refused and nothing,
    in particular no "scheduled" decision, is recorded."""
    desk = statements.desk
    from crisisdesk.room_zone import load as load_zone
    from crisisdesk.statements.channel_settings import load_settings
    from crisisdesk.statements.publishers import publication_key
    from crisisdesk.statements.publishing import _targets

    channel = normalise_channel(channel)
    info = statements.get(statement_id)
    now = desk.clock.now()
    zone = load_zone(desk)
    immediate = at is None
    if at is None:
        if not repeat or every is not None:
            raise CrisisDeskError("a time is needed (--at); only a single repeat goes out now")
        at = now
    at = ensure_utc(at)
    if at <= now and not immediate:
        raise CrisisDeskError(f"{zone.format(at, named=True)} has passed")
    if at - now > MAX_AHEAD:
        raise CrisisDeskError(f"{zone.format(at, named=True)} is more than a year ahead")
    plan = _plan(at, every, until)
    series = plan.every is not None
    targets = _targets(statements, channel, info.incident_id, load_settings(desk))
    refusal: str | None = None
    ids: list[int] = []
    with desk.transaction(Action.STATEMENT_PUBLISH, incident_id=info.incident_id) as uow:
        user = desk.user
        assert user is not None
        session = uow.session
        row = session.get(Statement, statement_id)
        assert row is not None
        incident = session.get(Incident, row.incident_id)
        assert incident is not None
        version = latest_version(session, statement_id)
        problem = version_problem(session, row, version)
        if problem is None and incident.status != "active":
            problem = (f"incident {incident.id} is closed", "الحادثة مغلقة")
        if problem is not None:
            refusal = problem[0]
            refuse(uow, row, "publish", problem[0], problem[1])
        else:
            earlier = list(
                session.scalars(
                    select(Publication)
                    .where(Publication.version_id == version.id, Publication.channel == channel)
                    .order_by(Publication.repeat, Publication.id)
                )
            )
            if earlier and not (repeat or series):
                _refuse_again(earlier, statement_id, zone.format)
            again = repeat or series  # new rows with keys of their own
            next_repeat = 0 if not earlier else max(p.repeat for p in earlier) + 1
            drill = bool(incident.drill)
            stamp = utc_iso(now)
            first_id: int | None = None
            for index, when in enumerate(plan.times):
                number = next_repeat + index if again else 0
                for target in targets:
                    key = publication_key(_identity(row, version, number), channel, target)
                    pub = session.scalars(
                        select(Publication).where(Publication.idempotency_key == key)
                    ).first()
                    if pub is None:
                        pub = Publication(
                            version_id=version.id,
                            channel=channel,
                            target=target,
                            sandbox=drill,
                            idempotency_key=key,
                            attempts=0,
                            created_by=user.name,
                            created_at=stamp,
                            repeat=number,
                        )
                        session.add(pub)
                    pub.state = "sending" if immediate else "scheduled"
                    pub.scheduled_at = utc_iso(when)
                    pub.missed_at = None
                    pub.error = None
                    session.flush()
                    if series:
                        first_id = first_id if first_id is not None else pub.id
                        pub.series_id = first_id
                    ids.append(pub.id)
            if immediate:
                _decide_repeat_now(uow, row, version, channel, ids, drill)
            else:
                _decide_scheduled(uow, row, version, channel, ids, plan, drill, zone.format)
    if refusal is not None:
        raise RefusedError(f"statement {statement_id} cannot be published: {refusal}")
    if immediate:
        return [send(statements, pub_id) for pub_id in ids]
    from crisisdesk.statements.publishing import get_publication

    return [get_publication(desk, pub_id) for pub_id in ids]


def _decide_repeat_now(
    uow: UnitOfWork,
    row: Statement,
    version: StatementVersion,
    channel: str,
    ids: list[int],
    drill: bool,
) -> None:
    name_ar, name_en = CHANNEL_NAMES[channel]
    uow.decide(
        Kind.STATEMENT_PUBLISH_REQUESTED,
        subject=f"statement:{row.id}",
        incident_id=row.incident_id,
        summary_ar=f"طلب إعادة نشر البيان رقم {row.id} عبر {name_ar} (تكرار مقصود)",
        summary_en=f"publishing statement #{row.id} on {name_en} again (an explicit repeat)",
        payload={
            "statement": row.id,
            "version": version.number,
            "content_hash": version.content_hash,
            "channel": channel,
            "publications": ids,
            "repeat": True,
            "late": False,
            "sandbox": drill,
        },
    )


def _refuse_again(
    earlier: list[Publication], statement_id: int, local: Callable[[datetime], str]
) -> None:
    """Why a version that already has a publication on this channel is not scheduled again."""
    live = [p for p in earlier if p.state in ("sent", "sending", "scheduled")]
    if not live:
        return  # cancelled or failed before: scheduling it is not a repeat
    last = live[-1]
    if last.state == "scheduled":
        when = local(parse_utc(last.scheduled_at)) if last.scheduled_at else "?"
        raise ConflictError(
            f"publication {last.id} of statement {statement_id} is already scheduled for "
            f"{when}; cancel it first, or schedule another publication with --repeat"
        )
    when = local(parse_utc(last.sent_at)) if last.sent_at else "just now"
    raise ConflictError(
        f"statement {statement_id} was already published on {last.channel} ({when}); "
        "to send the same words again, schedule it with --repeat (or --every/--until)"
    )


def _decide_scheduled(
    uow: UnitOfWork,
    row: Statement,
    version: StatementVersion,
    channel: str,
    ids: list[int],
    plan: _Plan,
    drill: bool,
    local: Callable[[datetime], str],
) -> None:
    name_ar, name_en = CHANNEL_NAMES[channel]
    drill_ar = " (تمرين: إلى قناة المحاكاة)" if drill else ""
    drill_en = " (drill: to the sandbox channel)" if drill else ""
    first, last = plan.times[0], plan.times[-1]
    payload: dict[str, object] = {
        "statement": row.id,
        "version": version.number,
        "content_hash": version.content_hash,
        "channel": channel,
        "publications": ids,
        "at": utc_iso(first),
        "sandbox": drill,
    }
    if plan.every is not None and plan.until is not None:
        hours = plan.every.total_seconds() / 3600
        every_en = f"{hours:g} h"
        payload.update(
            every_seconds=int(plan.every.total_seconds()),
            until=utc_iso(plan.until),
            occurrences=len(plan.times),
            last_at=utc_iso(last),
        )
        summary_ar = (
            f"جدولة نشر البيان رقم {row.id} عبر {name_ar} كل {hours:g} ساعة من {local(first)} "
            f"حتى {local(last)} ({len(plan.times)} مرة){drill_ar}"
        )
        summary_en = (
            f"scheduled statement #{row.id} on {name_en} every {every_en} from {local(first)} "
            f"to {local(last)} ({len(plan.times)} times){drill_en}"
        )
    else:
        summary_ar = f"جدولة نشر البيان رقم {row.id} عبر {name_ar} في {local(first)}{drill_ar}"
        summary_en = f"scheduled statement #{row.id} on {name_en} for {local(first)}{drill_en}"
    uow.decide(
        Kind.STATEMENT_SCHEDULED,
        subject=f"statement:{row.id}",
        incident_id=row.incident_id,
        summary_ar=summary_ar,
        summary_en=summary_en,
        payload=payload,
    )


# ------------------------------------------------------------------- the incident's life


class PendingPublications(ConflictError):
    """Closing was asked without cancelling the incident's scheduled publications."""

    def __init__(self, incident_id: int, publications: list[PublicationInfo]) -> None:
        self.incident_id = incident_id
        self.publications = publications
        ids = ", ".join(f"#{p.id}" for p in publications)
        super().__init__(
            f"incident {incident_id} has {len(publications)} scheduled publication"
            f"{'s' if len(publications) != 1 else ''} ({ids}); closing cancels them: "
            "confirm with --cancel-scheduled"
        )


def _pending_rows(session: Session, incident_id: int) -> list[tuple[Publication, StatementVersion]]:
    return [
        (p, v)
        for p, v in session.execute(
            select(Publication, StatementVersion)
            .join(StatementVersion, StatementVersion.id == Publication.version_id)
            .join(Statement, Statement.id == StatementVersion.statement_id)
            .where(Statement.incident_id == incident_id, Publication.state == "scheduled")
            .order_by(Publication.scheduled_at, Publication.id)
        )
    ]


def pending(desk: Kernel, incident_id: int) -> list[PublicationInfo]:
    """The incident's publications still scheduled (missed ones included): what closing it
    would cancel, for the close dialog and the command's refusal."""
    with desk.db.read() as session:
        return [PublicationInfo.from_row(p, v) for p, v in _pending_rows(session, incident_id)]


def cancel_for_close(uow: UnitOfWork, incident_id: int, *, confirmed: bool) -> list[int]:
    """Inside the closing transaction: cancel every pending schedule, one decision each, or
    refuse (``confirmed`` false) listing them, so nothing is cancelled unasked."""
    rows = _pending_rows(uow.session, incident_id)
    if rows and not confirmed:
        raise PendingPublications(incident_id, [PublicationInfo.from_row(p, v) for p, v in rows])
    for pub, version in rows:
        statement = uow.session.get(Statement, version.statement_id)
        assert statement is not None
        _cancel(uow, pub, statement, "the incident was closed", "أُغلقت الحادثة")
    return [p.id for p, _v in rows]


# ------------------------------------------------------------------------------ the poll


def _due_rows(desk: Kernel) -> list[tuple[int, str | None]]:
    now = utc_iso(desk.clock.now())
    with desk.db.read() as session:
        rows = session.execute(
            select(Publication.id, Publication.scheduled_at).where(
                Publication.state == "scheduled",
                Publication.missed_at.is_(None),
                Publication.scheduled_at <= now,
            )
        ).all()
    return [(r[0], r[1]) for r in rows]


def due_count(desk: Kernel) -> int:
    """How many scheduled publications are due now (cheap: a GUI polls it)."""
    return len(_due_rows(desk))


_OVERDUE_IDS = (
    select(Publication.id)
    .join(StatementVersion, StatementVersion.id == Publication.version_id)
    .join(Statement, Statement.id == StatementVersion.statement_id)
    .join(Incident, Incident.id == Statement.incident_id)
    .where(
        Publication.state == "scheduled",
        Publication.scheduled_at < bindparam("limit"),
        Incident.status == "active",
    )
)


def overdue_ids(session: Session, now: datetime) -> list[int]:
    """The ids of :func:`overdue`, inside a read the caller holds (the task timers' tick)."""
    return list(session.scalars(_OVERDUE_IDS, {"limit": utc_iso(now - GRACE)}))


def overdue(desk: Kernel) -> list[PublicationInfo]:
    """Scheduled publications of active incidents whose time passed more than :data:`GRACE`
    ago, marked missed or not yet: what a laptop waking up reports as missed schedules."""
    limit = utc_iso(desk.clock.now() - GRACE)
    with desk.db.read() as session:
        stmt = (
            select(Publication, StatementVersion)
            .join(StatementVersion, StatementVersion.id == Publication.version_id)
            .join(Statement, Statement.id == StatementVersion.statement_id)
            .join(Incident, Incident.id == Statement.incident_id)
            .where(
                Publication.state == "scheduled",
                Publication.scheduled_at < limit,
                Incident.status == "active",
            )
            .order_by(Publication.scheduled_at)
        )
        return [PublicationInfo.from_row(p, v) for p, v in session.execute(stmt)]


def run_due(statements: StatementService) -> tuple[list[PublicationInfo], list[PublicationInfo]]:
    """Send the publications due now; mark the long-overdue ones missed. Never raises for one.

    Nothing due: one read, no write. A signed-in user must be allowed to publish: the send
    is recorded as theirs (a reviewer firing an operator's schedule is refused).
    """
    desk = statements.desk
    if desk.user is not None:
        desk.require(Action.STATEMENT_PUBLISH)
    now = desk.clock.now()
    done: list[PublicationInfo] = []
    newly_missed: list[PublicationInfo] = []
    for pub_id, scheduled_at in _due_rows(desk):
        if scheduled_at is None or now - parse_utc(scheduled_at) > GRACE:
            info = _mark_missed(desk, pub_id)
            if info is not None:
                newly_missed.append(info)
            continue
        info = _fire(statements, pub_id)
        if info is not None:
            done.append(info)
    return done, newly_missed


def _closed_incident(uow: UnitOfWork, pub: Publication, statement: Statement) -> bool:
    """A schedule of a closed incident (it slipped past the close): cancelled, never sent."""
    incident = uow.session.get(Incident, statement.incident_id)
    if incident is not None and incident.status == "active":
        return False
    _cancel(
        uow,
        pub,
        statement,
        "its incident is closed",
        "الحادثة مغلقة",
        actor="scheduler",
        role="system",
    )
    return True


def _supersede_earlier(uow: UnitOfWork, pub: Publication, statement: Statement) -> None:
    """A later occurrence of a series is going out or is missed: earlier missed ones of the
    same series and target are not sent late any more (the newer one says the same)."""
    if pub.series_id is None:
        return
    older = uow.session.scalars(
        select(Publication).where(
            Publication.series_id == pub.series_id,
            Publication.target == pub.target,
            Publication.state == "scheduled",
            Publication.missed_at.is_not(None),
            Publication.scheduled_at < pub.scheduled_at,
        )
    ).all()
    for row in older:
        _cancel(
            uow,
            row,
            statement,
            f"a later repeat (#{pub.id}) replaces it",
            f"يحل محله تكرار لاحق (رقم {pub.id})",
            actor="scheduler",
            role="system",
        )


def refuse_closed(desk: Kernel, pub_id: int) -> PublicationInfo:
    """The last guard before a channel is called: a publication of a closed incident is
    cancelled with its decision and never delivered, whatever path brought it here."""
    from crisisdesk.statements.publishing import get_publication

    with _writing(desk) as uow:
        pub = uow.session.get(Publication, pub_id)
        if pub is not None and pub.state not in ("sent", "cancelled"):
            statement, _incident = _incident_of(uow.session, pub)
            _closed_incident(uow, pub, statement)
    return get_publication(desk, pub_id)


def _mark_missed(desk: Kernel, pub_id: int) -> PublicationInfo | None:
    from crisisdesk.statements.publishing import get_publication

    with _writing(desk) as uow:
        pub = uow.session.get(Publication, pub_id)
        if pub is None or pub.state != "scheduled" or pub.missed_at is not None:
            return None  # another laptop handled it meanwhile: nothing changed, nothing to log
        statement, _incident = _incident_of(uow.session, pub)
        if _closed_incident(uow, pub, statement):
            return None
        zone = _zone_of(desk)
        pub.missed_at = utc_iso(desk.clock.now())
        name_ar, name_en = CHANNEL_NAMES[pub.channel]
        when = zone(parse_utc(pub.scheduled_at)) if pub.scheduled_at else "?"
        uow.decide(
            Kind.STATEMENT_PUBLISH_MISSED,
            subject=f"statement:{statement.id}",
            incident_id=statement.incident_id,
            summary_ar=f"فات موعد نشر البيان رقم {statement.id} عبر {name_ar} "
            f"({when}) والتطبيق مغلق؛ لن يُنشر إلا بتأكيد",
            summary_en=f"missed the scheduled publication of statement #{statement.id} on "
            f"{name_en} ({when}) while the app was closed; it waits for confirmation",
            payload={
                "statement": statement.id,
                "publication": pub_id,
                "scheduled_at": pub.scheduled_at,
                "channel": pub.channel,
            },
            actor=pub.created_by,
        )
        _supersede_earlier(uow, pub, statement)
    return get_publication(desk, pub_id)


def _zone_of(desk: Kernel) -> Callable[[datetime], str]:
    from crisisdesk.room_zone import load as load_zone

    return load_zone(desk).format


def _fire(statements: StatementService, pub_id: int) -> PublicationInfo | None:
    """Send one due publication if its version is still the approved one, else cancel it."""
    desk = statements.desk
    with _writing(desk) as uow:
        pub = uow.session.get(Publication, pub_id)
        if pub is None or pub.state != "scheduled":
            return None  # sent or cancelled by another laptop meanwhile: nothing to log
        statement, _incident = _incident_of(uow.session, pub)
        if _closed_incident(uow, pub, statement):
            return None  # cancelled, not sent: nothing was attempted
        version = uow.session.get(StatementVersion, pub.version_id)
        assert version is not None
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
            return _info(uow, pub)
        pub.state = "sending"
        uow.decide(
            Kind.STATEMENT_SCHEDULE_FIRED,
            subject=f"statement:{statement.id}",
            incident_id=statement.incident_id,
            summary_ar=f"حان موعد النشر المجدول رقم {pub_id}",
            summary_en=f"scheduled publication #{pub_id} is due",
            payload={"publication": pub_id, "scheduled_at": pub.scheduled_at},
            actor=actor,
        )
        _supersede_earlier(uow, pub, statement)
    return send(statements, pub_id, actor=None if desk.user else actor)


def _info(uow: UnitOfWork, pub: Publication) -> PublicationInfo:
    uow.session.flush()
    version = uow.session.get(StatementVersion, pub.version_id)
    assert version is not None
    return PublicationInfo.from_row(pub, version)


def missed(desk: Kernel, incident_id: int | None = None) -> list[PublicationInfo]:
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


def publish_late(statements: StatementService, statement_id: int) -> list[PublicationInfo]:
    """Send a statement's missed schedules now: the person confirmed it is still right."""
    desk = statements.desk
    info = statements.get(statement_id)
    pending_ = [p for p in missed(desk, info.incident_id) if p.statement_id == statement_id]
    if not pending_:
        raise CrisisDeskError(f"statement {statement_id} has no missed scheduled publication")
    refusal: str | None = None
    with desk.transaction(Action.STATEMENT_PUBLISH, incident_id=info.incident_id) as uow:
        statement = uow.session.get(Statement, statement_id)
        assert statement is not None
        ids: list[int] = []
        for item in pending_:
            pub = uow.session.get(Publication, item.id)
            assert pub is not None
            if pub.state != "scheduled":
                continue  # cancelled meanwhile (the incident closed, a later repeat)
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
                Kind.STATEMENT_PUBLISH_LATE_CONFIRMED,
                subject=f"statement:{statement_id}",
                incident_id=info.incident_id,
                summary_ar=f"تأكيد نشر البيان رقم {statement_id} بعد فوات موعده",
                summary_en=f"confirmed publishing statement #{statement_id} after its missed time",
                payload={"statement": statement_id, "publications": ids},
            )
    if refusal is not None:
        raise RefusedError(f"statement {statement_id} cannot be published late: {refusal}")
    return [send(statements, pub_id, late=True) for pub_id in ids]


class PublicationScheduler:
    """Polls the schedule table every ``interval`` seconds on an APScheduler thread.

    ``on_missed`` and ``on_done`` are called from that thread; a GUI must hand them to its
    own thread (a queued signal) before touching widgets.
    """

    def __init__(
        self,
        statements: StatementService,
        *,
        interval: float = 15.0,
        on_done: Callable[[list[PublicationInfo]], None] | None = None,
        on_missed: Callable[[list[PublicationInfo]], None] | None = None,
        on_error: Callable[[Exception], None] | None = None,
    ) -> None:
        self.statements = statements
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
                done, newly_missed = run_due(self.statements)
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
