"""A real incident's masked review bundle becomes an exercise: its public messages re-timed
onto the exercise clock, its statements left out, its actual times kept as the bar to beat."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from crisisdesk.clock import ManualClock
from crisisdesk.desk import Desk
from crisisdesk.errors import CrisisDeskError
from crisisdesk.exercises.loader import validate_text
from crisisdesk.exercises.replay import replay_exercise
from crisisdesk.intake.parsers.base import IncomingMessage, ParseResult
from crisisdesk.intake.rows import InboxFilters
from tests.helpers.databases import PASSWORD, sign_in_as

PHONE = "966501234567"


def _real_incident(desk: Desk, wall: ManualClock) -> int:
    sign_in_as(desk, "lead")
    incident = desk.incidents.open("سيول الدمام", 2, playbook_id="flood-urban").id
    sign_in_as(desk, "operator")
    start = wall.now()
    texts = [
        f"النفق غرق عند طريق الملك سعود، اتصلوا على {PHONE}",
        "Is King Saud Road open?",
        "عاجل انهيار سد وادي الدمام",
    ]
    messages = [
        IncomingMessage(
            "whatsapp", f"wamid.r{i}", PHONE, "أبو فهد", start + timedelta(minutes=3 * i + 1), t
        )
        for i, t in enumerate(texts)
    ]
    desk.inbox.ingest(incident, ParseResult(messages=messages), source="s", format="whatsapp")
    wall.advance(timedelta(minutes=12))
    draft = desk.statements.draft(incident, "holding", {"next_update_time": "18:00"})
    desk.statements.submit(draft.statement.id)
    sign_in_as(desk, "spokesperson")
    desk.statements.approve(draft.statement.id, PASSWORD)  # 12 minutes after activation
    return incident


def test_a_masked_bundle_replays_as_an_exercise(
    lead_desk: Desk, wall: ManualClock, tmp_path: Path
) -> None:
    desk = lead_desk
    incident = _real_incident(desk, wall)
    sign_in_as(desk, "lead")
    desk.review.export(incident, tmp_path / "bundle", mask_pii=True)
    text = replay_exercise(tmp_path / "bundle")
    assert PHONE not in text and "أبو فهد" not in text  # masked stays masked
    assert "holding" in text and "تتابع" not in text  # the statements' texts stay out
    result = validate_text(text, "replay.yaml")
    assert result.problems == []
    exercise = result.exercise
    assert exercise is not None and exercise.playbook == "flood-urban"
    assert [i.at for i in exercise.injects] == [timedelta(minutes=m) for m in (1, 4, 7)]
    bars = {e.kind: e for e in exercise.expectations}
    assert bars["statement_approved"].by == timedelta(minutes=12)
    (tmp_path / "replay.yaml").write_text(text, encoding="utf-8")
    run = desk.exercises.start(str(tmp_path / "replay.yaml"), speed=10)
    wall.advance(timedelta(minutes=2))
    assert desk.exercises.tick(run.id).injected == 3
    rows = [desk.inbox.detail(i).row for i in desk.inbox.ids(InboxFilters(run.incident_id))]
    assert all(PHONE not in r.text for r in rows)


def test_a_tampered_bundle_is_refused(lead_desk: Desk, wall: ManualClock, tmp_path: Path) -> None:
    incident = _real_incident(lead_desk, wall)
    sign_in_as(lead_desk, "lead")
    lead_desk.review.export(incident, tmp_path / "bundle", mask_pii=True)
    csv_file = tmp_path / "bundle" / "interactions.csv"
    csv_file.write_text(
        csv_file.read_text(encoding="utf-8").replace("النفق", "السد"), encoding="utf-8"
    )
    with pytest.raises(CrisisDeskError, match="does not verify"):
        replay_exercise(tmp_path / "bundle")
