"""Create and upgrade the schema with Alembic, backing up an older SQLite file first."""

from __future__ import annotations

import ast
import functools
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import inspect, text

from crisisdesk.errors import StorageError
from crisisdesk.storage.engine import Database
from crisisdesk.storage.pg_session import PG_WRITER_LOCK
from crisisdesk.storage.private_file import create_private_file

if TYPE_CHECKING:
    from alembic.config import Config

SCRIPT_LOCATION = str(Path(__file__).resolve().parent / "migrations")
VERSIONS = Path(SCRIPT_LOCATION) / "versions"


def alembic_config() -> Config:
    """Alembic itself is imported only when a schema must change (it is slow to import)."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", SCRIPT_LOCATION)
    return cfg


@functools.cache
def _revision_graph() -> dict[str, tuple[str, ...]]:
    """Each shipped revision and its parents, read from the migration files without importing
    Alembic: opening an up-to-date database (every start) must stay fast."""
    graph: dict[str, tuple[str, ...]] = {}
    for path in sorted(VERSIONS.glob("*.py")):
        values: dict[str, object] = {}
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.Assign) and len(node.targets) == 1:
                target = node.targets[0]
                if isinstance(target, ast.Name) and target.id in ("revision", "down_revision"):
                    values[target.id] = ast.literal_eval(node.value)
        revision = values.get("revision")
        if not isinstance(revision, str):
            continue
        down = values.get("down_revision")
        parents = (down,) if isinstance(down, str) else tuple(down or ())  # type: ignore[arg-type]
        graph[revision] = tuple(str(p) for p in parents)
    return graph


def known_heads() -> set[str]:
    graph = _revision_graph()
    parents = {p for ps in graph.values() for p in ps}
    return set(graph) - parents


def known_revisions() -> set[str]:
    return set(_revision_graph())


def current_revisions(db: Database) -> set[str]:
    with db.engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return set()
        return set(conn.execute(text("SELECT version_num FROM alembic_version")).scalars())


def needs_upgrade(db: Database) -> bool:
    return current_revisions(db) != known_heads()


def check_not_newer(db: Database) -> None:
    """Refuse a database written by a newer CrisisDesk: we must not touch what we do not know."""
    unknown = current_revisions(db) - known_revisions()
    if unknown:
        raise StorageError(
            f"{db.sqlite_path or 'the database'} has schema revision "
            f"{', '.join(sorted(unknown))}, newer than this CrisisDesk knows; update CrisisDesk"
        )


def backup_sqlite(db: Database, revisions: set[str]) -> Path | None:
    """Copy the SQLite file beside itself (online backup API) before changing its schema."""
    if db.sqlite_path is None or not db.sqlite_path.exists():
        return None
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    label = "-".join(sorted(revisions)) or "empty"
    target = db.sqlite_path.with_name(f"{db.sqlite_path.name}.{label}.{stamp}.bak")
    create_private_file(target)  # a copy of the records is as private as the records
    source = sqlite3.connect(db.sqlite_path)
    try:
        dest = sqlite3.connect(target)
        try:
            source.backup(dest)
        finally:
            dest.close()
    finally:
        source.close()
    return target


def upgrade(db: Database, *, to: str = "heads") -> Path | None:
    """Bring the schema to ``to``; returns the backup written, if any."""
    check_not_newer(db)
    current = current_revisions(db)
    if to == "heads" and current == known_heads():
        return None
    backup = backup_sqlite(db, current) if current else None
    from alembic import command

    cfg = alembic_config()
    with db.engine.connect() as conn, conn.begin():
        if db.dialect == "postgresql":
            # An upgrade of a large table may take longer than any one write should.
            conn.execute(text("SET LOCAL statement_timeout = 0"))
            conn.execute(text("SET LOCAL lock_timeout = 0"))
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": PG_WRITER_LOCK})
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, to)
    return backup
