"""``network templates``, ``network recipient`` and ``network sitrep-send`` as a crisis
room's scripts use them: the admin registers a template and puts the leadership on the
list; the approved SitRep goes to it (no WhatsApp here: recorded in the app), a draft does
not, and an operator may not change the registry."""

from __future__ import annotations

import json
from pathlib import Path

from tests.helpers.cli import cli_env, run_cli
from tests.helpers.databases import PASSWORD, make_desk, sign_in_as


def test_templates_recipients_and_the_sitrep(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'room.db'}"
    desk = make_desk(url)
    sign_in_as(desk, "lead")
    incident = desk.incidents.open("سيول الخبر", 3).id
    desk.network.involve(incident, ["khobar"])
    draft = desk.network.board.draft_sitrep(incident)
    approved = desk.network.board.draft_sitrep(incident)
    desk.statements.submit(approved)
    sign_in_as(desk, "spokesperson")
    desk.statements.approve(approved, PASSWORD, override_reason="the SitRep has no rules")
    desk.close()
    env = cli_env(tmp_path / "data", CRISISDESK_PASSWORD=PASSWORD)

    def cli(user: str, *words: str) -> tuple[int, str, str]:
        done = run_cli(["--db", url, "--as", user, *words], env)
        assert "Traceback" not in done.stderr, done.stderr
        return done.returncode, done.stdout, done.stderr

    code, out, err = cli(
        "admin", "network", "templates", "--name", "road_closure", "--param", "road",
        "--param", "until", "--purpose-en", "A closed road", "--json",
    )  # fmt: skip
    assert code == 0, err
    names = {t["name"]: t["params"] for t in json.loads(out)["templates"]}
    assert names["road_closure"] == ["road", "until"] and "sitrep_ready" in names
    code, _, err = cli("olfa", "network", "templates", "--name", "x_y", "--param", "a")
    assert code == 1 and "may not" in err
    code, out, err = cli(
        "admin", "network", "recipient", "mayor", "--name", "أمين المنطقة الشرقية",
        "--number", "+966500000001", "--opted-in",
    )  # fmt: skip
    assert code == 0 and "opted in" in out, err
    code, _, err = cli("layla", "network", "sitrep-send", str(draft))
    assert code == 1 and "only an approved one" in err
    code, out, err = cli("layla", "network", "sitrep-send", str(approved), "--json")
    assert code == 0, err
    [recipient] = json.loads(out)["recipients"]
    assert (recipient["unit"], recipient["mode"]) == ("mayor", "in_app")
    assert recipient["error"] == "WhatsApp not set up"
