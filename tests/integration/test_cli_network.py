"""``units``, ``network`` and ``board`` as a crisis room's scripts use them."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from crisisdesk.desk import Desk
from crisisdesk.intake.parsers.base import IncomingMessage, ParseResult
from tests.helpers.cli import cli_env, run_cli
from tests.helpers.databases import PASSWORD, make_desk, sign_in_as


def test_units_routing_queue_handoff_and_board(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'room.db'}"
    desk: Desk = make_desk(url)
    desk.users.add("dana", PASSWORD, "operator", "Dana")
    sign_in_as(desk, "lead")
    incident = desk.incidents.open("سيول الدمام والخبر والقطيف", 3).id
    sign_in_as(desk, "operator")
    texts = ["مياه في حي الخليج", "الراكة غرقت", "انقطاع الكهرباء في سيهات"]
    desk.inbox.ingest(
        incident,
        ParseResult(
            messages=[
                IncomingMessage(
                    channel="whatsapp",
                    external_id=f"m{n}",
                    author_handle="9665",
                    author_name=None,
                    received_at=datetime.now(UTC),
                    text=t,
                    raw={},
                )
                for n, t in enumerate(texts)
            ]
        ),
        source="t",
        format="whatsapp",
    )
    desk.close()
    env = cli_env(tmp_path / "data", CRISISDESK_PASSWORD=PASSWORD)

    def cli(user: str, *words: str) -> tuple[int, str, str]:
        done = run_cli(["--db", url, "--as", user, *words], env)
        assert "Traceback" not in done.stderr, done.stderr
        return done.returncode, done.stdout, done.stderr

    code, out, _ = cli("admin", "units", "list", "--json")
    codes = [u["code"] for u in json.loads(out)["units"]]
    assert code == 0 and codes[0] == "amanah" and {"dammam", "khobar", "qatif"} <= set(codes)
    assert cli("admin", "units", "member", "dana", "dammam")[0] == 0
    assert cli("layla", "units", "involve", "--incident", "1", "dammam", "khobar", "qatif")[0] == 0
    code, out, _ = cli("admin", "network", "why", "سيول في سيهات", "--json")
    assert json.loads(out) == {
        "unit": "qatif", "method": "place", "detail": "سيهات", "reason": "mentions سيهات"
    }  # fmt: skip
    code, out, _ = cli("dana", "network", "queue", "--incident", "1", "--json")
    items = json.loads(out)["items"]
    assert [i["unit"] for i in items] == ["dammam"]
    code, _, err = cli("dana", "network", "queue", "--incident", "1", "--all")
    assert code == 1 and "may not network.view_all" in err
    first = str(items[0]["interaction_id"])
    code, out, err = cli("dana", "network", "handoff", first, "--to", "khobar", "--note", "حدود")
    assert code == 0 and "response due kept at" in out, err
    code, out, _ = cli("olfa", "network", "breakdown", "--incident", "1", "--json")
    open_by_unit = {u["unit"]: u["open"] for u in json.loads(out)["units"]}
    assert open_by_unit == {"khobar": 2, "qatif": 1, "dammam": 0}
    code, out, err = cli(
        "dana", "board", "post", "--incident", "1", "--status", "strained",
        "--areas", "حي الخليج", "--needs", "شفاطات", "--next", "30",
    )  # fmt: skip
    assert code == 0, err
    code, out, err = cli("layla", "board", "assign", "--incident", "1", "--unit", "affected",
                         "--title", "انشر رقم الطوارئ", "--due", "30")  # fmt: skip
    assert code == 0 and out.count("task ") == 3, err
    code, out, _ = cli("olfa", "board", "show", "--incident", "1", "--json")
    board = {u["unit"]: u for u in json.loads(out)["units"]}
    assert board["dammam"]["last"]["status"] == "strained"
    assert board["khobar"]["open_tasks"] == 1
    code, out, _ = cli("olfa", "inbox", "list", "--incident", "1", "--unit", "khobar", "--json")
    assert code == 0 and len(json.loads(out)["rows"]) == 2  # its own and the one handed over
    code, _, err = cli("olfa", "inbox", "list", "--incident", "1", "--unit", "nowhere")
    assert code == 1 and "no unit with code" in err
    code, out, err = cli("olfa", "board", "sitrep", "--incident", "1", "--lang", "ar")
    assert code == 0 and out.startswith("تقرير الموقف"), err
    assert cli("admin", "network", "optin", "khobar")[0] == 0
    code, out, err = cli("layla", "network", "brief", "--incident", "1", "--template",
                         "network_alert", "--set", "incident=سيول", "--set", "alert=نفق مغلق",
                         "--unit", "khobar", "--json")  # fmt: skip
    assert code == 0, err
    briefing = json.loads(out)
    assert briefing["recipients"][0]["mode"] == "in_app"  # no WhatsApp set up here
    code, out, _ = cli("layla", "network", "receipts", str(briefing["seq"]))
    assert code == 0 and "khobar" in out
    code, _, err = cli("layla", "network", "brief", "--incident", "1", "--template", "nope",
                       "--unit", "khobar")  # fmt: skip
    assert code == 1 and "unknown briefing template" in err
    code, _, err = cli("dana", "units", "edit", "khobar", "--target", "30")
    assert code == 1 and "may not unit.edit" in err
    code, _, err = cli("admin", "units", "edit", "khobar", "--area", "1,2,3")
    assert code == 1 and "four numbers" in err
