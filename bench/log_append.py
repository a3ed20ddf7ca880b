"""Decisions appended per second (with the chain) vs raw sqlite3 inserts of the same rows.

Both sides use the same file settings (WAL, synchronous=FULL) and commit the same way: one
decision per transaction (what a crisis room does) and batches of 100.
"""

from __future__ import annotations

import sqlite3
import time

from _common import arguments, report, workdir

from crisisdesk.desk import Desk
from crisisdesk.storage.chain import entry_hash, genesis_hash
from crisisdesk.storage.decision_log import entry_body


def ours(desk: Desk, count: int, batch: int) -> float:
    start = time.perf_counter()
    done = 0
    while done < count:
        with desk.transaction(None) as uow:
            for _ in range(min(batch, count - done)):
                uow.decide(
                    "bench.append",
                    subject=f"item:{done}",
                    summary_ar="قرار تجريبي لقياس الأداء",
                    summary_en="benchmark decision",
                    payload={"n": done, "area": "حي الشاطئ"},
                )
                done += 1
    return count / (time.perf_counter() - start)


def raw(path: str, count: int, batch: int) -> float:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("CREATE TABLE d (seq INTEGER PRIMARY KEY, body TEXT, prev_hash TEXT, hash TEXT)")
    log_id = "0" * 32
    prev = genesis_hash(log_id)
    rows = []
    for seq in range(1, count + 1):
        body = entry_body(
            seq=seq,
            at="2026-01-01T00:00:00.000000Z",
            incident_id=1,
            actor="lead",
            role="lead",
            kind="bench.append",
            subject=f"item:{seq}",
            summary_ar="قرار تجريبي لقياس الأداء",
            summary_en="benchmark decision",
            payload={"n": seq, "area": "حي الشاطئ"},
            corrects=None,
        )
        digest = entry_hash(log_id, seq, prev, body.encode())
        rows.append((seq, body, prev, digest))
        prev = digest
    start = time.perf_counter()
    for i in range(0, count, batch):
        conn.execute("BEGIN IMMEDIATE")
        conn.executemany("INSERT INTO d VALUES (?, ?, ?, ?)", rows[i : i + batch])
        conn.execute("COMMIT")
    elapsed = time.perf_counter() - start
    conn.close()
    return count / elapsed


def main() -> None:
    args = arguments(__doc__ or "")
    folder = workdir()
    count = 300 if args.quick else 3000
    desk = Desk.open(f"sqlite:///{folder / 'ours.db'}", create=True)
    desk.users.create_first_admin("admin", "bench-admin-password")
    desk.sign_in("admin", "bench-admin-password")
    results = {}
    for batch in (1, 100):
        mine = ours(desk, count if batch == 1 else count * 10, batch)
        base = raw(str(folder / f"raw{batch}.db"), count if batch == 1 else count * 10, batch)
        results[batch] = (mine, base)
    desk.close()
    single, batched = results[1], results[100]
    report(
        "log_append",
        ratio=batched[0] / batched[1],
        goal=0.5,
        better="higher",
        single_per_s=round(single[0]),
        single_raw_per_s=round(single[1]),
        single_ratio=round(single[0] / single[1], 3),
        batch100_per_s=round(batched[0]),
        batch100_raw_per_s=round(batched[1]),
        note="ratio is for batches of 100; single-decision transactions are fsync-bound",
    )


if __name__ == "__main__":
    main()
