"""Engine set-up and the read/write session scopes for SQLite and PostgreSQL.

SQLite follows SQLAlchemy's documented pysqlite transaction recipe: the driver's own BEGIN
is switched off and we emit ``BEGIN IMMEDIATE`` for writes (the writer lock is taken at the
start, so two processes can never fork the log) and a plain ``BEGIN`` for reads. PostgreSQL
writers take one transaction-scoped advisory lock, which serialises appends the same way.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError
from sqlalchemy.orm import Session, sessionmaker

from crisisdesk.errors import StorageError
from crisisdesk.storage import pg_session

LOCKED = "crisisdesk_writer_locked"

BUSY_TIMEOUT_MS = 30_000


def describe_url(url: str) -> str:
    """The URL without a password, for messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


class Database:
    """An engine plus the two ways to use it: ``write()`` and ``read()`` session scopes."""

    def __init__(self, url: str) -> None:
        try:
            parsed = make_url(url)
        except ArgumentError as exc:
            raise StorageError(f"not a database URL: {url!r}") from exc
        self.url = url
        self.dialect = parsed.get_backend_name()
        if self.dialect not in ("sqlite", "postgresql"):
            raise StorageError(
                f"unsupported database {self.dialect!r}: use a SQLite file or PostgreSQL"
            )
        self.sqlite_path: Path | None = None
        if self.dialect == "sqlite":
            database = parsed.database or ""
            if database in ("", ":memory:"):
                raise StorageError("an in-memory SQLite database cannot be shared; use a file")
            self.sqlite_path = Path(database)
        try:
            self.engine = self._make_engine(url)
        except (NoSuchModuleError, ImportError) as exc:
            raise StorageError(f"no driver for {describe_url(url)}: {exc}") from exc
        self._reader = self.engine.execution_options(crisisdesk_begin="DEFERRED")
        self._write_sessions = sessionmaker(self.engine, expire_on_commit=False)
        # Who this laptop's writes are by (shown to a laptop waiting for the writer lock),
        # and where "waiting for ..." notices go (the CLI prints them, the app shows them).
        self.writer: str | None = None
        self.on_wait: Callable[[str], None] | None = None
        # The newest (seq, hash) this laptop saw committed. After any new connection (a
        # reconnect, perhaps to a promoted standby) the next write first checks that the
        # server still holds it: a standby that lost committed entries is never written over.
        self.known_head: tuple[int, str] | None = None
        self._recheck = False
        if self.dialect == "postgresql":
            event.listen(self.engine, "connect", self._connected)
        self._read_sessions = sessionmaker(self._reader, expire_on_commit=False)

    @property
    def is_shared(self) -> bool:
        """A PostgreSQL server shared by the crisis room's laptops."""
        return self.dialect == "postgresql"

    def _make_engine(self, url: str) -> Engine:
        if self.dialect == "sqlite":
            engine = create_engine(
                url,
                connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
            )
            event.listen(engine, "connect", _sqlite_on_connect)
            event.listen(engine, "begin", _sqlite_on_begin)
            return engine
        return create_engine(
            url, pool_pre_ping=True, connect_args=pg_session.connect_args(make_url(url))
        )

    def check_reachable(self) -> None:
        """Open one connection now, so a bad URL or a foreign file fails with one line."""
        if self.sqlite_path is not None and self.sqlite_path.exists():
            with self.sqlite_path.open("rb") as handle:
                header = handle.read(16)
            if header and header != b"SQLite format 3\x00":
                raise StorageError(f"{self.sqlite_path}: not a SQLite database")
        try:
            with self.engine.connect() as conn:
                conn.execute(text("SELECT 1"))
        except DBAPIError as exc:
            raise StorageError(
                f"cannot open {describe_url(self.url)}: {_first_line(exc.orig)}"
            ) from exc

    @contextmanager
    def write(self, *, lock: bool = True) -> Iterator[Session]:
        """One write transaction: SQLite BEGIN IMMEDIATE, PostgreSQL the writer lock.

        With ``lock=False`` (PostgreSQL) the writer lock is left to ``lock_writer``, which the
        unit of work calls just before its first append: a long import then holds it only
        for the short append at its end, not while it stores its rows.
        """
        try:
            with self._write_sessions() as session, session.begin():
                if lock:
                    self.lock_writer(session)
                yield session
        except DBAPIError as exc:
            raise StorageError(f"not saved: {_failure(exc)}") from exc

    def lock_writer(self, session: Session) -> None:
        """Hold the writer lock for the rest of ``session``'s transaction (once)."""
        if self.dialect != "postgresql" or session.info.get(LOCKED):
            return
        pg_session.take_writer_lock(session, user=self.writer, on_wait=self.on_wait)
        session.info[LOCKED] = True
        if self._recheck:
            self.check_known_head(session)
            self._recheck = False

    def _connected(self, _dbapi_connection: Any, _record: Any) -> None:
        self._recheck = self.known_head is not None

    def check_known_head(self, session: Session) -> None:
        """Refuse to write on a server whose log lacks an entry this laptop saw committed."""
        if self.known_head is None:
            return
        seq, digest = self.known_head
        found = session.execute(
            text("SELECT hash FROM decisions WHERE seq = :s"), {"s": seq}
        ).scalar()
        if found == digest:
            return
        server = describe_url(self.url)
        what = "does not have it" if found is None else f"has {str(found)[:12]} there"
        raise LostEntriesError(
            f"refused: this laptop saw decision {seq} committed (hash {digest[:12]}) but the "
            f"server it reached now ({server}) {what}; it may be a standby that lost "
            "committed entries. Nothing was written: ask IT which server holds the full log"
        )

    def saw_committed(self, seq: int, digest: str) -> None:
        """Remember the newest entry this laptop saw committed."""
        if self.known_head is None or seq >= self.known_head[0]:
            self.known_head = (seq, digest)

    @contextmanager
    def read(self) -> Iterator[Session]:
        """One read-only transaction (a consistent snapshot)."""
        try:
            with self._read_sessions() as session, session.begin():
                yield session
        except DBAPIError as exc:
            raise StorageError(f"database read failed: {_first_line(exc.orig)}") from exc

    @contextmanager
    def raw_connection(self) -> Iterator[Connection]:
        """A plain connection in a read transaction, for streaming large results."""
        with self._reader.connect() as conn, conn.begin():
            yield conn

    def dispose(self) -> None:
        self.engine.dispose()


class LostEntriesError(StorageError):
    """The server reached after a reconnect lacks entries this laptop saw committed."""


def _failure(exc: DBAPIError) -> str:
    """What went wrong with a write, in words for the user."""
    first = _first_line(exc.orig)
    if "idle-in-transaction" in first or "idle_in_transaction" in first:
        return (
            "the server ended this laptop's transaction after it stalled "
            f"(asleep or offline too long): {first}"
        )
    if exc.connection_invalidated or "server closed the connection" in first:
        return f"the connection to the server was lost during the write: {first}"
    if "lock timeout" in first:
        return f"a record is being changed on another laptop; try again ({first})"
    return f"database write failed: {first}"


def _first_line(error: Any) -> str:
    text_ = str(error).strip().splitlines()
    return text_[0] if text_ else type(error).__name__


def _sqlite_on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    # Stop pysqlite from issuing its own BEGIN; we issue ours in _sqlite_on_begin.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.execute("PRAGMA foreign_keys = ON")
    finally:
        cursor.close()


def _sqlite_on_begin(conn: Connection) -> None:
    mode = conn.get_execution_options().get("crisisdesk_begin", "IMMEDIATE")
    conn.exec_driver_sql("BEGIN IMMEDIATE" if mode == "IMMEDIATE" else "BEGIN")
