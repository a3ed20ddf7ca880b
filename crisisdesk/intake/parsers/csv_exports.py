"""Exports of social-listening tools (Meltwater, Brandwatch) and any CSV with a column mapping.

Encoding comes from a BOM or charset-normalizer (Meltwater writes UTF-16), the delimiter from
``csv.Sniffer``. Tab-separated data is often written without quoting, so a quote at the start of
a tweet must not swallow the following lines: both readings are tried and the one where every
row has the header's width wins. Rows without an id get one derived from the file's SHA-256 and
the line number, so importing the same file again yields the same ids.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from charset_normalizer import from_bytes

from crisisdesk.intake.parsers.base import (
    IncomingMessage,
    ParseResult,
    describe_error,
    dump_item,
    guess_language,
)
from crisisdesk.text.language import detect_language

Column = str | int

# Header names that hold the message text in exports we meet, in order of preference.
TEXT_COLUMNS = ("full text", "text", "tweet", "message", "content", "body", "hit sentence")
_DATE_FORMATS = (
    "%Y-%m-%d %H:%M:%S.%f",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%d-%b-%Y %I:%M%p",
    "%d-%b-%Y %I:%M %p",
    "%d-%b-%Y %H:%M",
    "%d-%b-%Y",
    "%b %d, %Y %I:%M%p",
    "%b %d, %Y %I:%M %p",
    "%b %d, %Y",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y",
    "%m/%d/%Y %I:%M:%S %p",
    "%m/%d/%Y %I:%M %p",
    "%Y-%m-%d",
)


@dataclass(frozen=True, slots=True)
class ColumnMapping:
    """Which column holds what: a header name, or a 0-based index when there is no header.

    ``text`` may list several columns; the non-empty ones are joined (title, then body).
    ``has_header=None`` lets the importer guess.
    """

    text: Column | tuple[Column, ...]
    external_id: Column | None = None
    author_handle: Column | None = None
    author_name: Column | None = None
    date: Column | None = None
    time: Column | None = None
    language: Column | None = None
    location: Column | None = None
    url: Column | None = None
    has_header: bool | None = None
    extra: tuple[Column, ...] = ()


MELTWATER = ColumnMapping(
    text=("Headline", "Hit Sentence", "Opening Text"),
    external_id="Tweet Id",
    author_handle="Twitter Screen Name",
    author_name="Influencer",
    date="Date",
    time="Time",
    language="Language",
    location="Country",
    url="URL",
    has_header=True,
    extra=("Source", "Reach", "Sentiment", "Keywords", "Input Name"),
)
BRANDWATCH = ColumnMapping(
    text=("Title", "Full Text", "Snippet"),
    external_id="Mention Id",
    author_handle="Author",
    author_name="Full Name",
    date="Date",
    language="Language",
    location="Country",
    url="Url",
    has_header=True,
    extra=("Page Type", "Query Id", "Query Name", "Sentiment", "Reach", "Domain"),
)


def decode(data: bytes) -> tuple[str, str]:
    """(text, encoding): BOMs first (UTF-16 exports), then UTF-8, then detection."""
    for bom, encoding in (
        (b"\xef\xbb\xbf", "utf-8-sig"),
        (b"\xff\xfe", "utf-16"),
        (b"\xfe\xff", "utf-16"),
    ):
        if data.startswith(bom):
            return data.decode(encoding), encoding
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is None:
        raise ValueError("cannot tell the file's character encoding")
    return str(best), best.encoding


def _read(text: str, delimiter: str, quoted: bool) -> list[tuple[int, list[str]]]:
    """(first physical line, cells) per row: a quoted field may span several lines."""
    source = io.StringIO(text, newline="")
    if quoted:
        reader = csv.reader(source, delimiter=delimiter, quoting=csv.QUOTE_MINIMAL)
    else:
        reader = csv.reader(source, delimiter=delimiter, quoting=csv.QUOTE_NONE)
    rows: list[tuple[int, list[str]]] = []
    start = 1
    for row in reader:
        rows.append((start, row))
        start = reader.line_num + 1
    return rows


def _readings(text: str) -> tuple[list[tuple[int, list[str]]], list[tuple[int, list[str]]]]:
    sample = text[:65536]
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters=",\t;|").delimiter
    except csv.Error:
        delimiter = "\t" if sample.count("\t") > sample.count(",") else ","
    return _read(text, delimiter, quoted=True), _read(text, delimiter, quoted=False)


def _consistent(rows: list[tuple[int, list[str]]]) -> bool:
    widths = {len(r) for _, r in rows if any(cell.strip() for cell in r)}
    return len(widths) <= 1


def read_numbered_rows(text: str) -> list[tuple[int, list[str]]]:
    """Rows with their line numbers; picks the quoting reading where all rows have one width."""
    quoted, bare = _readings(text)
    if _consistent(quoted) and _consistent(bare):
        return bare if len(bare) > len(quoted) else quoted
    if _consistent(bare) and not _consistent(quoted):
        return bare
    return quoted


def read_rows(text: str) -> list[list[str]]:
    """The cells of every row of a delimited text (see ``read_numbered_rows``)."""
    return [row for _, row in read_numbered_rows(text)]


def _find_header(rows: list[list[str]], wanted: tuple[str, ...]) -> int | None:
    """Index of the header row; exports may put a report preamble above it."""
    lowered = tuple(w.lower() for w in wanted)
    for index, row in enumerate(rows[:50]):
        cells = {c.strip().lower() for c in row}
        if any(w in cells for w in lowered):
            return index
    return None


def _columns(mapping: ColumnMapping) -> list[str]:
    texts = mapping.text if isinstance(mapping.text, tuple) else (mapping.text,)
    others = (mapping.external_id, mapping.date, mapping.url, mapping.author_handle)
    return [n for n in (*texts, *others) if isinstance(n, str)]


def parse_time_text(date_text: str, time_text: str = "", tz: str = "UTC") -> datetime | None:
    """An export's date (and separate time) cell; naive values are read in ``tz``."""
    when = _read_time(" ".join(t for t in (date_text.strip(), time_text.strip()) if t), tz)
    if when is None and time_text.strip():
        # Meltwater exports may put the time in Date as well as in a Time column
        when = _read_time(date_text.strip(), tz)
    return when


def _read_time(text: str, tz: str) -> datetime | None:
    if not text or len(text) > 64:
        return None
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        value = None
        for fmt in _DATE_FORMATS:
            try:
                value = datetime.strptime(text, fmt)
                break
            except ValueError:
                continue
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=ZoneInfo(tz))
    try:
        return value.astimezone(UTC)
    except (OverflowError, ValueError):
        return None


@dataclass(frozen=True, slots=True)
class _Table:
    header: list[str] | None
    rows: list[tuple[int, list[str]]]  # (1-based line number, cells)


def _table(text: str, mapping: ColumnMapping) -> _Table:
    numbered = read_numbered_rows(text)
    rows = [row for _, row in numbered]
    has_header = mapping.has_header
    header_at: int | None = None
    if has_header is not False:
        header_at = _find_header(rows, tuple(_columns(mapping)) or TEXT_COLUMNS)
        if header_at is None and has_header is None:
            try:
                header_at = 0 if csv.Sniffer().has_header(text[:8192]) else None
            except csv.Error:
                header_at = None
        if header_at is None and has_header:
            raise ValueError(
                f"no header row naming {', '.join(_columns(mapping)) or 'a text column'}"
            )
    if header_at is None:
        return _Table(None, numbered)
    header = [c.strip().lstrip("\ufeff") for c in rows[header_at]]
    return _Table(header, numbered[header_at + 1 :])


def _cell(row: list[str], header: list[str] | None, column: Column | None) -> str:
    if column is None:
        return ""
    if isinstance(column, int):
        return row[column].strip() if column < len(row) else ""
    if header is None:
        return ""
    lowered = [h.lower() for h in header]
    try:
        index = lowered.index(column.lower())
    except ValueError:
        return ""
    return row[index].strip() if index < len(row) else ""


def _iter_messages(
    text: str,
    mapping: ColumnMapping,
    *,
    channel: str,
    where: str,
    digest: str,
    fallback_time: datetime,
    tz: str,
    result: ParseResult,
) -> Iterator[IncomingMessage]:
    table = _table(text, mapping)
    text_columns = mapping.text if isinstance(mapping.text, tuple) else (mapping.text,)
    if table.header is not None:
        known = {h.lower() for h in table.header}
        missing = [c for c in text_columns if isinstance(c, str) and c.lower() not in known]
        if len(missing) == len(text_columns):
            raise ValueError(f"no text column ({', '.join(map(str, text_columns))}) in the header")
    width = len(table.header) if table.header else None
    for line, row in table.rows:
        try:
            message = _row_message(
                line,
                row,
                table,
                mapping,
                text_columns,
                width,
                channel=channel,
                where=where,
                digest=digest,
                fallback_time=fallback_time,
                tz=tz,
                result=result,
            )
        except Exception as exc:  # one odd row is set aside, the rest of the file lands
            result.reject(f"{where}:{line}", describe_error(exc), dump_item(row))
            continue
        if message is not None:
            yield message


def _row_message(
    line: int,
    row: list[str],
    table: _Table,
    mapping: ColumnMapping,
    text_columns: tuple[Column, ...],
    width: int | None,
    *,
    channel: str,
    where: str,
    digest: str,
    fallback_time: datetime,
    tz: str,
    result: ParseResult,
) -> IncomingMessage | None:
    """One row as a message, or ``None`` when it is blank or was rejected."""
    here = f"{where}:{line}"
    if not any(cell.strip() for cell in row):
        return None
    if width is not None and len(row) != width:
        result.reject(here, f"{len(row)} fields where the header has {width}")
        return None
    parts: list[str] = []
    for column in text_columns:
        value = _cell(row, table.header, column)
        if value and value not in parts:
            parts.append(value)
    body = "\n\n".join(parts)
    if not body:
        result.reject(here, "no text in the row")
        return None
    flags: dict[str, Any] = {"line": line}
    received_at = parse_time_text(
        _cell(row, table.header, mapping.date), _cell(row, table.header, mapping.time), tz
    )
    if received_at is None:
        if _cell(row, table.header, mapping.date):
            result.reject(here, f"unreadable date {_cell(row, table.header, mapping.date)!r}")
            return None
        received_at = fallback_time
        flags["date_missing"] = True
    url = _cell(row, table.header, mapping.url)
    if url:
        flags["url"] = url
    for column in mapping.extra:
        value = _cell(row, table.header, column)
        if value:
            flags[str(column).lower().replace(" ", "_")] = value
    external_id = _cell(row, table.header, mapping.external_id) or url
    if not external_id:
        external_id = f"{digest[:16]}:{line}"
    raw: dict[str, Any] | str
    if table.header is not None:
        raw = dict(zip(table.header, row, strict=False))
    else:
        raw = {str(i): cell for i, cell in enumerate(row)}
    location_text = _cell(row, table.header, mapping.location)
    handle = _cell(row, table.header, mapping.author_handle) or None
    return IncomingMessage(
        channel=channel,
        external_id=external_id,
        author_handle=handle,
        author_name=_cell(row, table.header, mapping.author_name) or handle,
        received_at=received_at,
        text=body,
        language=_language(_cell(row, table.header, mapping.language), body),
        location={"name": location_text} if location_text else None,
        raw=raw,
        flags=flags,
    )


_LANGUAGE_NAMES = {"arabic": "ar", "english": "en"}


def _language(declared: str, text: str) -> str | None:
    name = declared.strip().lower()
    if name in _LANGUAGE_NAMES:
        return _LANGUAGE_NAMES[name]
    if 2 <= len(name) <= 3 and name.isalpha():
        return name
    return detect_language(text) if not name else guess_language(text)


def guess_mapping(text: str) -> ColumnMapping:
    """A mapping for a CSV nobody described: known text column names, else the widest column."""
    rows = read_rows(text)
    header_at = _find_header(rows, TEXT_COLUMNS)
    if header_at is not None:
        header = [c.strip().lower() for c in rows[header_at]]
        text_column = next(name for name in TEXT_COLUMNS if name in header)

        def first(*names: str) -> str | None:
            return next((h for h in header if h in names), None)

        return ColumnMapping(
            text=text_column,
            has_header=True,
            external_id=first("id", "tweet id", "mention id", "message id"),
            date=first("date", "created_at", "created at", "timestamp", "time"),
            author_handle=first("author", "user", "username", "screen name", "handle"),
            language=first("language", "lang"),
            url=first("url", "link"),
        )
    sample = [r for r in rows[:200] if r]
    width = max((len(r) for r in sample), default=1)
    lengths = [sum(len(r[i]) for r in sample if i < len(r)) for i in range(width)]
    return ColumnMapping(text=lengths.index(max(lengths)), has_header=False)


def parse_csv(
    path: Path,
    mapping: ColumnMapping | None = None,
    *,
    channel: str = "csv",
    tz: str = "UTC",
) -> ParseResult:
    """Import a delimited export; a bad row is rejected with its line, the rest lands."""
    result = ParseResult()
    data = path.read_bytes()
    try:
        text, _encoding = decode(data)
        chosen = mapping or guess_mapping(text)
        fallback = datetime.fromtimestamp(path.stat().st_mtime, UTC)
        digest = hashlib.sha256(data).hexdigest()
        result.messages.extend(
            _iter_messages(
                text,
                chosen,
                channel=channel,
                where=str(path),
                digest=digest,
                fallback_time=fallback,
                tz=tz,
                result=result,
            )
        )
    except (ValueError, csv.Error) as exc:
        result.reject(str(path), str(exc))
    return result


def parse_meltwater(path: Path, *, tz: str = "UTC") -> ParseResult:
    """A Meltwater export (UTF-16, tab-separated); zone-less times are read in ``tz``."""
    return parse_csv(path, MELTWATER, channel="meltwater", tz=tz)


def parse_brandwatch(path: Path, *, tz: str = "UTC") -> ParseResult:
    """A Brandwatch mentions export (CSV, possibly below a report preamble)."""
    return parse_csv(path, BRANDWATCH, channel="brandwatch", tz=tz)


def mapping_from(options: Mapping[str, str]) -> ColumnMapping:
    """A mapping from ``key=column`` options, e.g. ``{"text": "tweet", "date": "created"}``."""

    def column(value: str) -> Column:
        return int(value) if value.isdigit() else value

    if "text" not in options:
        raise ValueError("a column mapping needs at least text=COLUMN")
    texts = tuple(column(v) for v in options["text"].split("+"))
    fields = {
        k: column(v)
        for k, v in options.items()
        if k
        in (
            "external_id",
            "author_handle",
            "author_name",
            "date",
            "time",
            "language",
            "location",
            "url",
        )
    }
    has_header = options.get("has_header")
    return ColumnMapping(
        text=texts[0] if len(texts) == 1 else texts,
        has_header=None if has_header is None else has_header.lower() in ("1", "true", "yes"),
        **fields,  # type: ignore[arg-type]
    )


__all__ = [
    "BRANDWATCH",
    "MELTWATER",
    "ColumnMapping",
    "decode",
    "guess_mapping",
    "mapping_from",
    "parse_brandwatch",
    "parse_csv",
    "parse_meltwater",
    "parse_time_text",
    "read_numbered_rows",
    "read_rows",
]
