"""Real databases for tests: a SQLite file per test and a throw-away PostgreSQL database."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from crisisdesk.desk import Desk
from crisisdesk.storage.location import sqlite_url

PG_ENV = "CRISISDESK_TEST_PG_URL"
PASSWORD = "s3cret-pass-phrase"
ROLE_USERS = {
    "operator": "olfa",
    "spokesperson": "sami",
    "lead": "layla",
    "reviewer": "rami",
    "admin": "admin",
    "observer": "nawaf",
}


def sqlite_db_url(folder: Path, name: str = "crisisdesk.db") -> str:
    return sqlite_url(folder / name)


@contextmanager
def postgres_database() -> Iterator[str]:
    """A fresh database on the server named by CRISISDESK_TEST_PG_URL, dropped afterwards.

    Without the variable the test is skipped with the reason; with it, an unreachable server
    is a failure (CI points it at a real server and must not pass by skipping).
    """
    base = os.environ.get(PG_ENV)
    if not base:
        pytest.skip(
            f"PostgreSQL tests need {PG_ENV} (e.g. postgresql+psycopg://postgres@127.0.0.1/postgres)"
        )
    import psycopg
    from sqlalchemy.engine import make_url

    url = make_url(base)
    name = f"crisisdesk_test_{uuid.uuid4().hex[:12]}"
    admin_dsn = url.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(admin_dsn, autocommit=True, connect_timeout=5) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(admin_dsn, autocommit=True, connect_timeout=5) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def make_desk(url: str, *, clock: object | None = None) -> Desk:
    """A database with an admin and one user per role, opened and signed in as the admin."""
    desk = Desk.open(url, create=True, clock=clock)  # type: ignore[arg-type]
    desk.users.create_first_admin("admin", PASSWORD)
    desk.sign_in("admin", PASSWORD)
    for role, name in ROLE_USERS.items():
        if role != "admin":
            desk.users.add(name, PASSWORD, role)
    return desk


def sign_in_as(desk: Desk, role: str) -> None:
    desk.sign_in(ROLE_USERS[role], PASSWORD)
