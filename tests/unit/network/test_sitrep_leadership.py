"""The SitRep on its cadence and to the leadership: a reminder when the two hours since the
last SitRep run out (said once, gone once a new one is drafted), and the approved SitRep
sent as the ``sitrep_ready`` template to the opted-in people on the leadership list through
a fake WhatsApp Cloud API on 127.0.0.1, each step a decision."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from crisisdesk.clock import ManualClock
from crisisdesk.desk import Desk
from crisisdesk.errors import ConflictError, CrisisDeskError, RefusedError
from crisisdesk.incidents.reminders import ReminderEngine
from crisisdesk.network.sitrep_cadence import sitrep_dues
from crisisdesk.storage.decision_log import LogFilter
from tests.helpers.databases import PASSWORD, make_desk, sign_in_as
from tests.unit.intake.conftest import Handler, LocalServer, local_server  # noqa: F401

START = datetime(2026, 1, 1, 6, 0, tzinfo=UTC)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(START)


@pytest.fixture
def room(tmp_path: Path, clock: ManualClock) -> Iterator[tuple[Desk, int]]:
    desk = make_desk(f"sqlite:///{tmp_path / 's.db'}", clock=clock)
    desk.users.add("khalid", PASSWORD, "operator", "Khalid", "بلدية الخبر")
    sign_in_as(desk, "lead")
    incident = desk.incidents.open("سيول الشرقية", 3).id
    desk.network.involve(incident, ["dammam", "khobar"])
    yield desk, incident
    desk.close()


def _dues(desk: Desk) -> list:  # type: ignore[type-arg]
    with desk.db.read() as session:
        return sitrep_dues(session)


def _approved_sitrep(desk: Desk, incident: int) -> int:
    sign_in_as(desk, "lead")
    statement = desk.network.board.draft_sitrep(incident)
    desk.statements.submit(statement)
    sign_in_as(desk, "spokesperson")
    desk.statements.approve(statement, PASSWORD, override_reason="the SitRep has no rules")
    sign_in_as(desk, "lead")
    return statement


def test_the_sitrep_comes_due_two_hours_after_the_last_one(
    room: tuple[Desk, int], clock: ManualClock
) -> None:
    desk, incident = room
    plain = desk.incidents.open("حريق سوق", 2).id  # no unit involved: no SitRep cadence
    engine = ReminderEngine()
    [due] = _dues(desk)
    assert (due.incident_id, due.last_at) == (incident, None)
    assert due.due_at == START + timedelta(hours=2)
    assert plain not in {d.incident_id for d in _dues(desk)}
    assert engine.check([], START, sitreps=_dues(desk)).notices == []
    clock.advance(timedelta(minutes=111))
    notices = engine.check([], clock.now(), sitreps=_dues(desk)).notices
    assert [(n.kind, n.incident_id, n.task_id) for n in notices] == [
        ("sitrep_due_soon", incident, 0)
    ]
    assert notices[0].text("ar") == "يقترب موعد تقرير الموقف: سيول الشرقية"
    clock.advance(timedelta(minutes=1))
    assert engine.check([], clock.now(), sitreps=_dues(desk)).notices == []  # said once
    clock.advance(timedelta(minutes=9))
    [late] = engine.check([], clock.now(), sitreps=_dues(desk)).notices
    assert late.kind == "sitrep_overdue" and late.text("en").startswith("Situation report due")
    assert engine.check([], clock.now(), sitreps=_dues(desk)).notices == []
    statement = desk.network.board.draft_sitrep(incident)
    [due] = _dues(desk)
    assert due.last_at == clock.now() and due.due_at == clock.now() + timedelta(hours=2)
    assert engine.check([], clock.now(), sitreps=_dues(desk)).notices == []
    entries = desk.log.get_many(desk.log.seqs(LogFilter(kind="sitrep.drafted")))
    assert [e.payload["statement"] for e in entries] == [statement]


def test_the_room_timers_raise_the_sitrep_like_a_task(
    room: tuple[Desk, int], clock: ManualClock
) -> None:
    from crisisdesk.incidents.timers import TaskTimers

    desk, incident = room
    said: list[object] = []
    timers = TaskTimers(desk, said.append)
    timers.tick()
    clock.advance(timedelta(hours=2, minutes=1))
    for _ in range(3):  # ticks every 30 s, so no sleep in between
        timers.tick()
        clock.advance(timedelta(seconds=30))
    sitrep = [n for r in said for n in r.notices if n.sitrep]  # type: ignore[attr-defined]
    assert [(n.kind, n.incident_id) for n in sitrep] == [("sitrep_overdue", incident)]


def test_the_approved_sitrep_goes_to_the_leadership(
    room: tuple[Desk, int],
    local_server: LocalServer,  # noqa: F811
) -> None:
    desk, incident = room
    sent: list[dict[str, object]] = []

    @local_server.route("/v21.0/1234/messages")
    def messages(handler: Handler) -> None:
        body = json.loads(handler.server_state.requests[-1]["body"])  # type: ignore[arg-type]
        sent.append(body)
        if body["to"] == "966500000003":
            handler.send_json(400, {"error": {"message": "recipient not on WhatsApp"}})
            return
        handler.send_json(200, {"messages": [{"id": f"wamid.s{len(sent)}"}]})

    sign_in_as(desk, "admin")
    people = desk.network.briefings
    people.set_recipient("mayor", "أمين المنطقة الشرقية", "+966500000001", opted_in=True)
    people.set_recipient("deputy", "وكيل الأمين", "+966 50 000 0002", opted_in=False)
    people.set_recipient("director", "مدير الإعلام", "+966500000003", opted_in=True)
    people.set_recipient("press", "الصحفي", "+966500000004", lists=["press"], opted_in=True)
    with pytest.raises(CrisisDeskError, match="international number"):
        people.set_recipient("bad", "x", "0500", opted_in=True)
    with pytest.raises(ConflictError, match="already reads so"):
        people.set_recipient("mayor", "أمين المنطقة الشرقية", "+966500000001", opted_in=True)
    desk.secrets.set("whatsapp.token", "wa-token")
    sign_in_as(desk, "lead")
    desk.inbox.connectors.configure(
        "whatsapp", "whatsapp", incident,
        {"base_url": f"{local_server.url}/v21.0", "phone_number_id": "1234"},
    )  # fmt: skip
    draft = desk.network.board.draft_sitrep(incident)
    with pytest.raises(ConflictError, match="only an approved one"):
        people.send_sitrep(draft)
    plain = desk.statements.draft(incident, None, kind="update", texts={"ar": "نص", "en": "t"})
    with pytest.raises(ConflictError, match="not a situation report"):
        people.send_sitrep(plain.statement.id)
    statement = _approved_sitrep(desk, incident)
    desk.sign_in("khalid", PASSWORD)
    with pytest.raises(RefusedError):
        people.send_sitrep(statement)  # a municipality does not brief the leadership
    sign_in_as(desk, "lead")
    seq, receipts = people.send_sitrep(statement)
    assert [b["to"] for b in sent] == ["966500000001", "966500000003"]  # by name, opted in
    template = sent[0]["template"]
    assert isinstance(template, dict) and template["name"] == "sitrep_ready"
    params = [p["text"] for p in template["components"][0]["parameters"]]
    text = desk.statements.version(statement).text_ar
    assert params[0] == "سيول الشرقية" and params[1] == "06:00"
    assert params[2] == " ".join(text.split()) and "\n" not in params[2]
    by_key = {r.unit: (r.mode, r.status) for r in receipts}
    assert by_key == {
        "mayor": ("whatsapp", "sent"), "deputy": ("skipped", "recorded"),
        "director": ("failed", "failed"),
    }  # fmt: skip
    [briefing] = people.history(incident)
    assert (briefing.seq, briefing.statement, briefing.template) == (seq, statement, "sitrep_ready")
    entry = desk.log.get_many(desk.log.seqs(LogFilter(kind="network.briefing")))[-1]
    assert entry.payload["list"] == "leadership" and entry.payload["statement"] == statement
    assert entry.payload["content_hash"] == desk.statements.version(statement).content_hash


def test_the_template_registry_is_edited_and_checked(room: tuple[Desk, int]) -> None:
    desk, incident = room
    briefings = desk.network.briefings
    with pytest.raises(RefusedError):
        briefings.set_template("road_closure", ["road", "until"])  # the lead is no admin
    sign_in_as(desk, "admin")
    with pytest.raises(CrisisDeskError, match="lower-case"):
        briefings.set_template("Road Closure", ["road"])
    with pytest.raises(CrisisDeskError, match="differ"):
        briefings.set_template("road_closure", ["road", "road"])
    briefings.set_template(
        "road_closure", ["road", "until"], language="en_US", purpose_en="A closed road"
    )
    assert briefings.templates()["road_closure"].params == ("road", "until")
    briefings.set_template("network_alert", ["incident"], active=False)
    sign_in_as(desk, "lead")
    _, receipts = briefings.send(
        incident, "road_closure", {"road": "طريق الملك فهد", "until": "18:00"}, ["khobar"]
    )
    assert receipts[0].unit == "khobar"
    with pytest.raises(CrisisDeskError, match="unknown briefing template 'network_alert'"):
        briefings.send(incident, "network_alert", {"incident": "x", "alert": "y"}, ["khobar"])
    with pytest.raises(CrisisDeskError, match="takes exactly road, until"):
        briefings.send(incident, "road_closure", {"road": "x"}, ["khobar"])
    kinds = [e.kind for e in desk.log.get_many(desk.log.seqs(LogFilter(kind="network.template")))]
    assert kinds == ["network.template", "network.template"]
