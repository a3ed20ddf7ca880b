"""Idempotent ingest: new / duplicate / rejected counts, events, one decision per batch."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from crisisdesk.desk import Desk
from crisisdesk.intake.parsers.base import IncomingMessage, ParseResult
from crisisdesk.intake.rows import InboxFilters
from crisisdesk.storage.models import Decision, Interaction, InteractionEvent
from tests.unit.intake.inbox.messages import batch, wa


def _decisions(desk: Desk, kind: str) -> list[dict[str, object]]:
    with desk.db.read() as session:
        return [
            json.loads(b)
            for b in session.scalars(select(Decision.body).where(Decision.kind == kind))
        ]


def test_same_batch_twice_adds_nothing(flood: tuple[Desk, int]) -> None:
    desk, incident = flood
    parsed = batch(wa("m1", "الشارع غرقت عندنا في حي الفيصلية"), wa("m2", "هل الطريق مفتوح"))
    first = desk.inbox.ingest(incident, parsed, source="a.json", format="whatsapp", sha256="x")
    second = desk.inbox.ingest(incident, parsed, source="a.json", format="whatsapp", sha256="x")
    assert (first.new, first.duplicate) == (2, 0)
    assert (second.new, second.duplicate) == (0, 2)
    assert desk.inbox.count(InboxFilters(incident)) == 2
    decisions = _decisions(desk, "intake.imported")
    assert len(decisions) == 2  # one per batch, not one per message
    payload = decisions[0]["payload"]
    assert isinstance(payload, dict)
    assert payload["counts"]["new"] == 2 and payload["sha256"] == "x"


def test_duplicate_inside_one_batch_counts_once(flood: tuple[Desk, int]) -> None:
    desk, incident = flood
    report = desk.inbox.ingest(
        incident, batch(wa("same", "نص"), wa("same", "نص")), source="s", format="whatsapp"
    )
    assert (report.new, report.duplicate) == (1, 1)


def test_rejections_are_reported_and_the_rest_lands(flood: tuple[Desk, int]) -> None:
    desk, incident = flood
    parsed = batch(wa("ok", "نص سليم"))
    parsed.reject("bad.json:3", "not valid JSON")
    report = desk.inbox.ingest(incident, parsed, source="bad.json", format="whatsapp")
    assert report.new == 1 and [str(r) for r in report.rejected] == ["bad.json:3: not valid JSON"]


def test_original_text_and_raw_payload_are_kept_verbatim(flood: tuple[Desk, int]) -> None:
    desk, incident = flood
    text = "  <b>غرق</b>\u202e الشارع ‏ 🙏\n"
    desk.inbox.ingest(incident, batch(wa("v", text)), source="s", format="whatsapp")
    with desk.db.read() as session:
        row = session.scalars(select(Interaction)).one()
        assert row.text == text
        assert json.loads(row.raw) == {"id": "v", "text": text}


def test_edit_and_delete_arriving_before_the_message_are_linked(flood: tuple[Desk, int]) -> None:
    desk, incident = flood
    edit = wa("e1", "النص المعدل عن نفق الخبر", kind="edit", refers_to="orig")
    delete = wa("d1", "", kind="delete", refers_to="orig")
    early = desk.inbox.ingest(incident, batch(edit, delete), source="s", format="whatsapp")
    assert early.events == 2 and early.new == 0
    desk.inbox.ingest(incident, batch(wa("orig", "النص الأصلي")), source="s", format="whatsapp")
    again = desk.inbox.ingest(incident, batch(edit), source="s", format="whatsapp")
    assert again.events_duplicate == 1
    with desk.db.read() as session:
        row = session.scalars(select(Interaction).where(Interaction.external_id == "orig")).one()
        assert row.text == "النص الأصلي"
        assert row.edited_text == "النص المعدل عن نفق الخبر"
        assert row.deleted
        linked = session.scalar(
            select(func.count(InteractionEvent.id)).where(InteractionEvent.interaction_id == row.id)
        )
        assert linked == 2
    # the edited words are searchable, the original stays shown
    assert desk.inbox.count(InboxFilters(incident, search="المعدل")) == 1


def test_watch_words_tag_category_priority_and_due(flood: tuple[Desk, int]) -> None:
    desk, incident = flood
    msg = wa("r1", "عاجل: يقولون انهيار سد في الدمام")
    desk.inbox.ingest(incident, batch(msg), source="s", format="whatsapp")
    row = desk.inbox.rows(desk.inbox.ids(InboxFilters(incident)))[0]
    assert (row.category, row.priority) == ("rumour", "critical")
    assert row.response_due is not None
    assert (row.response_due - msg.received_at).total_seconds() == 15 * 60


def test_hotline_category_from_the_call_taker_wins(flood: tuple[Desk, int]) -> None:
    desk, incident = flood
    iid = desk.inbox.add_hotline(
        incident,
        text="الماء دخل البيت",
        caller="أبو محمد",
        phone="0500000000",
        location="حي العزيزية",
        category="complaint",
    )
    row = desk.inbox.rows([iid])[0]
    assert row.channel == "hotline" and row.category == "complaint"


def test_near_duplicates_form_one_cluster(flood: tuple[Desk, int]) -> None:
    desk, incident = flood
    base = "عاجل انتشر خبر انهيار سد وادي الدمام وعلى سكان الأحياء القريبة الإخلاء فورا"
    variants = [
        wa("c1", base),
        wa("c2", base + " انشروها"),
        wa("c3", "عاجل: انتشر خبر انهيار سد وادي الدمام وعلى سكان الاحياء القريبه الإخلاء فوراً"),
        wa("other", "متى يرجع الدوام في مدارس الخبر بعد الأمطار الغزيرة اليوم يا جماعة"),
    ]
    desk.inbox.ingest(incident, batch(*variants[:2]), source="s", format="whatsapp")
    desk.inbox.ingest(incident, batch(*variants[2:]), source="s", format="whatsapp")
    clusters = desk.inbox.clusters.list(incident)
    assert len(clusters) == 1 and clusters[0].size == 3
    members = desk.inbox.rows(desk.inbox.clusters.member_ids(clusters[0].id))
    assert {m.external_id for m in members} == {"c1", "c2", "c3"}


def test_refused_for_a_reviewer(flood: tuple[Desk, int]) -> None:
    from crisisdesk.errors import RefusedError
    from tests.helpers.databases import sign_in_as

    desk, incident = flood
    sign_in_as(desk, "reviewer")
    with pytest.raises(RefusedError):
        desk.inbox.ingest(incident, batch(wa("x", "نص")), source="s", format="whatsapp")


# --------------------------------------------------------------- the real inputs
EXPECTED = {
    # format, glob: (new, duplicate, rejected) summed over the files, ingested in name order
    ("whatsapp", "whatsapp-cloud/*.json"): (6, 19, 0),  # the samples reuse ids
    ("x", "x-api-v2/*.jsonl"): (101, 0, 0),
    ("rss", "rss/*.xml"): (19, 0, 0),
    ("email", "email/*.eml"): (5, 0, 3),  # the Outlook .msg is read (issue 12)
    ("csv", "arabic-messages/ArSarcasm_test.csv"): (2110, 0, 0),
}


@pytest.mark.parametrize(("fmt", "pattern"), list(EXPECTED))
def test_every_shared_file_lands_with_the_right_counts(
    flood: tuple[Desk, int], shared_data: Path, fmt: str, pattern: str
) -> None:
    desk, incident = flood
    paths = sorted(shared_data.glob(pattern))
    assert paths
    reports = desk.inbox.ingest_files(incident, fmt, paths)
    totals = tuple(
        sum(c[k] for c in (r.counts() for r in reports)) for k in ("new", "duplicate", "rejected")
    )
    assert totals == EXPECTED[(fmt, pattern)]
    for report in reports:
        for rejection in report.rejected:
            assert "\n" not in str(rejection) and str(rejection).startswith(str(shared_data))
    again = desk.inbox.ingest_files(incident, fmt, paths)
    assert sum(r.new for r in again) == 0  # idempotent on the real files too
    assert len(_decisions(desk, "intake.imported")) == 2 * len(paths)


def test_astd_tab_separated_tweets_land(flood: tuple[Desk, int], shared_data: Path) -> None:
    desk, incident = flood
    path = shared_data / "arabic-messages" / "ASTD_Tweets.txt"
    (report,) = desk.inbox.ingest_files(incident, "csv", [path])
    assert (report.new, len(report.rejected)) == (10006, 0)


def test_events_never_lost_even_without_their_message(flood: tuple[Desk, int]) -> None:
    desk, incident = flood
    status = IncomingMessage(
        channel="whatsapp",
        external_id="s#read",
        author_handle=None,
        author_name=None,
        received_at=wa("x", "").received_at,
        text="read",
        kind="status",
        refers_to="nowhere",
        raw={"status": "read"},
    )
    report = desk.inbox.ingest(incident, ParseResult(messages=[status]), source="s", format="w")
    assert report.events == 1
    with desk.db.read() as session:
        assert session.scalar(select(func.count(InteractionEvent.id))) == 1


@pytest.mark.postgres
def test_store_on_postgresql(pg_url: str, shared_data: Path) -> None:
    from tests.helpers.databases import make_desk
    from tests.unit.intake.inbox.conftest import open_flood

    desk = make_desk(pg_url)
    try:
        incident = open_flood(desk)
        paths = sorted((shared_data / "whatsapp-cloud").glob("*.json"))
        reports = desk.inbox.ingest_files(incident, "whatsapp", paths)
        assert sum(r.new for r in reports) == 6 and sum(r.events for r in reports) == 14
        assert sum(r.new for r in desk.inbox.ingest_files(incident, "whatsapp", paths)) == 0
        edit = wa("e1", "النص المعدل", kind="edit", refers_to="orig")
        desk.inbox.ingest(incident, batch(edit), source="s", format="whatsapp")
        desk.inbox.ingest(incident, batch(wa("orig", "النص الأصلي")), source="s", format="w")
        text = "عاجل انتشر خبر انهيار سد وادي الدمام وعلى السكان الإخلاء فورا"
        desk.inbox.ingest(
            incident, batch(wa("c1", text), wa("c2", text + " انشروها")), source="s", format="w"
        )
        assert [c.size for c in desk.inbox.clusters.list(incident)] == [2]
        (orig,) = desk.inbox.ids(InboxFilters(incident, search="المعدل"))
        assert desk.inbox.detail(orig).edited_text == "النص المعدل"
    finally:
        desk.close()
