"""The review's part of the demo story: the reviewer exports the flood's bundle at the end."""

from __future__ import annotations

import shutil
from datetime import timedelta

from crisisdesk.demo.story import Story
from crisisdesk.storage import location


def step(story: Story) -> None:
    """Sign a review bundle of the flood incident into the demo's data folder."""
    story.clock.advance(timedelta(minutes=5))
    story.act_as("reviewer")
    out = location.data_dir() / "demo-bundle"
    shutil.rmtree(out, ignore_errors=True)  # the previous demo's bundle, rebuilt with it
    story.desk.review.export(story.flood, out, mask_pii=True)
    story.act_as("lead")
