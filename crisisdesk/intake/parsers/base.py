"""The one shape every channel turns its input into, and how a bad item is reported.

Parsers are pure: bytes or files in, ``ParseResult`` out, nothing stored. Storage takes
``IncomingMessage`` rows as they are (``(channel, external_id)`` is the idempotency key) and
keeps ``raw`` verbatim for the post-incident review.
"""

from __future__ import annotations

import json
import re
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
        if not isinstance(self.channel, str) or not isinstance(self.external_id, str):
            raise ValueError("channel and external_id must be text")
        if not self.channel or not self.external_id:
            raise ValueError("channel and external_id are required")
        if not isinstance(self.text, str):
            raise ValueError(f"{self.external_id}: the text is not a string")
        for name in ("author_handle", "author_name", "language", "refers_to"):
            value = getattr(self, name)
            if value is not None and not isinstance(value, str):
                # a number where a name belongs is kept as its text, anything else refused
                if isinstance(value, (int, float)) and not isinstance(value, bool):
                    object.__setattr__(self, name, str(value))
                else:
                    raise ValueError(f"{self.external_id}: {name} is not text")
        for name in ("external_id", "text", "author_handle", "author_name", "refers_to"):
            value = getattr(self, name)
            if isinstance(value, str) and _LONE_SURROGATE.search(value):
                object.__setattr__(self, name, clean_text(value))
        if not isinstance(self.received_at, datetime):
            raise ValueError(f"{self.external_id}: no valid time")
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
    raw: str | bytes | None = field(default=None, compare=False, repr=False)  # the item

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

    def reject(self, where: str, reason: str, raw: str | bytes | None = None) -> None:
        self.rejected.append(Rejection(where, one_line(reason), raw))

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


_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
REPLACEMENT = "\ufffd"


def clean_text(text: str) -> str:
    """``text`` with lone UTF-16 surrogates (a cut emoji escaped as ``\\ud83d``) made U+FFFD.

    Such a string cannot be encoded as UTF-8, so it could be neither stored nor searched.
    """
    return _LONE_SURROGATE.sub(REPLACEMENT, text)


def _clean_document(document: Any) -> Any:
    """Every string and key of a decoded JSON document passed through ``clean_text``.

    Iterative, not recursive: a document nested as deep as the decoder allows stays cheap.
    """
    if isinstance(document, str):
        return clean_text(document)
    stack: list[Any] = [document]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            for i, value in enumerate(node):
                if isinstance(value, str):
                    node[i] = clean_text(value)
                elif isinstance(value, (list, dict)):
                    stack.append(value)
        elif isinstance(node, dict):
            for key in list(node):
                value = node[key]
                fixed = clean_text(key)
                if fixed != key:
                    del node[key]
                    node[fixed] = value
                if isinstance(value, str):
                    node[fixed] = clean_text(value)
                elif isinstance(value, (list, dict)):
                    stack.append(value)
    return document


def load_json(text: str) -> Any:
    """``json.loads`` that fails only with a one-line ``ValueError``, whatever the text.

    Invalid JSON, a number longer than Python converts (4,300 digits), nesting deeper than
    the decoder's recursion limit: each is a ``ValueError`` naming the problem. Lone
    surrogate escapes are replaced by U+FFFD so that every string can be stored.
    """
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        line = f"line {exc.lineno} " if exc.lineno > 1 else ""
        where = f"{exc.msg} at {line}column {exc.colno}"
        raise ValueError(f"not valid JSON ({where})") from None
    except RecursionError:
        raise ValueError("JSON nested too deeply") from None
    except ValueError as exc:  # e.g. an integer of more than 4,300 digits
        raise ValueError(f"not usable JSON ({one_line(str(exc), 120)})") from None
    if _SURROGATE_ESCAPE.search(text):
        document = _clean_document(document)
    return document


class UnreadableDocument(ValueError):
    """A JSON line that could not be decoded; ``text`` is the line, kept for the quarantine."""

    def __init__(self, reason: str, text: str) -> None:
        super().__init__(reason)
        self.text = text


def dump_item(item: object) -> str | None:
    """An item as JSON text for the quarantine (``None`` when even that fails)."""
    try:
        return json.dumps(item, ensure_ascii=False)
    except (ValueError, TypeError, RecursionError):
        return None


def describe_error(exc: BaseException) -> str:
    """One line for an item a parser could not take: the message of a ``ValueError`` as it
    is, the kind of anything else (a wrong JSON type ends as ``AttributeError``/``TypeError``).
    """
    if type(exc) is ValueError:
        return one_line(str(exc))
    if isinstance(exc, RecursionError):
        return "nested too deeply"
    return one_line(f"unexpected shape ({type(exc).__name__}: {exc})")


def iter_json_lines(text: str, where: str) -> Iterator[tuple[str, Any | ValueError, str | None]]:
    """Yield (``where:line``, document, its text) for one JSON document or JSON lines.

    A whole-file document is tried first (its text is then ``None``: the caller keeps the
    item it rejects, not the whole file); otherwise each non-blank line is one document and a
    line that does not parse yields a ``ValueError`` so the caller rejects just that line.
    """
    stripped = text.lstrip("\ufeff")
    try:
        yield f"{where}:1", load_json(stripped), None
        return
    except ValueError:
        pass
    for number, line in enumerate(stripped.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            document = load_json(line)
        except ValueError as exc:
            yield f"{where}:{number}", UnreadableDocument(str(exc), line), line
            continue
        yield f"{where}:{number}", document, line


def iter_json_documents(text: str, where: str) -> Iterator[tuple[str, Any | ValueError]]:
    """``iter_json_lines`` without the text of each line."""
    for here, document, _line in iter_json_lines(text, where):
        yield here, document


def keep_raw(result: ParseResult, raw: str | bytes | None) -> ParseResult:
    """Give each rejection of ``result`` the raw text it came in (what a retry parses)."""
    if raw is not None:
        result.rejected = [Rejection(r.where, r.reason, raw) for r in result.rejected]
    return result


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
    """Unix seconds (number or string) or ISO-8601 text → aware UTC; ``None`` if unusable.

    Never raises: a timestamp out of the platform's range, NaN, or a 20-digit string is
    simply unusable.
    """
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        if isinstance(value, (int, float)):
            return datetime.fromtimestamp(value, UTC)
        if isinstance(value, str):
            text = value.strip()
            if text.isascii() and text.isdigit():
                if len(text) > 15:  # beyond year 30,000: not a time
                    return None
                return datetime.fromtimestamp(int(text), UTC)
            if len(text) > 64:
                return None
            return parse_utc(text)
    except (ValueError, OverflowError, OSError):
        return None
    return None


__all__ = [
    "KINDS",
    "IncomingMessage",
    "Kind",
    "ParseResult",
    "Rejection",
    "UnreadableDocument",
    "clean_text",
    "describe_error",
    "dump_item",
    "guess_language",
    "iter_json_documents",
    "iter_json_lines",
    "keep_raw",
    "load_json",
    "one_line",
    "parse_time",
    "read_text",
]
