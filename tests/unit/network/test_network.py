"""The network on SQLite and PostgreSQL: units carried over from free text, routing as one
decision per batch, unit queues, hand-off and escalation that keep the response due, the
unit-scoped permission matrix, the coordination board and tasks to units."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from crisisdesk.clock import ManualClock
from crisisdesk.desk import Desk
from crisisdesk.errors import ConflictError, CrisisDeskError, RefusedError
from crisisdesk.intake.parsers.base import IncomingMessage, ParseResult
from crisisdesk.storage import migrate
from crisisdesk.storage.decision_log import LogFilter
from crisisdesk.storage.engine import Database
from tests.helpers.databases import PASSWORD, make_desk, postgres_database, sign_in_as

START = datetime(2026, 1, 1, 6, 0, tzinfo=UTC)
MESSAGES = [
    "تجمع مياه كبير في حي الخليج",  # dammam
    "شارع غرق بالكامل بالراكة",  # khobar
    "سيهات بدون كهرباء",  # qatif
    "متى تتوقف الأمطار؟",  # centre
]


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'net.db'}"
    else:
        with postgres_database() as pg:
            yield pg


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(START)


@pytest.fixture
def room(url: str, clock: ManualClock) -> Iterator[tuple[Desk, int]]:
    """A flood over Dammam, Khobar and Qatif with one message for each and one general."""
    desk = make_desk(url, clock=clock)
    desk.users.add("khalid", PASSWORD, "operator", "Khalid", "بلدية الخبر")  # free text
    desk.users.add("dana", PASSWORD, "operator", "Dana")
    desk.users.add("samir", PASSWORD, "spokesperson", "Samir")
    desk.network.set_member("dana", "dammam")
    desk.network.set_member("samir", "khobar")
    sign_in_as(desk, "lead")
    incident = desk.incidents.open(
        "سيول الدمام والخبر والقطيف", 3, org_units=("أمانة المنطقة الشرقية", "بلدية الدمام")
    ).id
    desk.network.involve(incident, ["khobar", "qatif"])
    sign_in_as(desk, "operator")
    messages = [
        IncomingMessage(
            channel="whatsapp",
            external_id=f"m{n}",
            author_handle=f"9665{n}",
            author_name=None,
            received_at=START,
            text=body,
            raw={},
        )
        for n, body in enumerate(MESSAGES)
    ]
    desk.inbox.ingest(incident, ParseResult(messages=messages), source="t", format="whatsapp")
    yield desk, incident
    desk.close()


def _as(desk: Desk, name: str) -> None:
    desk.sign_in(name, PASSWORD)


def _ids(desk: Desk, incident: int) -> dict[str, int]:
    return {q.unit: q.interaction_id for q in desk.network.queues.queue(incident, all_units=True)}


def test_routing_is_one_decision_per_batch(room: tuple[Desk, int]) -> None:
    desk, incident = room
    head = desk.log.head().seq
    assert desk.network.queues.route_pending(incident) == {
        "dammam": 1, "khobar": 1, "qatif": 1, "amanah": 1
    }  # fmt: skip
    assert [d.kind for d in desk.log.since(head)] == ["network.routed"]
    assert desk.network.queues.route_pending(incident) == {}  # nothing new: no decision
    assert [d.kind for d in desk.log.since(head)] == ["network.routed"]


def test_involved_units_from_links_and_free_text(room: tuple[Desk, int]) -> None:
    desk, incident = room
    assert {u.code for u in desk.network.involved(incident)} == {
        "amanah", "dammam", "khobar", "qatif"
    }  # fmt: skip


def test_a_municipal_operator_sees_their_unit_queue_by_default(room: tuple[Desk, int]) -> None:
    desk, incident = room
    _as(desk, "dana")
    items = desk.network.queues.queue(incident)
    assert [q.unit for q in items] == ["dammam"]
    assert items[0].route().reason(desk.network.router().names_en) == "mentions حي الخليج"
    _as(desk, "khalid")  # free-text "بلدية الخبر" names the Khobar unit
    assert [q.unit for q in desk.network.queues.queue(incident)] == ["khobar"]
    with pytest.raises(RefusedError, match=r"network\.view_all"):
        desk.network.queues.queue(incident, all_units=True)
    with pytest.raises(RefusedError):
        desk.network.queues.queue(incident, unit="dammam")
    _as(desk, "olfa")  # no unit: the centre's, sees all
    assert len(desk.network.queues.queue(incident, all_units=True)) == 4


def test_hand_off_keeps_the_response_due_and_is_a_decision(
    room: tuple[Desk, int], clock: ManualClock
) -> None:
    desk, incident = room
    ids = _ids(desk, incident)
    before = desk.network.queues.item(ids["dammam"]).response_due
    clock.advance(timedelta(minutes=40))
    _as(desk, "dana")
    with pytest.raises(CrisisDeskError, match="needs a note"):
        desk.network.queues.hand_off(ids["dammam"], "khobar", "  ")
    head = desk.log.head().seq
    item = desk.network.queues.hand_off(ids["dammam"], "khobar", "الشارع على حدود الخبر")
    assert (item.unit, item.method, item.routed_by) == ("khobar", "handoff", "dana")
    assert item.response_due == before  # the clock does not restart
    (decision,) = desk.log.since(head)
    assert decision.kind == "interaction.handed_off"
    assert decision.payload["from"] == "dammam" and decision.payload["to"] == "khobar"
    assert decision.payload["response_due"] == before
    assert "response due kept" in decision.summary_en
    # Dana no longer holds it: a second move by her is refused (it is Khobar's now)
    with pytest.raises(RefusedError):
        desk.network.queues.hand_off(ids["dammam"], "qatif", "again")


def test_a_stale_hand_off_is_refused_not_lost(room: tuple[Desk, int]) -> None:
    desk, incident = room
    ids = _ids(desk, incident)
    _as(desk, "olfa")  # centre: may move anything
    desk.network.queues.hand_off(ids["amanah"], "qatif", "first laptop")
    with pytest.raises(ConflictError, match="already moved"):
        desk.network.queues.hand_off(
            ids["amanah"], "khobar", "second laptop", expected_from="amanah"
        )
    assert desk.network.queues.item(ids["amanah"]).unit == "qatif"


def test_escalation_goes_to_the_centre_marked_escalated(room: tuple[Desk, int]) -> None:
    desk, incident = room
    ids = _ids(desk, incident)
    _as(desk, "khalid")
    due = desk.network.queues.item(ids["khobar"]).response_due
    item = desk.network.queues.escalate(ids["khobar"], "يحتاج تنسيق الدفاع المدني")
    assert (item.unit, item.status, item.method, item.response_due) == (
        "amanah", "escalated", "escalation", due
    )  # fmt: skip
    assert desk.log.count(LogFilter(kind="interaction.escalated")) == 1
    with pytest.raises(ConflictError, match="already escalated"):
        _as(desk, "olfa")
        desk.network.queues.escalate(ids["khobar"], "twice")


# The unit-scoped permission matrix: (user, action on a unit) -> allowed.
SCOPE = [
    ("dana", "handoff", "dammam", True),  # own unit
    ("dana", "handoff", "khobar", False),  # another municipality's message
    ("khalid", "handoff", "khobar", True),
    ("khalid", "handoff", "qatif", False),
    ("olfa", "handoff", "qatif", True),  # the centre's operator: any unit
    ("layla", "handoff", "dammam", True),  # the lead, no unit: the centre
    ("rami", "handoff", "dammam", False),  # reviewer: role forbids it
    ("samir", "handoff", "khobar", True),  # Khobar's spokesperson
    ("dana", "board", "dammam", True),
    ("dana", "board", "khobar", False),
    ("samir", "board", "khobar", True),
    ("olfa", "board", "qatif", True),
    ("rami", "board", "amanah", False),
    ("layla", "assign", "khobar", True),  # only the centre's lead assigns
    ("samir", "assign", "khobar", False),
    ("dana", "assign", "dammam", False),
]


@pytest.mark.parametrize(("user", "action", "unit", "allowed"), SCOPE)
def test_unit_scope_matrix(
    room: tuple[Desk, int], user: str, action: str, unit: str, allowed: bool
) -> None:
    desk, incident = room
    ids = _ids(desk, incident)
    _as(desk, user)

    def attempt() -> object:
        if action == "handoff":
            other = "amanah" if unit != "amanah" else "qatif"
            return desk.network.queues.hand_off(ids[unit], other, "note")
        if action == "board":
            return desk.network.board.post(incident, status="watch", unit=unit)
        return desk.network.board.assign(incident, unit, "انشر رقم الطوارئ المحلي")

    refused = desk.log.count(LogFilter(kind="security.refused"))
    if allowed:
        attempt()
        assert desk.log.count(LogFilter(kind="security.refused")) == refused
    else:
        with pytest.raises(RefusedError):
            attempt()
        assert desk.log.count(LogFilter(kind="security.refused")) == refused + 1


def test_board_flags_stale_units(room: tuple[Desk, int], clock: ManualClock) -> None:
    desk, incident = room
    _as(desk, "dana")
    desk.network.board.post(
        incident, status="strained", affected_areas="حي الخليج، الفيصلية",
        open_issues="نفق الخليج مغلق", needs="شفاطات إضافية", next_update_minutes=30,
    )  # fmt: skip
    _as(desk, "khalid")
    desk.network.board.post(incident, status="watch", next_update_minutes=120)
    clock.advance(timedelta(minutes=45))
    lines = {b.unit.code: b for b in desk.network.board.lines(incident)}
    assert lines["dammam"].stale and lines["dammam"].age_minutes == 45
    assert not lines["khobar"].stale
    assert lines["qatif"].last is None and not lines["qatif"].stale  # opened 45 min ago
    clock.advance(timedelta(minutes=100))
    lines = {b.unit.code: b for b in desk.network.board.lines(incident)}
    assert lines["qatif"].stale and lines["khobar"].stale
    assert desk.log.count(LogFilter(kind="board.posted")) == 2


def test_tasks_to_each_affected_municipality(room: tuple[Desk, int]) -> None:
    desk, incident = room
    sign_in_as(desk, "lead")
    tasks = desk.network.board.assign(
        incident, "affected", "انشروا رقم الطوارئ المحلي", due_minutes=30
    )
    assert sorted(t.unit for t in tasks) == ["dammam", "khobar", "qatif"]
    assert desk.log.count(LogFilter(kind="unit_task.assigned")) == 3
    khobar = next(t for t in tasks if t.unit == "khobar")
    _as(desk, "dana")
    with pytest.raises(RefusedError):
        desk.network.board.done(khobar.id, "not ours")
    _as(desk, "khalid")
    assert desk.network.board.done(khobar.id, "نُشر").done_by == "khalid"
    with pytest.raises(ConflictError, match="already done"):
        desk.network.board.done(khobar.id)
    lines = {b.unit.code: b for b in desk.network.board.lines(incident)}
    assert lines["khobar"].open_tasks == 0 and lines["qatif"].open_tasks == 1


def test_admin_edits_units_and_refuses_nonsense(room: tuple[Desk, int]) -> None:
    desk, _incident = room
    _as(desk, "admin")
    unit = desk.network.edit_unit(
        "khobar", {"places": ["الراكة", "حي الصفا"], "response_target_minutes": 45}
    )
    assert unit.response_target_minutes == 45
    assert desk.network.router().route("مياه في حي الصفا").unit == "khobar"
    with pytest.raises(CrisisDeskError, match="area"):
        desk.network.edit_unit("khobar", {"area": [27, 50, 26, 51]})
    with pytest.raises(ConflictError, match="under itself"):
        desk.network.edit_unit("amanah", {"parent": "khobar"})
    with pytest.raises(ConflictError, match="one active centre"):
        desk.network.edit_unit("amanah", {"active": False})
    added = desk.network.add_unit(
        "sub_east",
        "بلدية شرق الدمام\x00\ud83d",
        "East Dammam sub-municipality",
        parent="dammam",
        kind="sub_municipality",
    )
    assert "\x00" not in added.name_ar and "\ud83d" not in added.name_ar
    _as(desk, "layla")
    with pytest.raises(RefusedError):
        desk.network.edit_unit("khobar", {"response_target_minutes": 30})


LEGACY = """
INSERT INTO users (id, name, display_name, role, org_unit, password_hash, active, created_at)
VALUES (1, 'olfa', 'Olfa', 'operator', 'بلدية الدمام', 'x', true, '2026-01-01T06:00:00.000000Z'),
 (2, 'hadi', 'Hadi', 'operator', 'Khobar municipality', 'x', true, '2026-01-01T06:00:00.000000Z'),
 (3, 'noor', 'Noor', 'operator', 'مكتب الإعلام بمستشفى الدمام', 'x', true,
  '2026-01-01T06:00:00.000000Z'),
 (4, 'zaid', 'Zaid', 'lead', NULL, 'x', true, '2026-01-01T06:00:00.000000Z');
INSERT INTO incidents (id, title, severity, status, drill, org_units, opened_at, opened_by)
VALUES (1, 'سيول', 3, 'active', false,
  '["أمانة المنطقة الشرقية", "بلدية الخبر", "مكتب الإعلام بمستشفى الدمام", 7]',
  '2026-01-01T06:00:00.000000Z', 'zaid'),
 (2, 'حريق', 2, 'active', false, 'not json', '2026-01-01T06:00:00.000000Z', 'zaid');
"""


def test_free_text_units_become_units(url: str) -> None:
    db = Database(url)
    migrate.upgrade(db, to="0020")
    with db.engine.begin() as conn:
        for statement in LEGACY.strip().split(";\n"):
            if statement.strip():
                conn.execute(text(statement))
    migrate.upgrade(db)
    assert migrate.current_revisions(db) == migrate.known_heads()
    with db.engine.connect() as conn:
        members = dict(
            conn.execute(
                text("SELECT u.name, n.code FROM unit_members m JOIN users u ON u.id = m.user_id "
                     "JOIN units n ON n.id = m.unit_id")
            ).all()
        )  # fmt: skip
        involved = conn.execute(
            text("SELECT i.incident_id, n.code FROM incident_units i JOIN units n "
                 "ON n.id = i.unit_id ORDER BY i.incident_id, n.code")
        ).all()  # fmt: skip
        hospital = conn.execute(
            text("SELECT code, kind, name_ar FROM units WHERE kind = 'office'")
        ).all()
        count = conn.execute(text("SELECT count(*) FROM units")).scalar()
    assert members["olfa"] == "dammam" and members["hadi"] == "khobar"
    assert "zaid" not in members  # no unit: the centre's
    assert len(hospital) == 1 and hospital[0][2] == "مكتب الإعلام بمستشفى الدمام"
    assert members["noor"] == hospital[0][0]
    assert [tuple(r) for r in involved] == sorted(
        [(1, "amanah"), (1, "khobar"), (1, hospital[0][0])]
    )
    # a new unit after the carried-over ones gets a fresh id (PostgreSQL's sequence moved)
    with db.engine.begin() as conn:
        conn.execute(
            text("INSERT INTO units (code, kind, name_ar, name_en, created_at) "
                 "VALUES ('x_new', 'office', 'x', 'x', '2026-01-01T06:00:00.000000Z')")
        )  # fmt: skip
        new_id = conn.execute(text("SELECT id FROM units WHERE code = 'x_new'")).scalar()
    db.dispose()
    assert count is not None and new_id == count + 1


def test_per_unit_indicators(room: tuple[Desk, int], clock: ManualClock) -> None:
    desk, incident = room
    ids = _ids(desk, incident)
    _as(desk, "admin")
    desk.network.edit_unit("khobar", {"response_target_minutes": 30})
    _as(desk, "dana")
    desk.network.board.post(incident, status="watch", next_update_minutes=30)
    clock.advance(timedelta(minutes=20))
    desk.network.board.post(incident, status="watch", next_update_minutes=30)  # on time
    desk.network.queues.hand_off(ids["dammam"], "khobar", "حدود البلدية")
    clock.advance(timedelta(minutes=40))  # 60 min after arrival
    desk.network.board.post(incident, status="stable")  # late: 40 > 30
    _as(desk, "khalid")
    desk.inbox.triage.apply(ids["khobar"], status="answered")  # 60 min: over Khobar's 30
    clock.advance(timedelta(minutes=30))
    desk.inbox.triage.apply(ids["dammam"], status="answered")  # 90 min
    _as(desk, "olfa")
    desk.network.queues.escalate(ids["qatif"], "يحتاج المركز")
    got = {i.unit.code: i for i in desk.network.queues.indicators(incident)}
    khobar, dammam = got["khobar"], got["dammam"]
    assert (khobar.messages, khobar.answered, khobar.handed_in) == (2, 2, 1)
    assert (khobar.p50_minutes, khobar.p90_minutes) == (75.0, 87.0)
    assert khobar.within_target == 0.0 and khobar.target_minutes == 30
    assert (dammam.handed_out, dammam.board_posts, dammam.board_on_time) == (1, 3, 0.5)
    assert got["qatif"].escalated == 1 and got["amanah"].handed_in == 1
    assert khobar.to_json()["unit"] == "khobar"


def test_a_municipal_operator_triages_and_replies_only_for_their_unit(
    room: tuple[Desk, int],
) -> None:
    desk, incident = room
    ids = _ids(desk, incident)
    _as(desk, "dana")  # Dammam
    desk.inbox.triage.apply(ids["dammam"], category="complaint")
    refused = desk.log.count(LogFilter(kind="security.refused"))
    with pytest.raises(RefusedError, match="Al-Khobar"):
        desk.inbox.triage.apply(ids["khobar"], category="complaint")
    with pytest.raises(RefusedError):
        desk.inbox.replies.send_text(ids["qatif"], "شكرًا لبلاغك")
    assert desk.log.count(LogFilter(kind="security.refused")) == refused + 2
    desk.inbox.replies.send_text(ids["dammam"], "شكرًا لبلاغك، الفرق في الطريق")
    _as(desk, "olfa")  # the centre answers for any unit
    desk.inbox.triage.apply(ids["khobar"], category="complaint")


def test_a_sitrep_is_a_statement_to_approve(room: tuple[Desk, int], clock: ManualClock) -> None:
    desk, incident = room
    _as(desk, "dana")
    desk.network.board.post(
        incident, status="strained", affected_areas="حي الخليج\u202e", needs="شفاطات",
        next_update_minutes=30,
    )  # fmt: skip
    clock.advance(timedelta(minutes=45))
    with pytest.raises(RefusedError):
        desk.network.board.draft_sitrep(incident)  # a unit does not draft the network's
    _as(desk, "olfa")
    statement_id = desk.network.board.draft_sitrep(incident)
    latest = desk.statements.detail(statement_id).latest
    assert latest.text_ar.startswith("تقرير الموقف")
    assert "تحت ضغط — حي الخليج" in latest.text_ar and "(متأخر التحديث)" in latest.text_ar
    assert "\u202e" not in latest.text_ar  # a control from typed text never reaches the report
    assert "Dammam sub-municipalities: strained" in latest.text_en
    assert len(latest.text_ar) <= 1000 and len(latest.text_en) <= 1000
    desk.statements.submit(statement_id)
    sign_in_as(desk, "spokesperson")
    desk.statements.approve(statement_id, PASSWORD, override_reason="the SitRep has no rules")
    assert desk.statements.get(statement_id).state == "approved"


def test_a_sitrep_of_many_units_stays_whatsapp_length() -> None:
    from crisisdesk.network.board import BoardLine, Post
    from crisisdesk.network.sitrep import LIMIT, compose
    from crisisdesk.network.units import Unit

    lines = [
        BoardLine(
            Unit(n, f"u{n}", None, "municipality", f"بلدية رقم {n}", f"Municipality {n}", ""),
            Post(n, 1, f"u{n}", "critical", "حي " * 40, "", "احتياج " * 30, None, "x", "t"),
            5, False, 0,
        )
        for n in range(40)
    ]  # fmt: skip
    for lang in ("ar", "en"):
        text = compose(lang, "سيول", "10:00", lines, {}, [])
        assert len(text) <= LIMIT
        assert ("وحدات أخرى" in text) if lang == "ar" else ("more units" in text)


def test_a_network_statement_cascades_to_three_units(room: tuple[Desk, int]) -> None:
    """The centre's holding statement goes to Dammam, Khobar and Qatif; each localises the
    affected area and the hotline only, its spokesperson approves on the hash, it is
    published; the cascade is in the log and in the status."""
    from crisisdesk.statements.variables import LocalizedText

    desk, _ = room
    sign_in_as(desk, "lead")
    incident = desk.incidents.open("سيول الشرقية", 3, playbook_id="flood-urban").id
    desk.network.involve(incident, ["dammam", "khobar", "qatif"])
    network_id = desk.statements.draft(
        incident, "holding", {"area": LocalizedText("المنطقة الشرقية", "the Eastern Province"),
                              "next_update_time": "18:00"},
    ).statement.id  # fmt: skip
    desk.statements.submit(network_id)
    _as(desk, "samir")  # Khobar's spokesperson may not approve the network's statement
    with pytest.raises(RefusedError):
        desk.statements.approve(network_id, PASSWORD)
    sign_in_as(desk, "spokesperson")  # the centre's
    desk.statements.approve(network_id, PASSWORD)
    sign_in_as(desk, "lead")
    targets = desk.network.cascades.cascade(network_id, ["affected"], ["area", "hotline"])
    assert sorted(u.code for u in targets) == ["dammam", "khobar", "qatif"]
    _as(desk, "dana")
    with pytest.raises(CrisisDeskError, match="locked"):
        desk.network.cascades.localise(network_id, "dammam", {"municipality": "بلدية أخرى"})
    with pytest.raises(RefusedError):
        desk.network.cascades.localise(network_id, "khobar", {"hotline": "940"})
    local = {
        "dammam": desk.network.cascades.localise(
            network_id, "dammam", {"area.ar": "حي الخليج", "area.en": "Al Khaleej"}
        )
    }
    _as(desk, "khalid")
    local["khobar"] = desk.network.cascades.localise(
        network_id, "khobar", {"area.ar": "الراكة", "area.en": "Rakah", "hotline": "0138000120"}
    )
    _as(desk, "olfa")  # the centre localises for Qatif, whose office is busy
    local["qatif"] = desk.network.cascades.localise(
        network_id, "qatif", {"area.ar": "سيهات", "area.en": "Saihat"}
    )
    text = desk.statements.detail(local["khobar"]).latest.text_ar
    assert "الراكة" in text and "0138000120" in text
    for sid in local.values():
        desk.statements.submit(sid)
    _as(desk, "samir")
    with pytest.raises(RefusedError):
        desk.statements.approve(local["dammam"], PASSWORD)  # not his unit
    desk.statements.approve(  # his unit's, on its hash; the playbook wants 940 named
        local["khobar"], PASSWORD, override_reason="the municipality's own hotline"
    )
    sign_in_as(desk, "spokesperson")
    desk.statements.approve(local["dammam"], PASSWORD)
    desk.statements.approve(local["qatif"], PASSWORD)
    sign_in_as(desk, "operator")
    for sid in local.values():
        desk.statements.publish(sid, "clipboard")
    lines = {line.unit.code: line for line in desk.network.cascades.status(network_id)}
    assert {c: (line.statement_id, line.state) for c, line in lines.items()} == {
        code: (sid, "published") for code, sid in local.items()
    }
    assert all(line.published_at for line in lines.values())
    assert desk.log.count(LogFilter(kind="statement.cascaded")) == 1
    assert desk.log.count(LogFilter(kind="statement.localised")) == 3


def test_a_localised_text_edited_outside_its_variables_is_not_approved(
    room: tuple[Desk, int],
) -> None:
    desk, _ = room
    sign_in_as(desk, "lead")
    incident = desk.incidents.open("سيول", 3, playbook_id="flood-urban").id
    desk.network.involve(incident, ["khobar"])
    draft = desk.statements.draft(incident, "holding", {"next_update_time": "18:00"})
    network_id = draft.statement.id
    desk.statements.submit(network_id)
    sign_in_as(desk, "spokesperson")
    desk.statements.approve(network_id, PASSWORD)
    sign_in_as(desk, "lead")
    desk.network.cascades.cascade(network_id, ["khobar"], ["area"])
    _as(desk, "khalid")
    sid = desk.network.cascades.localise(
        network_id, "khobar", {"area.ar": "الثقبة", "area.en": "Thuqbah"}
    )
    latest = desk.statements.detail(sid).latest
    desk.statements.save(sid, text_ar=latest.text_ar + " والإخلاء فوري", base_version=latest.number)
    desk.statements.submit(sid)
    _as(desk, "samir")
    with pytest.raises(ConflictError, match="edited outside"):
        desk.statements.approve(sid, PASSWORD)


def test_a_unit_drafts_and_approves_its_own_statement(room: tuple[Desk, int]) -> None:
    desk, incident = room
    _as(desk, "khalid")
    sid = desk.statements.draft(
        incident, None, kind="awareness", texts={"ar": "تجنبوا نفق الثقبة.", "en": "Avoid it."}
    ).statement.id
    _as(desk, "dana")
    with pytest.raises(RefusedError):
        desk.network.cascades.claim(sid, "khobar")
    _as(desk, "khalid")
    desk.network.cascades.claim(sid, "khobar")
    with pytest.raises(ConflictError, match="already belongs"):
        desk.network.cascades.claim(sid, "khobar")
    desk.statements.submit(sid)
    _as(desk, "samir")  # Khobar's spokesperson approves in the unit
    desk.statements.approve(sid, PASSWORD, override_reason="no playbook rules")
    assert desk.statements.get(sid).state == "approved"


def test_a_unit_target_brings_the_due_earlier_never_later(room: tuple[Desk, int]) -> None:
    desk, incident = room
    with desk.db.read() as session:
        from crisisdesk.storage.models import Interaction

        before = {i.text: i.response_due for i in session.query(Interaction)}
    _as(desk, "admin")
    desk.network.edit_unit("khobar", {"response_target_minutes": 20})
    desk.network.edit_unit("qatif", {"response_target_minutes": 10_000})  # looser: ignored
    desk.network.queues.route_pending(incident)
    items = {i.unit: i for i in desk.network.queues.queue(incident, all_units=True)}
    assert items["khobar"].response_due == "2026-01-01T06:20:00.000000Z"
    assert items["qatif"].response_due == before[MESSAGES[2]]
    with desk.db.read() as session:
        from crisisdesk.storage.models import Interaction

        row = session.get(Interaction, items["khobar"].interaction_id)
        assert row is not None and row.due_rule == "unit:khobar"
