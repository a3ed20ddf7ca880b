"""The tone of the public in the KPIs: counted per hour and channel, and around the
published statement of the review scenario (rumour calls at 06:40-06:45, the dam denial
published at 07:10)."""

from __future__ import annotations

from crisisdesk.desk import Desk
from tests.unit.review.scenario import Scenario


def test_tone_section(review_desk: Desk, scenario: Scenario) -> None:
    tone = review_desk.review.kpis(scenario.incident_id)["tone"]
    assert tone["scored"] == 3
    assert sum(tone["overall"].values()) == 3
    assert set(tone["by_channel"]) == {"hotline"}
    assert sum(sum(h.values()) for h in tone["by_hour"].values()) == 3
    published = {s["statement"]: s for s in tone["statements"]}
    around = published[scenario.statements[1]]
    before = around["before"]
    assert before["negative"] + before["neutral"] + before["positive"] == 3
    assert sum(around["after"][t] for t in ("negative", "neutral", "positive")) == 0
    assert around["negative_change_pts"] is None  # nobody wrote after it: no change to tell


def test_tone_survives_into_the_bundle_kpis(review_desk: Desk, scenario: Scenario) -> None:
    import json
    import os
    import uuid

    folder = os.path.join(os.environ["CRISISDESK_DATA_DIR"], f"bundle-{uuid.uuid4().hex}")
    review_desk.review.export(scenario.incident_id, folder)
    with open(os.path.join(folder, "kpis.json"), encoding="utf-8") as handle:
        kpis = json.load(handle)
    assert kpis["tone"]["scored"] == 3
