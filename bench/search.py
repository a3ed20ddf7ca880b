"""Search p50/p95 over 1,000,000 Arabic messages (FTS5 over the normalised text, queries typed
with any spelling) vs a ``LIKE '%...%'`` scan of the normalised text in the same run.
Ratio = our p50 / LIKE p50 (lower is better).

The messages are generated from realistic templates and written straight into the schema the
migrations made, with the same ``normalise`` and ``index_text`` the ingest uses (the full
pipeline is measured by ``ingest.py``). The database is kept in the temp folder between runs.

    python bench/search.py [--quick]
"""

from __future__ import annotations

import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

import _search_recall
from _common import arguments, report
from _interactions import QUERIES, messages

from crisisdesk.desk import Desk
from crisisdesk.intake.rows import InboxFilters
from crisisdesk.intake.search import index_text
from crisisdesk.storage.location import sqlite_url
from crisisdesk.text.normalise import normalise

PASSWORD = "bench-pass-phrase"


def build(count: int) -> tuple[str, int]:
    """A desk with one incident holding ``count`` interactions (cached between runs)."""
    cache = Path(tempfile.gettempdir()) / "crisisdesk-bench-inbox"
    cache.mkdir(exist_ok=True)
    path = cache / f"inbox_{count}.db"
    url = sqlite_url(path)
    if path.exists():
        try:
            desk = Desk.open(url)
            try:
                desk.sign_in("lead", PASSWORD)
                if desk.inbox.count(InboxFilters(1)) == count:
                    return url, 1
            finally:
                desk.close()
        except Exception:  # a broken leftover: build it again
            pass
        for stale in cache.glob(f"inbox_{count}.db*"):
            stale.unlink()
    desk = Desk.open(url, create=True)
    try:
        desk.users.create_first_admin("admin", PASSWORD)
        desk.sign_in("admin", PASSWORD)
        desk.users.add("lead", PASSWORD, "lead", "قائد الحادثة")
        desk.users.add("olfa", PASSWORD, "operator", "علا")
        desk.sign_in("lead", PASSWORD)
        incident = desk.incidents.open("سيول الدمام — قياس", 3, playbook_id="flood-urban").id
    finally:
        desk.close()
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    rows = []
    categories = ("complaint", "observation", "question", "rumour", None)
    statuses = ("new", "new", "in_progress", "answered", "closed")
    for n, text in enumerate(messages(count)):
        folded = normalise(text)
        minute = n * 7 // 10
        day, hour = 1 + minute // 1440 % 28, minute // 60 % 24
        at = f"2026-11-{day:02d}T{hour:02d}:{minute % 60:02d}:00.000000Z"
        rows.append(
            (incident, "whatsapp", f"wamid.{n:09d}", f"9665{n % 90_000:05d}", "مواطن", at, at,
             text, folded, index_text(folded), "ar", "{}", categories[n % 5],
             "normal", statuses[n % 5], "{}")
        )  # fmt: skip
        if len(rows) == 50_000:
            _insert(conn, rows)
            rows.clear()
    if rows:
        _insert(conn, rows)
    conn.execute("COMMIT")
    conn.execute("ANALYZE")
    conn.close()
    return url, incident


def _insert(conn: sqlite3.Connection, rows: list[tuple[object, ...]]) -> None:
    conn.executemany(
        "INSERT INTO interactions (incident_id, channel, external_id, author_handle, "
        "author_name, received_at, ingested_at, text, normalised, search_text, language, raw, "
        "category, priority, status, flags, overdue, deleted) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,0,0)",
        rows,
    )


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> None:
    args = arguments(__doc__ or "")
    recall = _search_recall.measure()  # None when the real tweets are not beside the project
    if recall is not None:
        print("\n".join(_search_recall.lines(recall)))
    count = 50_000 if args.quick else 1_000_000
    url, incident = build(count)
    desk = Desk.open(url)
    desk.sign_in("lead", PASSWORD)
    path = desk.db.sqlite_path
    ours: list[float] = []
    baseline: list[float] = []
    agree = 0
    conn = sqlite3.connect(path)
    for _round in range(3):
        for query in QUERIES:
            filters = InboxFilters(incident, search=query)
            started = time.perf_counter()
            total = desk.inbox.count(filters)
            page = desk.inbox.rows(desk.inbox.ids(filters, limit=50))
            ours.append(time.perf_counter() - started)
            assert total == 0 or page
            like = f"%{normalise(query)}%"
            started = time.perf_counter()
            (scanned,) = conn.execute(
                "SELECT count(*) FROM interactions WHERE incident_id = ? AND normalised LIKE ?",
                (incident, like),
            ).fetchone()
            conn.execute(
                "SELECT id, text FROM interactions WHERE incident_id = ? AND normalised LIKE ? "
                "ORDER BY received_at DESC, id DESC LIMIT 50",
                (incident, like),
            ).fetchall()
            baseline.append(time.perf_counter() - started)
            agree += total >= scanned  # prefix words find at least what a substring finds
    conn.close()
    desk.close()
    p50, p95 = statistics.median(ours), percentile(ours, 0.95)
    b50, b95 = statistics.median(baseline), percentile(baseline, 0.95)
    report(
        "search",
        p50 / b50,
        goal=0.2,
        better="lower",
        messages=count,
        queries=len(ours),
        p50_ms=round(p50 * 1000, 2),
        p95_ms=round(p95 * 1000, 2),
        like_p50_ms=round(b50 * 1000, 2),
        like_p95_ms=round(b95 * 1000, 2),
        p95_ratio=round(p95 / b95, 4),
        measured="count of matches + first page of 50 rows, newest first",
        recall=recall,
    )


if __name__ == "__main__":
    main()
