"""How every CrisisDesk connection to a shared PostgreSQL server behaves, so no laptop waits on
another one that went to sleep, lost its Wi-Fi or was killed.

Each connection sets its own timeouts (the server's defaults are "wait forever") and TCP
keepalives both ways, so a dead laptop is noticed in seconds rather than two hours:

- ``lock_timeout`` — a statement waiting for a row or table lock gives up;
- ``statement_timeout`` — no single statement runs away;
- ``idle_in_transaction_session_timeout`` — the server ends the session of a laptop that
  stopped in the middle of a transaction, which releases the writer lock it held;
- ``tcp_keepalives_*`` on the server's side and ``keepalives_*`` on ours.

Every value is a documented default: a ``-c name=value`` in the URL's ``options`` or a libpq
parameter in the URL (``?keepalives_idle=30``) wins over it.

The writer lock (one advisory lock shared by every laptop) is waited for in the server's queue
for one ``lock_timeout`` at a time, inside a savepoint, so a writer that cannot get it in time
learns who holds it (user and laptop, from the holder's ``application_name``) and since when,
and tries again.
"""

from __future__ import annotations

import socket
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import URL
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from crisisdesk.errors import StorageError

# One advisory lock key for every CrisisDesk writer on a PostgreSQL server ('CDSK').
PG_WRITER_LOCK = 0x4344534B

# Server-side settings of every session (milliseconds / seconds as PostgreSQL reads them).
SESSION_SETTINGS: dict[str, str] = {
    "lock_timeout": "5000",
    "statement_timeout": "120000",
    "idle_in_transaction_session_timeout": "15000",
    "tcp_keepalives_idle": "10",
    "tcp_keepalives_interval": "3",
    "tcp_keepalives_count": "3",
}
# libpq parameters of every connection (our side of the keepalives; a dead server is
# noticed after about 10 + 3 x 3 seconds of silence).
CLIENT_SETTINGS: dict[str, Any] = {
    "connect_timeout": 5,
    "keepalives": 1,
    "keepalives_idle": 10,
    "keepalives_interval": 3,
    "keepalives_count": 3,
}
# How long one try for the writer lock waits, and how many tries a write makes.
LOCK_WAIT_S = 5.0
LOCK_TRIES = 4
APP_NAME = "crisisdesk"
LOCK_NOT_AVAILABLE = "55P03"  # lock_timeout expired


def connect_args(url: URL) -> dict[str, Any]:
    """The driver's connection arguments: our defaults under whatever the URL says."""
    query = {k.lower(): v for k, v in url.query.items()}
    args: dict[str, Any] = {k: v for k, v in CLIENT_SETTINGS.items() if k not in query}
    if "application_name" not in query:
        args["application_name"] = f"{APP_NAME} {socket.gethostname()}"[:63]
    given = query.get("options", "")
    if isinstance(given, tuple):
        given = " ".join(given)
    ours = " ".join(f"-c {k}={v}" for k, v in SESSION_SETTINGS.items() if f"{k}=" not in given)
    args["options"] = " ".join(part for part in (ours, given) if part)
    return args


def lock_wait_seconds(session: Session) -> float:
    """The writer-lock wait of this session: its ``lock_timeout`` (which a URL may change)."""
    value = session.execute(text("SHOW lock_timeout")).scalar_one()
    seconds = _seconds(str(value))
    return LOCK_WAIT_S if seconds is None or seconds <= 0 else seconds


def _seconds(value: str) -> float | None:
    units = {"ms": 0.001, "s": 1.0, "min": 60.0, "h": 3600.0, "d": 86400.0}
    value = value.strip()
    for unit, factor in sorted(units.items(), key=lambda u: -len(u[0])):
        if value.endswith(unit):
            try:
                return float(value[: -len(unit)]) * factor
            except ValueError:
                return None
    try:
        return float(value) / 1000
    except ValueError:
        return None


@dataclass(frozen=True)
class Holder:
    """Who holds the writer lock: the label its laptop gave, and since when."""

    who: str
    since: datetime | None
    pid: int

    def describe(self, now: datetime | None = None) -> str:
        if self.since is None:
            return self.who
        now = now or datetime.now(UTC)
        held = max(0, int((now - self.since).total_seconds()))
        return f"{self.who} (since {self.since:%H:%M:%S} UTC, {held} s)"


_HOLDER_SQL = text(
    "SELECT a.application_name, a.xact_start, a.pid, host(a.client_addr)"
    " FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
    " WHERE l.locktype = 'advisory' AND l.granted"
    " AND ((l.classid::bigint << 32) | l.objid::bigint) = :k AND a.pid <> pg_backend_pid()"
    " LIMIT 1"
)


def holder(session: Session) -> Holder | None:
    """The session holding the writer lock right now, if any."""
    row = session.execute(_HOLDER_SQL, {"k": PG_WRITER_LOCK}).first()
    if row is None:
        return None
    name, since, pid, addr = row
    who = str(name or "").removeprefix(APP_NAME).strip() or "another laptop"
    if addr and addr not in who:
        who = f"{who} [{addr}]"
    return Holder(who, since, int(pid))


def label(user: str | None) -> str:
    """What other laptops see while this one holds the lock: ``crisisdesk olfa@laptop-3``."""
    host = socket.gethostname()
    who = f"{user}@{host}" if user else host
    return f"{APP_NAME} {who}".encode("ascii", "replace").decode("ascii")[:63]


def take_writer_lock(
    session: Session,
    *,
    user: str | None,
    on_wait: Callable[[str], None] | None = None,
    tries: int = LOCK_TRIES,
    now: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> None:
    """Hold the writer lock for the rest of ``session``'s transaction, or raise one line.

    Each try waits in the server's queue up to the session's lock timeout (so a busy room
    serves writers in turn); between tries ``on_wait`` is told who
    holds the lock and since when. A laptop that stopped while holding it is ended by the
    server (idle-in-transaction timeout) within the tries, so the write then goes through.
    """
    session.execute(
        text("SELECT set_config('application_name', :name, true)"), {"name": label(user)}
    )
    wait = lock_wait_seconds(session)
    take = text("SELECT pg_advisory_xact_lock(:k)")
    seen: Holder | None = None
    for attempt in range(1, tries + 1):
        # A queued wait (first come, first served) bounded by lock_timeout, inside a
        # savepoint so that a timeout leaves the transaction usable for the next try.
        try:
            with session.begin_nested():
                session.execute(take, {"k": PG_WRITER_LOCK})
            return
        except OperationalError as exc:
            if getattr(exc.orig, "sqlstate", None) != LOCK_NOT_AVAILABLE:
                raise
        seen = holder(session) or seen
        who = seen.describe(now()) if seen else "another laptop"
        if attempt < tries and on_wait is not None:
            on_wait(
                f"waiting for the shared log: held by {who}; "
                f"trying again ({attempt + 1}/{tries})"
            )
    who = seen.describe(now()) if seen else "another laptop"
    raise WriterBusyError(
        f"not saved: the shared log is held by {who} and was not released after "
        f"{int(wait * tries)} s; nothing was changed, try again"
    )


class WriterBusyError(StorageError):
    """The writer lock stayed with another laptop for every try."""


__all__ = [
    "PG_WRITER_LOCK",
    "Holder",
    "WriterBusyError",
    "connect_args",
    "holder",
    "label",
    "take_writer_lock",
]
