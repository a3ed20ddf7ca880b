"""Compare-and-set for state several laptops change at once (triage, cluster verdicts).

A change carries the version its user saw. If another user has changed the record since, the
change is refused with who changed it, when, and what it is now: never applied silently over
theirs. The user may then apply theirs anyway, which is recorded as a decision that overrode
the newer version. A newer version made by the same user (two quick keystrokes) is no conflict.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from crisisdesk.errors import StaleError


class Versioned(Protocol):
    version: int
    changed_by: str | None
    changed_at: str | None


def shown_at(at: str | None) -> str:
    """``2026-12-03T14:20:31.123456Z`` as ``2026-12-03 14:20:31 UTC``."""
    if not at:
        return "an unknown time"
    return at[:19].replace("T", " ") + " UTC"


def guard(
    row: Versioned,
    *,
    what: str,
    seen: int | None,
    force: bool,
    me: str | None,
    now: Callable[[], str],
    hint: str = "",
) -> dict[str, Any] | None:
    """Refuse a change based on ``seen`` when someone else changed ``row`` since.

    Returns what a forced change overrode (for its decision's payload), else None.
    ``now`` describes the record as it stands, for the refusal.
    """
    current = int(row.version or 0)
    if seen is None or seen == current:
        return None
    if me is not None and row.changed_by == me and seen < current:
        return None  # only this user's own later change lies in between
    if force:
        return {"seen": seen, "version": current, "by": row.changed_by, "at": row.changed_at}
    by = row.changed_by or "another user"
    raise StaleError(
        f"{what} was changed by {by} at {shown_at(row.changed_at)}: now {now()}; "
        f"yours was not applied{hint}",
        by=row.changed_by,
        at=row.changed_at,
        current=current,
    )


def bump(row: Versioned, me: str | None, at: str) -> int:
    """Record one more change of ``row`` by ``me``; returns the new version."""
    row.version = int(row.version or 0) + 1
    row.changed_by = me
    row.changed_at = at
    return row.version


__all__ = ["Versioned", "bump", "guard", "shown_at"]
