"""The single injectable clock: the core asks it, never ``datetime.now`` directly."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    """Something that tells the current time as an aware UTC datetime."""

    def now(self) -> datetime: ...


class SystemClock:
    """Wall-clock UTC time with microseconds."""

    def now(self) -> datetime:
        return datetime.now(UTC)


class ManualClock:
    """A clock that tests and drills move by hand."""

    def __init__(self, start: datetime | None = None) -> None:
        self._now = start or datetime(2026, 1, 1, 6, 0, tzinfo=UTC)
        if self._now.tzinfo is None:
            raise ValueError("ManualClock needs an aware datetime")
        self._lock = threading.Lock()

    def now(self) -> datetime:
        with self._lock:
            return self._now

    def advance(self, delta: timedelta) -> datetime:
        with self._lock:
            self._now = self._now + delta
            return self._now

    def set(self, when: datetime) -> None:
        with self._lock:
            self._now = when


def ensure_utc(when: datetime) -> datetime:
    """Return ``when`` as aware UTC; naive values are taken to be UTC already (as stored)."""
    if when.tzinfo is None:
        return when.replace(tzinfo=UTC)
    return when.astimezone(UTC)


def utc_iso(when: datetime) -> str:
    """Canonical ISO-8601 UTC text with microseconds, e.g. ``2026-01-01T06:00:00.000000Z``."""
    return ensure_utc(when).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_utc(text: str) -> datetime:
    """Parse ISO-8601 text; a value without zone is taken as UTC."""
    value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return ensure_utc(value)


__all__ = ["Clock", "ManualClock", "SystemClock", "ensure_utc", "parse_utc", "timedelta", "utc_iso"]
