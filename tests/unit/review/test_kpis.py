"""KPIs of a hand-built drill incident equal the answers worked out by hand."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from crisisdesk.desk import Desk
from crisisdesk.errors import NotFoundError
from crisisdesk.review.kpis import distribution, nearest_rank
from tests.unit.review.scenario import Scenario


def test_statement_figures(review_desk: Desk, scenario: Scenario) -> None:
    k = review_desk.review.kpis(scenario.incident_id)
    st = k["statements"]
    assert k["incident"]["drill"] is True
    assert st["first_approved_at"] == "2026-01-01T06:35:00.000000Z"
    assert st["first_published_at"] == "2026-01-01T06:40:00.000000Z"
    assert st["activation_to_first_approved_s"] == 35 * 60
    assert st["activation_to_first_published_s"] == 40 * 60
    # submitted 06:20 -> approved 06:35 (900 s); 06:55 -> 07:05 (600 s)
    turn = st["approval_turnaround_s"]
    assert (turn["count"], turn["median"], turn["p90"]) == (2, 600, 900)
    assert st["by_state"] == {"published": 2}


def test_interaction_figures(review_desk: Desk, scenario: Scenario) -> None:
    it = review_desk.review.kpis(scenario.incident_id)["interactions"]
    assert it["total"] == 3
    assert it["by_channel"] == {"hotline": 3}
    assert it["by_hour"] == {"2026-01-01T06": 3}
    # answered after 10 min (06:40 -> 06:50) and 50 min (06:40 -> 07:30)
    resp = it["first_response_s"]
    assert (resp["count"], resp["median"], resp["p90"]) == (2, 600, 3000)
    # both rumours are due after arrival: one made it, one did not; the untagged hotline
    # call is due too (the playbook's default for the hotline) and is still open and late
    assert (it["answered_within_target"], it["target_passed_or_answered"]) == (1, 3)
    assert it["within_target_pct"] == 33.3
    assert it["backlog"] == [
        {"hour": "2026-01-01T06", "open": 2},
        {"hour": "2026-01-01T07", "open": 1},
    ]
    assert it["open"] == 1


def test_cluster_figures(review_desk: Desk, scenario: Scenario) -> None:
    cl = review_desk.review.kpis(scenario.incident_id)["clusters"]
    assert (cl["count"], cl["largest"]) == (1, 2)
    top = cl["top"][0]
    assert top["id"] == scenario.cluster_id
    assert top["counter_statement"] == scenario.statements[1]
    # first sighting 06:40, counter-statement sent 07:10
    assert top["to_counter_s"] == 1800
    assert cl["to_counter_s"]["median"] == 1800


def test_checklist_in_a_window(review_desk: Desk, scenario: Scenario) -> None:
    start = datetime(2026, 1, 1, 6, 0, tzinfo=UTC)
    end = datetime(2026, 1, 1, 6, 31, tzinfo=UTC)
    ck = review_desk.review.kpis(scenario.incident_id, start, end)["checklist"]
    # eight steps of the flood playbook are due by 06:30 (PT10M twice, PT15M, PT20M twice,
    # PT30M three times); a 06:10 one was done at 06:08, the 06:15 one at 06:20
    assert ck["due"] == 8
    assert (ck["done_on_time"], ck["done_late"], ck["open_overdue"]) == (1, 1, 6)
    assert (ck["completed"], ck["completed_late"]) == (2, 1)
    assert ck["on_time_pct"] == 12.5  # 1 of 8


def test_window_narrows_decisions(review_desk: Desk, scenario: Scenario) -> None:
    whole = review_desk.review.kpis(scenario.incident_id)["decisions"]["by_kind"]
    assert whole["statement.approved"] == 2
    assert whole["statement.published"] == 2
    assert whole["intake.imported"] == 3
    assert whole["task.done"] == 2
    late = review_desk.review.kpis(
        scenario.incident_id, datetime(2026, 1, 1, 7, 0, tzinfo=UTC), None
    )["decisions"]["by_kind"]
    assert late["statement.approved"] == 1
    assert "task.done" not in late


def test_unknown_incident(review_desk: Desk) -> None:
    with pytest.raises(NotFoundError):
        review_desk.review.kpis(99)


def test_nearest_rank() -> None:
    assert nearest_rank([], 50) is None
    assert nearest_rank([7], 90) == 7
    assert nearest_rank(list(range(1, 11)), 50) == 5
    assert nearest_rank(list(range(1, 11)), 90) == 9
    assert nearest_rank(list(range(1, 12)), 90) == 10
    d = distribution([400, 10, 86400])
    assert [b["count"] for b in d["histogram"]] == [1, 1, 0, 0, 0, 0, 0, 0, 1]
