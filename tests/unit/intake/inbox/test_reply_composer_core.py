"""What the reply composer stands on (issue 17, finding 3): the exact text the citizen gets in
both languages, the conversation with the person on every channel, free text under the same
rules as a canned reply, and who a cluster's "reply to all" would reach."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import select

from crisisdesk.clock import ManualClock
from crisisdesk.desk import Desk
from crisisdesk.errors import CrisisDeskError, RefusedError
from crisisdesk.intake.conversation import handle_variants
from crisisdesk.intake.replies import FREE_TEXT_LIMIT
from crisisdesk.intake.rows import InboxFilters
from crisisdesk.storage.models import Decision
from tests.helpers.databases import sign_in_as
from tests.unit.intake.inbox.conftest import START
from tests.unit.intake.inbox.messages import batch, wa


def _ids(desk: Desk, incident: int) -> dict[str, int]:
    rows = desk.inbox.rows(desk.inbox.ids(InboxFilters(incident)))
    return {r.external_id: r.id for r in rows}


def test_the_same_phone_in_any_spelling_is_one_person() -> None:
    assert "966500000001" in handle_variants("0500000001")
    assert "0500000001" in handle_variants("+966 50 000 0001")
    assert "966500000001" in handle_variants("00966500000001")
    assert handle_variants("@Flood_Watch") == {"flood_watch", "@flood_watch"}
    assert handle_variants(None) == set()


def test_conversation_joins_channels_by_identity_and_shows_our_replies(
    flood: tuple[Desk, int], clock: ManualClock
) -> None:
    desk, incident = flood
    first = wa("w1", "الشارع غرق عندنا في حي الريان", at=START - timedelta(minutes=50))
    other = wa("w2", "رسالة من شخص آخر", handle="966511111111", at=START - timedelta(minutes=40))
    desk.inbox.ingest(incident, batch(first, other), source="s", format="whatsapp")
    ids = _ids(desk, incident)
    desk.inbox.replies.reply(ids["w1"], "complaint-received", {"location": "حي الريان"})
    clock.advance(timedelta(minutes=20))
    call = desk.inbox.add_hotline(incident, text="اتصلت مرة ثانية، الماء يرتفع", phone="0500000001")
    lines = desk.inbox.replies.conversation(call)
    assert [line.interaction_id for line in lines if line.inbound] == [ids["w1"], call]
    assert [line.channel for line in lines] == ["whatsapp", "whatsapp", "hotline"]
    ours = [line for line in lines if not line.inbound]
    assert len(ours) == 1 and "حي الريان" in ours[0].text and ours[0].result == "recorded"
    assert [line.current for line in lines] == [False, False, True]
    assert all("شخص آخر" not in line.text for line in lines)


def test_preview_renders_both_languages_and_names_the_missing_variable(
    flood: tuple[Desk, int],
) -> None:
    desk, incident = flood
    desk.inbox.ingest(incident, batch(wa("w1", "الشارع غرق")), source="s", format="whatsapp")
    iid = _ids(desk, incident)["w1"]
    empty = desk.inbox.replies.preview(iid, "complaint-received", {})
    assert empty.missing == ("location",) and "[location]" in empty.texts["en"]
    shown = desk.inbox.replies.preview(iid, "complaint-received", {"location": "شارع الخليج"})
    assert shown.missing == () and shown.lang == "ar"
    assert "شارع الخليج" in shown.texts["ar"] and "شارع الخليج" in shown.texts["en"]
    assert shown.texts["en"].startswith("We apologise")
    sent = desk.inbox.replies.reply(iid, "complaint-received", {"location": "شارع الخليج"})
    assert sent.text == shown.text  # the preview is exactly what goes out


def test_free_text_is_a_logged_decision_under_the_reply_permission(
    flood: tuple[Desk, int],
) -> None:
    desk, incident = flood
    desk.inbox.ingest(incident, batch(wa("w1", "متى تفتح الطريق؟")), source="s", format="whatsapp")
    iid = _ids(desk, incident)["w1"]
    with pytest.raises(CrisisDeskError, match="empty"):
        desk.inbox.replies.free_text(iid, "   ")
    with pytest.raises(CrisisDeskError, match="at most"):
        desk.inbox.replies.free_text(iid, "x" * (FREE_TEXT_LIMIT + 1))
    with pytest.raises(CrisisDeskError, match="direction control"):
        desk.inbox.replies.free_text(iid, "الطريق \u202eمفتوح\u202c الآن")  # pasted from a rumour
    sign_in_as(desk, "reviewer")
    with pytest.raises(RefusedError):
        desk.inbox.replies.free_text(iid, "نعمل على فتح الطريق")
    sign_in_as(desk, "operator")
    outcome = desk.inbox.replies.free_text(iid, "  نعمل على فتح الطريق خلال ساعة  ")
    assert outcome.text == "نعمل على فتح الطريق خلال ساعة" and outcome.result == "recorded"
    with desk.db.read() as session:
        decision = session.scalars(
            select(Decision).where(Decision.kind == "interaction.replied")
        ).one()
    body = json.loads(decision.body)
    assert body["payload"]["template"] is None and body["payload"]["text"] == outcome.text
    assert "free text" in json.dumps(body, ensure_ascii=False)


def test_cluster_recipients_are_the_open_members_only(flood: tuple[Desk, int]) -> None:
    desk, incident = flood
    text = "عاجل: انهيار سد وادي الدمام وعلى سكان حي الريان الإخلاء فورا"
    messages = [
        wa(f"r{i}", text, handle=f"96650000000{i}", at=START - timedelta(minutes=10 + i))
        for i in range(4)
    ]
    desk.inbox.ingest(incident, batch(*messages), source="s", format="whatsapp")
    ids = _ids(desk, incident)
    cluster = desk.inbox.rows([ids["r0"]])[0].cluster_id
    assert cluster is not None
    members = desk.inbox.clusters.member_ids(cluster)
    desk.inbox.triage.apply(members[0], status="closed")
    recipients = desk.inbox.replies.cluster_recipients(cluster)
    assert sorted(recipients) == sorted(members[1:])
    outcomes = desk.inbox.replies.reply_cluster(cluster, "rumour-correction")
    assert sorted(o.interaction_id for o in outcomes) == sorted(recipients)
    assert desk.inbox.replies.cluster_recipients(cluster) == []


@pytest.mark.postgres
def test_conversation_and_free_text_on_postgresql(pg_url: str) -> None:
    """The same identity match (exact and case-folded handles) and free text on PostgreSQL."""
    from tests.helpers.databases import make_desk
    from tests.unit.intake.inbox.conftest import open_flood

    clock = ManualClock(START)
    desk = make_desk(pg_url, clock=clock)
    try:
        incident = open_flood(desk)
        first = wa("p1", "الشارع غرق عندنا", at=START - timedelta(minutes=30))
        desk.inbox.ingest(incident, batch(first), source="s", format="whatsapp")
        clock.advance(timedelta(minutes=5))
        call = desk.inbox.add_hotline(incident, text="اتصلت مرة ثانية", phone="+966 50 000 0001")
        outcome = desk.inbox.replies.free_text(call, "الفرق في الطريق")
        lines = desk.inbox.replies.conversation(call)
        assert [line.channel for line in lines] == ["whatsapp", "hotline", "hotline"]
        assert lines[-1].text == "الفرق في الطريق" and not lines[-1].inbound
        assert outcome.result == "recorded"
    finally:
        desk.close()
