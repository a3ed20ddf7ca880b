"""A 1 MB single token and 100,000-deep nesting, into every parser and through storage.

Each is timed against a linear baseline of the same size made of ordinary words measured in
the same run: a parser that is super-linear on one long word (as the mail language guess
was) takes many times the baseline and fails here.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from crisisdesk.desk import Desk
from crisisdesk.intake.parsers import parse_file
from crisisdesk.intake.parsers.base import ParseResult
from tests.helpers.databases import make_desk, sign_in_as
from tests.unit.intake.quarantine.bodies import body, message

MB = 1_000_000
TOKEN = "ب" * (MB // 2)  # 1 MB of UTF-8, no space
WORDS = ("ماء " * (MB // 8))[: MB // 2]
DEEP = 100_000
WHEN = datetime(2026, 11, 20, tzinfo=UTC)


def _whatsapp(text: str) -> bytes:
    return body(message(1, text={"body": text}))


def _x(text: str) -> bytes:
    tweet = {"id": "1", "text": text, "created_at": "2026-11-20T10:00:00Z", "author_id": "7"}
    return json.dumps({"data": [tweet]}, ensure_ascii=False).encode()


def _rss(text: str) -> bytes:
    return (
        "<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>t</title>"
        f"<item><guid>g1</guid><title>t</title><description>{text}</description></item>"
        "</channel></rss>"
    ).encode()


def _mail(text: str) -> bytes:
    return (
        "From: a@example.org\r\nSubject: s\r\nMessage-ID: <m@x>\r\n"
        "Date: Fri, 20 Nov 2026 10:00:00 +0000\r\nContent-Type: text/plain; charset=utf-8\r\n"
        "Content-Transfer-Encoding: 8bit\r\n\r\n" + text
    ).encode()


def _csv(text: str) -> bytes:
    return f"text,date,id\n{text},2026-11-20 10:00,1\n".encode()


def _meltwater(text: str) -> bytes:
    header = "Date\tHeadline\tURL\tOpening Text\tHit Sentence\tSource\n"
    return (header + f"20-Nov-2026 10:00AM\th\thttps://x/1\t{text}\t{text}\ts\n").encode("utf-16")


def _brandwatch(text: str) -> bytes:
    return (
        f"Date,Full Text,Title,Author,Url\n2026-11-20 10:00:00.0,{text},t,a,https://x/1\n".encode()
    )


BUILDERS: dict[str, tuple[Callable[[str], bytes], str]] = {
    "whatsapp": (_whatsapp, ".json"),
    "x": (_x, ".jsonl"),
    "rss": (_rss, ".xml"),
    "email": (_mail, ".eml"),
    "csv": (_csv, ".csv"),
    "meltwater": (_meltwater, ".csv"),
    "brandwatch": (_brandwatch, ".csv"),
}

NESTED: dict[str, bytes] = {
    "whatsapp": b'{"entry":[{"changes":[{"value":{"messages":'
    + b"[" * DEEP
    + b"]" * DEEP
    + b"}}]}]}",
    "x": b'{"data":' + b"[" * DEEP + b"]" * DEEP + b"}",
    "rss": b"<rss><channel><item><description>"
    + b"<b>" * DEEP
    + b"</b>" * DEEP
    + b"</description></item></channel></rss>",
    "email": b"From: a@b.c\r\nSubject: s\r\nContent-Type: multipart/mixed; boundary=x\r\n\r\n"
    + b"--x\r\nContent-Type: multipart/mixed; boundary=x\r\n\r\n" * (DEEP // 10),
    "csv": b"text\n" + b'"' * DEEP + b"\n",
    "meltwater": ("Date\tHit Sentence\n" + "(" * DEEP + "\n").encode("utf-16"),
    "brandwatch": b"Date,Full Text\n2026-11-20," + b"[" * DEEP + b"\n",
}


def _timed(fn: Callable[[], ParseResult]) -> tuple[float, ParseResult]:
    started = time.perf_counter()
    result = fn()
    return time.perf_counter() - started, result


def _parse(tmp_path: Path, format: str, data: bytes, suffix: str, name: str) -> ParseResult:
    path = tmp_path / f"{name}{suffix}"
    path.write_bytes(data)
    return parse_file(format, path)


@pytest.mark.parametrize("format", sorted(BUILDERS))
def test_one_megabyte_token_is_linear(tmp_path: Path, format: str) -> None:
    build, suffix = BUILDERS[format]
    baseline, base_result = _timed(lambda: _parse(tmp_path, format, build(WORDS), suffix, "w"))
    took, result = _timed(lambda: _parse(tmp_path, format, build(TOKEN), suffix, "t"))
    assert len(result.messages) + len(result.rejected) >= 1
    assert len(result.messages) == len(base_result.messages)
    assert took < 10 * baseline + 1.0, f"{format}: {took:.2f}s vs {baseline:.2f}s for words"


@pytest.mark.parametrize("format", sorted(NESTED))
def test_hundred_thousand_deep_nesting_is_answered(tmp_path: Path, format: str) -> None:
    data = NESTED[format]
    suffix = BUILDERS[format][1]
    flat = data.replace(b"[", b"a").replace(b"]", b"a").replace(b"<b>", b"aaa")
    baseline, _ = _timed(lambda: _parse(tmp_path, format, flat, suffix, "flat"))
    took, result = _timed(lambda: _parse(tmp_path, format, data, suffix, "deep"))
    for rejection in result.rejected:
        assert "\n" not in rejection.reason
    assert took < 20 * baseline + 2.0, f"{format}: {took:.2f}s vs {baseline:.2f}s flat"


@pytest.fixture
def room(db_url: str) -> tuple[Desk, int]:
    desk = make_desk(db_url)
    sign_in_as(desk, "lead")
    incident = desk.incidents.open("سيول", 2, playbook_id="flood-urban").id
    sign_in_as(desk, "operator")
    return desk, incident


def test_a_one_megabyte_token_is_stored_in_linear_time(room: tuple[Desk, int]) -> None:
    from crisisdesk.intake.parsers import whatsapp

    desk, incident = room
    try:
        words = whatsapp.parse_raw_body(body(message(1, text={"body": WORDS})))
        baseline, _ = _timed(
            lambda: desk.inbox.ingest(incident, words, source="w", format="whatsapp")  # type: ignore[return-value,arg-type]
        )
        token = whatsapp.parse_raw_body(body(message(2, text={"body": TOKEN})))
        took, _ = _timed(
            lambda: desk.inbox.ingest(incident, token, source="t", format="whatsapp")  # type: ignore[return-value,arg-type]
        )
        assert took < 10 * baseline + 1.0, f"{took:.2f}s vs {baseline:.2f}s"
    finally:
        desk.close()
