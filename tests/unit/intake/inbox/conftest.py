"""An incident opened on the flood playbook, with the desk signed in as an operator."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from crisisdesk.clock import ManualClock
from crisisdesk.desk import Desk
from tests.helpers.databases import make_desk, sign_in_as

START = datetime(2026, 11, 26, 6, 0, tzinfo=UTC)


def open_flood(desk: Desk) -> int:
    sign_in_as(desk, "lead")
    incident = desk.incidents.open("Flood in Dammam", 2, playbook_id="flood-urban")
    sign_in_as(desk, "operator")
    return incident.id


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(START)


@pytest.fixture
def flood(db_url: str, clock: ManualClock) -> Iterator[tuple[Desk, int]]:
    desk = make_desk(db_url, clock=clock)
    yield desk, open_flood(desk)
    desk.close()
