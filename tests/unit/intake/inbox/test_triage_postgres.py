"""The same triage on PostgreSQL: clusters that merge, an operator's merge and split, the
ranked overdue list, a spreading rumour, and the tone section of the KPIs."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from crisisdesk.storage.models import Interaction
from tests.unit.intake.inbox.messages import batch, wa

A = "انهيار سد وادي الدمام والمياه تتجه الى احياء الفيصلية والنور وعلى السكان الاخلاء فورا"
B = "الدفاع المدني يطلب اخلاء احياء الفيصلية والنور بعد ارتفاع منسوب السيول في الدمام الليلة"


@pytest.mark.postgres
def test_triage_on_postgresql(pg_url: str) -> None:
    from crisisdesk.clock import ManualClock
    from tests.helpers.databases import make_desk
    from tests.unit.intake.inbox.conftest import START, open_flood

    clock = ManualClock(START)
    desk = make_desk(pg_url, clock=clock)
    try:
        incident = open_flood(desk)
        first = [wa(f"a{i}", A + s) for i, s in enumerate(["", " انشروها"])]
        second = [wa(f"b{i}", B + s) for i, s in enumerate(["", " منقول"])]
        desk.inbox.ingest(incident, batch(*first, *second), source="s", format="whatsapp")
        assert sorted(c.size for c in desk.inbox.clusters.list(incident)) == [2, 2]
        report = desk.inbox.ingest(
            incident, batch(wa("c", A + "، " + B)), source="s2", format="whatsapp"
        )
        assert len(report.merged) == 1
        (merged,) = desk.inbox.clusters.list(incident)
        assert merged.size == 5
        with desk.db.read() as session:
            b_ids = list(
                session.scalars(
                    select(Interaction.id).where(Interaction.external_id.in_(["b0", "b1"]))
                )
            )
        new, _ = desk.inbox.clusters.split(merged.id, b_ids)
        assert sorted(c.size for c in desk.inbox.clusters.list(incident)) == [2, 3]
        desk.inbox.clusters.merge(merged.id, [new])
        assert [c.size for c in desk.inbox.clusters.list(incident)] == [5]
        clock.set(START + timedelta(hours=6))
        overdue = desk.inbox.overdue(incident)
        assert len(overdue) == 5 and overdue[0].urgency >= overdue[-1].urgency
        tone = desk.review.kpis(incident)["tone"]
        assert tone["scored"] == 5
    finally:
        desk.close()
