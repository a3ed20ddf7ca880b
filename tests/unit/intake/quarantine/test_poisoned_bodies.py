"""Finding 1 of issue 12: one signed webhook body stopped all WhatsApp intake.

Each poisoned body, as reported, now ends set aside with a one-line reason and its raw bytes
(or, for the lone surrogate, stored with U+FFFD), and every later body is processed — on
SQLite and on PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from crisisdesk.desk import Desk
from crisisdesk.intake.parsers import whatsapp
from crisisdesk.intake.rows import InboxFilters
from crisisdesk.intake.webhook_server import drain, pending_count, store_body
from crisisdesk.storage.models import Decision, Interaction, QuarantineItem
from tests.helpers.databases import make_desk, sign_in_as, sqlite_db_url
from tests.unit.intake.quarantine.bodies import POISONED, good


@pytest.fixture(params=["sqlite", "postgresql"])
def room(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Desk, int]]:
    url = (
        sqlite_db_url(tmp_path) if request.param == "sqlite" else request.getfixturevalue("pg_url")
    )
    desk = make_desk(url)
    sign_in_as(desk, "lead")
    incident = desk.incidents.open("سيول", 2, playbook_id="flood-urban").id
    sign_in_as(desk, "operator")
    yield desk, incident
    desk.close()


@pytest.mark.parametrize("case", sorted(POISONED))
def test_parser_answers_every_poisoned_body(case: str) -> None:
    result = whatsapp.parse_raw_body(POISONED[case], "body")
    if case == "lone_surrogate":
        [message] = result.messages
        assert message.text.startswith("\ufffd ")
        message.text.encode("utf-8")  # storable
    else:
        assert not result.messages
        [rejection] = result.rejected
        assert "\n" not in rejection.reason and rejection.reason


@pytest.mark.parametrize("case", sorted(POISONED))
def test_poisoned_body_does_not_stop_later_bodies(room: tuple[Desk, int], case: str) -> None:
    desk, incident = room
    store_body(desk, incident, good(1), None)
    poisoned_id = store_body(desk, incident, POISONED[case], None)
    for i in range(2, 6):
        store_body(desk, incident, good(i), None)
    result = drain(desk.inbox, incident)
    assert result.bodies == 6
    assert pending_count(desk) == 0
    with desk.db.read() as session:
        ids = set(session.scalars(select(Interaction.external_id)))
        aside = session.scalars(select(QuarantineItem)).all()
    assert {f"wamid.ok{i}" for i in range(1, 6)} <= ids
    if case == "lone_surrogate":
        assert "wamid.p4" in ids and not aside
        assert desk.inbox.count(InboxFilters(incident)) == 6
        return
    assert desk.inbox.count(InboxFilters(incident)) == 5
    [item] = aside
    assert (item.channel, item.format, item.state) == ("whatsapp", "whatsapp-webhook", "set_aside")
    assert item.raw == POISONED[case]  # verbatim
    assert f"webhook body {poisoned_id}" in item.position
    assert item.reason and "\n" not in item.reason
    # listed for the room
    [info] = desk.inbox.quarantine.items(incident)
    assert info.id == item.id
    [backlog] = desk.inbox.quarantine.backlog(incident)
    assert (backlog.channel, backlog.waiting, backlog.set_aside) == ("whatsapp", 0, 1)


def test_bodies_of_one_drain_make_one_decision(room: tuple[Desk, int]) -> None:
    desk, incident = room
    for case in sorted(POISONED):
        store_body(desk, incident, POISONED[case], None)
    for i in range(40):
        store_body(desk, incident, good(i), None)
        store_body(desk, incident, good(i), None)  # Meta re-sends
    with desk.db.read() as session:
        before = session.scalar(select(func.count(Decision.seq)))
    drain(desk.inbox, incident)
    with desk.db.read() as session:
        after = session.scalar(select(func.count(Decision.seq)))
    assert after - before == 1  # 86 bodies, one arrival decision


def test_set_aside_again_is_not_kept_twice(room: tuple[Desk, int]) -> None:
    desk, incident = room
    store_body(desk, incident, POISONED["text_is_string"], None)
    store_body(desk, incident, POISONED["text_is_string"], None)
    drain(desk.inbox, incident)
    assert len(desk.inbox.quarantine.items(incident)) == 1
