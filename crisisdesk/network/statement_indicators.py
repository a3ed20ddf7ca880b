"""Statement indicators per unit, read from the decision log alone (the cascade's record):
how many statements each unit owns (its own and its localised versions of network
statements), how many were approved and published, how many network statements reached it,
and how long each took from the centre's cascade to the unit's first publication — the
forum's "time from network statement to local publication"."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from crisisdesk.clock import parse_utc
from crisisdesk.network.cascade import CASCADED, LOCALISED, OWNED
from crisisdesk.storage.models import Decision

APPROVED, PUBLISHED = "statement.approved", "statement.published"


def _nearest_rank(values: list[int], percent: int) -> int | None:
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, -(-percent * len(ordered) // 100))
    return ordered[rank - 1]


def unit_statement_figures(
    session: Session, incident_id: int, as_of_seq: int | None = None
) -> dict[str, dict[str, Any]]:
    """Unit code → its statement figures (only units that own or received a statement)."""
    query = select(Decision.seq, Decision.kind, Decision.subject, Decision.at, Decision.body).where(
        Decision.incident_id == incident_id,
        Decision.kind.in_((CASCADED, LOCALISED, OWNED, APPROVED, PUBLISHED)),
    )
    if as_of_seq is not None:
        query = query.where(Decision.seq <= as_of_seq)
    owner: dict[int, str] = {}  # statement → unit
    origin: dict[int, int] = {}  # localised statement → network statement
    cascaded: dict[tuple[int, str], str] = {}  # (network statement, unit) → when it reached it
    approved: set[int] = set()
    first_published: dict[int, str] = {}
    for _seq, kind, subject, at, body in session.execute(query.order_by(Decision.seq)):
        statement = int(str(subject).split(":", 1)[1]) if subject else 0
        payload = json.loads(body).get("payload") or {}
        if kind == CASCADED:
            for code in payload.get("units") or []:
                cascaded.setdefault((statement, str(code)), str(at))
        elif kind in (LOCALISED, OWNED):
            owner[statement] = str(payload["unit"])
            if payload.get("network_statement") is not None:
                origin[statement] = int(payload["network_statement"])
        elif kind == APPROVED:
            approved.add(statement)
        elif kind == PUBLISHED:
            first_published.setdefault(statement, str(at))
    out: dict[str, dict[str, Any]] = {}

    def figures(code: str) -> dict[str, Any]:
        return out.setdefault(
            code,
            {"statements": 0, "approved": 0, "published": 0, "received": 0, "to_local": []},
        )

    for (_network, code), _at in cascaded.items():
        figures(code)["received"] += 1
    for statement, code in owner.items():
        f = figures(code)
        f["statements"] += 1
        f["approved"] += statement in approved
        f["published"] += statement in first_published
        network = origin.get(statement)
        reached = cascaded.get((network, code)) if network is not None else None
        if reached and statement in first_published:
            delta = parse_utc(first_published[statement]) - parse_utc(reached)
            f["to_local"].append(max(0, int(delta.total_seconds())))
    for f in out.values():
        times = f.pop("to_local")
        f["cascade_to_publication_s"] = {
            "count": len(times),
            "median": _nearest_rank(times, 50),
            "p90": _nearest_rank(times, 90),
        }
    return dict(sorted(out.items()))
