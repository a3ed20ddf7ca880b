"""Triage carries the version its user saw; a change based on an older one is refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crisisdesk.desk import Desk
from crisisdesk.errors import StaleError
from tests.helpers.databases import PASSWORD, make_desk
from tests.helpers.room import write_whatsapp


@pytest.fixture
def room(db_url: str, tmp_path: Path) -> Desk:
    desk = make_desk(db_url)
    desk.sign_in("layla", PASSWORD)
    incident = desk.incidents.open("سيول", 2, playbook_id="flood-urban").id
    desk.inbox.ingest_files(incident, "whatsapp", [write_whatsapp(tmp_path / "m.jsonl", 3)])
    return desk


def test_a_stale_change_is_refused_with_who_when_and_what(room: Desk) -> None:
    seen = room.inbox.rows([1])[0].version
    room.sign_in("olfa", PASSWORD)
    room.inbox.triage.apply(1, category="rumour", seen=seen)
    room.sign_in("layla", PASSWORD)
    with pytest.raises(StaleError) as caught:
        room.inbox.triage.apply(1, category="complaint", seen=seen)
    message = str(caught.value)
    assert message.startswith("interaction 1 was changed by olfa at ")
    assert "now category rumour" in message and "\n" not in message
    assert caught.value.by == "olfa" and caught.value.current == seen + 1
    row = room.inbox.rows([1])[0]
    assert row.category == "rumour" and row.version == seen + 1


def test_apply_anyway_is_its_own_decision(room: Desk) -> None:
    room.sign_in("olfa", PASSWORD)
    room.inbox.triage.apply(2, priority="high", seen=0)
    room.sign_in("layla", PASSWORD)
    seq = room.inbox.triage.apply(2, priority="low", seen=0, force=True)
    decision = room.log.get(seq)
    assert decision.payload["overrode"]["by"] == "olfa"
    assert "applied over olfa's change" in decision.summary_en
    assert room.inbox.rows([2])[0].version == 2


def test_own_quick_second_change_is_no_conflict(room: Desk) -> None:
    room.inbox.triage.apply(3, priority="high", seen=0)
    room.inbox.triage.apply(3, status="in_progress", seen=0)  # the row had not refreshed yet
    assert room.inbox.rows([3])[0].version == 2


def test_assigning_what_someone_else_holds_needs_the_version(room: Desk) -> None:
    room.sign_in("olfa", PASSWORD)
    room.inbox.triage.apply(1, assignee="olfa")
    room.sign_in("layla", PASSWORD)
    with pytest.raises(StaleError, match="reassign it with --seen 1"):
        room.inbox.triage.apply(1, assignee="layla")
    room.inbox.triage.apply(1, assignee="layla", seen=1)
    assert room.inbox.rows([1])[0].assignee == "layla"


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(seen=st.integers(min_value=-(2**63), max_value=2**63 - 1))
def test_any_seen_version_is_applied_or_refused_in_one_line(room: Desk, seen: int) -> None:
    current = room.inbox.rows([2])[0].version
    try:
        room.inbox.triage.apply(2, note="x", status="in_progress" if seen % 2 else "new", seen=seen)
    except StaleError as exc:
        assert seen != current and "\n" not in str(exc)
    except Exception as exc:  # "already has those values" is the only other refusal
        assert "already has those values" in str(exc)
