"""CSV exports: real Arabic datasets with counts checked independently; vendor layouts."""

from __future__ import annotations

import csv
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from crisisdesk.intake.parsers.csv_exports import (
    ColumnMapping,
    mapping_from,
    parse_brandwatch,
    parse_csv,
    parse_meltwater,
)
from crisisdesk.text.normalise import normalise


@pytest.mark.shared_data
def test_arsarcasm_generic_csv(shared_data: Path) -> None:
    path = shared_data / "arabic-messages" / "ArSarcasm_test.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        tweets = [row["tweet"] for row in csv.DictReader(fh)]
    result = parse_csv(path, ColumnMapping(text="tweet", extra=("dialect", "sentiment")))
    assert result.rejected == []
    assert len(result.messages) == len(tweets) == 2110
    assert [m.text for m in result.messages] == [t.strip() for t in tweets]
    assert len({m.external_id for m in result.messages}) == 2110
    gulf = [m for m in result.messages if m.flags.get("dialect") == "gulf"]
    assert gulf
    elongated = [m for m in result.messages if re.search("ضا{3,}يع", m.text)]
    assert elongated and all("ضايع" in normalise(m.text) for m in elongated)
    # without a mapping the 'tweet' column is found by name
    assert len(parse_csv(path).messages) == 2110


@pytest.mark.shared_data
def test_astd_tab_separated_without_header_or_quoting(shared_data: Path) -> None:
    path = shared_data / "arabic-messages" / "ASTD_Tweets.txt"
    lines = [line for line in path.read_text("utf-8").splitlines() if line.strip()]
    result = parse_csv(path, ColumnMapping(text=0, has_header=False, extra=(1,)))
    assert result.rejected == []
    assert len(result.messages) == len(lines) == 10006
    assert result.messages[0].text == lines[0].split("\t")[0].strip()
    assert {m.flags["1"] for m in result.messages} == {"OBJ", "NEG", "NEUTRAL", "POS"}
    again = parse_csv(path, ColumnMapping(text=0, has_header=False))
    assert [m.external_id for m in again.messages] == [m.external_id for m in result.messages]


MELTWATER_HEADER = [
    "Date",
    "Headline",
    "URL",
    "Opening Text",
    "Hit Sentence",
    "Source",
    "Influencer",
    "Country",
    "Subregion",
    "Language",
    "Reach",
    "Sentiment",
    "Keywords",
    "Tweet Id",
    "Twitter Screen Name",
    "Time",
]


def test_meltwater_utf16_tab_separated(tmp_path: Path) -> None:
    rows = [
        MELTWATER_HEADER,
        [
            "26-Nov-2026",
            "أمطار غزيرة في الدمام",
            "https://x.com/a/status/1",
            "",
            "أمطار غزيرة في الدمام",
            "Twitter",
            "Ali",
            "Saudi Arabia",
            "",
            "Arabic",
            "1200",
            "Negative",
            "أمطار",
            "1",
            "ali_sa",
            "08:15 AM",
        ],
        [
            "26-Nov-2026",
            "Roads closed",
            "https://news.example/2",
            'Roads closed after the "storm"',
            "",
            "News",
            "Gulf News",
            "Saudi Arabia",
            "",
            "English",
            "50000",
            "Neutral",
            "",
            "",
            "",
            "09:00 AM",
        ],
        ["bad date", "x", "u", "", "", "", "", "", "", "", "", "", "", "", "", ""],
        ["26-Nov-2026", "short row"],
    ]
    path = tmp_path / "meltwater.csv"
    path.write_bytes("\r\n".join("\t".join(r) for r in rows).encode("utf-16"))
    result = parse_meltwater(path)
    assert [m.external_id for m in result.messages] == ["1", "https://news.example/2"]
    first, second = result.messages
    assert first.channel == "meltwater" and first.text == "أمطار غزيرة في الدمام"
    assert first.received_at == datetime(2026, 11, 26, 8, 15, tzinfo=UTC)
    assert first.language == "ar" and first.author_handle == "ali_sa"
    assert first.location == {"name": "Saudi Arabia"}
    assert second.text == 'Roads closed\n\nRoads closed after the "storm"'
    assert [str(r) for r in result.rejected] == [
        f"{path}:4: unreadable date 'bad date'",
        f"{path}:5: 2 fields where the header has 16",
    ]


def test_brandwatch_with_report_preamble(tmp_path: Path) -> None:
    text = (
        "Report:,Mentions\nBrand:,Amanah\nFrom:,2026-11-26\n\n"
        "Query Id,Query Name,Date,Title,Url,Domain,Sentiment,Page Type,Language,Country,"
        "Full Text,Snippet,Author,Full Name,Mention Id\n"
        "1,flood,2026-11-26 05:10:00.0,,https://x.com/s/9,x.com,negative,twitter,ar,SA,"
        '"تجمع مياه، قرب ""المستشفى""",,@user9,User Nine,9001\n'
    )
    path = tmp_path / "brandwatch.csv"
    path.write_text(text, encoding="utf-8")
    result = parse_brandwatch(path)
    assert result.rejected == []
    message = result.messages[0]
    assert message.external_id == "9001" and message.channel == "brandwatch"
    assert message.text == 'تجمع مياه، قرب "المستشفى"'
    assert message.received_at == datetime(2026, 11, 26, 5, 10, tzinfo=UTC)
    assert message.author_handle == "@user9" and message.author_name == "User Nine"
    assert message.flags["page_type"] == "twitter"


def test_windows_1256_semicolon_csv_is_detected(tmp_path: Path) -> None:
    lines = ["id;message;date"] + [
        f"{i};انقطاع الكهرباء في حي الشاطئ رقم {i} منذ ساعتين;2026-11-26 0{i}:00" for i in range(5)
    ]
    path = tmp_path / "export.csv"
    path.write_bytes("\n".join(lines).encode("cp1256"))
    result = parse_csv(path, mapping_from({"text": "message", "external_id": "id", "date": "date"}))
    assert result.rejected == []
    assert [m.external_id for m in result.messages] == ["0", "1", "2", "3", "4"]
    assert result.messages[0].text.startswith("انقطاع الكهرباء")


def test_missing_text_column_is_one_rejection(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    result = parse_csv(path, ColumnMapping(text="message", has_header=True))
    assert result.messages == []
    assert len(result.rejected) == 1 and "message" in result.rejected[0].reason
    with pytest.raises(ValueError, match="text=COLUMN"):
        mapping_from({"date": "d"})


def test_rejections_name_the_physical_line_after_multiline_fields(tmp_path: Path) -> None:
    path = tmp_path / "multi.csv"
    path.write_text(
        'id,text,date\n1,"سطر أول\nسطر ثان\nسطر ثالث",2026-01-01\n'
        "2,ok,not-a-date\n3,fine,2026-01-02\n",
        encoding="utf-8",
    )
    result = parse_csv(path, ColumnMapping(text="text", external_id="id", date="date"))
    assert [m.external_id for m in result.messages] == ["1", "3"]
    assert result.messages[0].text == "سطر أول\nسطر ثان\nسطر ثالث"
    assert [str(r) for r in result.rejected] == [f"{path}:5: unreadable date 'not-a-date'"]
