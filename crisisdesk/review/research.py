"""The anonymised research data set (``--research``) for partner universities.

No message text, no phone numbers, no e-mail addresses, no names: authors are pseudonyms
(the export's HMAC, stable within the export), times are kept because timing is what the
research is about. A data dictionary describes every column.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from crisisdesk.review.kpis import seconds_between
from crisisdesk.review.pii import Masker
from crisisdesk.storage.models import Cluster, Interaction

if TYPE_CHECKING:
    from crisisdesk.desk import Desk

DIR = "research"
BATCH = 5000

INTERACTION_FIELDS: list[tuple[str, str, str]] = [
    ("interaction", "integer", "Row number within this data set (not the database id)."),
    ("channel", "text", "whatsapp, x, rss, email, csv, hotline, ... — where it arrived."),
    ("author", "text", "Pseudonym of the author (HMAC with a secret salt of this export)."),
    ("received_at", "UTC time", "When the message was sent or received (ISO 8601, UTC)."),
    ("hour", "text", "received_at cut to the hour (YYYY-MM-DDTHH), for grouping."),
    ("language", "text", "Detected language code (ar, en) or empty."),
    ("category", "text", "Triage category: complaint, observation, suggestion, question, rumour."),
    ("priority", "text", "Triage priority, or empty."),
    ("status", "text", "new, in_progress, answered, escalated, closed at export time."),
    ("first_response_s", "integer", "Seconds from receipt to the first response; empty if none."),
    (
        "within_target",
        "boolean",
        "Answered by the response target (true/false); empty if no target.",
    ),
    ("cluster", "integer", "Cluster number within this data set (near-duplicate group); empty."),
    ("sentiment", "text", "Sentiment where known (flags), else empty."),
    ("deleted", "boolean", "The sender deleted the message after it arrived."),
]
CLUSTER_FIELDS: list[tuple[str, str, str]] = [
    ("cluster", "integer", "Cluster number within this data set (matches interactions.csv)."),
    ("size", "integer", "Number of interactions in the cluster."),
    ("status", "text", "unverified, false, true, addressed."),
    ("first_seen", "UTC time", "Earliest message of the cluster."),
    ("last_seen", "UTC time", "Latest message of the cluster."),
    ("countered", "boolean", "A counter-statement is linked to the cluster."),
]


def write_research(
    desk: Desk,
    incident_id: int,
    out: Path,
    masker: Masker,
    tick: Callable[[str, int], None],
) -> list[str]:
    """Write ``research/`` into the bundle folder; returns the relative file names."""
    folder = out / DIR
    folder.mkdir(parents=True, exist_ok=True)
    cluster_numbers: dict[int, int] = {}
    with desk.db.read() as session:
        clusters = (
            session.connection()
            .execute(
                select(
                    Cluster.id,
                    Cluster.size,
                    Cluster.status,
                    Cluster.first_seen,
                    Cluster.last_seen,
                    Cluster.statement_id,
                )
                .where(Cluster.incident_id == incident_id)
                .order_by(Cluster.first_seen, Cluster.id)
            )
            .all()
        )
        with (folder / "clusters.csv").open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\r\n")
            writer.writerow([name for name, _, _ in CLUSTER_FIELDS])
            for number, (cid, size, status, first, last, statement) in enumerate(clusters, 1):
                cluster_numbers[cid] = number
                writer.writerow([number, size, status, first, last, _bool(statement is not None)])
        result = session.connection().execute(
            select(
                Interaction.channel,
                Interaction.author_handle,
                Interaction.author_name,
                Interaction.received_at,
                Interaction.language,
                Interaction.category,
                Interaction.priority,
                Interaction.status,
                Interaction.first_response_at,
                Interaction.response_due,
                Interaction.cluster_id,
                Interaction.flags,
                Interaction.deleted,
            )
            .where(Interaction.incident_id == incident_id)
            .order_by(Interaction.received_at, Interaction.id)
            .execution_options(yield_per=BATCH)
        )
        with (folder / "interactions.csv").open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\r\n")
            writer.writerow([name for name, _, _ in INTERACTION_FIELDS])
            number = 0
            for part in result.partitions(BATCH):
                for row in part:
                    number += 1
                    writer.writerow(_interaction_row(number, row, masker, cluster_numbers))
                tick("research", len(part))
    _write_dictionary(folder)
    return [
        f"{DIR}/{n}"
        for n in ("clusters.csv", "interactions.csv", "data_dictionary.json", "README.md")
    ]


def _interaction_row(number: int, row: Any, masker: Masker, clusters: dict[int, int]) -> list[Any]:
    (
        channel,
        handle,
        name,
        received,
        language,
        category,
        priority,
        status,
        first,
        due,
        cluster,
        flags,
        deleted,
    ) = row
    author = masker.person(handle or name) or ""
    response = seconds_between(received, first) if first else None
    within = None if (first is None or due is None) else first <= due
    sentiment = ""
    if flags and "sentiment" in flags:
        try:
            sentiment = str(json.loads(flags).get("sentiment") or "")
        except (ValueError, AttributeError):
            sentiment = ""
    return [
        number,
        channel,
        author,
        received,
        received[:13],
        language or "",
        category or "",
        priority or "",
        status,
        "" if response is None else response,
        "" if within is None else _bool(within),
        clusters.get(cluster, "") if cluster is not None else "",
        sentiment,
        _bool(bool(deleted)),
    ]


def _bool(value: bool) -> str:
    return "true" if value else "false"


def _write_dictionary(folder: Path) -> None:
    tables = {
        "interactions.csv": INTERACTION_FIELDS,
        "clusters.csv": CLUSTER_FIELDS,
    }
    data = {
        table: [{"column": c, "type": t, "meaning": m} for c, t, m in fields]
        for table, fields in tables.items()
    }
    (folder / "data_dictionary.json").write_text(
        json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    lines = [
        "# CrisisDesk research data set",
        "",
        "Anonymised: no message text, no phone numbers, no e-mail addresses, no names.",
        "Authors are pseudonyms made with a secret salt that exists only during the export,",
        "so the same author has the same pseudonym within this data set and no other.",
        "All times are UTC (ISO 8601). CSV files are UTF-8 with a header row.",
        "",
    ]
    for table, fields in tables.items():
        lines += [f"## {table}", "", "| column | type | meaning |", "|---|---|---|"]
        lines += [f"| {c} | {t} | {m} |" for c, t, m in fields]
        lines.append("")
    (folder / "README.md").write_text("\n".join(lines), encoding="utf-8")
