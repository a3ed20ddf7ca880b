"""The review's part of the demo story: the reviewer exports the flood's bundle at the end."""

from __future__ import annotations

import shutil
from datetime import timedelta

from crisisdesk.clock import ManualClock
from crisisdesk.demo_acting import act_as
from crisisdesk.desk import Desk
from crisisdesk.storage import location


def step(desk: Desk, clock: ManualClock) -> None:
    """Sign a review bundle of the flood incident into the demo's data folder."""
    from crisisdesk.demo import DEMO_PASSWORD

    clock.advance(timedelta(minutes=5))
    act_as(desk, "reviewer", DEMO_PASSWORD)
    out = location.data_dir() / "demo-bundle"
    shutil.rmtree(out, ignore_errors=True)  # the previous demo's bundle, rebuilt with it
    from crisisdesk.demo import flood_incident

    desk.review.export(flood_incident(desk), out, mask_pii=True)
    act_as(desk, "lead", DEMO_PASSWORD)
