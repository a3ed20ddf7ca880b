"""Replies through a local server playing the WhatsApp Cloud API: free text inside the
24-hour window, an approved template outside it (or a recorded refusal), failures recorded."""

from __future__ import annotations

import json
from datetime import timedelta

from crisisdesk.clock import ManualClock
from crisisdesk.desk import Desk
from crisisdesk.intake.rows import InboxFilters
from crisisdesk.storage.decision_log import LogFilter
from tests.unit.intake.conftest import Handler, LocalServer
from tests.unit.intake.inbox.conftest import START
from tests.unit.intake.inbox.messages import batch, wa


def _setup(desk: Desk, incident: int, server: LocalServer, **extra: str) -> int:
    desk.secrets.set("whatsapp.token", "wa-token")
    desk.inbox.connectors.configure(
        "whatsapp", "whatsapp", incident, {"base_url": f"{server.url}/v21.0", **extra}
    )
    message = wa(
        "wamid.in1", "الشارع غرق عندنا", at=START - timedelta(minutes=5),
        reply_address={"phone_number_id": "1234", "wa_id": "966500000001"},
    )  # fmt: skip
    desk.inbox.ingest(incident, batch(message), source="s", format="whatsapp")
    return desk.inbox.ids(InboxFilters(incident))[0]


def _graph(server: LocalServer, status: int = 200) -> list[dict[str, object]]:
    seen: list[dict[str, object]] = []

    @server.route("/v21.0/1234/messages")
    def messages(h: Handler) -> None:
        seen.append(json.loads(server.requests[-1]["body"]))  # type: ignore[arg-type]
        if status != 200:
            h.send_json(status, {"error": {"message": "boom"}})
            return
        h.send_json(200, {"messages": [{"id": f"wamid.out{len(seen)}"}]})

    return seen


def test_inside_the_window_free_text_goes_out(
    flood: tuple[Desk, int], local_server: LocalServer
) -> None:
    desk, incident = flood
    iid = _setup(desk, incident, local_server)
    seen = _graph(local_server)
    outcome = desk.inbox.replies.reply(iid, "complaint-received", {"location": "حي الريان"})
    assert (outcome.result, outcome.mode, outcome.external_id) == ("sent", "text", "wamid.out1")
    assert seen[0]["type"] == "text" and seen[0]["to"] == "966500000001"
    assert "حي الريان" in seen[0]["text"]["body"]  # type: ignore[index]
    headers = local_server.requests[-1]["headers"]
    assert headers["Authorization"] == "Bearer wa-token"  # type: ignore[index]
    # a delivery status for our reply links back to the interaction
    from crisisdesk.intake.parsers.base import IncomingMessage

    status = IncomingMessage(
        channel="whatsapp", external_id="wamid.out1#delivered", author_handle=None,
        author_name=None, received_at=START, text="delivered", kind="status",
        refers_to="wamid.out1", raw={"status": "delivered"},
    )  # fmt: skip
    desk.inbox.ingest(incident, batch(status), source="s", format="whatsapp")
    assert [e.kind for e in desk.inbox.detail(iid).events] == ["status"]


def test_outside_the_window_only_a_template(
    flood: tuple[Desk, int], local_server: LocalServer, clock: ManualClock
) -> None:
    desk, incident = flood
    iid = _setup(desk, incident, local_server, template="crisis_reply")
    seen = _graph(local_server)
    clock.advance(timedelta(hours=25))
    outcome = desk.inbox.replies.reply(iid, "observation-thanks")
    assert (outcome.result, outcome.mode) == ("sent", "template")
    assert seen[0]["type"] == "template"
    assert seen[0]["template"]["name"] == "crisis_reply"  # type: ignore[index]


def test_outside_the_window_without_template_is_refused_and_recorded(
    flood: tuple[Desk, int], local_server: LocalServer, clock: ManualClock
) -> None:
    desk, incident = flood
    iid = _setup(desk, incident, local_server)
    seen = _graph(local_server)
    clock.advance(timedelta(hours=25))
    outcome = desk.inbox.replies.reply(iid, "observation-thanks")
    assert (outcome.result, outcome.mode) == ("refused", "blocked") and not seen
    detail = desk.inbox.detail(iid)
    assert detail.row.status == "new" and detail.replies[0].result == "refused"
    assert desk.log.count(LogFilter(kind="interaction.reply_failed")) == 1


def test_a_failing_api_is_recorded_not_lost(
    flood: tuple[Desk, int], local_server: LocalServer
) -> None:
    desk, incident = flood
    iid = _setup(desk, incident, local_server)
    _graph(local_server, status=500)
    outcome = desk.inbox.replies.reply(iid, "observation-thanks")
    assert outcome.result == "failed" and "500" in (outcome.error or "")
    assert desk.inbox.detail(iid).row.status == "new"
