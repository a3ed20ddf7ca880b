"""Feeds: entries counted independently; declared encodings honoured; bozo feeds warn."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from crisisdesk.intake.parsers import rss

NOW = datetime(2026, 1, 1, 6, 0, tzinfo=UTC)


def _entry_count(path: Path) -> int:
    return len(re.findall(rb"<(?:item|entry)[\s>]", path.read_bytes()))


@pytest.mark.shared_data
def test_every_real_feed_lands_its_entries(shared_data: Path) -> None:
    files = sorted((shared_data / "rss").glob("*.xml"))
    assert len(files) == 6
    for path in files:
        result = rss.parse_file(path)
        assert result.rejected == [], path.name
        assert len(result.messages) == _entry_count(path), path.name
        for message in result.messages:
            assert "<" not in message.text or "<a" not in message.text
            assert message.channel == "rss" and message.external_id


@pytest.mark.shared_data
def test_bozo_feeds_give_one_line_warnings(shared_data: Path) -> None:
    folder = shared_data / "rss"
    for name in (
        "encoding__bozo_encoding_mismatch_crash.xml",
        "illformed__chardet__windows1255.xml",
    ):
        result = rss.parse_file(folder / name)
        assert len(result.warnings) == 1
        assert str(result.warnings[0]).startswith(f"{folder / name}: ill-formed feed")
        assert "\n" not in str(result.warnings[0])
        assert result.messages[0].flags["date_missing"] is True
    hebrew = rss.parse_file(folder / "illformed__chardet__windows1255.xml").messages[0]
    assert "האם תדפיס נייר" in hebrew.text  # detected windows-1255, not mojibake


@pytest.mark.shared_data
def test_html_is_stripped_and_declared_encoding_honoured(shared_data: Path) -> None:
    folder = shared_data / "rss"
    big = rss.parse_file(
        folder / "wellformed__sanitize__large_atom_feed_that_needs_css_sanitisation.xml"
    )
    first = big.messages[0]
    assert first.external_id == "tag:touchnokia.ru,2009://1.666"
    assert first.text.startswith("Невидимая броня для Вашего Nokia 5800")
    assert not re.search(r"<\w+[^>]*>", first.text)
    assert first.received_at == datetime(2009, 9, 9, 14, 19, 45, tzinfo=UTC)
    assert rss.parse_file(folder / "encoding__big5.xml").warnings == []
    rss1 = rss.parse_file(folder / "wellformed__namespace__rss1.0withModules.xml").messages[0]
    assert rss1.text.startswith("Test Item - RSS 1.0")


def test_arabic_windows_1256_feed_with_declared_encoding() -> None:
    xml = (
        '<?xml version="1.0" encoding="windows-1256"?><rss version="2.0"><channel><title>x</title>'
        "<item><guid>n1</guid><title>أمطار غزيرة على الدمام</title>"
        "<description>&lt;p&gt;تحذير &lt;b&gt;عاجل&lt;/b&gt;&lt;/p&gt;</description>"
        "<pubDate>Thu, 01 Jan 2026 06:00:00 GMT</pubDate></item></channel></rss>"
    ).encode("cp1256")
    result = rss.parse_feed(xml, "feed", fetched_at=NOW)
    assert result.warnings == [] and result.rejected == []
    message = result.messages[0]
    assert message.text == "أمطار غزيرة على الدمام\n\nتحذير عاجل"
    assert message.language == "ar"
    assert message.received_at == NOW


def test_garbage_is_one_rejection() -> None:
    result = rss.parse_feed(b"this is not xml", "junk.xml", fetched_at=NOW)
    assert result.messages == []
    assert len(result.rejected) == 1 and str(result.rejected[0]).startswith("junk.xml: ill-formed")
