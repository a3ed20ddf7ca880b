"""The Briefings screen driven as the centre uses it: the next SitRep's due shows; the lead
drafts a SitRep, a spokesperson approves it, the admin puts the leadership on the list and
registers a template, and the lead sends the SitRep to the leadership through a fake
WhatsApp Cloud API on 127.0.0.1; receipts arriving out of order show per recipient."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import Qt

from crisisdesk.desk import Desk
from crisisdesk.intake.parsers.whatsapp import parse_raw_body
from crisisdesk.log.service import LogFilter
from tests.helpers.databases import PASSWORD
from tests.ui.conftest import FLOOD, wait_loaded
from tests.unit.intake.conftest import Handler, LocalServer, local_server  # noqa: F401


def _prepare(db_url: str, server_url: str) -> int:
    """A spokesperson, WhatsApp set up, and the SitRep drafted and approved."""
    other = Desk.open(db_url)
    try:
        other.sign_in("admin", PASSWORD)
        other.users.add("sami", PASSWORD, "spokesperson", "Sami", "أمانة المنطقة الشرقية")
        other.secrets.set("whatsapp.token", "wa-token")
        other.sign_in("layla", PASSWORD)
        incident = next(i.id for i in other.incidents.list() if i.title == FLOOD)
        other.inbox.connectors.configure(
            "whatsapp", "whatsapp", incident,
            {"base_url": f"{server_url}/v21.0", "phone_number_id": "1234"},
        )  # fmt: skip
        return incident
    finally:
        other.close()


def _approve(db_url: str, statement: int) -> None:
    other = Desk.open(db_url)
    try:
        other.sign_in("layla", PASSWORD)
        other.statements.submit(statement)
        other.sign_in("sami", PASSWORD)
        other.statements.approve(statement, PASSWORD, override_reason="the SitRep has no rules")
    finally:
        other.close()


def _statuses(db_url: str, incident: int, events: list[tuple[str, str]]) -> None:
    body = {"object": "whatsapp_business_account", "entry": [{"id": "1", "changes": [{
        "field": "messages", "value": {"messaging_product": "whatsapp",
        "metadata": {"phone_number_id": "1234"},
        "statuses": [{"id": m, "status": s, "timestamp": "1767247300", "recipient_id": "9661"}
                     for m, s in events]}}]}]}  # fmt: skip
    other = Desk.open(db_url)
    try:
        other.sign_in("layla", PASSWORD)
        result = parse_raw_body(json.dumps(body).encode())
        other.inbox.ingest(incident, result, source="webhook", format="whatsapp")
    finally:
        other.close()


def test_the_centre_sends_the_approved_sitrep_to_the_leadership(
    qtbot: Any,
    open_room: Any,
    db_url: str,
    qtmodeltester: Any,
    local_server: LocalServer,  # noqa: F811
) -> None:
    sent: list[dict[str, Any]] = []

    @local_server.route("/v21.0/1234/messages")
    def messages(handler: Handler) -> None:
        body = json.loads(handler.server_state.requests[-1]["body"])  # type: ignore[arg-type]
        sent.append(body)
        if body["to"] == "966500000003":
            handler.send_json(400, {"error": {"message": "recipient not on WhatsApp"}})
            return
        handler.send_json(200, {"messages": [{"id": f"wamid.ui{len(sent)}"}]})

    incident = _prepare(db_url, local_server.url)
    # the admin keeps the lists and the template registry
    room = open_room("admin")
    screen = room.show_screen("briefings")
    qtbot.waitUntil(lambda: screen.templates_model.rowCount() == 4, timeout=10_000)
    qtmodeltester.check(screen.templates_model)
    assert "Next situation report due" in screen.due_label.text()
    screen.tabs.setCurrentIndex(2)
    for key, name, number, optin in (
        ("mayor", "أمين المنطقة الشرقية", "+966500000001", True),
        ("deputy", "وكيل الأمين", "+966500000002", False),
        ("director", "مدير الإعلام", "+966500000003", True),
    ):
        screen.p_key.setText(key)
        screen.p_name.setText(name)
        screen.p_number.setText(number)
        screen.p_optin.setChecked(optin)
        wait_loaded(qtbot, room.ctx.ops)
        qtbot.mouseClick(screen.p_save, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "saved" in screen.message.text(), timeout=10_000)
        screen.message.clear()
    qtbot.waitUntil(lambda: screen.people_model.rowCount() == 3, timeout=10_000)
    qtmodeltester.check(screen.people_model)
    screen.p_number.setText("0500")  # not an international number: the core says why
    qtbot.mouseClick(screen.p_save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "international" in screen.message.text(), timeout=10_000)
    screen.tabs.setCurrentIndex(1)
    screen.templates.setCurrentIndex(screen.templates_model.index(0, 0))
    screen.t_name.setText("road_closure")
    screen.t_params.setText("road، until")  # an Arabic comma separates too
    screen.t_purpose_en.setText("A closed road")
    wait_loaded(qtbot, room.ctx.ops)
    qtbot.mouseClick(screen.t_save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.templates_model.rowCount() == 5, timeout=10_000)
    assert room.ctx.desk.network.briefings.templates()["road_closure"].params == ("road", "until")
    room.close()
    # the lead drafts the SitRep; once approved, sends it
    room = open_room("layla")
    screen = room.show_screen("briefings")
    wait_loaded(qtbot, room.ctx.ops)
    qtbot.mouseClick(screen.send_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "first" in screen.message.text(), timeout=10_000)
    qtbot.mouseClick(screen.draft_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.sitrep_choice.count() == 1, timeout=10_000)
    statement = int(screen.sitrep_choice.currentData())
    wait_loaded(qtbot, room.ctx.ops)
    qtbot.mouseClick(screen.send_button, Qt.MouseButton.LeftButton)  # a draft does not go
    qtbot.waitUntil(lambda: "only an approved one" in screen.message.text(), timeout=10_000)
    _approve(db_url, statement)
    screen.refresh()
    qtbot.waitUntil(lambda: "approved" in screen.sitrep_choice.currentText(), timeout=10_000)
    wait_loaded(qtbot, room.ctx.ops)
    qtbot.mouseClick(screen.send_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.history_model.rowCount() == 1, timeout=10_000)
    assert [b["to"] for b in sent] == ["966500000001", "966500000003"]
    assert room.ctx.desk.log.count(LogFilter(kind="network.briefing")) == 1
    qtmodeltester.check(screen.history_model)
    qtmodeltester.check(screen.receipts_model)

    def statuses() -> dict[str, str]:
        model = screen.receipts_model
        return {
            model.data(model.index(r, 0)): model.data(model.index(r, 2))
            for r in range(model.rowCount())
        }

    assert statuses() == {
        "\u2068أمين المنطقة الشرقية\u2069": "Sent",
        "\u2068وكيل الأمين\u2069": "Not sent: no opt-in",
        "\u2068مدير الإعلام\u2069": "Failed",
    }
    _statuses(db_url, incident, [("wamid.ui1", "read"), ("wamid.ui1", "delivered")])
    screen.refresh()
    qtbot.waitUntil(
        lambda: statuses().get("\u2068أمين المنطقة الشرقية\u2069") == "Read", timeout=10_000
    )
    assert screen.history_model.data(screen.history_model.index(0, 3)) == "1"
