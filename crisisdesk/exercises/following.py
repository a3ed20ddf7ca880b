"""Putting a desk on an exercise's clock, and back on the wall clock.

Kept light (no YAML, no pydantic): the desktop app calls it each time it opens an incident,
so an exercise's drill runs on scenario time and any other incident on the wall clock.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import select

from crisisdesk.clock import Clock
from crisisdesk.errors import NotFoundError
from crisisdesk.exercises.exercise_clock import ClockState, ExerciseClock
from crisisdesk.exercises.records import clock_state
from crisisdesk.storage.exercise_models import ExerciseRun

if TYPE_CHECKING:
    from crisisdesk.kernel import Kernel


def wall_clock(desk: Kernel) -> Clock:
    """The real clock under the desk's clock (itself when it follows no exercise)."""
    clock = desk.clock
    return clock.wall if isinstance(clock, ExerciseClock) else clock


def run_clock(desk: Kernel, run_id: int, *, refresh: float = 0.25) -> ExerciseClock:
    """A clock on the run's shared state, read from the database as it changes."""

    def load() -> ClockState:
        with desk.db.read() as session:
            row = session.get(ExerciseRun, run_id)
            if row is None:
                raise NotFoundError(f"no exercise run {run_id}")
            return clock_state(row)

    return ExerciseClock(load, wall_clock(desk), refresh=refresh)


def follow_run(desk: Kernel, run_id: int) -> ExerciseClock:
    clock = run_clock(desk, run_id)
    desk.clock = clock
    return clock


def follow_incident(desk: Kernel, incident_id: int) -> ExerciseClock | None:
    """The run's clock when ``incident_id`` is an exercise's drill, else the wall clock."""
    with desk.db.read() as session:
        run_id = session.scalar(
            select(ExerciseRun.id).where(ExerciseRun.incident_id == incident_id)
        )
    if run_id is None:
        desk.clock = wall_clock(desk)
        return None
    return follow_run(desk, int(run_id))


__all__ = ["follow_incident", "follow_run", "run_clock", "wall_clock"]
