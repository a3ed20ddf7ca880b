"""Rows stored before the proclitic change of issue 12 kept their old index: a search for
"إصابة" missed "وإصابة" in them while new rows were found. Opening the database re-indexes
them (migration 0025), on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from crisisdesk.desk import Desk
from crisisdesk.intake.rows import InboxFilters
from crisisdesk.text.normalise import tokens
from tests.helpers.databases import make_desk, sign_in_as, sqlite_db_url
from tests.unit.intake.inbox.messages import batch, wa

CORPUS = {
    "wa": "انهيار جدار وإصابة عامل في الخبر",
    "bal": "أمطار غزيرة بالدمام الليلة",
    "plain": "إصابة شخصين في حي الفيصلية",
}

_OLD_ARTICLES = ("وال", "بال", "فال", "كال", "لل", "ال")


def _old_index(normalised: str) -> str:
    """The index as the version before proclitics wrote it: words, plus each without article."""
    words = tokens(normalised)
    extra = []
    for word in words:
        for article in _OLD_ARTICLES:
            if word.startswith(article) and len(word) - len(article) >= 2:
                extra.append(word[len(article) :])
                break
    return " ".join(words + extra)


def _found(desk: Desk, incident: int, query: str) -> set[str]:
    filters = InboxFilters(incident, search=query)
    return {r.external_id for r in desk.inbox.rows(desk.inbox.ids(filters))}


@pytest.mark.parametrize("dialect", ["sqlite", "postgresql"])
def test_rows_indexed_by_the_old_version_are_found_after_opening(
    dialect: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    url = sqlite_db_url(tmp_path) if dialect == "sqlite" else request.getfixturevalue("pg_url")
    desk = make_desk(url)
    sign_in_as(desk, "lead")
    incident = desk.incidents.open("سيول", 2, playbook_id="flood-urban").id
    sign_in_as(desk, "operator")
    desk.inbox.ingest(
        incident, batch(*(wa(k, v) for k, v in CORPUS.items())), source="s", format="whatsapp"
    )
    desk.close()

    # The database as the older version left it: old index text, schema at the revision before.
    engine = create_engine(url)
    with engine.begin() as conn:
        for row_id, normalised in conn.execute(text("SELECT id, normalised FROM interactions")):
            conn.execute(
                text("UPDATE interactions SET search_text = :s WHERE id = :id"),
                {"s": _old_index(normalised), "id": row_id},
            )
        conn.execute(text("UPDATE alembic_version SET version_num = '0024'"))
    engine.dispose()

    old = Desk.open(url)
    try:
        sign_in_as(old, "operator")
        assert _found(old, incident, "إصابة") == {"wa", "plain"}
        assert _found(old, incident, "الدمام") == {"bal"}
    finally:
        old.close()
