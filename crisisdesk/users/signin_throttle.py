"""How long an account waits after wrong passwords: exponential back-off per account.

The first few mistakes are free (people mistype); from then on each further failure
doubles the wait, up to a quarter of an hour. While an account waits, no password is
checked at all — not even the right one — so guessing costs real time.

A name no account has is counted the same way (by its digest, in ``signin_failures``), so
its answers and their timing never tell a guesser which names are accounts. That table is
bounded: past ``MAX_UNKNOWN_NAMES`` the names whose last mistake is oldest are forgotten,
so a flood of invented names cannot fill the database (each costs a password hash anyway).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from crisisdesk.clock import parse_utc
from crisisdesk.storage.models import SigninFailure

FREE_FAILURES = 4
FIRST_WAIT_S = 2.0
MAX_WAIT_S = 15 * 60.0
MAX_UNKNOWN_NAMES = 10_000


def wait_after(failures: int) -> float:
    """Seconds an account must wait after ``failures`` consecutive wrong passwords."""
    if failures < FREE_FAILURES:
        return 0.0
    steps = min(failures - FREE_FAILURES, 20)
    return min(FIRST_WAIT_S * 2.0**steps, MAX_WAIT_S)


def retry_after(failures: int, last_failed_at: str | None, now: datetime) -> float:
    """Seconds left before the account may try again (0 when it may try now)."""
    wait = wait_after(failures)
    if wait <= 0 or not last_failed_at:
        return 0.0
    try:
        since = (now - parse_utc(last_failed_at)).total_seconds()
    except ValueError:
        return wait
    return max(0.0, wait - max(since, 0.0))


def count_unknown(session: Session, name_sha256: str, at: str, count: bool) -> int:
    """Count one more wrong password (when ``count``) for a name no account has, inside the
    caller's write transaction; the name's failures so far. Keeps the table bounded."""
    row = session.get(SigninFailure, name_sha256)
    if not count:
        return row.failures if row is not None else 0
    added = row is None
    if row is None:
        row = SigninFailure(name_sha256=name_sha256, failures=0, last_failed_at=at)
        session.add(row)
    row.failures = (row.failures or 0) + 1
    row.last_failed_at = at
    session.flush()
    if not added:  # the table grows only when a name is new
        return row.failures
    total = int(session.scalar(select(func.count()).select_from(SigninFailure)) or 0)
    if total > MAX_UNKNOWN_NAMES:
        oldest = (
            select(SigninFailure.name_sha256)
            .where(SigninFailure.name_sha256 != name_sha256)
            .order_by(SigninFailure.last_failed_at, SigninFailure.name_sha256)
            .limit(total - MAX_UNKNOWN_NAMES)
        )
        session.execute(
            delete(SigninFailure).where(SigninFailure.name_sha256.in_(oldest.scalar_subquery()))
        )
    return row.failures
