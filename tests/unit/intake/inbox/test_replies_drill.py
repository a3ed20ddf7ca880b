"""A reply to a message of a drill (an exercise) never leaves the machine.

Reported with issue 20: publications of a drill went to the sandbox, but a WhatsApp reply to
an injected message was posted to the configured Cloud API, i.e. to a real citizen's number.
"""

from __future__ import annotations

from datetime import timedelta

from crisisdesk.clock import ManualClock
from crisisdesk.desk import Desk
from crisisdesk.intake.rows import InboxFilters
from tests.helpers.databases import make_desk, sign_in_as
from tests.unit.intake.conftest import LocalServer
from tests.unit.intake.inbox.conftest import START
from tests.unit.intake.inbox.messages import batch, wa


def test_a_drill_reply_reaches_no_real_channel(db_url: str, local_server: LocalServer) -> None:
    desk: Desk = make_desk(db_url, clock=ManualClock(START))
    try:
        sign_in_as(desk, "lead")
        incident = desk.incidents.open("Exercise flood", 2, drill=True, playbook_id="flood-urban")
        desk.secrets.set("whatsapp.token", "wa-token")
        desk.inbox.connectors.configure(
            "whatsapp", "whatsapp", incident.id, {"base_url": f"{local_server.url}/v21.0"}
        )
        message = wa(
            "wamid.drill1", "الشارع غرق عندنا", at=START - timedelta(minutes=5),
            reply_address={"phone_number_id": "1234", "wa_id": "966500000001"},
        )  # fmt: skip
        desk.inbox.ingest(incident.id, batch(message), source="s", format="whatsapp")
        sign_in_as(desk, "operator")
        iid = desk.inbox.ids(InboxFilters(incident.id))[0]
        outcome = desk.inbox.replies.reply(iid, "complaint-received", {"location": "حي الريان"})
        assert local_server.requests == []
        assert outcome.result == "recorded"
        assert outcome.mode == "sandbox"
    finally:
        desk.close()
