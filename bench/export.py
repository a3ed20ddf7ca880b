"""Exporting an incident with 1,000,000 decisions and 1,000,000 interactions, against writing
the same rows as plain CSV with the ``csv`` module, in the same run; and the peak memory.

The database is built in a child process, so this process's peak resident memory
(``ru_maxrss``) measures only the baseline and the export. The baseline streams the same
rows with ``sqlite3`` straight into ``csv.writer`` (the least work any exporter must do);
ours writes the whole bundle: decisions.jsonl with hashes, decisions.csv, interactions.csv,
statements, KPIs, the HTML and PDF reports, the export decision and its signed checkpoint
and the manifest. Ratio = baseline time / our time (higher is better). The bundle is then
verified, to show the figures are about a real, valid bundle.

``--mask-pii`` (200,000 interactions unless ``--interactions N``) also exports the same
incident with personal data masked (one message in ten carries a phone number, a name and a
handle); the ratio is then the unmasked export's time / the masked one's, goal 0.5 (masking
costs at most 2x).
"""

from __future__ import annotations

import argparse
import csv
import json
import resource
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from _common import report, workdir

PASSWORD = "bench-pass-1"
CHANNELS = ("whatsapp", "x", "email", "hotline", "rss")
CATEGORIES = ("complaint", "observation", "question", "rumour", "suggestion")


def build(url: str, count: int) -> None:
    """Child process: users, an incident and ``count`` chained decisions and interactions."""
    from crisisdesk.desk import Desk
    from crisisdesk.storage.chain import entry_hash
    from crisisdesk.storage.decision_log import entry_body

    desk = Desk.open(url, create=True)
    desk.users.create_first_admin("admin", PASSWORD, "Admin")
    desk.sign_in("admin", PASSWORD)
    desk.users.add("lead", PASSWORD, "lead", "Lead", None)
    desk.sign_in("lead", PASSWORD)
    incident = desk.incidents.open("Benchmark flood", 3).id
    path = desk.db.sqlite_path
    log_id = desk.log_id
    desk.close()
    conn = sqlite3.connect(path, isolation_level=None)
    seq, prev = conn.execute("SELECT seq, hash FROM decisions ORDER BY seq DESC LIMIT 1").fetchone()
    conn.execute("BEGIN IMMEDIATE")
    rows: list[tuple[object, ...]] = []
    for n in range(count - seq):
        seq += 1
        minute = n // 400
        at = f"2026-01-0{1 + minute // 1440}T{minute % 1440 // 60:02d}:{minute % 60:02d}:00.000000Z"
        body = entry_body(
            seq=seq,
            at=at,
            incident_id=incident,
            actor="operator1",
            role="operator",
            kind="interaction.triaged",
            subject=f"interaction:{n + 1}",
            summary_ar=f"تصنيف البلاغ رقم {n + 1} كشكوى",
            summary_en=f"triaged interaction {n + 1} as complaint",
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
    rows.clear()
    insert = (
        "INSERT INTO interactions (incident_id, channel, external_id, author_handle, author_name,"
        " received_at, ingested_at, text, normalised, search_text, language, raw, category,"
        " priority, status, response_due, first_response_at, overdue, flags, deleted)"
        " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
    )
    for n in range(count):
        minute = n // 400
        day, hour, mins = 1 + minute // 1440, minute % 1440 // 60, minute % 60
        received = f"2026-01-0{day}T{hour:02d}:{mins:02d}:00.000000Z"
        due = f"2026-01-0{day}T{hour:02d}:{mins:02d}:30.000000Z"
        answered = f"2026-01-0{day}T{hour:02d}:{mins:02d}:{n % 60:02d}.000000Z" if n % 3 else None
        text = f"المياه تغمر الشارع رقم {n % 977} قرب المدرسة، نرجو المساعدة"
        if n % 10 == 0:  # some personal data for --mask-pii to find
            text += f" — اتصلوا بمحمد القحطاني على 05512{n % 100_000:05d} أو @user{n % 50_000}"
        rows.append(
            (
                incident,
                CHANNELS[n % len(CHANNELS)],
                f"msg-{n}",
                f"user{n % 50_000}",
                f"مواطن {n % 50_000}",
                received,
                received,
                text,
                text,
                text,
                "ar",
                json.dumps({"id": n, "text": text}, ensure_ascii=False),
                CATEGORIES[n % len(CATEGORIES)],
                "normal",
                "answered" if answered else "new",
                due,
                answered,
                0,
                "{}",
                0,
            )
        )
        if len(rows) == 50_000:
            conn.executemany(insert, rows)
            rows.clear()
    if rows:
        conn.executemany(insert, rows)
    conn.execute("COMMIT")
    conn.close()


def baseline(path: Path, out: Path) -> float:
    """The same rows streamed from SQLite into two CSV files with the csv module."""
    out.mkdir()
    start = time.perf_counter()
    conn = sqlite3.connect(path)
    for name, query in (
        ("decisions.csv", "SELECT seq, body, prev_hash, hash FROM decisions ORDER BY seq"),
        (
            "interactions.csv",
            "SELECT id, channel, external_id, author_handle, author_name, reply_address,"
            " received_at, language, category, priority, status, assignee, response_due,"
            " first_response_at, overdue, cluster_id, location, text, edited_text, deleted"
            " FROM interactions ORDER BY id",
        ),
    ):
        with (out / name).open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            cursor = conn.execute(query)
            while batch := cursor.fetchmany(5000):
                writer.writerows(batch)
    conn.close()
    return time.perf_counter() - start


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--build":
        build(sys.argv[2], int(sys.argv[3]))
        return
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="a small size that runs in seconds")
    parser.add_argument(
        "--mask-pii",
        action="store_true",
        help="also export with --mask-pii; the ratio is then unmasked / masked time (goal 0.5)",
    )
    parser.add_argument("--interactions", type=int, help="rows (default 1,000,000; 200,000 masked)")
    args = parser.parse_args()
    folder = workdir()
    count = args.interactions or (
        20_000 if args.quick else (200_000 if args.mask_pii else 1_000_000)
    )
    db = folder / "bench.db"
    url = f"sqlite:///{db}"
    started = time.perf_counter()
    subprocess.run([sys.executable, __file__, "--build", url, str(count)], check=True)
    build_s = time.perf_counter() - started

    from crisisdesk.desk import Desk

    rss_start = peak_mb()
    base = baseline(db, folder / "baseline")
    rss_baseline = peak_mb()
    desk = Desk.open(url)
    desk.sign_in("lead", PASSWORD)
    started = time.perf_counter()
    desk.review.kpis(1)  # what the dashboard computes on each refresh
    kpis_s = time.perf_counter() - started
    started = time.perf_counter()
    result = desk.review.export(1, folder / "bundle")
    ours = time.perf_counter() - started
    rss_export = peak_mb()
    masked_s = None
    if args.mask_pii:
        started = time.perf_counter()
        desk.review.export(1, folder / "masked", mask_pii=True)
        masked_s = time.perf_counter() - started
    rss_masked = peak_mb()
    desk.close()
    started = time.perf_counter()
    verdict = desk.review.verify(folder / "bundle")
    verify_s = time.perf_counter() - started
    masked_ok = desk.review.verify(folder / "masked").ok if args.mask_pii else None
    bundle_mb = sum(p.stat().st_size for p in (folder / "bundle").rglob("*") if p.is_file()) / 2**20
    database_mb = db.stat().st_size / 2**20
    shutil.rmtree(folder, ignore_errors=True)  # gigabytes at full size
    detail = {
        "decisions": result.decision_seq,
        "interactions": count,
        "export_s": round(ours, 2),
        "baseline_csv_s": round(base, 2),
        "verify_s": round(verify_s, 2),
        "kpis_s": round(kpis_s, 2),
        "verified": verdict.ok,
        "bundle_mb": round(bundle_mb, 1),
        "database_mb": round(database_mb, 1),
        "peak_rss_mb_before": round(rss_start, 1),
        "peak_rss_mb_after_baseline": round(rss_baseline, 1),
        "peak_rss_mb_after_export": round(rss_export, 1),
        "build_s": round(build_s, 1),
    }
    if masked_s is not None:
        detail.update(
            masked_export_s=round(masked_s, 2),
            masked_verified=masked_ok,
            peak_rss_mb_after_masked=round(rss_masked, 1),
            export_vs_baseline=round(base / ours, 4),
        )
        report("export_mask_pii", ours / masked_s, 0.5, "higher", **detail)
        return
    # The goal: the whole bundle costs at most 3x writing the same rows as plain CSV.
    report("export", base / ours, round(1 / 3, 4), "higher", **detail)


if __name__ == "__main__":
    main()
