"""Verifying 1,000,000 decisions vs raw hashlib.sha256 over the same canonical bytes.

The baseline hashes, in memory, exactly the bytes the chain formula needs per entry (the
canonical body, then the link preimage): the least work any verifier must do. Ours reads the
entries from the database file, recomputes and compares every hash and link, and checks the
signed checkpoints. Ratio = baseline time / our time (1.0 would be free I/O).
"""

from __future__ import annotations

import hashlib
import sqlite3
import time

from _common import arguments, report, workdir

from crisisdesk.desk import Desk
from crisisdesk.storage.chain import entry_hash, link_prefix
from crisisdesk.storage.decision_log import entry_body


def build(desk: Desk, count: int) -> list[tuple[int, bytes, str]]:
    """Write ``count`` real chained entries quickly (bulk rows made by the same functions)."""
    path = desk.db.sqlite_path
    log_id = desk.log_id
    conn = sqlite3.connect(path, isolation_level=None)
    seq, prev = conn.execute("SELECT seq, hash FROM decisions ORDER BY seq DESC LIMIT 1").fetchone()
    rows = []
    kept = []
    conn.execute("BEGIN IMMEDIATE")
    for n in range(count - seq):
        seq += 1
        body = entry_body(
            seq=seq,
            at="2026-01-01T06:00:00.000000Z",
            incident_id=1,
            actor="operator1",
            role="operator",
            kind="interaction.triaged",
            subject=f"interaction:{n}",
            summary_ar=f"تصنيف البلاغ رقم {n} كشكوى",
            summary_en=f"triaged interaction {n} as complaint",
            payload={"category": "complaint", "priority": "high", "n": n},
            corrects=None,
        )
        digest = entry_hash(log_id, seq, prev, body.encode())
        rows.append((seq, body, prev, digest))
        prev = digest
        if len(rows) == 50_000:
            conn.executemany(
                "INSERT INTO decisions (seq, body, prev_hash, hash) VALUES (?,?,?,?)", rows
            )
            rows.clear()
    if rows:
        conn.executemany(
            "INSERT INTO decisions (seq, body, prev_hash, hash) VALUES (?,?,?,?)", rows
        )
    conn.execute("COMMIT")
    for s, body, prev_hash in conn.execute(
        "SELECT seq, body, prev_hash FROM decisions ORDER BY seq"
    ):
        kept.append((s, body.encode(), prev_hash))
    conn.close()
    return kept


def baseline(log_id: str, entries: list[tuple[int, bytes, str]]) -> float:
    sha = hashlib.sha256
    prefix = link_prefix(log_id)
    prepared = [(s.to_bytes(8, "big"), body, bytes.fromhex(p)) for s, body, p in entries]
    start = time.perf_counter()
    for seq8, body, prev in prepared:
        sha(prefix + seq8 + prev + sha(body).digest()).digest()
    return time.perf_counter() - start


def main() -> None:
    args = arguments(__doc__ or "")
    folder = workdir()
    count = 50_000 if args.quick else 1_000_000
    desk = Desk.open(f"sqlite:///{folder / 'log.db'}", create=True)
    desk.users.create_first_admin("admin", "bench-admin-password")
    desk.sign_in("admin", "bench-admin-password")
    entries = build(desk, count)
    desk.log.checkpoint("bench")
    base = baseline(desk.log_id, entries)
    del entries
    start = time.perf_counter()
    verdict = desk.log.verify()
    ours = time.perf_counter() - start
    desk.close()
    assert verdict.ok, verdict.describe()
    report(
        "log_verify",
        ratio=base / ours,
        goal=0.5,
        better="higher",
        entries=verdict.entries,
        ours_s=round(ours, 3),
        baseline_s=round(base, 3),
        entries_per_s=round(verdict.entries / ours),
    )


if __name__ == "__main__":
    main()
