"""The same KPIs and a verifying bundle on the shared PostgreSQL server."""

from __future__ import annotations

from pathlib import Path

from crisisdesk.clock import ManualClock
from tests.helpers.databases import make_desk
from tests.unit.review.scenario import build


def test_kpis_and_bundle_on_postgres(pg_url: str, tmp_path: Path) -> None:
    clock = ManualClock()
    desk = make_desk(pg_url, clock=clock)
    try:
        scenario = build(desk, clock)
        k = desk.review.kpis(scenario.incident_id)
        turn = k["statements"]["approval_turnaround_s"]
        assert (turn["median"], turn["p90"]) == (600, 900)
        resp = k["interactions"]["first_response_s"]
        assert (resp["median"], resp["p90"]) == (600, 3000)
        assert k["clusters"]["top"][0]["to_counter_s"] == 1800
        out = tmp_path / "bundle"
        desk.review.export(scenario.incident_id, out, mask_pii=True, research=True)
    finally:
        desk.close()
    verdict = desk.review.verify(out)
    assert verdict.ok, verdict.problem
