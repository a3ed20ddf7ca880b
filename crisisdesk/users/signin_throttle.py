"""How long an account waits after wrong passwords: exponential back-off per account.

The first few mistakes are free (people mistype); from then on each further failure
doubles the wait, up to a quarter of an hour. While an account waits, no password is
checked at all — not even the right one — so guessing costs real time.
"""

from __future__ import annotations

from datetime import datetime

from crisisdesk.clock import parse_utc

FREE_FAILURES = 4
FIRST_WAIT_S = 2.0
MAX_WAIT_S = 15 * 60.0


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
