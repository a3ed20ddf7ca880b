from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from crisisdesk.errors import CrisisDeskError, InputError
from crisisdesk.intake.parsers import FORMATS, parse_file
from crisisdesk.intake.parsers.base import IncomingMessage, ParseResult
from crisisdesk.intake.parsers.hotline import hotline_entry

NOW = datetime(2026, 1, 1, 6, 0, tzinfo=UTC)


def test_hotline_entry() -> None:
    entry = hotline_entry(
        text=" سقوط عمود كهرباء ",
        received_at=NOW,
        caller="سعد",
        phone="+966500000001",
        location="الخبر، حي الراكة",
        category="observation",
    )
    assert entry.channel == "hotline" and entry.external_id.startswith("hotline-")
    assert entry.text == "سقوط عمود كهرباء" and entry.language == "ar"
    assert entry.location == {"name": "الخبر، حي الراكة"}
    assert entry.reply_address == {"phone": "+966500000001"}
    assert entry.flags == {"category": "observation"}
    again = hotline_entry(text="x", received_at=NOW)
    assert again.external_id != entry.external_id
    assert hotline_entry(text="x", received_at=NOW, entry_id="h-1").external_id == "h-1"
    with pytest.raises(ValueError):
        hotline_entry(text="  ", received_at=NOW)
    with pytest.raises(ValueError):
        hotline_entry(text="x", received_at=datetime(2026, 1, 1))


def test_incoming_message_invariants() -> None:
    message = IncomingMessage(
        channel="x",
        external_id="1",
        author_handle=None,
        author_name=None,
        received_at=NOW,
        text="أمطارٌ",
    )
    assert message.normalised_text == "امطار"
    assert message.is_public_message
    with pytest.raises(ValueError):
        IncomingMessage(
            channel="x",
            external_id="",
            author_handle=None,
            author_name=None,
            received_at=NOW,
            text="",
        )
    with pytest.raises(ValueError):
        IncomingMessage(
            channel="x",
            external_id="1",
            author_handle=None,
            author_name=None,
            received_at=datetime(2026, 1, 1),
            text="",
        )


def test_registry_names_and_errors(tmp_path: Path) -> None:
    assert set(FORMATS) == {"whatsapp", "x", "rss", "email", "csv", "meltwater", "brandwatch"}
    with pytest.raises(CrisisDeskError, match="unknown format 'fax'"):
        parse_file("fax", tmp_path / "a")
    with pytest.raises(InputError, match="no such file"):
        parse_file("x", tmp_path / "missing.jsonl")
    path = tmp_path / "empty.jsonl"
    path.write_text("", encoding="utf-8")
    assert parse_file("x", path) == ParseResult()


@pytest.mark.shared_data
def test_every_public_message_file_parses_through_the_registry(shared_data: Path) -> None:
    plan = {
        "whatsapp-cloud": ("whatsapp", "*.json"),
        "x-api-v2": ("x", "*.jsonl"),
        "rss": ("rss", "*.xml"),
        "email": ("email", "*.eml"),
        "arabic-messages": ("csv", "*"),
    }
    totals: dict[str, int] = {}
    for folder, (fmt, pattern) in plan.items():
        for path in sorted((shared_data / folder).glob(pattern)):
            result = parse_file(fmt, path)
            totals[fmt] = totals.get(fmt, 0) + len(result.messages)
    # email 5: the Outlook .msg among them is read (issue 12)
    assert totals == {"whatsapp": 39, "x": 101, "rss": 19, "email": 5, "csv": 2110 + 10006}
