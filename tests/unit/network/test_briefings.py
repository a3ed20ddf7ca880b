"""Briefings to focal points through a fake WhatsApp Business Cloud API on 127.0.0.1:
template sends with the right variables, a failed send visible per recipient, receipts that
arrive out of order, a drill that sends nothing, and no WhatsApp at all (in-app)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from crisisdesk.clock import ManualClock
from crisisdesk.desk import Desk
from crisisdesk.errors import CrisisDeskError, RefusedError
from crisisdesk.intake.parsers.whatsapp import parse_raw_body
from tests.helpers.databases import PASSWORD, make_desk, sign_in_as
from tests.unit.intake.conftest import Handler, LocalServer, local_server  # noqa: F401

START = datetime(2026, 1, 1, 6, 0, tzinfo=UTC)


@pytest.fixture
def room(tmp_path: Path) -> Iterator[tuple[Desk, int]]:
    desk = make_desk(f"sqlite:///{tmp_path / 'b.db'}", clock=ManualClock(START))
    desk.users.add("khalid", PASSWORD, "operator", "Khalid", "بلدية الخبر")
    for unit in ("dammam", "khobar", "qatif"):
        desk.network.briefings.opt_in(unit)
    sign_in_as(desk, "lead")
    incident = desk.incidents.open("سيول", 3).id
    desk.network.involve(incident, ["dammam", "khobar", "qatif"])
    yield desk, incident
    desk.close()


def _statuses(incident: int, desk: Desk, events: list[tuple[str, str, int]]) -> None:
    """Status webhooks as the Cloud API posts them (message id, status, unix time)."""
    body = {"object": "whatsapp_business_account", "entry": [{"id": "1", "changes": [{
        "field": "messages", "value": {"messaging_product": "whatsapp",
        "metadata": {"phone_number_id": "1234"},
        "statuses": [{"id": m, "status": s, "timestamp": str(t), "recipient_id": "9661"}
                     for m, s, t in events]}}]}]}  # fmt: skip
    result = parse_raw_body(json.dumps(body).encode())
    desk.inbox.ingest(incident, result, source="webhook", format="whatsapp")


def test_templates_go_out_with_their_variables_and_receipts_come_back(
    room: tuple[Desk, int],
    local_server: LocalServer,  # noqa: F811
) -> None:
    desk, incident = room
    sent: list[dict[str, object]] = []

    @local_server.route("/v21.0/1234/messages")
    def messages(handler: Handler) -> None:
        body = json.loads(handler.server_state.requests[-1]["body"])  # type: ignore[arg-type]
        sent.append(body)
        if body["to"] == "966138000140":  # Qatif's number: the API refuses it
            handler.send_json(400, {"error": {"message": "recipient not on WhatsApp"}})
            return
        handler.send_json(200, {"messages": [{"id": f"wamid.{len(sent)}"}]})

    desk.secrets.set("whatsapp.token", "wa-token")
    desk.inbox.connectors.configure(
        "whatsapp", "whatsapp", incident,
        {"base_url": f"{local_server.url}/v21.0", "phone_number_id": "1234"},
    )  # fmt: skip
    with pytest.raises(CrisisDeskError, match="missing summary"):
        desk.network.briefings.send(incident, "network_briefing", {"incident": "x"}, ["affected"])
    seq, receipts = desk.network.briefings.send(
        incident, "network_briefing",
        {"incident": "سيول الشرقية", "summary": "ارتفاع المنسوب\nفي الأنفاق"}, ["affected"],
    )  # fmt: skip
    assert len(sent) == 3
    first = sent[0]
    assert first["type"] == "template"
    template = first["template"]
    assert isinstance(template, dict) and template["name"] == "network_briefing"
    params = template["components"][0]["parameters"]
    assert [p["text"] for p in params] == ["سيول الشرقية", "ارتفاع المنسوب في الأنفاق"]
    by_unit = {r.unit: r for r in receipts}
    assert by_unit["qatif"].status == "failed" and "400" in (by_unit["qatif"].error or "")
    ok = [r for r in receipts if r.status == "sent"]
    assert len(ok) == 2
    a, b = (r.message_id or "" for r in ok)
    # read arrives before delivered for one; the other only gets delivered
    _statuses(incident, desk, [(a, "read", 1767247300), (b, "delivered", 1767247250)])
    _statuses(incident, desk, [(a, "delivered", 1767247200), (a, "sent", 1767247100)])
    now = {r.message_id: r.status for r in desk.network.briefings.receipts(seq)}
    assert now[a] == "read" and now[b] == "delivered"
    assert {r.unit: r.status for r in desk.network.briefings.receipts(seq)}["qatif"] == "failed"


def test_only_the_centre_briefs_and_a_drill_sends_nothing(
    room: tuple[Desk, int],
    local_server: LocalServer,  # noqa: F811
) -> None:
    desk, _ = room
    desk.sign_in("khalid", PASSWORD)
    with pytest.raises(RefusedError):
        desk.network.briefings.send(1, "network_alert", {"incident": "x", "alert": "y"}, ["khobar"])
    sign_in_as(desk, "lead")
    drill = desk.incidents.open("تمرين", 2, drill=True).id
    desk.secrets.set("whatsapp.token", "wa-token")
    desk.inbox.connectors.configure(
        "whatsapp", "whatsapp", drill,
        {"base_url": f"{local_server.url}/v21.0", "phone_number_id": "1234"},
    )  # fmt: skip
    _, receipts = desk.network.briefings.send(
        drill, "network_alert", {"incident": "تمرين", "alert": "اختبار"}, ["khobar", "jubail"]
    )
    assert local_server.requests == []
    modes = {r.unit: (r.mode, r.status) for r in receipts}
    assert modes == {"khobar": ("sandbox", "recorded"), "jubail": ("in_app", "recorded")}


def test_without_whatsapp_the_briefing_is_in_app(room: tuple[Desk, int]) -> None:
    desk, incident = room
    _, receipts = desk.network.briefings.send(
        incident, "unit_task", {"unit": "الخبر", "task": "انشروا الرقم", "due": "10:00"},
        ["khobar"],
    )  # fmt: skip
    assert [(r.mode, r.error) for r in receipts] == [("in_app", "WhatsApp not set up")]


def test_a_focal_point_reply_goes_to_the_coordination_thread(room: tuple[Desk, int]) -> None:
    from crisisdesk.intake.parsers.base import IncomingMessage, ParseResult

    desk, incident = room
    replies = [
        IncomingMessage(  # Khobar's focal point (+966138000120) answers the briefing
            "whatsapp", "wamid.fp1", "966138000120", "مدير الإعلام", START,
            "تم، نشرنا الرقم المحلي في الراكة", reply_address={"phone_number_id": "1234",
            "wa_id": "966138000120"},
        ),
        IncomingMessage("whatsapp", "wamid.p1", "966500000009", "مواطن", START, "غرق الراكة"),
    ]  # fmt: skip
    desk.inbox.ingest(incident, ParseResult(messages=replies), source="s", format="whatsapp")
    thread = desk.network.queues.thread(incident, "khobar")
    assert [(i.text, i.method, i.status) for i in thread] == [
        ("تم، نشرنا الرقم المحلي في الراكة", "coordination", "closed")
    ]
    queue = desk.network.queues.queue(incident, unit="khobar")
    assert [i.text for i in queue] == ["غرق الراكة"]  # the public's message, not the reply
    desk.sign_in("khalid", PASSWORD)
    assert len(desk.network.queues.thread(incident, "khobar")) == 1
    with pytest.raises(RefusedError):
        desk.network.queues.thread(incident, "dammam")
