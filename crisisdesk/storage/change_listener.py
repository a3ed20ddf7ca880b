"""Instant change feed on PostgreSQL: every append notifies a channel with its seq, and an
open window listens on a connection of its own, owned by a plain thread (never the GUI's).

SQLite has no notifications: its windows keep polling the log head. So does a PostgreSQL
window whenever its listening connection is down (it reconnects with a growing pause).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from crisisdesk.storage import pg_session

CHANNEL = "crisisdesk_log"
_NOTIFY = text("SELECT pg_notify(:channel, :payload)")


def notify(session: Session, seq: int) -> None:
    """Tell listening laptops, at commit, that the log grew to ``seq``."""
    session.execute(_NOTIFY, {"channel": CHANNEL, "payload": str(seq)})


def connection_params(url: str) -> dict[str, Any]:
    """psycopg's ``connect`` arguments for ``url`` (multi-host URLs included) plus ours."""
    from sqlalchemy.dialects.postgresql.psycopg import PGDialect_psycopg

    parsed = make_url(url)
    dialect: Any = PGDialect_psycopg()  # type: ignore[no-untyped-call]
    _args, params = dialect.create_connect_args(parsed)
    params.update(pg_session.connect_args(parsed))
    return dict(params)


class ChangeListener:
    """Calls ``on_change(seq)`` for every append anywhere in the room, from its own thread.

    ``on_state(True/False)`` reports whether notifications are flowing (the caller polls
    faster while they are not). ``stop()`` ends the thread within about a second.
    """

    def __init__(
        self,
        url: str,
        on_change: Callable[[int], None],
        on_state: Callable[[bool], None] | None = None,
        *,
        retry_s: float = 1.0,
        max_retry_s: float = 15.0,
    ) -> None:
        self._params = connection_params(url)
        self._on_change = on_change
        self._on_state = on_state
        self._retry_s = retry_s
        self._max_retry_s = max_retry_s
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._run, name="crisisdesk-listen", daemon=True)
        self.up = False

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stopped.set()
        if self._thread.is_alive():
            self._thread.join(timeout=5)

    def _state(self, up: bool) -> None:
        if up != self.up:
            self.up = up
            if self._on_state is not None:
                self._on_state(up)

    def _run(self) -> None:
        import psycopg

        pause = self._retry_s
        while not self._stopped.is_set():
            try:
                with psycopg.connect(**self._params, autocommit=True) as conn:
                    conn.execute(f"LISTEN {CHANNEL}")
                    self._state(True)
                    pause = self._retry_s
                    # A dropped connection raises here (keepalives notice a dead server).
                    while not self._stopped.is_set():
                        for note in conn.notifies(timeout=1.0):
                            try:
                                seq = int(note.payload)
                            except ValueError:
                                continue
                            self._on_change(seq)
                        conn.execute("SELECT 1")  # a cut connection shows up within a second
            except psycopg.Error:
                pass
            self._state(False)
            if self._stopped.wait(pause):
                return
            pause = min(self._max_retry_s, pause * 2)


__all__ = ["CHANNEL", "ChangeListener", "connection_params", "notify"]
