"""RSS 1.0/2.0 and Atom feeds → ``IncomingMessage`` (news items mentioning the crisis).

``feedparser`` does the parsing and honours the encoding a feed declares (XML prolog, BOM or
HTTP ``Content-Type``). A feed that declares none and is not UTF-8 is detected with
charset-normalizer instead of being read as windows-1252. HTML in titles and bodies is reduced
to plain text. An ill-formed ("bozo") feed gives a one-line warning and whatever entries could
be recovered still land.
"""

from __future__ import annotations

import hashlib
import html
import re
import time
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import feedparser
from charset_normalizer import from_bytes

from crisisdesk.intake.parsers.base import (
    IncomingMessage,
    ParseResult,
    describe_error,
    dump_item,
    guess_language,
)
from crisisdesk.text.plain import html_to_text

CHANNEL = "rss"
_PROLOG_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]+)""")
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")


def _declared_charset(data: bytes, headers: Mapping[str, str]) -> str | None:
    content_type = next((v for k, v in headers.items() if k.lower() == "content-type"), "")
    match = re.search(r"charset\s*=\s*\"?([A-Za-z0-9._-]+)", content_type)
    if match:
        return match.group(1)
    if data.startswith(_BOMS):
        return "bom"
    prolog = _PROLOG_ENCODING.match(data[:512])
    return prolog.group(1).decode("ascii") if prolog else None


def _headers_with_detected_charset(
    data: bytes, headers: Mapping[str, str]
) -> tuple[dict[str, str], str | None]:
    """Headers for feedparser, plus a note when the charset had to be guessed."""
    out = dict(headers)
    if _declared_charset(data, headers) is not None:
        return out, None
    try:
        data.decode("utf-8")
        return out, None
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is None:
        return out, "no encoding declared and not UTF-8; read as windows-1252"
    content_type = out.pop("content-type", None) or out.pop("Content-Type", None)
    base = (content_type or "application/xml").split(";")[0]
    out["content-type"] = f"{base}; charset={best.encoding}"
    return out, f"no encoding declared and not UTF-8; read as {best.encoding} (detected)"


def _jsonable(value: Any) -> Any:
    """feedparser results hold ``struct_time`` values; keep the rest verbatim for ``raw``."""
    if isinstance(value, time.struct_time):
        return datetime(*value[:6], tzinfo=UTC).isoformat()
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def _plain(detail: Mapping[str, Any] | None, fallback: str) -> str:
    if detail and "html" in str(detail.get("type", "")):
        return html_to_text(str(detail.get("value") or ""))
    if detail:
        return str(detail.get("value") or "").strip()
    return html_to_text(fallback) if "<" in fallback else fallback.strip()


def _entry_time(entry: Mapping[str, Any]) -> datetime | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if isinstance(value, time.struct_time):
            return datetime(*value[:6], tzinfo=UTC)
    return None


def parse_feed(
    data: bytes,
    where: str,
    *,
    response_headers: Mapping[str, str] | None = None,
    fetched_at: datetime,
) -> ParseResult:
    """Every entry of one feed document. ``fetched_at`` dates entries that carry no date."""
    result = ParseResult()
    headers, note = _headers_with_detected_charset(data, response_headers or {})
    if note:
        result.warn(where, f"ill-formed feed: {note}")
    feed = feedparser.parse(data, response_headers=headers, sanitize_html=True)
    if feed.get("bozo"):
        problem = feed.get("bozo_exception")
        reason = f"ill-formed feed: {problem}" if problem else "ill-formed feed"
        if feed.entries:
            result.warn(where, f"{reason}; {len(feed.entries)} entries recovered")
        else:
            result.reject(where, reason)
            return result
    channel_title = str(feed.feed.get("title") or "")
    for i, entry in enumerate(feed.entries):
        here = f"{where} entry[{i}]"
        try:
            _entry(entry, here, channel_title, feed, fetched_at, result)
        except Exception as exc:  # one odd entry is set aside, the others kept
            result.reject(here, describe_error(exc), dump_item(_jsonable(entry)))
    return result


def _entry(
    entry: Mapping[str, Any],
    here: str,
    channel_title: str,
    feed: Any,
    fetched_at: datetime,
    result: ParseResult,
) -> None:
    title = _plain(entry.get("title_detail"), str(entry.get("title") or ""))
    contents = entry.get("content") or []
    body_detail = contents[0] if contents else entry.get("summary_detail")
    body = _plain(body_detail, str(entry.get("summary") or ""))
    text = "\n\n".join(part for part in (title, body) if part)
    # feedparser's loose parser (used for an ill-formed feed) leaves entities as written:
    # the same feed once fixed must give the same ids, so both are unescaped
    link = html.unescape(str(entry.get("link") or ""))
    external_id = html.unescape(str(entry.get("id") or "")) or link
    if not external_id:
        if not text:
            result.reject(here, "entry has no id, link, title or text")
            return
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]
        external_id = f"sha256:{digest}"
    received_at = _entry_time(entry)
    flags: dict[str, Any] = {"feed": channel_title, "link": link}
    if received_at is None:
        received_at = fetched_at
        flags["date_missing"] = True
    media = [
        {k: e[k] for k in ("href", "type", "length") if k in e}
        for e in entry.get("enclosures") or []
    ]
    language = (entry.get("title_detail") or {}).get("language") or feed.feed.get("language")
    result.messages.append(
        IncomingMessage(
            channel=CHANNEL,
            external_id=external_id,
            author_handle=str(entry.get("author")) if entry.get("author") else None,
            author_name=str(entry.get("author")) if entry.get("author") else channel_title or None,
            received_at=received_at,
            text=text,
            language=guess_language(text, language),
            media=media,
            raw=_jsonable(entry),
            flags=flags,
        )
    )


def parse_file(path: Path) -> ParseResult:
    """Import a saved feed; entries without a date take the file's modification time."""
    fetched_at = datetime.fromtimestamp(path.stat().st_mtime, UTC)
    return parse_feed(path.read_bytes(), str(path), fetched_at=fetched_at)


__all__ = ["CHANNEL", "parse_feed", "parse_file"]
