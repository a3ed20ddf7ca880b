"""Schema upgrades: a database made at the first migration upgrades with every row kept."""

from __future__ import annotations

import base64
import hashlib
import json
import sqlite3
import uuid
from pathlib import Path

import pytest
from sqlalchemy import select, text

from crisisdesk.desk import Desk
from crisisdesk.errors import StorageError
from crisisdesk.secrets import SecretStore
from crisisdesk.storage import migrate, signing
from crisisdesk.storage.decision_log import append
from crisisdesk.storage.engine import Database
from crisisdesk.storage.models import Incident, Meta, User


def _first_migration_db(path: Path) -> str:
    url = f"sqlite:///{path}"
    db = Database(url)
    migrate.upgrade(db, to="0001")
    log_id = uuid.uuid4().hex
    key = signing.create_private(SecretStore(path.parent), log_id)
    with db.write() as session:
        for k, v in {
            "log_id": log_id,
            "pinned_keys": json.dumps([signing.public_hex(key)]),
            "checkpoint_every": "500",
            "created_at": "2026-01-01T00:00:00.000000Z",
        }.items():
            session.add(Meta(key=k, value=v))
        # the users table as revision 0001 made it, with the scrypt hash CrisisDesk wrote then
        salt = b"0123456789abcdef"
        digest = hashlib.scrypt(b"pw", salt=salt, n=2**14, r=8, p=1, dklen=32)
        old_hash = (
            f"scrypt$16384$8$1${base64.b64encode(salt).decode()}${base64.b64encode(digest).decode()}"
        )
        session.execute(
            text(
                "INSERT INTO users (name, display_name, role, org_unit, password_hash, active,"
                " created_at) VALUES ('admin', 'Admin', 'admin', NULL, :h, 1,"
                " '2026-01-01T00:00:00.000000Z')"
            ),
            {"h": old_hash},
        )
        session.add(
            Incident(
                title="سيول القطيف",
                severity=3,
                status="active",
                drill=False,
                org_units="[]",
                opened_at="2026-01-01T00:00:00.000000Z",
                opened_by="admin",
            )
        )
        for i in range(120):
            append(
                session,
                log_id,
                at="2026-01-01T00:00:00.000000Z",
                incident_id=1,
                actor="admin",
                role="admin",
                kind="test.old",
                subject=None,
                summary_ar=f"قرار {i}",
                summary_en=f"decision {i}",
                payload={"i": i},
            )
    db.dispose()
    return url


def test_upgrade_from_first_migration_keeps_rows_and_chain(tmp_path: Path) -> None:
    url = _first_migration_db(tmp_path / "old.db")
    assert migrate.current_revisions(Database(url)) == {"0001"}
    desk = Desk.open(url)
    try:
        assert desk.upgrade_backup is not None and Path(desk.upgrade_backup).exists()
        assert migrate.current_revisions(desk.db) == migrate.known_heads()
        assert [u.name for u in desk.users.list()] == ["admin"]
        assert desk.incidents.get(1).title == "سيول القطيف"
        verdict = desk.log.verify()
        assert verdict.ok and verdict.entries == 120, verdict.describe()
        desk.sign_in("admin", "pw")  # the old scrypt hash still signs in, and is upgraded
        with desk.db.read() as session:
            stored = session.scalars(select(User.password_hash)).one()
        assert stored.startswith("$argon2id$")
        desk.log.checkpoint("after upgrade")
        assert desk.log.verify().ok
    finally:
        desk.close()
    backup = sqlite3.connect(desk.upgrade_backup)
    assert backup.execute("SELECT count(*) FROM decisions").fetchone()[0] == 120
    assert backup.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0001"
    backup.close()


def test_newer_schema_is_refused_untouched(tmp_path: Path) -> None:
    url = _first_migration_db(tmp_path / "new.db")
    conn = sqlite3.connect(tmp_path / "new.db")
    conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
    conn.commit()
    conn.close()
    before = (tmp_path / "new.db").read_bytes()
    with pytest.raises(StorageError, match="newer than this CrisisDesk"):
        Desk.open(url)
    assert (tmp_path / "new.db").read_bytes() == before
    assert not list(tmp_path.glob("new.db.*.bak"))


def test_current_database_is_not_backed_up_again(tmp_path: Path, desk: Desk) -> None:
    Desk.open(desk.url).close()
    assert not list(Path(desk.db.sqlite_path.parent).glob("*.bak"))  # type: ignore[union-attr]


def test_revision_graph_read_from_files_matches_alembic() -> None:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(migrate.alembic_config())
    assert migrate.known_heads() == set(script.get_heads())
    assert migrate.known_revisions() == {r.revision for r in script.walk_revisions()}
