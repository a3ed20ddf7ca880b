"""Statements in the public's languages (issue 21): a template's Urdu, Hindi, Bengali,
Tagalog and Malayalam texts go into every version, the content hash and so the approval
cover them all, and a text no native reader has signed off needs a recorded sign-off or
an override reason before approval."""

from __future__ import annotations

import pytest
from sqlalchemy import update

from crisisdesk.desk import Desk
from crisisdesk.errors import RefusedError
from crisisdesk.playbooks import find_playbook
from crisisdesk.playbooks.language_review import KIND, language_status, sign_off
from crisisdesk.statements.versions import content_hash
from crisisdesk.storage.models import StatementVersion
from tests.helpers.databases import PASSWORD, sign_in_as

LANGS = ("ur", "hi", "bn", "tl", "ml")


def _heat(desk: Desk) -> int:
    sign_in_as(desk, "lead")
    return desk.incidents.open("موجة حر على الأحساء", 2, playbook_id="heatwave").id


def test_every_bundled_safety_message_carries_five_languages_marked_for_review() -> None:
    for book_id, template_id in (
        ("heatwave", "awareness-heat"),
        ("flood-urban", "awareness-rain"),
        ("sandstorm", "awareness-dust"),
        ("water-outage", "awareness-storage"),
        ("market-fire", "awareness-fire-safety"),
    ):
        template = find_playbook(book_id).template(template_id)
        assert template is not None
        assert tuple(template.languages) == LANGS, (book_id, template_id)
        for other in template.languages.values():
            assert other.review == "needs-native-review"
            assert "{{ hotline }}" in other.text


def test_a_version_holds_every_language_and_the_hash_covers_them(desk: Desk) -> None:
    incident = _heat(desk)
    sign_in_as(desk, "operator")
    detail = desk.statements.draft(incident, "awareness-heat", {})
    version = detail.latest
    assert set(version.extra) == set(LANGS)
    assert "940" in version.extra["ur"] and "{{" not in version.extra["ml"]
    assert version.content_hash == content_hash(
        version.text_ar, version.text_en, version.variables, version.extra
    )
    assert version.content_hash != content_hash(version.text_ar, version.text_en, version.variables)
    assert set(version.to_json()["text"]) == {"ar", "en", *LANGS}


def test_approval_needs_the_native_sign_off_or_a_reason(desk: Desk) -> None:
    incident = _heat(desk)
    sign_in_as(desk, "operator")
    sid = desk.statements.draft(incident, "awareness-heat", {}).statement.id
    desk.statements.submit(sid)
    failed = {r.id for r in desk.statements.rules_checklist(sid).failures}
    assert failed == {f"language:{lang}" for lang in LANGS}
    sign_in_as(desk, "spokesperson")
    with pytest.raises(RefusedError, match="Urdu text: native review"):
        desk.statements.approve(sid, PASSWORD)
    sign_in_as(desk, "lead")
    book = find_playbook("heatwave")
    for lang in LANGS:
        sign_off(desk, book, "awareness-heat", lang)
    assert all(
        s.ready and s.reviewer == "layla" for s in language_status(desk, book, "awareness-heat")
    )
    assert [d.kind for d in desk.log.since(0)[-5:]] == [KIND] * 5
    assert desk.statements.rules_checklist(sid).passed
    sign_in_as(desk, "spokesperson")
    desk.statements.approve(sid, PASSWORD)


def test_an_extra_language_changed_in_the_database_voids_the_approval(desk: Desk) -> None:
    incident = _heat(desk)
    sign_in_as(desk, "operator")
    sid = desk.statements.draft(incident, "awareness-heat", {}).statement.id
    desk.statements.submit(sid)
    sign_in_as(desk, "spokesperson")
    desk.statements.approve(sid, PASSWORD, override_reason="native reader on leave; read aloud")
    with desk.db.write() as session:
        session.execute(
            update(StatementVersion)
            .where(StatementVersion.statement_id == sid)
            .values(texts_extra='{"ur": "altered"}')
        )
    sign_in_as(desk, "operator")
    with pytest.raises(RefusedError):
        desk.statements.publish(sid, "website")
