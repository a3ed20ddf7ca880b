"""What an attacker with the database file can do: bypass the triggers and rewrite rows."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from crisisdesk.storage.chain import entry_hash


def open_raw(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None)
    for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
        conn.execute(f"DROP TRIGGER {name}")
    return conn


def log_id(conn: sqlite3.Connection) -> str:
    return str(conn.execute("SELECT value FROM meta WHERE key = 'log_id'").fetchone()[0])


def body(conn: sqlite3.Connection, seq: int) -> str:
    return str(conn.execute("SELECT body FROM decisions WHERE seq = ?", (seq,)).fetchone()[0])


def set_body(conn: sqlite3.Connection, seq: int, new_body: str) -> None:
    conn.execute("UPDATE decisions SET body = ? WHERE seq = ?", (new_body, seq))


def rechain_from(conn: sqlite3.Connection, seq: int) -> None:
    """Recompute every hash from ``seq`` on, as a forger without the signing key would."""
    lid = log_id(conn)
    prev = conn.execute("SELECT hash FROM decisions WHERE seq = ?", (seq - 1,)).fetchone()
    prev_hash = prev[0] if prev else None
    if prev_hash is None:
        from crisisdesk.storage.chain import genesis_hash

        prev_hash = genesis_hash(lid)
    rows = conn.execute(
        "SELECT seq, body FROM decisions WHERE seq >= ? ORDER BY seq", (seq,)
    ).fetchall()
    for s, b in rows:
        digest = entry_hash(lid, s, prev_hash, b.encode("utf-8"))
        conn.execute(
            "UPDATE decisions SET prev_hash = ?, hash = ? WHERE seq = ?", (prev_hash, digest, s)
        )
        prev_hash = digest


def forge_checkpoint_heads(conn: sqlite3.Connection) -> None:
    """Point every stored checkpoint at the (re-chained) hash at its seq."""
    conn.execute(
        "UPDATE checkpoints SET head_hash = "
        "(SELECT hash FROM decisions d WHERE d.seq = checkpoints.seq)"
    )


def edit_summary(conn: sqlite3.Connection, seq: int, text: str) -> None:
    data = json.loads(body(conn, seq))
    data["summary"]["en"] = text
    set_body(conn, seq, json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False))
