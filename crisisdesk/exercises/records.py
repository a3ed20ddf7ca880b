"""What the exercise service hands out: a run, its state and one tick's outcome."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from crisisdesk.clock import parse_utc, utc_iso
from crisisdesk.exercises.exercise_clock import ClockState
from crisisdesk.exercises.offsets import format_offset
from crisisdesk.storage.exercise_models import ExerciseRun


@dataclass(frozen=True)
class RunInfo:
    id: int
    incident_id: int
    exercise_id: str
    title_ar: str
    title_en: str
    sha256: str
    state: str
    speed: int
    started_at: datetime
    started_by: str
    clock: ClockState

    @classmethod
    def from_row(cls, row: ExerciseRun) -> RunInfo:
        return cls(
            row.id,
            row.incident_id,
            row.exercise_id,
            row.title_ar,
            row.title_en,
            row.sha256,
            row.state,
            row.speed,
            parse_utc(row.started_at),
            row.started_by,
            clock_state(row),
        )

    def title(self, lang: str) -> str:
        return self.title_ar if lang == "ar" else self.title_en

    def to_json(self, wall: datetime) -> dict[str, Any]:
        offset = self.clock.offset(wall)
        return {
            "id": self.id,
            "incident": self.incident_id,
            "exercise": self.exercise_id,
            "title": {"ar": self.title_ar, "en": self.title_en},
            "sha256": self.sha256,
            "state": self.state,
            "speed": self.speed,
            "started_at": utc_iso(self.started_at),
            "started_by": self.started_by,
            "scenario_time": format_offset(offset),
            "scenario_seconds": int(offset.total_seconds()),
        }


def clock_state(row: ExerciseRun) -> ClockState:
    return ClockState(
        start=parse_utc(row.started_at),
        anchor_wall=parse_utc(row.anchor_wall),
        anchor_offset=timedelta(microseconds=row.anchor_offset_us),
        speed=row.speed,
        running=row.state == "running",
    )


@dataclass
class TickReport:
    """What one pass of the injector did at scenario offset ``offset``."""

    offset: timedelta
    injected: int = 0
    duplicate: int = 0
    rejected: list[str] = field(default_factory=list)
    situations: int = 0
    late_us: list[int] = field(default_factory=list)  # per item: injected minus due
    remaining: int = 0  # items still to come
    next_at: timedelta | None = None  # when the next item is due

    def to_json(self) -> dict[str, Any]:
        return {
            "scenario_time": format_offset(self.offset),
            "injected": self.injected,
            "duplicate": self.duplicate,
            "situations": self.situations,
            "rejected": self.rejected[:50],
            "remaining": self.remaining,
            "next": format_offset(self.next_at) if self.next_at is not None else None,
            "max_late_ms": max(self.late_us) // 1000 if self.late_us else None,
        }


@dataclass(frozen=True)
class TimelineEntry:
    """One inject of the file as the trainer's console lists it."""

    key: str
    offset: timedelta
    channel: str
    size: int
    injected: int
    text: str
    live: bool = False

    @property
    def done(self) -> bool:
        return self.injected >= self.size


__all__ = ["RunInfo", "TickReport", "TimelineEntry", "clock_state"]
