"""Manual triage, overdue flagging, canned replies and cluster edits are decisions."""

from __future__ import annotations

import json
import time
from datetime import timedelta

import pytest
from sqlalchemy import select

from crisisdesk.clock import ManualClock
from crisisdesk.desk import Desk
from crisisdesk.errors import ConflictError, CrisisDeskError, NotFoundError, RefusedError
from crisisdesk.intake.rows import InboxFilters
from crisisdesk.storage.models import Decision
from tests.helpers.databases import sign_in_as
from tests.unit.intake.inbox.messages import batch, wa


def _last(desk: Desk, kind: str) -> dict[str, object]:
    with desk.db.read() as session:
        body = session.scalars(
            select(Decision.body).where(Decision.kind == kind).order_by(Decision.seq.desc())
        ).first()
    assert body is not None
    data: dict[str, object] = json.loads(body)
    return data


def _one(desk: Desk, incident: int, text: str = "سؤال عام عن الوضع") -> int:
    desk.inbox.ingest(incident, batch(wa("t1", text)), source="s", format="whatsapp")
    return desk.inbox.ids(InboxFilters(incident))[0]


def test_triage_changes_fields_and_records_the_decision(flood: tuple[Desk, int]) -> None:
    desk, incident = flood
    iid = _one(desk, incident)
    desk.inbox.triage.apply(iid, category="complaint", priority="high", assignee="olfa")
    row = desk.inbox.rows([iid])[0]
    assert (row.category, row.priority, row.assignee, row.status) == (
        "complaint",
        "high",
        "olfa",
        "in_progress",
    )
    assert row.response_due == row.received_at + timedelta(minutes=30)
    decision = _last(desk, "interaction.triaged")
    assert decision["subject"] == f"interaction:{iid}" and decision["actor"] == "olfa"
    with pytest.raises(ConflictError):
        desk.inbox.triage.apply(iid, category="complaint")
    with pytest.raises(NotFoundError):
        desk.inbox.triage.apply(iid, assignee="nobody")
    with pytest.raises(CrisisDeskError):
        desk.inbox.triage.apply(iid, category="gossip")
    desk.inbox.triage.apply(iid, assignee="unit:بلدية الخبر")
    assert desk.inbox.rows([iid])[0].assignee_unit == "بلدية الخبر"
    assert desk.inbox.count(InboxFilters(incident, assignee="بلدية الخبر")) == 1


def test_triage_refused_for_a_reviewer(flood: tuple[Desk, int]) -> None:
    desk, incident = flood
    iid = _one(desk, incident)
    sign_in_as(desk, "reviewer")
    with pytest.raises(RefusedError):
        desk.inbox.triage.apply(iid, status="closed")


def test_overdue_job_flags_late_open_interactions(
    flood: tuple[Desk, int], clock: ManualClock
) -> None:
    desk, incident = flood
    iid = _one(desk, incident, "عاجل يقولون انهيار جسر")  # rumour / critical: 15 minutes
    assert desk.inbox.count(InboxFilters(incident, overdue=True)) == 0
    clock.advance(timedelta(minutes=30))
    assert desk.inbox.count(InboxFilters(incident, overdue=True)) == 1
    assert desk.inbox.flag_overdue(incident) == 1
    assert desk.inbox.flag_overdue(incident) == 0
    assert desk.inbox.rows([iid])[0].overdue
    assert _last(desk, "interaction.overdue")["payload"] == {
        "count": 1,
        "ids": [iid],
        "at": _last(desk, "interaction.overdue")["payload"]["at"],  # type: ignore[index]
    }
    desk.inbox.triage.apply(iid, status="answered")
    assert desk.inbox.count(InboxFilters(incident, overdue=True)) == 0


def test_reply_with_a_canned_reply_is_recorded(flood: tuple[Desk, int]) -> None:
    desk, incident = flood
    iid = _one(desk, incident, "الشارع غرق عند بيتنا")
    with pytest.raises(CrisisDeskError, match="location"):
        desk.inbox.replies.reply(iid, "complaint-received")
    outcome = desk.inbox.replies.reply(iid, "complaint-received", {"location": "حي الريان"})
    assert outcome.result == "recorded" and "حي الريان" in outcome.text
    detail = desk.inbox.detail(iid)
    assert detail.row.status == "answered" and detail.first_response_at is not None
    assert detail.replies[0].text == outcome.text
    assert _last(desk, "interaction.replied")["payload"]["template"] == "complaint-received"  # type: ignore[index]
    with pytest.raises(NotFoundError):
        desk.inbox.replies.reply(iid, "no-such-reply")


def test_cluster_label_and_status_are_decisions(flood: tuple[Desk, int]) -> None:
    desk, incident = flood
    text = "عاجل انتشر خبر انهيار سد وادي الدمام وعلى السكان الإخلاء فورا"
    desk.inbox.ingest(
        incident, batch(wa("a", text), wa("b", text + " انشر")), source="s", format="whatsapp"
    )
    (cluster,) = desk.inbox.clusters.list(incident)
    desk.inbox.clusters.update(cluster.id, label="إشاعة انهيار السد", status="false")
    info = desk.inbox.clusters.get(cluster.id)
    assert (info.label, info.status, info.size) == ("إشاعة انهيار السد", "false", 2)
    assert _last(desk, "cluster.updated")["subject"] == f"cluster:{cluster.id}"
    with pytest.raises(NotFoundError):
        desk.inbox.clusters.update(cluster.id, statement_id=999)
    statement = desk.statements.draft(
        incident, None, kind="reply", texts={"ar": "لا صحة لانهيار السد.", "en": "No dam broke."}
    ).statement
    desk.inbox.clusters.update(cluster.id, statement_id=statement.id)
    assert desk.inbox.clusters.get(cluster.id).statement_id == statement.id
    outcomes = desk.inbox.replies.reply_cluster(cluster.id, "rumour-correction")
    assert len(outcomes) == 2 and all(o.result == "recorded" for o in outcomes)
    assert desk.inbox.replies.reply_cluster(cluster.id, "rumour-correction") == []


def test_overdue_job_runs_on_a_real_scheduler(flood: tuple[Desk, int], clock: ManualClock) -> None:
    from apscheduler.schedulers.background import BackgroundScheduler

    from crisisdesk.intake.overdue import OverdueJob

    desk, incident = flood
    _one(desk, incident, "عاجل يقولون انهيار جسر")
    clock.advance(timedelta(hours=1))
    job = OverdueJob(desk, incident)
    scheduler = BackgroundScheduler(timezone="UTC")
    job.start(scheduler, seconds=1)
    scheduler.start()
    try:
        deadline = time.monotonic() + 20
        while job.flagged == 0 and time.monotonic() < deadline:
            time.sleep(0.1)
    finally:
        scheduler.shutdown(wait=True)
    assert job.flagged == 1
    assert desk.inbox.count(InboxFilters(incident, overdue=True)) == 1
