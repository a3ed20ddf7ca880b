"""The exercise clock: scenario time that runs at 1×–10×, pauses, resumes and jumps.

Its state is where the scenario stood at the last change (``anchor_offset``, at wall time
``anchor_wall``), the speed and whether it runs; the run's row holds it, so every laptop on
the room's PostgreSQL server reads the same exercise time. `ExerciseClock` is a `Clock`:
handed to a `Desk`, every timer, reminder, response due and scheduled publication follows it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from crisisdesk.clock import Clock
from crisisdesk.errors import CrisisDeskError

MIN_SPEED = 1
MAX_SPEED = 10


def check_speed(speed: int) -> int:
    if isinstance(speed, bool) or not isinstance(speed, int) or not MIN_SPEED <= speed <= MAX_SPEED:
        raise CrisisDeskError(f"the exercise speed is a whole number from 1 to 10, not {speed!r}")
    return speed


def micros(value: timedelta) -> int:
    """A timedelta as whole microseconds (exact; no floats)."""
    return (value.days * 86_400 + value.seconds) * 1_000_000 + value.microseconds


@dataclass(frozen=True)
class ClockState:
    """Where the scenario stood at wall time ``anchor_wall``, and how it moves from there."""

    start: datetime  # exercise time of T+0
    anchor_wall: datetime
    anchor_offset: timedelta
    speed: int
    running: bool

    def offset(self, wall: datetime) -> timedelta:
        """The scenario offset (T+…) at wall time ``wall``."""
        if not self.running:
            return self.anchor_offset
        elapsed = max(wall - self.anchor_wall, timedelta(0))
        return self.anchor_offset + elapsed * self.speed

    def at(self, wall: datetime) -> datetime:
        """Exercise time at wall time ``wall``."""
        return self.start + self.offset(wall)

    def changed(
        self,
        wall: datetime,
        *,
        speed: int | None = None,
        running: bool | None = None,
        offset: timedelta | None = None,
    ) -> ClockState:
        """The state after a change at ``wall``: the scenario continues from where it is."""
        return replace(
            self,
            anchor_wall=wall,
            anchor_offset=self.offset(wall) if offset is None else offset,
            speed=check_speed(speed) if speed is not None else self.speed,
            running=self.running if running is None else running,
        )


class ExerciseClock:
    """A `Clock` reading a shared `ClockState` (re-read at most every ``refresh`` seconds).

    It never runs backwards within one process: after another laptop paused the run, the
    scenario time this one already showed is kept until the shared time passes it.
    """

    def __init__(
        self,
        load: Callable[[], ClockState],
        wall: Clock,
        *,
        refresh: float = 0.25,
    ) -> None:
        self._load = load
        self.wall = wall
        self.refresh = refresh
        self._state: ClockState | None = None
        self._loaded = 0.0
        self._last: datetime | None = None
        self._lock = threading.Lock()

    def state(self, *, fresh: bool = False) -> ClockState:
        with self._lock:
            due = time.monotonic() - self._loaded >= self.refresh
            if self._state is None or fresh or due:
                self._state = self._load()
                self._loaded = time.monotonic()
            return self._state

    def invalidate(self) -> None:
        """Read the shared state again on the next call (after this process changed it)."""
        with self._lock:
            self._loaded = 0.0
            self._state = None

    def offset(self) -> timedelta:
        return self.now() - self.state().start

    def now(self) -> datetime:
        value = self.state().at(self.wall.now())
        with self._lock:
            if self._last is not None and value < self._last:
                return self._last
            self._last = value
            return value


__all__ = ["MAX_SPEED", "MIN_SPEED", "ClockState", "ExerciseClock", "check_speed", "micros"]
