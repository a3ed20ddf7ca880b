"""200,000 WhatsApp-shaped messages through the whole inbox pipeline as ``crisisdesk ingest``
runs it (a JSON-lines file read as a stream and committed in batches of 1,000 with one
decision each; normalise, tag from the playbook, cluster, store idempotently, index for
search) vs a raw ``sqlite3`` ``executemany`` of the same rows into a plain table, in the same
run. Ratio = pipeline throughput / raw throughput (higher is better; goal 0.25). The peak
RSS of the process is taken right after the pipeline (goal under 300 MB), before the raw
rows are built.

    python bench/ingest.py [--quick]
"""

from __future__ import annotations

import json
import resource
import sqlite3
import time

from _common import arguments, report, workdir
from _interactions import messages

from crisisdesk.desk import Desk
from crisisdesk.intake.parsers import whatsapp
from crisisdesk.intake.rows import InboxFilters
from crisisdesk.storage.location import sqlite_url

PASSWORD = "bench-pass-phrase"


def body(i: int, text: str) -> dict[str, object]:
    wa = f"9665{10_000_000 + i % 50_000}"
    return {
        "object": "whatsapp_business_account",
        "entry": [{"id": "1", "changes": [{"field": "messages", "value": {
            "messaging_product": "whatsapp",
            "metadata": {"phone_number_id": "111", "display_phone_number": "966138000000"},
            "contacts": [{"wa_id": wa, "profile": {"name": f"مواطن {i % 977}"}}],
            "messages": [{"id": f"wamid.bench{i:08d}", "from": wa,
                          "timestamp": str(1795000000 + i), "type": "text",
                          "text": {"body": text}}],
        }}]}],
    }  # fmt: skip


def main() -> None:
    args = arguments(__doc__ or "")
    count = 10_000 if args.quick else 200_000
    folder = workdir()
    saved = folder / "bodies.jsonl"
    with saved.open("w", encoding="utf-8") as out:
        for i, text in enumerate(messages(count)):
            out.write(json.dumps(body(i, text), ensure_ascii=False) + "\n")

    desk = Desk.open(sqlite_url(folder / "inbox.db"), create=True)
    desk.users.create_first_admin("admin", PASSWORD)
    desk.sign_in("admin", PASSWORD)
    desk.users.add("lead", PASSWORD, "lead")
    desk.sign_in("lead", PASSWORD)
    incident = desk.incidents.open("سيول الدمام — قياس", 3, playbook_id="flood-urban").id
    desk.inbox.tagger(incident)  # the playbook snapshot is read once per incident

    started = time.perf_counter()
    (report_,) = desk.inbox.ingest_files(incident, "whatsapp", [saved])
    ours = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    assert report_.new == count, report_.counts()
    assert desk.inbox.count(InboxFilters(incident)) == count
    again = time.perf_counter()
    repeat = desk.inbox.ingest_files(incident, "whatsapp", [saved])[0]
    repeat_s = time.perf_counter() - again
    assert repeat.new == 0 and repeat.duplicate == count

    rows = []
    with saved.open(encoding="utf-8") as lines:
        for line in lines:
            for m in whatsapp.parse_text(line, "line").messages:
                rows.append(
                    (
                        m.channel, m.external_id, m.author_handle, m.author_name,
                        m.received_at.isoformat(), m.text, m.raw_json(),
                    )
                )  # fmt: skip
    desk.close()
    conn = sqlite3.connect(folder / "raw.db", isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute(
        "CREATE TABLE interactions (id INTEGER PRIMARY KEY, channel TEXT, external_id TEXT, "
        "author_handle TEXT, author_name TEXT, received_at TEXT, text TEXT, raw TEXT, "
        "UNIQUE (channel, external_id))"
    )
    started = time.perf_counter()
    conn.execute("BEGIN IMMEDIATE")
    conn.executemany(
        "INSERT INTO interactions (channel, external_id, author_handle, author_name, "
        "received_at, text, raw) VALUES (?,?,?,?,?,?,?)",
        rows,
    )
    conn.execute("COMMIT")
    baseline = time.perf_counter() - started
    conn.close()
    report(
        "ingest",
        baseline / ours,
        goal=0.25,
        better="higher",
        messages=count,
        peak_rss_mb=round(peak_mb),
        peak_rss_goal_mb=300,
        pipeline_s=round(ours, 3),
        messages_per_s=round(count / ours),
        raw_messages_per_s=round(count / baseline),
        repeat_all_duplicates_s=round(repeat_s, 3),
        raw_executemany_s=round(baseline, 3),
        tagged=report_.tagged,
        clustered=report_.clustered,
    )


if __name__ == "__main__":
    main()
