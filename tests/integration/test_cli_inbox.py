"""``ingest``, ``inbox list|triage|reply`` and ``secrets`` as scripts use them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from crisisdesk.desk import Desk
from tests.helpers.cli import cli_env, run_cli
from tests.helpers.databases import PASSWORD, make_desk, sign_in_as


@pytest.fixture
def room(tmp_path: Path) -> tuple[str, dict[str, str]]:
    url = f"sqlite:///{tmp_path / 'room.db'}"
    desk: Desk = make_desk(url)
    sign_in_as(desk, "lead")
    desk.incidents.open("سيول الدمام", 2, playbook_id="flood-urban")
    desk.close()
    env = cli_env(tmp_path / "data", CRISISDESK_PASSWORD=PASSWORD)
    return url, env


def test_ingest_prints_counts_and_one_line_reasons(
    room: tuple[str, dict[str, str]], shared_data: Path
) -> None:
    url, env = room
    mails = sorted(str(p) for p in (shared_data / "email").glob("*.eml"))
    done = run_cli(
        ["--db", url, "--as", "olfa", "ingest", "--incident", "1", "--format", "email", *mails], env
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert "total: 5 new, 0 duplicate, 3 rejected" in done.stdout  # the Outlook .msg lands
    reasons = [line for line in done.stdout.splitlines() if line.startswith("  rejected ")]
    assert len(reasons) == 3
    assert all("mail_malformed" in r for r in reasons)
    again = run_cli(
        ["--db", url, "--as", "olfa", "ingest", "--incident", "1", "--format", "email", *mails], env
    )
    assert "total: 0 new, 5 duplicate, 3 rejected" in again.stdout


def test_list_triage_reply_round_trip(room: tuple[str, dict[str, str]], tmp_path: Path) -> None:
    url, env = room
    body = {
        "object": "whatsapp_business_account",
        "entry": [{"id": "1", "changes": [{"field": "messages", "value": {
            "messaging_product": "whatsapp",
            "metadata": {"phone_number_id": "111", "display_phone_number": "966"},
            "contacts": [{"wa_id": "966500000009", "profile": {"name": "سعد"}}],
            "messages": [{"id": f"wamid.{i}", "from": "966500000009", "timestamp": "1795000000",
                          "type": "text", "text": {"body": f"الشارع غرق عندنا رقم {i}"}}
                         for i in range(3)],
        }}]}],
    }  # fmt: skip
    saved = tmp_path / "bodies.json"
    saved.write_text(json.dumps(body, ensure_ascii=False), encoding="utf-8")
    base = ["--db", url, "--as", "olfa"]
    done = run_cli([*base, "ingest", "--incident", "1", "--format", "whatsapp", str(saved)], env)
    assert done.returncode == 0 and "3 new, 0 duplicate, 0 rejected" in done.stdout, done.stderr
    listed = run_cli(
        [*base, "inbox", "list", "--incident", "1", "--search", "غرق", "--limit", "2", "--json"],
        env,
    )
    page = json.loads(listed.stdout)
    assert page["total"] == 3 and len(page["rows"]) == 2
    assert set(page["rows"][0]) >= {"id", "channel", "text", "status", "category", "priority"}
    first = page["rows"][0]["id"]
    tri = run_cli(
        [*base, "inbox", "triage", str(first), "--priority", "critical", "--assign", "sami"], env
    )
    assert tri.returncode == 0, tri.stderr
    rep = run_cli(
        [*base, "inbox", "reply", str(first), "--template", "complaint-received",
         "--set", "location=حي الشاطئ", "--json"],
        env,
    )  # fmt: skip
    assert rep.returncode == 0, rep.stderr
    outcome = json.loads(rep.stdout)["replies"][0]
    assert outcome["result"] == "recorded" and "حي الشاطئ" in outcome["text"]
    shown = run_cli([*base, "inbox", "show", str(first), "--json"], env)
    detail = json.loads(shown.stdout)
    assert detail["status"] == "answered" and detail["assignee"] == "sami"
    log = run_cli([*base, "log", "show", "--incident", "1", "--json"], env)
    assert "interaction.triaged" in log.stdout and "interaction.replied" in log.stdout
    bad = run_cli([*base, "inbox", "triage", "999", "--status", "closed"], env)
    assert bad.returncode == 1 and bad.stderr.count("\n") == 1


def test_secrets_set_reads_stdin_and_never_echoes(room: tuple[str, dict[str, str]]) -> None:
    url, env = room
    done = run_cli(
        ["--db", url, "--as", "admin", "secrets", "set", "whatsapp.app_secret"],
        env,
        stdin="very-secret-value\n",
    )
    assert done.returncode == 0, done.stderr
    assert "very-secret-value" not in done.stdout + done.stderr
    gone = run_cli(["--db", url, "--as", "admin", "secrets", "delete", "whatsapp.app_secret"], env)
    assert gone.returncode == 0 and "removed" in gone.stdout
    refused = run_cli(
        ["--db", url, "--as", "olfa", "secrets", "set", "x.bearer_token"], env, stdin="t\n"
    )
    assert refused.returncode == 1


def test_terminal_output_shows_controls_instead_of_obeying_them(
    room: tuple[str, dict[str, str]],
) -> None:
    from datetime import UTC, datetime

    from crisisdesk.intake.parsers.base import IncomingMessage, ParseResult

    url, env = room
    desk = Desk.open(url)
    try:
        sign_in_as(desk, "operator")
        hostile = IncomingMessage(
            channel="x", external_id="h1", author_handle="@x\x1b]0;pwned\x07",
            author_name=None, received_at=datetime.now(UTC),
            text="clear\x1b[2J screen \u202eedisni\u202c <b>bold</b>", raw={},
        )  # fmt: skip
        desk.inbox.ingest(1, ParseResult(messages=[hostile]), source="t", format="x")
    finally:
        desk.close()
    base = ["--db", url, "--as", "olfa", "inbox"]
    for args in (["list", "--incident", "1"], ["show", "1"]):
        done = run_cli([*base, *args], env)
        assert done.returncode == 0, done.stderr
        assert "\x1b" not in done.stdout and "\u202e" not in done.stdout
        assert "␛[2J" in done.stdout and "⟦RLO⟧" in done.stdout and "<b>bold</b>" in done.stdout
    listed = run_cli([*base, "list", "--incident", "1", "--json"], env)
    assert json.loads(listed.stdout)["rows"][0]["text"].startswith("clear\x1b[2J")  # JSON escapes
