"""Per-unit indicators in the KPIs (the Dashboard's data and the review bundle's
``kpis.json``): answering, hand-offs and board punctuality per unit, and the statement
indicators — statements per unit and the time from the centre's cascade to each unit's
local publication, hand-computed. The bundle with the new section still verifies, and its
reports carry the per-unit table in Arabic and English."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from crisisdesk.clock import ManualClock
from crisisdesk.desk import Desk
from crisisdesk.intake.parsers.base import IncomingMessage, ParseResult
from crisisdesk.review.bundle_verify import verify_bundle
from crisisdesk.statements.variables import LocalizedText
from tests.helpers.databases import PASSWORD, sign_in_as
from tests.unit.network.test_network import _as, _ids, clock, room, url  # noqa: F401


def test_unit_kpis_and_statement_indicators_in_the_bundle(
    room: tuple[Desk, int],  # noqa: F811
    clock: ManualClock,  # noqa: F811
    tmp_path: Path,
) -> None:
    desk, _ = room
    sign_in_as(desk, "lead")
    incident = desk.incidents.open("سيول الشرقية", 3, playbook_id="flood-urban").id
    desk.network.involve(incident, ["dammam", "khobar", "qatif"])
    sign_in_as(desk, "operator")
    message = IncomingMessage("whatsapp", "k1", "96651", None, clock.now(), "غرق الراكة", raw={})
    desk.inbox.ingest(incident, ParseResult(messages=[message]), source="t", format="whatsapp")
    ids = _ids(desk, incident)
    _as(desk, "khalid")
    clock.advance(timedelta(minutes=12))
    desk.inbox.triage.apply(ids["khobar"], status="answered")  # Khobar: 12 min
    _as(desk, "dana")
    desk.network.board.post(incident, status="watch", next_update_minutes=30)
    # the centre's statement, cascaded to three units; two publish their local version
    sign_in_as(desk, "lead")
    values = {"area": LocalizedText("المنطقة الشرقية", "the Eastern Province"),
              "next_update_time": "18:00"}  # fmt: skip
    network_id = desk.statements.draft(incident, "holding", values).statement.id
    desk.statements.submit(network_id)
    sign_in_as(desk, "spokesperson")
    desk.statements.approve(network_id, PASSWORD)
    sign_in_as(desk, "lead")
    desk.network.cascades.cascade(network_id, ["dammam", "khobar", "qatif"], ["area"])
    published = {}
    for code, minutes in (("khobar", 25), ("dammam", 15)):
        clock.advance(timedelta(minutes=minutes))
        _as(desk, "olfa")
        sid = desk.network.cascades.localise(network_id, code, {})
        desk.statements.submit(sid)
        sign_in_as(desk, "spokesperson")
        desk.statements.approve(sid, PASSWORD)
        sign_in_as(desk, "operator")
        desk.statements.publish(sid, "clipboard")
        published[code] = sid
    sign_in_as(desk, "lead")
    units = {u["unit"]: u for u in desk.review.kpis(incident)["units"]}
    khobar, dammam, qatif = units["khobar"], units["dammam"], units["qatif"]
    assert (khobar["answered"], khobar["p50_minutes"]) == (1, 12.0)
    assert (khobar["statements"], khobar["approved"], khobar["published"]) == (1, 1, 1)
    assert khobar["cascade_to_publication_s"] == {"count": 1, "median": 1500, "p90": 1500}
    assert dammam["cascade_to_publication_s"]["median"] == 2400  # 25 + 15 min after the cascade
    assert (dammam["board_posts"], dammam["received"]) == (1, 1)
    assert (qatif["received"], qatif["statements"], qatif["published"]) == (1, 0, 0)
    assert qatif["cascade_to_publication_s"]["count"] == 0
    names = [u["name_en"] for u in units.values()]
    assert set(units) == {"dammam", "khobar", "qatif"} and names == sorted(names)
    assert "units" in desk.review.dashboard(incident)
    sign_in_as(desk, "reviewer")
    result = desk.review.export(incident, tmp_path / "bundle")
    verdict = verify_bundle(result.out)
    assert verdict.ok, verdict.problem
    import json

    kpis = json.loads((result.out / "kpis.json").read_text("utf-8"))
    assert {u["unit"] for u in kpis["units"]} >= {"khobar", "dammam", "qatif"}
    html = (result.out / "report.html").read_text("utf-8")
    assert "Indicators per unit" in html and "المؤشرات حسب الوحدة" in html
    assert "25 min 00 s" in html and "40 min 00 s" in html
