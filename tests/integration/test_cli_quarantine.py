"""Finding 2 of issue 12 (one bad item failed a whole file) and the quarantine commands."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from crisisdesk.desk import Desk
from crisisdesk.intake.webhook_server import store_body
from tests.helpers.cli import cli_env, run_cli
from tests.helpers.databases import PASSWORD, make_desk, sign_in_as
from tests.unit.intake.quarantine.bodies import POISONED, good


@pytest.fixture
def room(tmp_path: Path) -> tuple[list[str], dict[str, str]]:
    url = f"sqlite:///{tmp_path / 'room.db'}"
    desk: Desk = make_desk(url)
    sign_in_as(desk, "lead")
    desk.incidents.open("سيول الدمام", 2, playbook_id="flood-urban")
    desk.close()
    env = cli_env(tmp_path / "data", CRISISDESK_PASSWORD=PASSWORD)
    return ["--db", url, "--as", "olfa"], env


def _tweet(i: int, text: str = "الشارع غرق") -> str:
    return json.dumps(
        {"id": str(1000 + i), "text": f"{text} {i}", "created_at": "2026-11-20T10:00:00.000Z",
         "author_id": "7", "lang": "ar"},
        ensure_ascii=False,
    )  # fmt: skip


def test_x_page_with_a_cut_emoji_imports_every_tweet(
    room: tuple[list[str], dict[str, str]], tmp_path: Path
) -> None:
    base, env = room
    page = (
        '{"data": [' + _tweet(1) + "," + _tweet(2).replace("الشارع", "\\ud83d الشارع") + ","
        + _tweet(3) + '], "includes": {"users": [{"id": "7", "username": "a", "name": "أ"}]},'
        ' "meta": {"result_count": 3}}'
    )  # fmt: skip
    saved = tmp_path / "page.jsonl"
    saved.write_text(page + "\n" + page + "\n", encoding="utf-8")
    done = run_cli([*base, "ingest", "--incident", "1", "--format", "x", str(saved)], env)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert "3 new, 3 duplicate, 0 rejected" in done.stdout
    shown = run_cli([*base, "inbox", "list", "--incident", "1", "--search", "الشارع"], env)
    assert "\ufffd الشارع غرق 2" in shown.stdout


MALFORMED_LINES = {
    "truncated": '{"object": "whatsapp_business_account", "entry": [',
    "text_is_string": POISONED["text_is_string"].decode(),
    "contacts_is_number": good(50).decode().replace('"contacts": [', '"contacts": 5, "x": ['),
    "nested_100000": POISONED["nested_100000"].decode(),
    "number_5000_digits": POISONED["number_5000_digits"].decode(),
    "not_utf8_escape": good(51).decode().replace("رسالة", "\\udc80"),
}


@pytest.mark.parametrize("case", sorted(MALFORMED_LINES))
def test_whatsapp_lines_one_malformed_line_sets_aside_only_that_line(
    room: tuple[list[str], dict[str, str]], tmp_path: Path, case: str
) -> None:
    base, env = room
    lines = [good(i).decode() for i in range(1, 4)]
    lines.insert(1, MALFORMED_LINES[case])
    saved = tmp_path / "bodies.jsonl"
    saved.write_text("\n".join(lines) + "\n", encoding="utf-8")
    done = run_cli([*base, "ingest", "--incident", "1", "--format", "whatsapp", str(saved)], env)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    if case in ("contacts_is_number", "not_utf8_escape"):
        # the line's message can still be read: contacts are ignored, the surrogate is U+FFFD
        assert "4 new, 0 duplicate, 0 rejected" in done.stdout, done.stdout
        return
    assert "3 new, 0 duplicate, 1 rejected" in done.stdout, done.stdout
    [reason] = [ln for ln in done.stdout.splitlines() if ln.startswith("  rejected ")]
    assert "bodies.jsonl:2" in reason
    listed = run_cli([*base, "quarantine", "list", "--incident", "1", "--json"], env)
    assert listed.returncode == 0, listed.stderr
    [item] = json.loads(listed.stdout)["items"]
    assert item["channel"] == "whatsapp" and item["state"] == "set_aside"
    raw = run_cli([*base, "quarantine", "show", str(item["id"]), "--raw"], env)
    assert raw.stdout == MALFORMED_LINES[case]  # the line, verbatim


def test_webhook_drain_starts_and_quarantine_round_trip(
    room: tuple[list[str], dict[str, str]],
) -> None:
    base, env = room
    desk = Desk.open(base[1])
    try:
        desk.sign_in("olfa", PASSWORD)
        for i in range(3):
            store_body(desk, 1, good(i), None)
        for case in sorted(POISONED):
            store_body(desk, 1, POISONED[case], None)
        store_body(desk, 1, good(9), None)
    finally:
        desk.close()
    drained = run_cli([*base, "webhook", "drain", "--incident", "1"], env)
    assert drained.returncode == 0, drained.stderr
    assert "10 bodies processed: 5 new, 0 duplicate, 5 set aside" in drained.stdout
    again = run_cli([*base, "webhook", "drain", "--incident", "1"], env)
    assert again.returncode == 0 and "0 bodies processed" in again.stdout, again.stderr
    listed = run_cli([*base, "quarantine", "list", "--incident", "1"], env)
    assert "whatsapp: 0 waiting, 5 set aside" in listed.stdout
    items = json.loads(run_cli([*base, "quarantine", "list", "--json"], env).stdout)["items"]
    first = items[0]["id"]
    shown = run_cli([*base, "quarantine", "show", str(first)], env)
    assert shown.returncode == 0 and "reason:" in shown.stdout
    retried = run_cli([*base, "quarantine", "retry", str(first)], env)
    assert retried.returncode != 0 and "still cannot be taken" in retried.stderr
    assert "Traceback" not in retried.stderr
    refused = run_cli([*base, "quarantine", "discard", str(first), "--reason", " "], env)
    assert refused.returncode != 0 and "needs a reason" in refused.stderr
    gone = run_cli(
        [*base, "quarantine", "discard", str(first), "--reason", "جسم تجريبي من اختبار"], env
    )
    assert gone.returncode == 0 and "discarded (decision" in gone.stdout, gone.stderr
    listed = run_cli([*base, "quarantine", "list", "--incident", "1"], env)
    assert "whatsapp: 0 waiting, 4 set aside" in listed.stdout
    twice = run_cli([*base, "quarantine", "discard", str(first), "--reason", "again"], env)
    assert twice.returncode != 0 and "already discarded" in twice.stderr
    log = run_cli([*base, "log", "verify"], env)
    assert log.returncode == 0, log.stdout + log.stderr
