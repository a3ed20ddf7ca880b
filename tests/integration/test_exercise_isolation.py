"""Nothing of an exercise reaches a real channel, and nothing of it counts for a real
incident: real servers on 127.0.0.1 play WhatsApp, X and the website and receive nothing."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from crisisdesk.clock import ManualClock
from crisisdesk.desk import Desk
from crisisdesk.intake.rows import InboxFilters
from tests.helpers.databases import make_desk, sign_in_as, sqlite_db_url
from tests.helpers.statements import approved
from tests.integration.test_statement_publishing import configure
from tests.unit.exercises.conftest import SHORT, START
from tests.unit.statements.publishers.fake_servers import FakePlatform, serve


@pytest.fixture
def platform() -> Iterator[FakePlatform]:
    with serve() as server:
        yield server


def test_an_exercise_reaches_no_real_channel_and_no_real_figure(
    tmp_path: Path, platform: FakePlatform
) -> None:
    wall = ManualClock(START)
    desk: Desk = make_desk(sqlite_db_url(tmp_path), clock=wall)
    try:
        configure(desk, platform.base_url)  # real endpoints for every channel
        desk.inbox.connectors.configure(
            "whatsapp", "whatsapp", None, {"base_url": platform.base_url + "/v21.0"}
        )
        sign_in_as(desk, "lead")
        real = desk.incidents.open("سيول الدمام والخبر", 3, playbook_id="flood-urban").id
        before = desk.review.kpis(real)
        source = tmp_path / "short.yaml"
        source.write_text(SHORT, encoding="utf-8")
        run = desk.exercises.start(str(source), speed=10)
        desk.exercises.follow(run.id).refresh = 0
        wall.advance(timedelta(minutes=1))  # T+10:00: everything up to the wave is in
        assert desk.exercises.tick(run.id).injected == 55
        statement = approved(desk, run.incident_id)
        sign_in_as(desk, "operator")
        for channel in ("website", "x", "whatsapp"):
            pubs = desk.statements.publish(statement, channel)
            assert pubs and all(p.sandbox and p.state == "sent" for p in pubs)
        later = desk.clock.now() + timedelta(minutes=5)
        desk.statements.schedule(statement, "x", later, repeat=True)
        wall.advance(timedelta(seconds=40))  # T+16:40 on the exercise clock
        sent, _failed = desk.statements.run_due()
        # due by the exercise clock (the wall clock moved 40 s only), and to the sandbox
        assert sent and all(p.sandbox for p in sent)
        assert any(p.scheduled_at == later for p in sent)
        ids = desk.inbox.ids(InboxFilters(run.incident_id, channel="whatsapp"))
        outcome = desk.inbox.replies.send_text(ids[0], "فرقنا في الموقع")
        assert outcome.mode == "sandbox"
        assert platform.received == []
        after = desk.review.kpis(real)
        for key in ("interactions", "statements", "clusters"):
            assert after[key] == before[key], key
    finally:
        desk.close()
