"""Scoring a run against its expectations, read from what the room actually recorded.

Times are scenario offsets (T+…): the trainees' desks follow the exercise clock, so what they
record is stamped in exercise time and the run's T+0 is subtracted. Every figure comes from
the stored rows and the decision log, so the same run always scores the same.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field, replace
from datetime import timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from crisisdesk.clock import parse_utc
from crisisdesk.exercises.board_score import BoardScore, board_score
from crisisdesk.exercises.channel_input import message_id, tweet_id
from crisisdesk.exercises.format import Exercise, Expectation
from crisisdesk.exercises.offsets import format_offset
from crisisdesk.exercises.records import RunInfo
from crisisdesk.exercises.schedule import Item
from crisisdesk.storage.models import (
    Approval,
    Cluster,
    Decision,
    Interaction,
    Publication,
    Reply,
    Statement,
    StatementVersion,
)

COUNTERED = ("false", "addressed")


@dataclass(frozen=True)
class ExpectationResult:
    """One expectation: when it was achieved (scenario offset) or the share reached."""

    id: str
    kind: str
    title_ar: str
    title_en: str
    met: bool
    deadline: timedelta | None
    achieved: timedelta | None = None
    share: float | None = None  # per cent, for answered_within_target
    wanted: int | None = None
    counted: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "title": {"ar": self.title_ar, "en": self.title_en},
            "met": self.met,
            "deadline": format_offset(self.deadline) if self.deadline is not None else None,
            "achieved": format_offset(self.achieved) if self.achieved is not None else None,
            "share": self.share,
            "wanted": self.wanted,
            "counted": self.counted,
        }


@dataclass(frozen=True)
class TraineeScore:
    """What one person did in the run."""

    name: str
    role: str | None
    actions: int
    replies: int
    replies_on_time: int
    approvals: int
    board_due: int = 0  # board updates this trainee's unit owed when they posted
    board_on_time: int = 0

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "role": self.role,
            "actions": self.actions,
            "replies": self.replies,
            "replies_on_time": self.replies_on_time,
            "approvals": self.approvals,
            "board_due": self.board_due,
            "board_on_time": self.board_on_time,
        }


@dataclass
class Score:
    run: int
    expectations: list[ExpectationResult] = field(default_factory=list)
    trainees: list[TraineeScore] = field(default_factory=list)
    overrides: int = 0  # statement-rule overrides at approval
    injected: int = 0
    late_p99_ms: int | None = None
    approval_turnaround_s: int | None = None  # median, submission to approval
    board: BoardScore = field(default_factory=BoardScore)  # coordination board punctuality

    @property
    def met(self) -> int:
        return sum(1 for e in self.expectations if e.met)

    def to_json(self) -> dict[str, Any]:
        return {
            "run": self.run,
            "met": self.met,
            "of": len(self.expectations),
            "expectations": [e.to_json() for e in self.expectations],
            "trainees": [t.to_json() for t in self.trainees],
            "overrides": self.overrides,
            "injected": self.injected,
            "late_p99_ms": self.late_p99_ms,
            "approval_turnaround_s": self.approval_turnaround_s,
            "board": self.board.to_json(),
        }


def score_run(
    session: Session, run: RunInfo, exercise: Exercise, items: list[Item], now: timedelta
) -> Score:
    """Score ``run`` as it stands at scenario offset ``now``."""
    score = Score(run.id)
    for expectation in exercise.expectations:
        score.expectations.append(_expectation(session, run, expectation, items, now))
    score.board = board_score(session, run.incident_id, run.started_at + now)
    posters = score.board.by_poster  # whoever posts is in the log, so among the trainees
    score.trainees = [
        replace(t, board_due=posters[t.name][0], board_on_time=posters[t.name][1])
        if t.name in posters
        else t
        for t in _trainees(session, run)
    ]
    score.overrides = int(
        session.scalar(
            select(func.count())
            .select_from(Approval)
            .join(StatementVersion, StatementVersion.id == Approval.version_id)
            .join(Statement, Statement.id == StatementVersion.statement_id)
            .where(Statement.incident_id == run.incident_id, Approval.override_reason.is_not(None))
        )
        or 0
    )
    score.approval_turnaround_s = _turnaround(session, run)
    from crisisdesk.storage.exercise_models import ExerciseInject

    late = sorted(
        int(i - d)
        for d, i in session.execute(
            select(ExerciseInject.due_us, ExerciseInject.injected_us).where(
                ExerciseInject.run_id == run.id, ExerciseInject.live.is_(False)
            )
        )
    )
    score.injected = len(late)
    if late:
        score.late_p99_ms = late[max(0, math.ceil(0.99 * len(late)) - 1)] // 1000
    return score


def _turnaround(session: Session, run: RunInfo) -> int | None:
    """The median time from a statement's submission to its approval, in seconds."""
    submitted: dict[str, str] = {}
    spans: list[int] = []
    for at, kind, subject in session.execute(
        select(Decision.at, Decision.kind, Decision.subject)
        .where(
            Decision.incident_id == run.incident_id,
            Decision.kind.in_(("statement.submitted", "statement.approved")),
        )
        .order_by(Decision.seq)
    ):
        key = str(subject)
        if kind == "statement.submitted":
            submitted.setdefault(key, at)
        elif key in submitted:
            spans.append(int((parse_utc(at) - parse_utc(submitted.pop(key))).total_seconds()))
    if not spans:
        return None
    spans.sort()
    return spans[(len(spans) - 1) // 2]


def _offset(run: RunInfo, text: str | None) -> timedelta | None:
    return parse_utc(text) - run.started_at if text else None


def _expectation(
    session: Session, run: RunInfo, e: Expectation, items: list[Item], now: timedelta
) -> ExpectationResult:
    base = {"id": e.id, "kind": e.kind, "title_ar": e.title.ar, "title_en": e.title.en}
    if e.kind == "statement_approved":
        first = session.scalar(
            select(func.min(Approval.decided_at))
            .join(StatementVersion, StatementVersion.id == Approval.version_id)
            .join(Statement, Statement.id == StatementVersion.statement_id)
            .where(
                Statement.incident_id == run.incident_id,
                Statement.kind == e.statement,
                Approval.verdict == "approve",
            )
        )
        return _by_deadline(base, e, _offset(run, first))
    if e.kind == "statement_published":
        first = session.scalar(
            select(func.min(Publication.sent_at))
            .join(StatementVersion, StatementVersion.id == Publication.version_id)
            .join(Statement, Statement.id == StatementVersion.statement_id)
            .where(Statement.incident_id == run.incident_id, Statement.kind == e.statement)
        )
        return _by_deadline(base, e, _offset(run, first))
    if e.kind == "rumour_countered":
        return _by_deadline(base, e, _countered(session, run, e, items))
    return _answered(session, run, e, base, now)


def _by_deadline(
    base: dict[str, Any], e: Expectation, achieved: timedelta | None
) -> ExpectationResult:
    met = achieved is not None and e.by is not None and achieved <= e.by
    return ExpectationResult(**base, met=met, deadline=e.by, achieved=achieved)


def _countered(
    session: Session, run: RunInfo, e: Expectation, items: list[Item]
) -> timedelta | None:
    """When a cluster holding the rumour's copies was marked false/addressed or linked."""
    keys = [i for i in items if i.inject == e.rumour]
    ids: dict[str, list[str]] = {"whatsapp": [], "x": []}
    for item in keys:
        if item.channel == "x":
            ids["x"].append(tweet_id(str(run.id), item.key))
        elif item.channel == "whatsapp":
            ids["whatsapp"].append(message_id(str(run.id), item.key))
    clusters: set[int] = set()
    for channel, external in ids.items():
        for start in range(0, len(external), 500):
            clusters.update(
                c
                for c in session.scalars(
                    select(Interaction.cluster_id).where(
                        Interaction.channel == channel,
                        Interaction.external_id.in_(external[start : start + 500]),
                        Interaction.cluster_id.is_not(None),
                    )
                )
                if c is not None
            )
    # clusters merged into others keep counting under their new home
    frontier = set(clusters)
    while frontier:
        merged = (
            set(session.scalars(select(Cluster.merged_into).where(Cluster.id.in_(frontier))))
            - {None}
            - clusters
        )
        clusters |= {int(m) for m in merged if m is not None}
        frontier = {int(m) for m in merged if m is not None}
    if not clusters:
        return None
    rows = session.execute(
        select(Decision.at, Decision.body)
        .where(
            Decision.incident_id == run.incident_id,
            Decision.kind == "cluster.updated",
            Decision.subject.in_([f"cluster:{c}" for c in clusters]),
        )
        .order_by(Decision.seq)
    ).all()
    for at, body in rows:
        changes = json.loads(body).get("payload", {}).get("changes", {})
        status = changes.get("status", [None, None])[1]
        if status in COUNTERED or "statement_id" in changes:
            return parse_utc(at) - run.started_at
    return None


def _answered(
    session: Session, run: RunInfo, e: Expectation, base: dict[str, Any], now: timedelta
) -> ExpectationResult:
    """The share of messages due by ``now`` that were answered by their response due."""
    now_text = (run.started_at + now).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    where = [
        Interaction.incident_id == run.incident_id,
        Interaction.needs_answer.is_(True),
        Interaction.response_due.is_not(None),
        Interaction.deleted.is_(False),
    ]
    if e.priority is not None:
        where.append(Interaction.priority == e.priority)
    rows = session.execute(
        select(Interaction.response_due, Interaction.first_response_at).where(*where)
    ).all()
    counted = on_time = 0
    for due, answered in rows:
        if due is None:
            continue
        if answered is None and due > now_text:
            continue  # not due yet and not answered: not counted either way
        counted += 1
        if answered is not None and answered <= due:
            on_time += 1
    share = round(100 * on_time / counted, 1) if counted else None
    met = share is not None and share >= e.wanted_share
    return ExpectationResult(
        **base, met=met, deadline=None, share=share, wanted=e.wanted_share, counted=counted
    )


def _trainees(session: Session, run: RunInfo) -> list[TraineeScore]:
    actions: dict[str, tuple[str | None, int]] = {}
    for actor, body in session.execute(
        select(Decision.actor, Decision.body).where(
            Decision.incident_id == run.incident_id,
            Decision.actor.is_not(None),
            Decision.kind.not_like("exercise.%"),
            Decision.kind.not_in(("incident.opened", "security.refused")),
        )
    ):
        if actor is None:
            continue
        role = json.loads(body).get("role")
        previous = actions.get(actor, (role, 0))
        actions[actor] = (previous[0] or role, previous[1] + 1)
    replies: dict[str, list[int]] = {}
    for sent_by, sent_at, due in session.execute(
        select(Reply.sent_by, Reply.sent_at, Interaction.response_due)
        .join(Interaction, Interaction.id == Reply.interaction_id)
        .where(Interaction.incident_id == run.incident_id)
    ):
        tally = replies.setdefault(sent_by, [0, 0])
        tally[0] += 1
        tally[1] += 1 if due is None or sent_at <= due else 0
    approvals: dict[str, int] = {}
    for approver, count in session.execute(
        select(Approval.approver, func.count())
        .join(StatementVersion, StatementVersion.id == Approval.version_id)
        .join(Statement, Statement.id == StatementVersion.statement_id)
        .where(Statement.incident_id == run.incident_id)
        .group_by(Approval.approver)
    ):
        approvals[approver] = int(count)
    # the trainer who runs the exercise is not one of its trainees
    names = sorted((set(actions) | set(replies) | set(approvals)) - {run.started_by})
    return [
        TraineeScore(
            name,
            actions.get(name, (None, 0))[0],
            actions.get(name, (None, 0))[1],
            replies.get(name, [0, 0])[0],
            replies.get(name, [0, 0])[1],
            approvals.get(name, 0),
        )
        for name in names
    ]


__all__ = ["ExpectationResult", "Score", "TraineeScore", "score_run"]
