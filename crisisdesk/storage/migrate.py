"""Create and upgrade the schema with Alembic, backing up an older SQLite file first."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text

from crisisdesk.errors import StorageError
from crisisdesk.storage.engine import PG_WRITER_LOCK, Database

SCRIPT_LOCATION = str(Path(__file__).resolve().parent / "migrations")


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", SCRIPT_LOCATION)
    return cfg


def known_heads() -> set[str]:
    return set(ScriptDirectory.from_config(alembic_config()).get_heads())


def known_revisions() -> set[str]:
    script = ScriptDirectory.from_config(alembic_config())
    return {rev.revision for rev in script.walk_revisions()}


def current_revisions(db: Database) -> set[str]:
    with db.engine.connect() as conn:
        return set(MigrationContext.configure(conn).get_current_heads())


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
    cfg = alembic_config()
    with db.engine.connect() as conn, conn.begin():
        if db.dialect == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": PG_WRITER_LOCK})
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, to)
    return backup
