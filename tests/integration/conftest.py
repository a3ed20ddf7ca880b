"""Fixtures of the integration tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers.databases import postgres_database, sqlite_db_url


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def room_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A shared room's database: a SQLite file, then a throw-away PostgreSQL database."""
    if request.param == "sqlite":
        yield sqlite_db_url(tmp_path)
    else:
        with postgres_database() as url:
            yield url
