"""Every parser entry point is total: any input gives messages or one-line rejections.

Property-based (hypothesis, a fixed budget so CI runs it every time): random bytes, random
JSON of every type, valid bodies with one field replaced by anything, lone surrogates, NUL
bytes, huge numbers. Each call must return a ``ParseResult`` — never raise — and every
rejection reason is one line.
"""

from __future__ import annotations

import json
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crisisdesk.intake.parsers import FORMATS, parse_file, rss, whatsapp, x
from crisisdesk.intake.parsers import email as mail
from crisisdesk.intake.parsers.base import ParseResult, parse_time
from crisisdesk.intake.parsers.hotline import hotline_entry
from tests.unit.intake.quarantine.bodies import good

BUDGET = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,  # the same examples on every run: CI is reproducible
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
WHEN = datetime(2026, 11, 20, tzinfo=UTC)

# Any character, lone surrogates and NUL included.
any_text = st.text(st.characters(codec=None, min_codepoint=0), max_size=40)
huge_int = st.integers(min_value=10**30, max_value=10**60) | st.integers(
    min_value=-(10**60), max_value=-(10**30)
)
json_scalar = (
    st.none()
    | st.booleans()
    | st.integers()
    | huge_int
    | st.floats(allow_nan=False, allow_infinity=False)
    | any_text
)
json_value = st.recursive(
    json_scalar,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(any_text, inner, max_size=4),
    max_leaves=20,
)


def _well_formed(result: object) -> ParseResult:
    assert isinstance(result, ParseResult)
    for rejection in result.rejected:
        assert rejection.reason and "\n" not in rejection.reason
        assert len(rejection.reason) <= 300
    for message in result.messages:
        message.text.encode("utf-8")  # storable: no lone surrogate left
        assert message.received_at.tzinfo is not None
    return result


def _dump(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=True).encode("ascii")  # surrogates as \\udXXX


def _replace_somewhere(document: Any, path: list[int], replacement: Any) -> Any:
    """``document`` with the node chosen by ``path`` (indices mod size) replaced."""
    node = document
    for step in path:
        children = list(node.items()) if isinstance(node, dict) else None
        if children:
            key, child = children[step % len(children)]
            if not isinstance(child, (dict, list)) or child == {} or child == []:
                node[key] = replacement
                return document
            node = child
        elif isinstance(node, list) and node:
            index = step % len(node)
            if not isinstance(node[index], (dict, list)):
                node[index] = replacement
                return document
            node = node[index]
        else:
            break
    if isinstance(node, dict) and node:
        node[next(iter(node))] = replacement
    elif isinstance(node, list) and node:
        node[0] = replacement
    return document


@BUDGET
@given(st.binary(max_size=400))
def test_whatsapp_body_any_bytes(data: bytes) -> None:
    _well_formed(whatsapp.parse_raw_body(data, "body"))


@BUDGET
@given(json_value)
def test_whatsapp_body_any_json(value: Any) -> None:
    _well_formed(whatsapp.parse_raw_body(_dump(value), "body"))
    _well_formed(whatsapp.parse_body(value, "body"))


@BUDGET
@given(st.lists(st.integers(0, 50), max_size=12), json_value)
def test_whatsapp_valid_body_with_one_field_replaced(path: list[int], value: Any) -> None:
    document = json.loads(good(1))
    _well_formed(whatsapp.parse_raw_body(_dump(_replace_somewhere(document, path, value)), "b"))


@BUDGET
@given(st.lists(st.integers(0, 50), max_size=12), json_value)
def test_x_valid_page_with_one_field_replaced(path: list[int], value: Any) -> None:
    page = {
        "data": [
            {
                "id": "1",
                "text": "الشارع غرق",
                "created_at": "2026-11-20T10:00:00.000Z",
                "author_id": "7",
                "lang": "ar",
                "referenced_tweets": [{"type": "quoted", "id": "5"}],
                "attachments": {"media_keys": ["m1"]},
                "geo": {"place_id": "p"},
                "public_metrics": {"like_count": 1},
            }
        ],
        "includes": {
            "users": [{"id": "7", "username": "a", "name": "أ"}],
            "media": [{"media_key": "m1", "type": "photo"}],
            "places": [{"id": "p", "full_name": "الدمام"}],
        },
        "errors": [{"detail": "x"}],
    }
    text = _dump(_replace_somewhere(page, path, value)).decode()
    _well_formed(x.parse_text(text, "page"))


@BUDGET
@given(st.lists(json_value | any_text, max_size=5))
def test_x_and_whatsapp_any_json_lines(lines: list[Any]) -> None:
    text = "\n".join(v if isinstance(v, str) else _dump(v).decode() for v in lines)
    cleaned = text.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
    _well_formed(x.parse_text(cleaned, "f"))
    _well_formed(whatsapp.parse_text(cleaned, "f"))


@BUDGET
@given(st.binary(max_size=600))
def test_mail_any_bytes(data: bytes) -> None:
    _well_formed(mail.parse_bytes(data, "m.eml", fallback_time=WHEN))
    headed = b"From: a@b.c\r\nSubject: " + data + b"\r\n\r\n" + data
    _well_formed(mail.parse_bytes(headed, "m.eml", fallback_time=WHEN))


@BUDGET
@given(st.binary(max_size=600))
def test_feed_any_bytes(data: bytes) -> None:
    _well_formed(rss.parse_feed(data, "feed", fetched_at=WHEN))
    wrapped = b"<?xml version='1.0'?><rss><channel><item><title>" + data + b"</title></item>"
    _well_formed(rss.parse_feed(wrapped, "feed", fetched_at=WHEN))


@BUDGET
@given(st.sampled_from(sorted(FORMATS)), st.binary(max_size=500))
def test_every_file_format_any_bytes(format: str, data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "input.txt"
        path.write_bytes(data)
        try:
            _well_formed(parse_file(format, path))
        except Exception as exc:  # only the one documented refusal of a whole file
            from crisisdesk.errors import InputError

            assert isinstance(exc, InputError), repr(exc)
            assert "\n" not in str(exc)


@BUDGET
@given(
    st.sampled_from(["csv", "meltwater", "brandwatch"]),
    st.lists(st.lists(any_text, min_size=1, max_size=6), max_size=6),
)
def test_exports_any_cells(format: str, rows: list[list[str]]) -> None:
    header = {
        "csv": ["text", "date", "id"],
        "meltwater": ["Date", "Headline", "URL", "Opening Text", "Hit Sentence", "Time"],
        "brandwatch": ["Date", "Full Text", "Snippet", "Title", "Author", "Url"],
    }[format]
    sep = "\t" if format == "meltwater" else ","
    text = "\n".join(sep.join(r) for r in [header, *rows])
    data = text.encode("utf-16" if format == "meltwater" else "utf-8", "surrogatepass")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "export.csv"
        path.write_bytes(data)
        try:
            _well_formed(parse_file(format, path))
        except Exception as exc:
            from crisisdesk.errors import InputError

            assert isinstance(exc, InputError), repr(exc)


@BUDGET
@given(json_value)
def test_time_of_any_value(value: Any) -> None:
    when = parse_time(value)
    assert when is None or when.tzinfo is not None


@settings(max_examples=60, deadline=None, derandomize=True)
@given(any_text, st.none() | any_text, st.none() | any_text)
def test_hotline_any_words(text: str, caller: str | None, place: str | None) -> None:
    try:
        message = hotline_entry(text=text, received_at=WHEN, caller=caller, location=place)
    except ValueError as exc:  # an empty form: refused in one line
        assert "\n" not in str(exc)
        return
    message.text.encode("utf-8")
    message.raw_json().encode("utf-8")  # the form itself is storable too


OUTLOOK = (Path(__file__).resolve().parents[4].parent / "shared" / "data" / "email"
           / "mail_outlook_1.eml")  # fmt: skip


@BUDGET
@given(st.binary(max_size=600), st.integers(0, 20_000))
def test_outlook_msg_any_bytes_or_cut(data: bytes, cut: int) -> None:
    _well_formed(mail.parse_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + data, "m.msg",
                                  fallback_time=WHEN))  # fmt: skip
    if OUTLOOK.is_file():
        real = OUTLOOK.read_bytes()
        spoiled = real[:cut] + data + real[cut + len(data) :]
        _well_formed(mail.parse_bytes(spoiled, "m.msg", fallback_time=WHEN))
