"""What the room did during a run, read from the decision log, at scenario times.

The trainer's console and the debrief show it beside the injects; the injector's own
entries (``exercise.*``) and the opening of the drill are left out.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from crisisdesk.clock import parse_utc
from crisisdesk.exercises.offsets import format_offset
from crisisdesk.exercises.records import RunInfo
from crisisdesk.storage.models import Decision

LEFT_OUT = ("incident.opened", "intake.imported", "intake.exercise_injected")


@dataclass(frozen=True)
class RoomAction:
    seq: int
    offset: timedelta
    actor: str
    role: str | None
    kind: str
    summary_ar: str
    summary_en: str

    def summary(self, lang: str) -> str:
        return self.summary_ar if lang == "ar" else self.summary_en

    def to_json(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            "at": format_offset(self.offset),
            "actor": self.actor,
            "role": self.role,
            "kind": self.kind,
            "summary": {"ar": self.summary_ar, "en": self.summary_en},
        }


def room_actions(session: Session, run: RunInfo, limit: int = 300) -> list[RoomAction]:
    """The latest ``limit`` decisions people took in the run's incident, newest first."""
    rows = session.execute(
        select(Decision.seq, Decision.at, Decision.actor, Decision.body)
        .where(
            Decision.incident_id == run.incident_id,
            Decision.actor.is_not(None),
            Decision.kind.not_like("exercise.%"),
            Decision.kind.not_in(LEFT_OUT),
        )
        .order_by(Decision.seq.desc())
        .limit(max(1, limit))
    ).all()
    out = []
    for seq, at, actor, body in rows:
        data = json.loads(body)
        out.append(
            RoomAction(
                int(seq),
                parse_utc(at) - run.started_at,
                str(actor),
                data.get("role"),
                str(data.get("kind", "")),
                str((data.get("summary") or {}).get("ar", "")),
                str((data.get("summary") or {}).get("en", "")),
            )
        )
    return out


@dataclass(frozen=True)
class Note:
    """An observer's annotation at a scenario time."""

    seq: int
    offset: timedelta
    author: str
    text: str

    def to_json(self) -> dict[str, Any]:
        return {"at": format_offset(self.offset), "author": self.author, "text": self.text}


def run_notes(session: Session, run: RunInfo) -> list[Note]:
    rows = session.execute(
        select(Decision.seq, Decision.at, Decision.actor, Decision.body)
        .where(Decision.incident_id == run.incident_id, Decision.kind == "exercise.noted")
        .order_by(Decision.seq)
    ).all()
    out = []
    for seq, at, actor, body in rows:
        payload = json.loads(body).get("payload") or {}
        out.append(
            Note(int(seq), parse_utc(at) - run.started_at, str(actor), str(payload.get("text", "")))
        )
    return out


__all__ = ["Note", "RoomAction", "room_actions", "run_notes"]
