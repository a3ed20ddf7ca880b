"""The anonymised research data set (``--research``) for partner universities.

No message text, no phone numbers, no e-mail addresses, no names: authors are pseudonyms
(the export's HMAC, stable within the export). Times are cut to the hour and response times
to the minute: a public post's exact second is enough to find it and its author. Every row
is k-anonymous (k = 5) on its quasi-identifiers (channel, hour, language, category): a row
in a smaller group has its hour widened to the day, then its channel and hour withheld,
then its language and category too; a row still in a group under 5 is left out. A data
dictionary describes every column.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from crisisdesk.review.excel_csv import SafeWriter
from crisisdesk.review.kpis import seconds_between
from crisisdesk.review.pii import Masker
from crisisdesk.storage.models import Cluster, Interaction

if TYPE_CHECKING:
    from crisisdesk.kernel import Kernel

DIR = "research"
BATCH = 5000

INTERACTION_FIELDS: list[tuple[str, str, str]] = [
    ("interaction", "integer", "Row number within this data set (not the database id)."),
    ("channel", "text", "whatsapp, x, rss, email, csv, hotline, ... — where it arrived."),
    ("author", "text", "Pseudonym of the author (HMAC with a secret salt of this export)."),
    (
        "received",
        "text",
        "When it arrived, cut to the hour (YYYY-MM-DDTHH, UTC); the day (YYYY-MM-DD) or empty "
        "where the hour would single out fewer than 5 messages.",
    ),
    ("language", "text", "Detected language code (ar, en) or empty."),
    ("category", "text", "Triage category: complaint, observation, suggestion, question, rumour."),
    ("priority", "text", "Triage priority, or empty."),
    ("status", "text", "new, in_progress, answered, escalated, closed at export time."),
    (
        "first_response_min",
        "integer",
        "Whole minutes from receipt to the first response; empty if none.",
    ),
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
    ("first_seen", "text", "Hour of the earliest message of the cluster (YYYY-MM-DDTHH, UTC)."),
    ("last_seen", "text", "Hour of the latest message of the cluster (YYYY-MM-DDTHH, UTC)."),
    ("countered", "boolean", "A counter-statement is linked to the cluster."),
]


def write_research(
    desk: Kernel,
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
            writer = SafeWriter(handle)
            writer.writerow([name for name, _, _ in CLUSTER_FIELDS])
            for number, (cid, size, status, first, last, statement) in enumerate(clusters, 1):
                cluster_numbers[cid] = number
                writer.writerow(
                    [number, size, status, _hour(first), _hour(last), _bool(statement is not None)]
                )
        groups = quasi_groups(session, incident_id)
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
            writer = SafeWriter(handle)
            writer.writerow([name for name, _, _ in INTERACTION_FIELDS])
            number = 0
            for part in result.partitions(BATCH):
                for row in part:
                    cells = _interaction_row(number + 1, row, masker, cluster_numbers)
                    if groups.generalise(cells):
                        number += 1
                        writer.writerow(cells)
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
        _hour(received),
        language or "",
        category or "",
        priority or "",
        status,
        "" if response is None else response // 60,
        "" if within is None else _bool(within),
        clusters.get(cluster, "") if cluster is not None else "",
        sentiment,
        _bool(bool(deleted)),
    ]


K = 5
WITHHELD = "*"


def _hour(value: str | None) -> str:
    return value[:13] if value else ""


class QuasiGroups:
    """Equivalence classes on channel, hour, language and category, widened level by level
    so that every written row shares its values with at least ``K - 1`` other rows.

    A level's key is a function of the previous level's, so the groups still too small at
    one level are merged into the next from the counts alone (no second pass over rows).
    """

    def __init__(self) -> None:
        self.exact: Counter[tuple[str, ...]] = Counter()
        self._level: dict[tuple[str, ...], tuple[str, ...] | None] | None = None

    @staticmethod
    def widen(key: tuple[str, ...], depth: int) -> tuple[str, ...]:
        channel, hour, language, category = key
        if depth == 1:
            return (channel, hour[:10], language, category)
        if depth == 2:
            return (WITHHELD, "", language, category)
        return (WITHHELD, "", WITHHELD, WITHHELD)

    def add(self, channel: str, hour: str, language: str, category: str) -> None:
        self.exact[(channel, hour, language, category)] += 1
        self._level = None

    def _settle(self) -> dict[tuple[str, ...], tuple[str, ...] | None]:
        """Where each exact key's rows end up (``None``: left out)."""
        if self._level is not None:
            return self._level
        final: dict[tuple[str, ...], tuple[str, ...] | None] = {}
        pending: dict[tuple[str, ...], list[tuple[str, ...]]] = {k: [k] for k in self.exact}
        sizes: Counter[tuple[str, ...]] = Counter(self.exact)
        for depth in (1, 2, 3, 4):
            wider: dict[tuple[str, ...], list[tuple[str, ...]]] = {}
            wider_sizes: Counter[tuple[str, ...]] = Counter()
            for key, members in pending.items():
                if sizes[key] >= K:
                    final.update(dict.fromkeys(members, key))
                elif depth < 4:
                    target = self.widen(key, depth)
                    wider.setdefault(target, []).extend(members)
                    wider_sizes[target] += sizes[key]
                else:
                    final.update(dict.fromkeys(members))
            pending, sizes = wider, wider_sizes
        self._level = final
        return final

    def generalise(self, cells: list[Any]) -> bool:
        """Widen ``cells`` in place to its class; False: the row is left out."""
        target = self._settle().get((cells[1], cells[3], cells[4], cells[5]))
        if target is None:
            return False
        cells[1], cells[3], cells[4], cells[5] = target
        return True


def quasi_groups(session: Any, incident_id: int) -> QuasiGroups:
    """One read of the quasi-identifiers of the incident's messages."""
    groups = QuasiGroups()
    result = session.connection().execute(
        select(
            Interaction.channel, Interaction.received_at, Interaction.language, Interaction.category
        )
        .where(Interaction.incident_id == incident_id)
        .execution_options(yield_per=BATCH)
    )
    for part in result.partitions(BATCH):
        for channel, received, language, category in part:
            groups.add(channel, _hour(received), language or "", category or "")
    return groups


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
