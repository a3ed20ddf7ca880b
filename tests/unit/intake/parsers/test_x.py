"""X API v2 pages: counts walked independently, users joined, references flagged."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from crisisdesk.intake.parsers import x


@pytest.mark.shared_data
def test_real_pages_parse_with_the_right_counts(shared_data: Path) -> None:
    for path in sorted((shared_data / "x-api-v2").glob("*.jsonl")):
        pages = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line]
        tweets = [t for page in pages for t in page["data"]]
        users = {u["id"]: u for page in pages for u in page["includes"]["users"]}
        result = x.parse_file(path)
        assert result.rejected == []
        assert [m.external_id for m in result.messages] == [t["id"] for t in tweets]
        for message, tweet in zip(result.messages, tweets, strict=True):
            assert message.text == tweet["text"]
            assert message.author_handle == users[tweet["author_id"]]["username"]
            assert message.raw == tweet
            assert message.received_at.tzinfo is not None


@pytest.mark.shared_data
def test_arabic_tweets_and_retweets(shared_data: Path) -> None:
    result = x.parse_file(shared_data / "x-api-v2" / "media_policy_violation_off.jsonl")
    assert len(result.messages) == 100
    arabic = [m for m in result.messages if m.language == "ar"]
    assert arabic and all(any("\u0600" <= ch <= "\u06ff" for ch in m.text) for m in arabic)
    retweet = x.parse_file(shared_data / "x-api-v2" / "two_tweets.jsonl").messages[0]
    assert retweet.flags["retweet_of"] == "1391677057810288641"
    assert retweet.author_name == "Veronica Lachi"
    assert retweet.reply_address == {"tweet_id": "1394735776701816833", "username": "LachiVeronica"}


def test_bad_tweets_and_lines_are_rejected(tmp_path: Path) -> None:
    page = {
        "data": [
            {
                "id": "1",
                "text": "ok",
                "created_at": "2026-01-01T06:00:00.000Z",
                "author_id": "9",
                "referenced_tweets": [
                    {"type": "quoted", "id": "5"},
                    {"type": "replied_to", "id": "6"},
                ],
            },
            {"id": "2", "text": "no date", "author_id": "9"},
            {"text": "no id", "created_at": "2026-01-01T06:00:00.000Z"},
        ],
        "includes": {"users": [{"id": "9", "username": "amanah", "name": "Amanah"}]},
        "errors": [{"detail": "Could not find tweet 7"}],
    }
    path = tmp_path / "pages.jsonl"
    path.write_text(json.dumps(page) + "\nnot json\n\n" + json.dumps({"meta": {}}), "utf-8")
    result = x.parse_file(path)
    assert [m.external_id for m in result.messages] == ["1"]
    assert result.messages[0].flags["quote_of"] == "5"
    assert result.messages[0].flags["reply_to"] == "6"
    assert [str(r) for r in result.rejected] == [
        f"{path}:1 data[1]: tweet 2 has no valid 'created_at'",
        f"{path}:1 data[2]: tweet has no numeric string 'id'",
        f"{path}:2: not valid JSON (Expecting value at column 1)",
    ]
    assert "Could not find tweet 7" in str(result.warnings[0])


@pytest.mark.shared_data
def test_retweet_carries_the_whole_original_text(shared_data: Path) -> None:
    page = json.loads((shared_data / "x-api-v2" / "two_tweets.jsonl").read_text("utf-8"))
    original = page["includes"]["tweets"][0]
    retweet = x.parse_file(shared_data / "x-api-v2" / "two_tweets.jsonl").messages[0]
    assert retweet.flags["retweeted_text"] == original["text"]
    assert retweet.key == ("x", "1394735776701816833")
    assert len({retweet, retweet}) == 1  # hashable despite its dict fields
