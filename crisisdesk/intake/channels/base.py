"""The one shape every channel turns its input into, and how a bad item is reported.

Parsers are pure: bytes or files in, ``ParseResult`` out, nothing stored. Storage takes
``IncomingMessage`` rows as they are (``(channel, external_id)`` is the idempotency key) and
keeps ``raw`` verbatim for the post-incident review.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from charset_normalizer import from_bytes

from crisisdesk.clock import ensure_utc, parse_utc
from crisisdesk.text.language import detect_language
from crisisdesk.text.normalise import normalise

Kind = Literal["message", "edit", "delete", "reaction", "status"]
KINDS: tuple[str, ...] = ("message", "edit", "delete", "reaction", "status")

JSON = dict[str, Any]


@dataclass(frozen=True, slots=True)
class IncomingMessage:
    """One public interaction (or an edit, deletion, reaction or delivery status of one).

    ``received_at`` is aware UTC. ``raw`` is the verbatim piece of the payload this came from.
    ``refers_to`` is the channel's id of the message an edit/delete/reaction/status is about.
    ``reply_address`` holds what a reply through the same channel needs.
    """

    channel: str
    external_id: str
    author_handle: str | None
    author_name: str | None
    received_at: datetime
    text: str
    language: str | None = None
    location: dict[str, Any] | None = None
    media: list[dict[str, Any]] = field(default_factory=list)
    raw: dict[str, Any] | str = field(default_factory=dict)
    kind: Kind = "message"
    refers_to: str | None = None
    flags: dict[str, Any] = field(default_factory=dict)
    reply_address: dict[str, Any] | None = None

    def __post_init__(self) -> None:
        if not self.channel or not self.external_id:
            raise ValueError("channel and external_id are required")
        if self.received_at.tzinfo is None:
            raise ValueError("received_at must be an aware datetime")
        if self.kind not in KINDS:
            raise ValueError(f"unknown kind {self.kind!r}")
        object.__setattr__(self, "received_at", ensure_utc(self.received_at))

    def __hash__(self) -> int:
        # dict fields are unhashable; equal messages share channel, id, kind and target
        return hash((self.channel, self.external_id, self.kind, self.refers_to))

    @property
    def key(self) -> tuple[str, str]:
        """The idempotency key storage uses: ``(channel, external_id)``."""
        return self.channel, self.external_id

    @property
    def normalised_text(self) -> str:
        """The search form of ``text`` (what storage indexes)."""
        return normalise(self.text)

    @property
    def is_public_message(self) -> bool:
        """True for messages that enter the inbox; edits, deletions, reactions, statuses don't."""
        return self.kind == "message"

    def raw_json(self) -> str:
        """``raw`` as text for a verbatim column (JSON for dicts, unchanged for strings)."""
        if isinstance(self.raw, str):
            return self.raw
        return json.dumps(self.raw, ensure_ascii=False, sort_keys=True)


@dataclass(frozen=True, slots=True)
class Rejection:
    """One item that could not be taken, e.g. ``where='mail.eml'``, ``reason='...'``."""

    where: str
    reason: str

    def __str__(self) -> str:
        return f"{self.where}: {self.reason}"


@dataclass(slots=True)
class ParseResult:
    """What one file, body or poll produced.

    ``rejected`` items were dropped; ``warnings`` name problems in input that still landed
    (an ill-formed feed parsed by recovery, a mail with MIME defects).
    """

    messages: list[IncomingMessage] = field(default_factory=list)
    rejected: list[Rejection] = field(default_factory=list)
    warnings: list[Rejection] = field(default_factory=list)

    def extend(self, other: ParseResult) -> None:
        self.messages.extend(other.messages)
        self.rejected.extend(other.rejected)
        self.warnings.extend(other.warnings)

    def reject(self, where: str, reason: str) -> None:
        self.rejected.append(Rejection(where, one_line(reason)))

    def warn(self, where: str, reason: str) -> None:
        self.warnings.append(Rejection(where, one_line(reason)))

    def counts(self) -> dict[str, int]:
        """Number of items per kind plus ``rejected``: what an ingest report prints."""
        out = {kind: 0 for kind in KINDS}
        for message in self.messages:
            out[message.kind] += 1
        out["rejected"] = len(self.rejected)
        return out


def one_line(text: str, limit: int = 300) -> str:
    """Squash a reason to one short line: reports print one line per rejected item."""
    line = " ".join(str(text).split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def guess_language(text: str, declared: str | None = None) -> str | None:
    """The channel's declared language when it is meaningful, else a guess from the text."""
    if declared and declared not in ("und", "zxx", "qme", "qht", "qam", "qct"):
        return declared.split("-")[0].lower()
    return detect_language(text)


def iter_json_documents(text: str, where: str) -> Iterator[tuple[str, Any | ValueError]]:
    """Yield (``where:line``, document) for one JSON document or JSON lines.

    A whole-file document is tried first; otherwise each non-blank line is one document and
    a line that does not parse yields its ``ValueError`` so the caller rejects just that line.
    """
    stripped = text.lstrip("\ufeff")
    try:
        yield f"{where}:1", json.loads(stripped)
        return
    except json.JSONDecodeError:
        pass
    for number, line in enumerate(stripped.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            yield f"{where}:{number}", json.loads(line)
        except json.JSONDecodeError as exc:
            yield (
                f"{where}:{number}",
                ValueError(f"not valid JSON ({exc.msg} at column {exc.colno})"),
            )


def read_text(path: Path) -> str:
    """File text as UTF-8 (with or without BOM); other encodings are detected."""
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        best = from_bytes(data).best()
        if best is None:
            raise
        return str(best)


def parse_time(value: object) -> datetime | None:
    """Unix seconds (number or string) or ISO-8601 text → aware UTC; ``None`` if unusable."""
    if value is None or value == "":
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return datetime.fromtimestamp(value, UTC)
    if isinstance(value, str):
        text = value.strip()
        if text.isdigit():
            return datetime.fromtimestamp(int(text), UTC)
        try:
            return parse_utc(text)
        except ValueError:
            return None
    return None


__all__ = [
    "KINDS",
    "IncomingMessage",
    "Kind",
    "ParseResult",
    "Rejection",
    "guess_language",
    "iter_json_documents",
    "one_line",
    "parse_time",
    "read_text",
]
