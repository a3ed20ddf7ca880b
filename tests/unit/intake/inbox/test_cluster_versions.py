"""A rumour's label and verification carry the version the user saw, like triage."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from crisisdesk.desk import Desk
from crisisdesk.errors import StaleError
from crisisdesk.intake.parsers.base import IncomingMessage, ParseResult
from tests.helpers.databases import PASSWORD, make_desk

DAM = "انهيار سد وادي الدمام والمياه تتجه الى احياء الفيصلية والنور وعلى السكان الاخلاء فورا"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def room(request: pytest.FixtureRequest, db_url: str) -> object:
    if request.param == "sqlite":
        desk = make_desk(db_url)
        yield desk
        desk.close()
    else:
        from tests.helpers.databases import postgres_database

        with postgres_database() as url:
            desk = make_desk(url)
            yield desk
            desk.close()


def _cluster(desk: Desk) -> int:
    desk.sign_in("layla", PASSWORD)
    incident = desk.incidents.open("سيول", 2, playbook_id="flood-urban").id
    now = datetime.now(UTC)
    messages = [
        IncomingMessage(channel="whatsapp", external_id=f"m{i}", author_handle=f"9665{i}",
                        author_name=None, received_at=now - timedelta(minutes=i),
                        text=DAM + suffix, raw={"i": i})
        for i, suffix in enumerate(["", " انشروها", " !!"])
    ]  # fmt: skip
    desk.inbox.ingest(incident, ParseResult(messages=messages), source="t", format="whatsapp")
    (cluster,) = desk.inbox.clusters.list(incident)
    return cluster.id


def test_a_stale_verdict_is_refused_and_can_be_applied_anyway(room: Desk) -> None:
    cluster_id = _cluster(room)
    seen = room.inbox.clusters.get(cluster_id).version
    other = Desk.open(room.url)  # another laptop
    try:
        other.sign_in("olfa", PASSWORD)
        other.inbox.clusters.update(cluster_id, status="false", seen=seen)
    finally:
        other.close()
    with pytest.raises(StaleError, match=rf"cluster {cluster_id} was changed by olfa at .*"
                       r"now label -, status false"):  # fmt: skip
        room.inbox.clusters.update(cluster_id, status="true", seen=seen)
    assert room.inbox.clusters.get(cluster_id).status == "false"
    seq = room.inbox.clusters.update(cluster_id, status="true", seen=seen, force=True)
    assert room.log.get(seq).payload["overrode"]["by"] == "olfa"
    info = room.inbox.clusters.get(cluster_id)
    assert (info.status, info.version, info.changed_by) == ("true", 2, "layla")
