"""Per-unit performance indicators of an incident — the forum's "media strategy backed by
performance indicators": how fast each unit answers (first response p50/p90), what share
of its answers came within its target, how many messages it handed over, received or
escalated, and how punctual its board updates were."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from itertools import pairwise
from statistics import quantiles
from typing import TYPE_CHECKING

from sqlalchemy import select

from crisisdesk.clock import parse_utc, utc_iso
from crisisdesk.intake.vocabulary import OPEN_STATUSES
from crisisdesk.network.units import Unit
from crisisdesk.storage.models import BoardPost, Decision, Interaction, InteractionRoute

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

MOVES = ("interaction.handed_off", "interaction.escalated")


@dataclass(frozen=True)
class UnitIndicators:
    unit: Unit
    messages: int
    open: int
    answered: int
    p50_minutes: float | None
    p90_minutes: float | None
    within_target: float | None  # share of answered messages, 0..1
    target_minutes: int | None
    handed_out: int
    handed_in: int
    escalated: int
    board_posts: int
    board_on_time: float | None  # share of updates made by the time the previous one named
    board_overdue_now: bool

    def to_json(self) -> dict[str, object]:
        out = {k: v for k, v in self.__dict__.items() if k != "unit"}
        out["unit"] = self.unit.code
        out["name_ar"] = self.unit.name_ar
        out["name_en"] = self.unit.name_en
        return {k: round(v, 4) if isinstance(v, float) else v for k, v in out.items()}


def _percentile(values: list[float], q: int) -> float | None:
    """The q-th percentile (inclusive method); None without values."""
    if not values:
        return None
    if len(values) == 1:
        return values[0]
    return quantiles(values, n=100, method="inclusive")[q - 1]


@dataclass
class _Tally:
    messages: int = 0
    open: int = 0
    answered: int = 0
    within: int = 0
    handed_out: int = 0
    handed_in: int = 0
    escalated: int = 0
    times: list[float] = field(default_factory=list)


def unit_indicators(
    session: Session, incident_id: int, units: dict[int, Unit], now: datetime
) -> list[UnitIndicators]:
    """The indicators of every unit that had a message or a board post in the incident."""
    rows = session.execute(
        select(
            InteractionRoute.unit_id, Interaction.status, Interaction.received_at,
            Interaction.first_response_at, Interaction.response_due,
        )
        .join(Interaction, Interaction.id == InteractionRoute.interaction_id)
        .where(Interaction.incident_id == incident_id, Interaction.deleted.is_(False))
    ).all()  # fmt: skip
    per: dict[int, _Tally] = {}
    for unit_id, status, received, first, due in rows:
        t = per.setdefault(unit_id, _Tally())
        t.messages += 1
        t.open += status in OPEN_STATUSES
        if first:
            minutes = max(0.0, (parse_utc(first) - parse_utc(received)).total_seconds() / 60)
            t.times.append(minutes)
            t.answered += 1
            target = units[unit_id].response_target_minutes if unit_id in units else None
            t.within += minutes <= target if target else (due is None or first <= due)
    by_code = {u.code: u.id for u in units.values()}
    for body in session.scalars(
        select(Decision.body).where(Decision.incident_id == incident_id, Decision.kind.in_(MOVES))
    ):
        entry = json.loads(body)
        payload = entry.get("payload") or {}
        source = by_code.get(str(payload.get("from")))
        target_id = by_code.get(str(payload.get("to")))
        if source is not None:
            tally = per.setdefault(source, _Tally())
            if entry.get("kind") == MOVES[1]:
                tally.escalated += 1
            else:
                tally.handed_out += 1
        if target_id is not None:
            per.setdefault(target_id, _Tally()).handed_in += 1
    posts: dict[int, list[BoardPost]] = {}
    for post in session.scalars(
        select(BoardPost)
        .where(BoardPost.incident_id == incident_id)
        .order_by(BoardPost.posted_at, BoardPost.id)
    ):
        posts.setdefault(post.unit_id, []).append(post)
        per.setdefault(post.unit_id, _Tally())
    now_text = utc_iso(now)
    out = []
    for unit_id, t in per.items():
        if unit_id not in units:
            continue
        times = sorted(t.times)
        unit_posts = posts.get(unit_id, [])
        timed = [(a, b) for a, b in pairwise(unit_posts) if a.next_update_due]
        on_time = sum(b.posted_at <= str(a.next_update_due) for a, b in timed)
        last_due = unit_posts[-1].next_update_due if unit_posts else None
        out.append(
            UnitIndicators(
                unit=units[unit_id], messages=t.messages, open=t.open, answered=t.answered,
                p50_minutes=_percentile(times, 50), p90_minutes=_percentile(times, 90),
                within_target=t.within / t.answered if t.answered else None,
                target_minutes=units[unit_id].response_target_minutes,
                handed_out=t.handed_out, handed_in=t.handed_in, escalated=t.escalated,
                board_posts=len(unit_posts), board_on_time=on_time / len(timed) if timed else None,
                board_overdue_now=bool(last_due and last_due < now_text),
            )
        )  # fmt: skip
    out.sort(key=lambda i: (not i.unit.is_centre, i.unit.name_en))
    return out


def unit_kpis(
    session: Session, incident_id: int, now: datetime, as_of_seq: int | None = None
) -> list[dict[str, object]]:
    """Every unit's indicators of the incident as JSON-ready rows (the Dashboard's table
    and the review bundle's ``units`` section): answering, hand-offs, board punctuality
    and its statements, the centre first."""
    from crisisdesk.network.service import unit_from_row
    from crisisdesk.network.statement_indicators import unit_statement_figures
    from crisisdesk.storage.models import OrgUnit

    units = {row.id: unit_from_row(row) for row in session.scalars(select(OrgUnit))}
    rows = {i.unit.code: i.to_json() for i in unit_indicators(session, incident_id, units, now)}
    statements = unit_statement_figures(session, incident_id, as_of_seq)
    by_code = {u.code: u for u in units.values()}
    empty = {
        "statements": 0, "approved": 0, "published": 0, "received": 0,
        "cascade_to_publication_s": {"count": 0, "median": None, "p90": None},
    }  # fmt: skip
    out = []
    for code in sorted(set(rows) | set(statements)):
        unit = by_code.get(code)
        if unit is None:
            continue
        row = rows.get(code) or {
            "unit": code, "name_ar": unit.name_ar, "name_en": unit.name_en, "messages": 0,
            "open": 0, "answered": 0, "p50_minutes": None, "p90_minutes": None,
            "within_target": None, "target_minutes": unit.response_target_minutes,
            "handed_out": 0, "handed_in": 0, "escalated": 0, "board_posts": 0,
            "board_on_time": None, "board_overdue_now": False,
        }  # fmt: skip
        row["is_centre"] = unit.is_centre
        row.update(statements.get(code) or empty)
        out.append(row)
    out.sort(key=lambda r: (not r["is_centre"], str(r["name_en"])))
    return out
