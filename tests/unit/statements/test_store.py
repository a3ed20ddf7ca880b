"""Statements in the database: drafting, versions, approval rules for every role, refusals logged.

Runs on SQLite and on PostgreSQL (the ``pg_url`` fixture) alike.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import text

from crisisdesk.clock import ManualClock
from crisisdesk.desk import Desk
from crisisdesk.errors import AuthError, ConflictError, CrisisDeskError, RefusedError
from crisisdesk.statements.variables import LocalizedText
from crisisdesk.statements.versions import content_hash
from tests.helpers.databases import PASSWORD, ROLE_USERS, make_desk, sign_in_as, sqlite_db_url
from tests.helpers.statements import (
    approved,
    count,
    drafted,
    in_review,
    kinds_since,
    open_flood,
)


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: object) -> Iterator[Desk]:
    """A desk on SQLite or on a throw-away PostgreSQL database."""
    if request.param == "sqlite":
        url = sqlite_db_url(tmp_path)  # type: ignore[arg-type]
    else:
        url = request.getfixturevalue("pg_url")
    desk = make_desk(url, clock=ManualClock())
    yield desk
    desk.close()


@pytest.fixture
def flood(store: Desk) -> int:
    return open_flood(store)


def test_draft_from_template_prefills_from_the_incident(store: Desk, flood: int) -> None:
    sign_in_as(store, "operator")
    fields = {f.name: f for f in store.statements.form(flood, "holding")}
    assert fields["hotline"].prefill == "940"
    assert fields["municipality"].prefill is not None
    with pytest.raises(CrisisDeskError, match="area: needs its Arabic and its English text"):
        # Finding 5: a value typed once landed in Arabic inside the English statement.
        store.statements.draft(flood, "holding", {"area": "حي الفيصلية"})
    area = LocalizedText("حي الفيصلية", "Al Faisaliyah")
    detail = store.statements.draft(flood, "holding", {"area": area})
    version = detail.latest
    assert detail.statement.state == "draft"
    assert detail.statement.created_by == "olfa"
    assert detail.statement.title_ar == "بيان أولي: سيول الدمام والخبر"
    assert detail.statement.title_en == f"Holding statement: incident {flood}"
    assert "حي الفيصلية" in version.text_ar and "940" in version.text_ar
    assert "Eastern Province Municipality" in version.text_en
    assert "{{" not in version.text_ar + version.text_en
    assert "Al Faisaliyah" in version.text_en and "حي الفيصلية" not in version.text_en
    assert version.variables["area"] == {"ar": "حي الفيصلية", "en": "Al Faisaliyah"}
    assert version.content_hash == content_hash(version.text_ar, version.text_en, version.variables)
    assert store.log.since(0)[-1].kind == "statement.drafted"


def test_missing_required_value_is_an_error_not_a_gap(store: Desk, flood: int) -> None:
    sign_in_as(store, "operator")
    with pytest.raises(CrisisDeskError, match="teams_count: required"):
        store.statements.draft(flood, "update", {"update_number": "3"})
    with pytest.raises(CrisisDeskError, match="no such variable"):
        store.statements.draft(flood, "holding", {"aera": "typo"})
    with pytest.raises(CrisisDeskError, match="no statement template 'nope'"):
        store.statements.draft(flood, "nope")
    assert store.statements.list(flood) == []


def test_blank_statement_and_versions_with_diff(store: Desk, flood: int) -> None:
    sign_in_as(store, "operator")
    detail = store.statements.draft(
        flood, None, kind="awareness", texts={"ar": "تجنبوا الأنفاق.", "en": "Avoid underpasses."}
    )
    sid = detail.statement.id
    v2 = store.statements.save(sid, text_en="Please avoid underpasses and valleys.")
    assert v2.number == 2 and v2.text_ar == "تجنبوا الأنفاق."
    diffs = store.statements.diff(sid, 1, 2)
    assert not diffs["ar"].changed and diffs["en"].changed
    assert diffs["en"].old_text == "Avoid underpasses." and "valleys" in diffs["en"].new_text
    with pytest.raises(ConflictError, match="no change"):
        store.statements.save(sid, text_en="Please avoid underpasses and valleys.")
    with pytest.raises(ConflictError, match="saved by someone else"):
        store.statements.save(sid, text_ar="نص آخر", base_version=1)
    assert [v.number for v in store.statements.detail(sid).versions] == [1, 2]


def test_save_with_variables_renders_again(store: Desk, flood: int) -> None:
    sid = drafted(store, flood, "update")
    version = store.statements.save(
        sid,
        variables={
            "update_number": "3",
            "teams_count": "150",
            "area": LocalizedText("الخبر", "Khobar"),
        },
    )
    assert "١٥٠ فريقًا ميدانيًا" in version.text_ar and "150 field teams" in version.text_en
    assert version.variables["teams_count"] == 150


def test_self_approval_is_refused_for_every_approving_role(store: Desk, flood: int) -> None:
    for role in ("spokesperson", "lead"):
        sid = drafted(store, flood, role=role)
        store.statements.submit(sid)
        head = store.log.head().seq
        with pytest.raises(RefusedError, match="cannot approve it"):
            store.statements.approve(sid, PASSWORD)
        assert kinds_since(store, head) == ["statement.refused"]
        refusal = store.log.since(head)[0]
        assert refusal.actor == ROLE_USERS[role]
        assert refusal.payload["action"] == "approve"
        assert store.statements.get(sid).state == "in_review"


@pytest.mark.parametrize("role", ["operator", "reviewer", "admin"])
def test_roles_without_the_right_cannot_approve_or_reject(
    store: Desk, flood: int, role: str
) -> None:
    sid = in_review(store, flood)
    sign_in_as(store, role)
    head = store.log.head().seq
    with pytest.raises(RefusedError, match=r"statement\.approve"):
        store.statements.approve(sid, PASSWORD)
    with pytest.raises(RefusedError, match=r"statement\.reject"):
        store.statements.reject(sid, PASSWORD, "no")
    assert kinds_since(store, head) == ["security.refused", "security.refused"]


def test_wrong_password_is_refused_and_logged(store: Desk, flood: int) -> None:
    sid = in_review(store, flood)
    sign_in_as(store, "spokesperson")
    head = store.log.head().seq
    with pytest.raises(AuthError, match="password was not confirmed"):
        store.statements.approve(sid, "guess")
    assert kinds_since(store, head) == ["statement.refused"]
    assert store.statements.get(sid).state == "in_review"


def test_approval_binds_to_the_content_hash_and_an_edit_needs_a_new_one(
    store: Desk, flood: int
) -> None:
    sid = approved(store, flood)
    detail = store.statements.detail(sid)
    assert detail.statement.state == "approved"
    assert detail.approvals[-1].content_hash == detail.latest.content_hash
    sign_in_as(store, "operator")
    store.statements.save(sid, text_en=detail.latest.text_en + " Stay safe.")
    assert store.statements.get(sid).state == "draft"
    head = store.log.head().seq
    with pytest.raises(RefusedError, match="not approved"):
        store.statements.publish(sid, "clipboard")
    assert kinds_since(store, head) == ["statement.refused"]
    store.statements.submit(sid)
    sign_in_as(store, "lead")
    again = store.statements.approve(sid, PASSWORD)
    assert again.version_number == 2


def test_approver_must_read_the_current_text(store: Desk, flood: int) -> None:
    sid = in_review(store, flood)
    stale = store.statements.version(sid).content_hash
    store.statements.save(sid, text_en="Changed after the spokesperson opened it. Call 940.")
    store.statements.submit(sid)
    sign_in_as(store, "spokesperson")
    with pytest.raises(RefusedError, match="changed after you opened it"):
        store.statements.approve(sid, PASSWORD, content_hash=stale)


def test_failing_rules_block_approval_unless_overridden(store: Desk, flood: int) -> None:
    sign_in_as(store, "operator")
    sid = store.statements.draft(
        flood,
        None,
        kind="holding",
        texts={
            "ar": "لا تعليق على ما يُتداول بحسب مصادر غير رسمية.",
            "en": "No comment on what circulates.",
        },
    ).statement.id
    store.statements.submit(sid)
    sign_in_as(store, "spokesperson")
    head = store.log.head().seq
    with pytest.raises(RefusedError, match="record an override reason"):
        store.statements.approve(sid, PASSWORD)
    assert kinds_since(store, head) == ["statement.refused"]
    approval = store.statements.approve(
        sid, PASSWORD, override_reason="النص مقتبس من بيان الدفاع المدني حرفيًا"
    )
    assert approval.override_reason
    decision = store.log.since(head)[-1]
    assert decision.kind == "statement.approved"
    assert decision.payload["failed_rules"] and decision.payload["override_reason"]


def test_rejected_statement_cannot_be_published(store: Desk, flood: int) -> None:
    sid = in_review(store, flood)
    sign_in_as(store, "spokesperson")
    with pytest.raises(CrisisDeskError, match="needs a comment"):
        store.statements.reject(sid, PASSWORD, "  ")
    store.statements.reject(sid, PASSWORD, "اذكر أسماء الأنفاق المغلقة")
    assert store.statements.get(sid).state == "rejected"
    head = store.log.head().seq
    with pytest.raises(RefusedError, match="rejected"):
        store.statements.publish(sid, "website")
    assert kinds_since(store, head) == ["statement.refused"]
    with pytest.raises(RefusedError, match="not in review"):
        store.statements.approve(sid, PASSWORD)


@pytest.mark.parametrize("state", ["draft", "in_review"])
def test_unapproved_statement_cannot_be_published(store: Desk, flood: int, state: str) -> None:
    sid = drafted(store, flood) if state == "draft" else in_review(store, flood)
    for role in ("operator", "spokesperson", "lead"):
        sign_in_as(store, role)
        head = store.log.head().seq
        with pytest.raises(RefusedError, match="not approved"):
            store.statements.publish(sid, "press")
        assert kinds_since(store, head) == ["statement.refused"]
    assert store.statements.publications(incident_id=flood) == []


def test_text_altered_behind_the_app_is_not_published(store: Desk, flood: int) -> None:
    sid = approved(store, flood)
    with store.db.write() as session:
        session.execute(
            text("UPDATE statement_versions SET text_en = 'Altered.' WHERE statement_id = :s"),
            {"s": sid},
        )
    sign_in_as(store, "operator")
    with pytest.raises(RefusedError, match="no approval bound to its text"):
        store.statements.publish(sid, "clipboard")


def test_publish_to_a_local_channel_marks_published(store: Desk, flood: int) -> None:
    sid = approved(store, flood)
    sign_in_as(store, "operator")
    [pub] = store.statements.publish(sid, "clipboard")
    assert pub.state == "sent" and pub.attempts == 1
    assert store.statements.get(sid).state == "published"
    [again] = store.statements.publish(sid, "clipboard")
    assert again.id == pub.id and again.attempts == 1
    assert count(store, "statement.published") == 1


def test_two_statements_with_the_same_words_are_published_separately(
    store: Desk, flood: int
) -> None:
    first = approved(store, flood)
    second = approved(store, flood)
    assert (
        store.statements.version(first).content_hash
        == store.statements.version(second).content_hash
    )
    sign_in_as(store, "operator")
    [a] = store.statements.publish(first, "clipboard")
    [b] = store.statements.publish(second, "clipboard")
    assert a.idempotency_key != b.idempotency_key
    assert a.state == b.state == "sent"
    assert count(store, "statement.published") == 2


def test_supersede_cancels_pending_schedules(store: Desk, flood: int) -> None:
    from datetime import timedelta

    sid = approved(store, flood)
    sign_in_as(store, "operator")
    [pub] = store.statements.publish(sid, "press", at=store.clock.now() + timedelta(hours=1))
    newer = drafted(store, flood, "update")
    sign_in_as(store, "spokesperson")
    info = store.statements.supersede(sid, newer)
    assert info.state == "superseded" and info.superseded_by == newer
    assert store.statements.publication(pub.id).state == "cancelled"
    with pytest.raises(ConflictError):
        store.statements.save(sid, text_en="late edit")


def test_autosave_keeps_unsaved_typing_per_user(store: Desk, flood: int) -> None:
    sid = drafted(store, flood)
    assert store.statements.autosaved(sid) is None
    store.statements.autosave(sid, "نص لم يُحفظ بعد", "unsaved text", {"area": "الخبر"})
    kept = store.statements.autosaved(sid)
    assert kept is not None and kept.text_ar == "نص لم يُحفظ بعد"
    sign_in_as(store, "lead")
    assert store.statements.autosaved(sid) is None
    sign_in_as(store, "operator")
    store.statements.save(sid, text_ar=kept.text_ar, text_en=kept.text_en)
    assert store.statements.autosaved(sid) is None


def test_list_filters_by_state_and_review_queue(store: Desk, flood: int) -> None:
    a = drafted(store, flood)
    b = in_review(store, flood, "update")
    assert {s.id for s in store.statements.list(flood)} == {a, b}
    assert [s.id for s in store.statements.list(flood, "in_review")] == [b]
    assert [s.id for s in store.statements.review_queue()] == [b]
    with pytest.raises(CrisisDeskError, match="unknown statement state"):
        store.statements.list(flood, "done")
