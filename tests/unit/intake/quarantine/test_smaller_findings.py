"""Point 7 of issue 12, each as it was reported, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from crisisdesk.desk import Desk
from crisisdesk.intake.parsers import parse_file, rss, whatsapp
from crisisdesk.intake.rows import InboxFilters
from tests.helpers.databases import make_desk, sign_in_as, sqlite_db_url
from tests.unit.intake.quarantine.bodies import body, message


@pytest.fixture(params=["sqlite", "postgresql"])
def room(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Desk, int]]:
    if request.param == "sqlite":
        url = sqlite_db_url(tmp_path)
    else:
        url = request.getfixturevalue("pg_url")
    desk = make_desk(url)
    sign_in_as(desk, "lead")
    incident = desk.incidents.open("سيول", 2, playbook_id="flood-urban").id
    sign_in_as(desk, "operator")
    yield desk, incident
    desk.close()


def test_far_future_time_is_set_aside_not_pinned_on_top(room: tuple[Desk, int]) -> None:
    desk, incident = room
    year_5138 = str(int(datetime(5138, 1, 1, tzinfo=UTC).timestamp()))
    soon = str(int((datetime.now(UTC) + timedelta(hours=1)).timestamp()))
    result = whatsapp.parse_raw_body(body(message(1, timestamp=year_5138)))
    result.extend(whatsapp.parse_raw_body(body(message(2, timestamp=soon))))  # a fast clock
    report = desk.inbox.ingest(incident, result, source="bodies", format="whatsapp")
    assert report.new == 1
    [rejected] = report.rejected
    assert "5138" in rejected.reason and "future" in rejected.reason
    [item] = desk.inbox.quarantine.items(incident)
    assert item.channel == "whatsapp"


def _feed(items: str, *, ill_formed: bool) -> bytes:
    title = "أخبار & تقارير" if ill_formed else "أخبار &amp; تقارير"
    return (
        "<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel>"
        f"<title>{title}</title>{items}</channel></rss>"
    ).encode()


def test_ill_formed_feed_once_fixed_imports_nothing_again(room: tuple[Desk, int]) -> None:
    desk, incident = room
    items = "".join(
        f"<item><title>خبر {i}</title><link>https://news.example/a?id={i}&amp;src=rss</link>"
        f"<guid>https://news.example/a?id={i}&amp;src=rss</guid></item>"
        for i in range(68)
    )
    when = datetime(2026, 11, 20, tzinfo=UTC)
    broken = rss.parse_feed(_feed(items, ill_formed=True), "feed", fetched_at=when)
    assert broken.warnings and len(broken.messages) == 68
    assert all("&amp;" not in m.external_id for m in broken.messages)
    first = desk.inbox.ingest(incident, broken, source="feed", format="rss")
    fixed = rss.parse_feed(_feed(items, ill_formed=False), "feed", fetched_at=when)
    again = desk.inbox.ingest(incident, fixed, source="feed", format="rss")
    assert (first.new, again.new, again.duplicate) == (68, 0, 68)


def _meltwater(tmp_path: Path) -> Path:
    rows = [
        ["Date", "Time", "Headline", "URL", "Hit Sentence", "Source", "Influencer"],
        ["20-Nov-2026 10:15AM", "10:15 AM", "تجمع مياه", "https://n.example/1", "في الدمام",
         "x", "م"],
        ["20-Nov-2026 11:30AM", "11:30 AM", "إغلاق نفق", "https://n.example/2", "في الخبر",
         "x", "ع"],
    ]  # fmt: skip
    path = tmp_path / "meltwater.csv"
    path.write_bytes("\n".join("\t".join(r) for r in rows).encode("utf-16"))
    return path


def test_meltwater_date_with_time_and_a_time_column(tmp_path: Path) -> None:
    result = parse_file("meltwater", _meltwater(tmp_path), tz="Asia/Riyadh")
    assert not result.rejected, result.rejected
    # 10:15 in Riyadh (UTC+3) is 07:15 UTC: zone-less export times are local, not UTC
    assert [m.received_at for m in result.messages] == [
        datetime(2026, 11, 20, 7, 15, tzinfo=UTC),
        datetime(2026, 11, 20, 8, 30, tzinfo=UTC),
    ]
    utc = parse_file("meltwater", _meltwater(tmp_path), tz="UTC")
    assert utc.messages[0].received_at == datetime(2026, 11, 20, 10, 15, tzinfo=UTC)


def test_reimport_into_the_wrong_incident_says_so(room: tuple[Desk, int]) -> None:
    desk, incident = room
    sign_in_as(desk, "lead")
    other = desk.incidents.open("عاصفة رملية", 1).id
    sign_in_as(desk, "operator")
    result = whatsapp.parse_raw_body(body(message(1)))
    result.extend(whatsapp.parse_raw_body(body(message(2))))
    desk.inbox.ingest(incident, result, source="bodies", format="whatsapp")
    again = whatsapp.parse_raw_body(body(message(1)))
    again.extend(whatsapp.parse_raw_body(body(message(2))))
    report = desk.inbox.ingest(other, again, source="bodies", format="whatsapp")
    assert (report.new, report.duplicate) == (0, 2)
    assert report.elsewhere == {incident: 2}
    assert report.to_json()["duplicate_in_other_incidents"] == {str(incident): 2}
    same = desk.inbox.ingest(incident, again, source="bodies", format="whatsapp")
    assert same.elsewhere == {}


@pytest.mark.parametrize("query", ["؟؟", "*", "ـــ", "...", "\u200f"])
def test_punctuation_only_search_matches_nothing(room: tuple[Desk, int], query: str) -> None:
    desk, incident = room
    result = whatsapp.parse_raw_body(body(message(1)))
    desk.inbox.ingest(incident, result, source="bodies", format="whatsapp")
    filters = InboxFilters(incident, search=query)
    assert desk.inbox.count(filters) == 0
    assert desk.inbox.ids(filters, limit=50) == []
    assert desk.inbox.count(InboxFilters(incident)) == 1


def test_cli_names_the_other_incident(tmp_path: Path) -> None:
    from tests.helpers.cli import cli_env, run_cli
    from tests.helpers.databases import PASSWORD

    url = sqlite_db_url(tmp_path)
    desk = make_desk(url)
    sign_in_as(desk, "lead")
    desk.incidents.open("سيول", 2)
    desk.incidents.open("عاصفة", 1)
    desk.close()
    saved = tmp_path / "bodies.jsonl"
    saved.write_text("\n".join(json.dumps(json.loads(body(message(i)))) for i in range(3)), "utf-8")
    env = cli_env(tmp_path / "data", CRISISDESK_PASSWORD=PASSWORD)
    base = ["--db", url, "--as", "olfa", "ingest", "--format", "whatsapp"]
    assert run_cli([*base, "--incident", "1", str(saved)], env).returncode == 0
    done = run_cli([*base, "--incident", "2", str(saved)], env)
    assert done.returncode == 0, done.stderr
    assert "0 new, 3 duplicate" in done.stdout
    assert "3 of the duplicates belong to incident 1, not 2" in done.stdout
