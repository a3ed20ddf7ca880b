"""Search finds the same messages for every spelling variant; highlights are spans."""

from __future__ import annotations

import pytest

from crisisdesk.desk import Desk
from crisisdesk.intake.rows import InboxFilters
from crisisdesk.intake.search import fts5_expression, highlight_spans, tsquery_expression
from tests.unit.intake.inbox.messages import batch, wa

CORPUS = {
    "a": "الأمطار أغرقت مدرسة الخبر الابتدائية رقم ٣ والطريق مغلق",
    "b": "هل المدرسة مفتوحة غدا؟ الإمطار قوية جدا",
    "c": "مستشفى الدمام يستقبل الحالات على الطريق السريع",
    "d": "Flooded street near school 3 in Khobar",
}

VARIANTS = [
    ("امطار", {"a", "b"}),
    ("أمطار", {"a", "b"}),
    ("إمطار", {"a", "b"}),
    ("الأمـــطار", {"a", "b"}),  # tatweel
    ("الأَمْطَار", {"a", "b"}),  # harakat
    ("مدرسه", {"a", "b"}),  # taa marbuta typed as haa
    ("مدرسة", {"a", "b"}),
    ("مستشفي", {"c"}),  # alef maqsura / yaa
    ("مستشفى", {"c"}),
    ("رقم 3", {"a"}),
    ("رقم ٣", {"a"}),  # Arabic-Indic digit
    ("رقم ۳", {"a"}),  # Persian digit
    ("SCHOOL", {"d"}),
    ("ﻣﺪﺭﺳﺔ", {"a", "b"}),  # presentation forms fold by NFKC
    ("المدرسة", {"a", "b"}),  # typed with the article, written without it in "a"
    ("المستشفى", {"c"}),
    ("والمستشفي", {"c"}),
]


def _load(desk: Desk, incident: int) -> None:
    desk.inbox.ingest(
        incident, batch(*(wa(k, v) for k, v in CORPUS.items())), source="s", format="whatsapp"
    )


def _found(desk: Desk, incident: int, query: str) -> set[str]:
    filters = InboxFilters(incident, search=query)
    return {r.external_id for r in desk.inbox.rows(desk.inbox.ids(filters))}


@pytest.mark.parametrize(("query", "expected"), VARIANTS)
def test_every_spelling_variant_finds_the_same_messages(
    flood: tuple[Desk, int], query: str, expected: set[str]
) -> None:
    desk, incident = flood
    _load(desk, incident)
    assert _found(desk, incident, query) == expected
    assert desk.inbox.count(InboxFilters(incident, search=query)) == len(expected)


def test_query_syntax_cannot_be_injected(flood: tuple[Desk, int]) -> None:
    desk, incident = flood
    _load(desk, incident)
    for hostile in ['"', "NEAR(", "a OR", "*", "-x", "'; DROP TABLE interactions; --", "^"]:
        desk.inbox.count(InboxFilters(incident, search=hostile))
    assert fts5_expression('NEAR("x" OR') == '"near"* "x"* "or"*'
    assert fts5_expression("x", 7) == 'incident_id:"7" AND search_text:("x"*)'
    assert tsquery_expression("a & !b") == "a:* & b:*"
    assert fts5_expression("؟!") is None


def test_highlights_are_spans_of_the_original_text() -> None:
    text = "الأَمْطَار أغرقت المدرسـة"
    spans = highlight_spans(text, "امطار مدرسه")
    assert [text[a:b] for a, b in spans] == ["الأَمْطَار", "المدرسـة"]


def test_detail_carries_the_highlights(flood: tuple[Desk, int]) -> None:
    desk, incident = flood
    _load(desk, incident)
    (iid,) = desk.inbox.ids(InboxFilters(incident, search="مستشفي"))
    detail = desk.inbox.detail(iid, "مستشفي")
    assert [detail.text[a:b] for a, b in detail.highlights] == ["مستشفى"]


@pytest.mark.postgres
def test_search_and_ingest_on_postgresql(pg_url: str) -> None:
    from tests.helpers.databases import make_desk
    from tests.unit.intake.inbox.conftest import open_flood

    desk = make_desk(pg_url)
    try:
        incident = open_flood(desk)
        _load(desk, incident)
        again = desk.inbox.ingest(
            incident, batch(*(wa(k, v) for k, v in CORPUS.items())), source="s", format="whatsapp"
        )
        assert (again.new, again.duplicate) == (0, 4)
        for query, expected in VARIANTS:
            assert _found(desk, incident, query) == expected, query
    finally:
        desk.close()


def test_walking_the_index_and_sorting_the_matches_agree(
    flood: tuple[Desk, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    from datetime import timedelta

    from crisisdesk.intake import inbox as inbox_module
    from tests.unit.intake.inbox.conftest import START

    desk, incident = flood
    messages = [
        wa(f"s{i}", f"المدرسة مغلقة في الحي رقم {i}" if i % 3 else f"نفق رقم {i} مغمور",
           at=START - timedelta(seconds=i * 7 % 500))
        for i in range(600)
    ]  # fmt: skip
    desk.inbox.ingest(incident, batch(*messages), source="s", format="whatsapp")
    filters = InboxFilters(incident, search="مدرسه")
    assert desk.inbox.count(filters) == 400
    monkeypatch.setattr(inbox_module, "WALK_THRESHOLD", 10**9)
    sorted_ids = desk.inbox.ids(filters, offset=10, limit=50)
    monkeypatch.setattr(inbox_module, "WALK_THRESHOLD", 0)
    walked = desk.inbox.ids(filters, offset=10, limit=50)
    assert walked == sorted_ids and len(walked) == 50
    with_status = InboxFilters(incident, search="مدرسه", status="new")
    assert desk.inbox.count(with_status) == 400  # the table path agrees with the index path


def test_pages_from_the_oldest_end_match_the_newest_first_order(flood: tuple[Desk, int]) -> None:
    from datetime import timedelta

    from tests.unit.intake.inbox.conftest import START

    desk, incident = flood
    messages = [wa(f"p{i}", f"رسالة {i}", at=START - timedelta(seconds=i % 37)) for i in range(230)]
    desk.inbox.ingest(incident, batch(*messages), source="s", format="whatsapp")
    filters = InboxFilters(incident)
    everything = desk.inbox.ids(filters)
    for offset in (0, 100, 114, 115, 200, 229):
        page = desk.inbox.ids(filters, offset=offset, limit=100, total=230)
        assert page == everything[offset : offset + 100], offset
