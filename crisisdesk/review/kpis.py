"""Post-incident KPIs, computed with read-only queries for one incident and a time window.

Every duration is whole seconds (floored). Medians and p90s are nearest-rank: the value at
rank ceil(p/100 * n) of the sorted values, so a figure is always one that was observed and a
hand-built incident has exact answers. Figures the bundle verifier can recompute from the
decision log alone (decision counts by kind, first approval and publication, completed
tasks) are computed from the log itself, never from a second source that could drift.
"""

from __future__ import annotations

import json
import math
from array import array
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from crisisdesk.clock import parse_utc, utc_iso
from crisisdesk.errors import NotFoundError
from crisisdesk.storage.models import (
    Cluster,
    Decision,
    Incident,
    Interaction,
    Publication,
    Statement,
    StatementVersion,
    Task,
)

KPI_VERSION = 1
SUBMITTED = "statement.submitted"
APPROVED = "statement.approved"
REJECTED = "statement.rejected"
PUBLISHED_KINDS = ("statement.published",)
TASK_DONE = "task.done"
TOP_CLUSTERS = 10


@dataclass(frozen=True)
class Window:
    """A half-open time window [start, end); ``None`` ends are open."""

    start: datetime | None = None
    end: datetime | None = None

    @property
    def start_text(self) -> str | None:
        return utc_iso(self.start) if self.start else None

    @property
    def end_text(self) -> str | None:
        return utc_iso(self.end) if self.end else None

    def holds(self, when: str | None) -> bool:
        """Canonical UTC text sorts like time, so the window compares text."""
        if when is None:
            return False
        if self.start is not None and when < utc_iso(self.start):
            return False
        return not (self.end is not None and when >= utc_iso(self.end))

    def where(self, column: Any) -> list[Any]:
        conditions = []
        if self.start is not None:
            conditions.append(column >= utc_iso(self.start))
        if self.end is not None:
            conditions.append(column < utc_iso(self.end))
        return conditions

    def to_json(self) -> dict[str, str | None]:
        return {"from": self.start_text, "to": self.end_text}


def seconds_between(earlier: str, later: str) -> int:
    """Whole seconds from one canonical time to another (floored)."""
    return (parse_utc(later) - parse_utc(earlier)) // timedelta(seconds=1)


ONE_SECOND = timedelta(seconds=1)


def _seconds(earlier: str, later: str) -> int:
    """``seconds_between`` for canonical text (``…Z``), without time-zone objects: the hot
    loop over a million interactions."""
    try:
        return (_naive(later) - _naive(earlier)) // ONE_SECOND
    except TypeError:  # not canonical (an offset on one side): the careful way
        return seconds_between(earlier, later)


def _naive(text: str) -> datetime:
    return datetime.fromisoformat(text[:-1] if text.endswith("Z") else text)


def nearest_rank(sorted_values: Any, percent: int) -> int | None:
    """The nearest-rank percentile of already sorted values; ``None`` when empty."""
    n = len(sorted_values)
    if n == 0:
        return None
    rank = max(1, math.ceil(percent * n / 100))
    return int(sorted_values[rank - 1])


def distribution(values: Iterable[int]) -> dict[str, Any]:
    """Count, median, p90, min, max and a histogram of durations in seconds."""
    ordered = array("q", sorted(values))
    return {
        "count": len(ordered),
        "median": nearest_rank(ordered, 50),
        "p90": nearest_rank(ordered, 90),
        "min": int(ordered[0]) if ordered else None,
        "max": int(ordered[-1]) if ordered else None,
        "histogram": histogram(ordered),
    }


HISTOGRAM_EDGES = (300, 900, 1800, 3600, 7200, 14400, 43200, 86400)  # seconds


def histogram(ordered: Iterable[int]) -> list[dict[str, Any]]:
    """Counts per bucket: under 5 min, 15 min, 30 min, 1 h, 2 h, 4 h, 12 h, 24 h, longer."""
    counts = [0] * (len(HISTOGRAM_EDGES) + 1)
    for value in ordered:
        index = 0
        while index < len(HISTOGRAM_EDGES) and value >= HISTOGRAM_EDGES[index]:
            index += 1
        counts[index] += 1
    labels: list[int | None] = [*HISTOGRAM_EDGES, None]
    return [{"below": edge, "count": count} for edge, count in zip(labels, counts, strict=True)]


def share(part: int, whole: int) -> float | None:
    """A percentage with one decimal, or ``None`` when there is nothing to divide."""
    return round(100 * part / whole, 1) if whole else None


def compute_kpis(
    session: Session,
    incident_id: int,
    *,
    window: Window | None = None,
    now: datetime,
    as_of_seq: int | None = None,
) -> dict[str, Any]:
    """All KPIs of ``incident_id`` within ``window`` as JSON-ready data with stable keys.

    ``as_of_seq`` bounds the decisions read, so an export's figures match the decisions it
    ships even when the room keeps working while it is written.
    """
    window = window or Window()
    incident = session.get(Incident, incident_id)
    if incident is None:
        raise NotFoundError(f"no incident with id {incident_id}")
    if as_of_seq is None:
        as_of_seq = int(session.scalar(select(func.max(Decision.seq))) or 0)
    now_text = utc_iso(now)
    from_log = decision_figures(session, incident_id, window, as_of_seq)
    result: dict[str, Any] = {
        "version": KPI_VERSION,
        "incident": {
            "id": incident.id,
            "title": incident.title,
            "drill": bool(incident.drill),
            "severity": incident.severity,
            "status": incident.status,
            "opened_at": incident.opened_at,
            "closed_at": incident.closed_at,
            "playbook": incident.playbook_id,
        },
        "window": window.to_json(),
        "as_of": now_text,
        "as_of_seq": as_of_seq,
        "decisions": from_log["decisions"],
        "statements": _statements(session, incident, from_log, window),
        "interactions": _interactions(session, incident_id, window, now_text),
        "clusters": _clusters(session, incident_id, window),
        "checklist": _checklist(session, incident_id, window, now_text, from_log),
    }
    from crisisdesk.review.tone_kpis import tone_figures

    result["tone"] = tone_figures(session, incident_id, window)
    from crisisdesk.network.indicators import unit_kpis

    # Per unit of the media network (the whole incident: a unit's figures are not windowed).
    result["units"] = unit_kpis(session, incident_id, now, as_of_seq)
    return result


# ------------------------------------------------------------------ decisions
def decision_figures(
    session: Session, incident_id: int, window: Window, as_of_seq: int
) -> dict[str, Any]:
    """What the log says about the incident: counts by kind, statement and task events."""
    base = [
        Decision.incident_id == incident_id,
        Decision.seq <= as_of_seq,
        *window.where(Decision.at),
    ]
    by_kind = {
        str(kind): int(n)
        for kind, n in session.connection().execute(
            select(Decision.kind, func.count()).where(*base).group_by(Decision.kind)
        )
    }
    kinds = (SUBMITTED, APPROVED, REJECTED, *PUBLISHED_KINDS)
    events = [
        (str(kind), str(subject or ""), str(at))
        for kind, subject, at in session.connection().execute(
            select(Decision.kind, Decision.subject, Decision.at)
            .where(*base, Decision.kind.in_(kinds))
            .order_by(Decision.seq)
        )
    ]
    late = 0
    for (body,) in session.connection().execute(
        select(Decision.body).where(*base, Decision.kind == TASK_DONE)
    ):
        if (json.loads(body).get("payload") or {}).get("late"):
            late += 1
    return {
        "decisions": {"total": sum(by_kind.values()), "by_kind": dict(sorted(by_kind.items()))},
        "events": events,
        "tasks_completed": by_kind.get(TASK_DONE, 0),
        "tasks_completed_late": late,
    }


def statement_times(events: Iterable[tuple[str, str, str]]) -> dict[str, Any]:
    """First approval and publication, and submit→verdict turnarounds, from log events.

    Shared with the bundle verifier: the same events read from ``decisions.jsonl`` must
    give the same figures.
    """
    first_approved: str | None = None
    first_published: str | None = None
    submitted: dict[str, str] = {}
    turnarounds: list[int] = []
    for kind, subject, at in events:
        if kind == SUBMITTED:
            submitted[subject] = at
        elif kind in (APPROVED, REJECTED):
            if kind == APPROVED and first_approved is None:
                first_approved = at
            start = submitted.pop(subject, None)
            if start is not None:
                turnarounds.append(seconds_between(start, at))
        elif kind in PUBLISHED_KINDS and first_published is None:
            first_published = at
    return {
        "first_approved_at": first_approved,
        "first_published_at": first_published,
        "turnarounds": turnarounds,
    }


# ----------------------------------------------------------------- statements
def _statements(
    session: Session, incident: Incident, from_log: Mapping[str, Any], window: Window
) -> dict[str, Any]:
    times = statement_times(from_log["events"])
    opened = incident.opened_at
    by_state = {
        str(state): int(n)
        for state, n in session.connection().execute(
            select(Statement.state, func.count())
            .where(Statement.incident_id == incident.id, *window.where(Statement.created_at))
            .group_by(Statement.state)
        )
    }
    first_approved, first_published = times["first_approved_at"], times["first_published_at"]
    return {
        "count": sum(by_state.values()),
        "by_state": dict(sorted(by_state.items())),
        "first_approved_at": first_approved,
        "first_published_at": first_published,
        "activation_to_first_approved_s": (
            seconds_between(opened, first_approved) if first_approved else None
        ),
        "activation_to_first_published_s": (
            seconds_between(opened, first_published) if first_published else None
        ),
        "approval_turnaround_s": distribution(times["turnarounds"]),
    }


# --------------------------------------------------------------- interactions
def _interactions(
    session: Session, incident_id: int, window: Window, now_text: str
) -> dict[str, Any]:
    """Volumes, first-response times, backlog and overdue, streamed in one pass."""
    where = [
        Interaction.incident_id == incident_id,
        Interaction.deleted.is_(False),
        *window.where(Interaction.received_at),
    ]
    rows = session.connection().execute(
        select(
            Interaction.channel,
            Interaction.category,
            Interaction.received_at,
            Interaction.first_response_at,
            Interaction.response_due,
            Interaction.status,
            Interaction.flags,
        )
        .where(*where)
        .execution_options(yield_per=5000)
    )
    combos: Counter[tuple[str, str, str]] = Counter()  # (channel, category, hour)
    answered_by_hour: Counter[str] = Counter()
    sentiment: Counter[str] = Counter()
    response: array[int] = array("q")
    with_target = within_target = overdue = open_now = 0
    for part in rows.partitions():
        for channel, category, received, first, due, status, flags in part:
            combos[(channel, category or "uncategorised", received[:13])] += 1
            if first is not None:
                response.append(_seconds(received, first))
                answered_by_hour[first[:13]] += 1
                if due is not None:
                    with_target += 1
                    if first <= due:
                        within_target += 1
            else:
                if status in ("new", "in_progress", "escalated"):
                    open_now += 1
                if due is not None and due < now_text:
                    overdue += 1
                    with_target += 1  # missed its target: counts against the share
            if flags and "sentiment" in flags:
                mood = _sentiment(flags)
                if mood:
                    sentiment[mood] += 1
    total = sum(combos.values())
    by_channel: Counter[str] = Counter()
    by_category: Counter[str] = Counter()
    by_hour: Counter[str] = Counter()
    by_channel_hour: dict[str, Counter[str]] = {}
    for (channel, category, hour), n in combos.items():
        by_channel[channel] += n
        by_category[category] += n
        by_hour[hour] += n
        by_channel_hour.setdefault(channel, Counter())[hour] += n
    return {
        "total": total,
        "by_channel": dict(sorted(by_channel.items())),
        "by_category": dict(sorted(by_category.items())),
        "by_hour": dict(sorted(by_hour.items())),
        "by_channel_hour": {
            channel: dict(sorted(hours.items()))
            for channel, hours in sorted(by_channel_hour.items())
        },
        "first_response_s": distribution(response),
        "target_passed_or_answered": with_target,
        "answered_within_target": within_target,
        "within_target_pct": share(within_target, with_target),
        "backlog": _backlog(by_hour, answered_by_hour),
        "open": open_now,
        "overdue": overdue,
        "sentiment": dict(sorted(sentiment.items())),
    }


def _backlog(received: Mapping[str, int], answered: Mapping[str, int]) -> list[dict[str, Any]]:
    """Unanswered interactions at the end of each hour: received so far minus answered so far."""
    hours = sorted(set(received) | set(answered))
    backlog, came, went = [], 0, 0
    for hour in hours:
        came += received.get(hour, 0)
        went += answered.get(hour, 0)
        backlog.append({"hour": hour, "open": came - went})
    return backlog


def _sentiment(flags: str | None) -> str | None:
    if not flags or "sentiment" not in flags:
        return None
    try:
        value = json.loads(flags).get("sentiment")
    except (ValueError, AttributeError):
        return None
    return str(value) if value else None


# ------------------------------------------------------------------- clusters
SAMPLE_CHARS = 60


def _first_text(session: Session, cluster_id: int) -> str | None:
    """The cluster's first message, cut short: an unnamed cluster is told apart by what
    it says, not by its number."""
    text = session.scalar(
        select(Interaction.text)
        .where(Interaction.cluster_id == cluster_id)
        .order_by(Interaction.received_at, Interaction.id)
        .limit(1)
    )
    if not text:
        return None
    line = " ".join(str(text).split())
    return line if len(line) <= SAMPLE_CHARS else line[: SAMPLE_CHARS - 1].rstrip() + "…"


def _clusters(session: Session, incident_id: int, window: Window) -> dict[str, Any]:
    """Rumour clusters: how many, how large, and how long until a counter-statement."""
    clusters = (
        session.connection()
        .execute(
            select(
                Cluster.id,
                Cluster.label,
                Cluster.size,
                Cluster.status,
                Cluster.first_seen,
                Cluster.statement_id,
            )
            .where(Cluster.incident_id == incident_id, *window.where(Cluster.first_seen))
            .order_by(Cluster.size.desc(), Cluster.id)
        )
        .all()
    )
    countered = _counter_times(session, [c[5] for c in clusters if c[5] is not None])
    waits: list[int] = []
    before = 0
    top: list[dict[str, Any]] = []
    for cid, label, size, status, first_seen, statement_id in clusters:
        counter_at = countered.get(statement_id) if statement_id is not None else None
        wait = seconds_between(first_seen, counter_at) if counter_at else None
        # A counter-statement out before the rumour's first message countered it before it
        # spread: not a time to counter, so it stays out of the percentiles.
        preemptive = wait is not None and wait < 0
        if preemptive:
            before += 1
        elif wait is not None:
            waits.append(wait)
        if len(top) < TOP_CLUSTERS:
            top.append(
                {
                    "id": cid,
                    "label": label,
                    "size": size,
                    "status": status,
                    "first_seen": first_seen,
                    "counter_statement": statement_id,
                    "countered_at": counter_at,
                    "to_counter_s": wait,
                    "countered_before_spread": preemptive,
                    "sample": None if label else _first_text(session, cid),
                }
            )
    return {
        "count": len(clusters),
        "multi": sum(1 for c in clusters if c[2] > 1),
        "largest": max((c[2] for c in clusters), default=0),
        "top": top,
        "to_counter_s": distribution(waits),
        "countered_before_spread": before,
    }


def _counter_times(session: Session, statement_ids: list[int]) -> dict[int, str]:
    """When each counter-statement first went out (its first sent publication)."""
    if not statement_ids:
        return {}
    rows = session.connection().execute(
        select(StatementVersion.statement_id, func.min(Publication.sent_at))
        .join(Publication, Publication.version_id == StatementVersion.id)
        .where(StatementVersion.statement_id.in_(statement_ids), Publication.sent_at.is_not(None))
        .group_by(StatementVersion.statement_id)
    )
    return {int(sid): str(at) for sid, at in rows if at}


# ------------------------------------------------------------------ checklist
def _checklist(
    session: Session,
    incident_id: int,
    window: Window,
    now_text: str,
    from_log: Mapping[str, Any],
) -> dict[str, Any]:
    """Tasks due in the window (from the tasks table) and completions (from the log)."""
    due = on_time = late = open_overdue = 0
    for due_at, done_at in session.connection().execute(
        select(Task.due_at, Task.done_at).where(
            Task.incident_id == incident_id, *window.where(Task.due_at)
        )
    ):
        due += 1
        if done_at is None:
            if due_at < now_text:
                open_overdue += 1
        elif done_at <= due_at:
            on_time += 1
        else:
            late += 1
    return {
        "due": due,
        "done_on_time": on_time,
        "done_late": late,
        "open_overdue": open_overdue,
        "on_time_pct": share(on_time, due),
        "completed": from_log["tasks_completed"],
        "completed_late": from_log["tasks_completed_late"],
    }


def overdue_tasks(session: Session, incident_id: int, now: datetime) -> list[dict[str, Any]]:
    """Open tasks past their due time, most overdue first (the dashboard's list)."""
    rows = session.connection().execute(
        select(Task.id, Task.title_ar, Task.title_en, Task.due_at, Task.owner_role)
        .where(Task.incident_id == incident_id, Task.done_at.is_(None), Task.due_at < utc_iso(now))
        .order_by(Task.due_at)
        .limit(50)
    )
    return [
        {"id": i, "title_ar": ar, "title_en": en, "due_at": d, "owner_role": role}
        for i, ar, en, d, role in rows
    ]


def waiting_approvals(session: Session, incident_id: int) -> list[dict[str, Any]]:
    """Statements in review, oldest first."""
    rows = session.connection().execute(
        select(Statement.id, Statement.title_ar, Statement.title_en, Statement.updated_at)
        .where(Statement.incident_id == incident_id, Statement.state == "in_review")
        .order_by(Statement.updated_at)
        .limit(50)
    )
    return [{"id": i, "title_ar": ar, "title_en": en, "since": at} for i, ar, en, at in rows]
