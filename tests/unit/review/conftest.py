"""A desk on a ManualClock with the hand-built scenario, and bundles exported from it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from crisisdesk.clock import ManualClock
from crisisdesk.desk import Desk
from tests.helpers.databases import make_desk
from tests.unit.review.scenario import Scenario, build


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def review_desk(db_url: str, clock: ManualClock) -> Iterator[Desk]:
    desk = make_desk(db_url, clock=clock)
    yield desk
    desk.close()


@pytest.fixture
def scenario(review_desk: Desk, clock: ManualClock) -> Scenario:
    return build(review_desk, clock)
