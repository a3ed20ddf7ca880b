"""The coordination board's punctuality in an exercise's score: each unit names when its
next update is due; an update counts on time when it came by then. An update named and
not made by the moment of scoring counts as missed. Figures for the room and per trainee
(who posted the update that was due)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from itertools import pairwise
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from crisisdesk.clock import utc_iso
from crisisdesk.storage.models import BoardPost


@dataclass
class BoardScore:
    updates: int = 0  # posts made in the run
    due: int = 0  # updates a previous post named (made or missed)
    on_time: int = 0
    missed: int = 0  # named, and not made by the moment of scoring
    by_poster: dict[str, tuple[int, int]] = field(default_factory=dict)  # name → (due, on time)

    @property
    def share(self) -> float | None:
        return self.on_time / self.due if self.due else None

    def to_json(self) -> dict[str, Any]:
        share = self.share
        return {
            "updates": self.updates,
            "due": self.due,
            "on_time": self.on_time,
            "missed": self.missed,
            "share": None if share is None else round(share, 4),
        }


def board_score(session: Session, incident_id: int, end: datetime) -> BoardScore:
    """The board's punctuality in ``incident_id`` up to ``end`` (the scoring moment)."""
    stop = utc_iso(end)
    per_unit: dict[int, list[BoardPost]] = {}
    for post in session.scalars(
        select(BoardPost)
        .where(BoardPost.incident_id == incident_id, BoardPost.posted_at <= stop)
        .order_by(BoardPost.posted_at, BoardPost.id)
    ):
        per_unit.setdefault(post.unit_id, []).append(post)
    score = BoardScore()
    for posts in per_unit.values():
        score.updates += len(posts)
        for before, after in pairwise(posts):
            if not before.next_update_due:
                continue
            score.due += 1
            made = after.posted_at <= before.next_update_due
            score.on_time += made
            due, on_time = score.by_poster.get(after.posted_by, (0, 0))
            score.by_poster[after.posted_by] = (due + 1, on_time + made)
        last = posts[-1]
        if last.next_update_due and last.next_update_due < stop:
            score.due += 1
            score.missed += 1
            due, on_time = score.by_poster.get(last.posted_by, (0, 0))
            score.by_poster[last.posted_by] = (due + 1, on_time)
    return score
