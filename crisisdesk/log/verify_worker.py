"""The second process of a verification: spans of a SQLite decision log, from the end back.

`log.service` starts it with ``python -m crisisdesk.log.verify_worker`` for a large log
and writes one JSON line to its standard input: ``path``, ``log_id``, ``size``, ``last`` and
``wanted`` (the checkpoint seqs). Span ``i`` covers seqs ``1 + i * size`` to
``min(last, (i + 1) * size)``. From the last span down to the first, each span is checked on
its own (`check_span`) and reported as one JSON line; the first process stops this one once
the two meet. It only reads the database, so stopping it at any moment is safe.
"""

from __future__ import annotations

import json
import sqlite3
import sys
from bisect import bisect_left, bisect_right
from contextlib import suppress
from typing import Any, TextIO

from crisisdesk.log.verify import Span, check_span

# One `Span` per read (see `Span` for the columns). SQLite lists a rowid range in seq order,
# and `Span.order` checks that it did.
SPAN_SQL = (
    "SELECT count(body), group_concat(seq - ?1),"
    " group_concat(printf('%08x', length(CAST(body AS BLOB))), ''),"
    " CAST(group_concat(CAST(body AS BLOB), '') AS BLOB),"
    " group_concat(ifnull(prev_hash, '-'), '|'), group_concat(ifnull(hash, '-'), '|')"
    " FROM decisions WHERE seq BETWEEN ?1 AND ?2"
)
MMAP_BYTES = 1 << 31  # reading pages through a memory map saves a system call and a copy each


def span_bounds(index: int, size: int, last: int) -> tuple[int, int]:
    first = 1 + index * size
    return first, min(last, first + size - 1)


def run(job: dict[str, Any], out: TextIO) -> None:
    log_id, size, last = str(job["log_id"]), int(job["size"]), int(job["last"])
    wanted = sorted(int(seq) for seq in job["wanted"])
    conn = sqlite3.connect(str(job["path"]), isolation_level=None)
    try:
        conn.execute("PRAGMA busy_timeout = 30000")
        conn.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")
        conn.execute("BEGIN")
        for index in range(-(-last // size) - 1, -1, -1):
            first, end = span_bounds(index, size, last)
            row = conn.execute(SPAN_SQL, (first, end)).fetchone()
            inside = wanted[bisect_left(wanted, first) : bisect_right(wanted, end)]
            check = check_span(log_id, Span(first, end, *row), inside)
            report = {"i": index, "ok": check.ok, "prev": check.prev_hash, "head": check.head}
            report["heads"] = {str(seq): head for seq, head in check.heads.items()}
            out.write(json.dumps(report) + "\n")
            out.flush()
    finally:
        conn.close()


def main() -> None:
    with suppress(BrokenPipeError):  # the first process no longer listens
        run(json.loads(sys.stdin.readline()), sys.stdout)


if __name__ == "__main__":
    main()
