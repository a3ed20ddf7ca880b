"""Streaming, resumable import of JSON-lines files (saved WhatsApp bodies, X pages).

A 200,000-message file is read line by line and committed in batches (1,000 messages or one
second, whichever comes first). Each batch is one transaction holding its messages, its
set-aside items, ONE ``intake.imported`` decision (counts, line range, SHA-256 of the bytes
read) and the file's resume position in ``meta``. Memory stays that of one batch; a kill -9
loses at most the batch being built; the same command run again verifies the bytes already
committed (their SHA-256) and goes on after them, and the counts it prints are those of an
uninterrupted run. A file that was imported to its end is read again from the start (its
messages are then duplicates), as before.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from sqlalchemy.orm import Session

from crisisdesk.intake.parsers import whatsapp, x
from crisisdesk.intake.parsers.base import ParseResult, Rejection
from crisisdesk.intake.store import IngestReport
from crisisdesk.storage.models import Meta

if TYPE_CHECKING:
    from crisisdesk.intake.inbox import InboxService

STREAMED_FORMATS = ("whatsapp", "x")
BATCH_MESSAGES = 1000
BATCH_SECONDS = 1.0
_PARSERS: dict[str, Callable[[str, str], ParseResult]] = {
    "whatsapp": whatsapp.parse_text,
    "x": x.parse_text,
}


@dataclass(frozen=True, slots=True)
class Progress:
    """What a progress bar shows: items and bytes so far, the rate and the time left."""

    items: int
    bytes_read: int
    total_bytes: int
    elapsed: float

    @property
    def rate(self) -> float:
        return self.items / self.elapsed if self.elapsed > 0 else 0.0

    @property
    def eta(self) -> float | None:
        if self.bytes_read <= 0 or self.elapsed <= 0:
            return None
        return self.elapsed * (self.total_bytes - self.bytes_read) / self.bytes_read


@dataclass(slots=True)
class _State:
    """The resume position kept in ``meta`` (one JSON value per file and incident)."""

    offset: int = 0
    line: int = 0
    prefix_sha256: str = hashlib.sha256().hexdigest()
    counts: dict[str, int] = field(default_factory=dict)
    done: bool = False

    def to_json(self) -> str:
        return json.dumps(
            {
                "offset": self.offset,
                "line": self.line,
                "prefix_sha256": self.prefix_sha256,
                "counts": self.counts,
                "done": self.done,
            },
            sort_keys=True,
        )

    @classmethod
    def from_json(cls, text: str | None) -> _State:
        try:
            data = json.loads(text or "")
            return cls(
                int(data["offset"]),
                int(data["line"]),
                str(data["prefix_sha256"]),
                {str(k): int(v) for k, v in dict(data["counts"]).items()},
                bool(data["done"]),
            )
        except (ValueError, KeyError, TypeError):
            return cls()


def is_json_lines(path: Path) -> bool:
    """True when the first non-blank line is a JSON document of its own (JSON lines)."""
    with path.open("rb") as handle:
        for raw in handle:
            line = raw.strip()
            if not line:
                continue
            try:
                json.loads(line.decode("utf-8-sig"))
            except (ValueError, RecursionError):
                return False
            return True
    return False


def resume_key(incident_id: int, path: Path) -> str:
    """The ``meta`` key of a file's resume position: by incident and absolute path."""
    digest = hashlib.sha256(f"{incident_id}\0{path.resolve()}".encode("utf-8", "surrogatepass"))
    return f"import.{digest.hexdigest()[:48]}"


def _lines(handle: BinaryIO, start_line: int) -> Iterator[tuple[int, bytes]]:
    number = start_line
    for raw in handle:
        number += 1
        yield number, raw


def _prefix_ok(path: Path, state: _State) -> bool:
    """The bytes committed before are still the file's first bytes (it was not replaced)."""
    if state.offset <= 0:
        return True
    h = hashlib.sha256()
    remaining = state.offset
    with path.open("rb") as handle:
        while remaining > 0:
            chunk = handle.read(min(1 << 20, remaining))
            if not chunk:
                return False
            h.update(chunk)
            remaining -= len(chunk)
    return h.hexdigest() == state.prefix_sha256


def _add(counts: dict[str, int], report: IngestReport) -> None:
    for key, value in report.counts().items():
        counts[key] = counts.get(key, 0) + value


def stream_import(
    inbox: InboxService,
    incident_id: int,
    format: str,
    path: Path,
    *,
    batch_messages: int = BATCH_MESSAGES,
    batch_seconds: float = BATCH_SECONDS,
    progress: Callable[[Progress], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> IngestReport:
    """Import ``path`` batch by batch, resuming where a previous run stopped.

    The report's counts cover the whole file (earlier runs included); its ``rejected`` and
    ``warnings`` list what this run read. ``cancelled`` is asked between batches: what was
    committed stays, and the next run goes on from there.
    """
    desk = inbox.desk
    parse = _PARSERS[format]
    key = resume_key(incident_id, path)
    with desk.db.read() as session:
        row = session.get(Meta, key)
        state = _State.from_json(row.value if row is not None else None)
    if state.done or not _prefix_ok(path, state):
        state = _State()
    resumed_from = state.line
    total = path.stat().st_size
    report = IngestReport(source=str(path), format=format)
    counts = dict(state.counts)
    hasher = hashlib.sha256()
    started = time.monotonic()
    with path.open("rb") as handle:
        if state.offset:
            # the committed prefix was just verified; its hash state is rebuilt from it
            remaining = state.offset
            while remaining > 0:
                chunk = handle.read(min(1 << 20, remaining))
                hasher.update(chunk)
                remaining -= len(chunk)
        offset, line = state.offset, state.line
        pending: list[tuple[int, bytes]] = []
        pending_lines = 0
        batch_started = time.monotonic()
        at_end = False
        lines = _lines(handle, line)
        while not at_end:
            item = next(lines, None)
            if item is None:
                at_end = True
            else:
                pending.append(item)
                pending_lines += 1
            full = pending_lines >= batch_messages
            late = time.monotonic() - batch_started >= batch_seconds
            if pending and (full or late or at_end):
                offset, line = _commit(
                    inbox, incident_id, format, path, parse, pending, offset, hasher, state,
                    key, counts, report, at_end,
                )  # fmt: skip
                pending, pending_lines = [], 0
                batch_started = time.monotonic()
                if progress is not None:
                    progress(
                        Progress(line - resumed_from, offset, total, time.monotonic() - started)
                    )
                if cancelled is not None and cancelled():
                    break
        if at_end and not pending and not state.done:
            # an empty file, or one whose last batch was committed by the previous run
            _commit(
                inbox, incident_id, format, path, parse, [], offset, hasher, state, key,
                counts, report, True,
            )  # fmt: skip
    report.sha256 = hasher.hexdigest() if state.done else None
    report.new = counts.get("new", 0)
    report.duplicate = counts.get("duplicate", 0)
    report.events = counts.get("events", 0)
    report.tagged = counts.get("tagged", 0)
    report.clustered = counts.get("clustered", 0)
    report.set_aside = counts.get("set_aside", 0)
    report.earlier_rejected = max(0, counts.get("rejected", 0) - len(report.rejected))
    report.resumed_from = resumed_from
    return report


def _commit(
    inbox: InboxService,
    incident_id: int,
    format: str,
    path: Path,
    parse: Callable[[str, str], ParseResult],
    pending: list[tuple[int, bytes]],
    offset: int,
    hasher: Any,
    state: _State,
    key: str,
    counts: dict[str, int],
    report: IngestReport,
    at_end: bool,
) -> tuple[int, int]:
    """Parse and store one batch of lines, with its decision and the new resume position."""
    result = ParseResult()
    batch_hash = hashlib.sha256()
    read = 0
    for number, raw in pending:
        batch_hash.update(raw)
        read += len(raw)
        text = raw.decode("utf-8", "replace")
        if number == 1:
            text = text.lstrip("\ufeff")
        if not text.strip():
            continue
        part = parse(text, str(path))
        # the parsers number lines from 1 within the text they get: put the file's line
        part.rejected = [_renumber(r, str(path), number) for r in part.rejected]
        part.warnings = [_renumber(w, str(path), number) for w in part.warnings]
        result.extend(part)
    first = pending[0][0] if pending else state.line
    last = pending[-1][0] if pending else state.line
    new_offset = offset + read
    prefix = hasher.copy()
    prefix.update(b"".join(raw for _, raw in pending))
    next_state = _State(new_offset, last, prefix.hexdigest(), dict(counts), at_end)

    def remember(session: Session, batch_report: IngestReport) -> None:
        _add(next_state.counts, batch_report)
        row = session.get(Meta, key)
        if row is None:
            session.add(Meta(key=key, value=next_state.to_json()))
        else:
            row.value = next_state.to_json()

    batch_report = inbox.ingest(
        incident_id,
        result,
        source=str(path),
        format=format,
        sha256=batch_hash.hexdigest(),
        extra={
            "lines": [first, last],
            "bytes": [offset, new_offset],
            "sha256_of_bytes_read": batch_hash.hexdigest(),
            "complete": at_end,
        },
        also=remember,
    )
    for _, raw in pending:
        hasher.update(raw)
    counts.clear()
    counts.update(next_state.counts)
    state.offset, state.line, state.prefix_sha256 = new_offset, last, next_state.prefix_sha256
    state.counts, state.done = dict(next_state.counts), at_end
    report.rejected.extend(batch_report.rejected)
    report.warnings.extend(batch_report.warnings)
    report.decision_seq = batch_report.decision_seq
    for other, n in batch_report.elsewhere.items():
        report.elsewhere[other] = report.elsewhere.get(other, 0) + n
    return new_offset, last


def _renumber(item: Rejection, where: str, number: int) -> Rejection:
    prefix = f"{where}:1"
    place = item.where
    if place.startswith(prefix):
        place = f"{where}:{number}{place[len(prefix) :]}"
    return Rejection(place, item.reason, item.raw)


__all__ = [
    "BATCH_MESSAGES",
    "BATCH_SECONDS",
    "STREAMED_FORMATS",
    "Progress",
    "is_json_lines",
    "resume_key",
    "stream_import",
]
