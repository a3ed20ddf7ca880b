"""The statement commands in a child process: the same rules hold on the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from crisisdesk.desk import Desk
from tests.helpers.cli import cli_env, run_cli
from tests.helpers.databases import PASSWORD, make_desk, sqlite_db_url
from tests.helpers.statements import open_flood


@pytest.fixture
def setup(tmp_path: Path) -> tuple[str, dict[str, str], int]:
    url = sqlite_db_url(tmp_path)
    desk = make_desk(url)
    incident = open_flood(desk)
    desk.close()
    env = cli_env(tmp_path / "data", CRISISDESK_PASSWORD=PASSWORD)
    return url, env, incident


def cli(url: str, env: dict[str, str], user: str, *args: str, **extra: str) -> tuple[int, str]:
    result = run_cli(["--db", url, "--as", user, "statement", *args], {**env, **extra})
    return result.returncode, result.stdout + result.stderr


def approval_secret(url: str, env: dict[str, str], user: str) -> str:
    """The admin enables ``user``'s second secret for approving from a script."""
    result = run_cli(["--db", url, "--as", "admin", "statement", "approval-secret", user], env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def log_kinds(url: str) -> list[str]:
    desk = Desk.open(url)
    try:
        return [d.kind for d in desk.log.since(0)]
    finally:
        desk.close()


def test_draft_review_approve_publish_on_the_command_line(
    setup: tuple[str, dict[str, str], int],
) -> None:
    url, env, incident = setup
    code, out = cli(
        url, env, "olfa", "draft", "--incident", str(incident), "--template", "update",
        "--set", "update_number=2", "--set", "teams_count=120", "--json",
    )  # fmt: skip
    assert code == 0, out
    sid = str(json.loads(out)["id"])
    code, out = cli(url, env, "olfa", "list", "--incident", str(incident), "--json")
    assert [s["id"] for s in json.loads(out)["statements"]] == [int(sid)]
    code, out = cli(url, env, "olfa", "publish", sid, "--channel", "text")
    assert code == 1 and "not approved" in out
    code, out = cli(url, env, "olfa", "edit", sid, "--lang", "en", "--text", "Update 2. Call 940.")
    assert code == 0 and "version 2" in out
    assert cli(url, env, "olfa", "submit", sid)[0] == 0
    code, out = cli(url, env, "olfa", "approve", sid)
    assert code == 1 and "statement.approve" in out
    code, out = cli(url, env, "sami", "approve", sid, CRISISDESK_PASSWORD="wrong")
    assert code == 1 and "sign-in failed" in out
    env = {**env, "CRISISDESK_APPROVAL_SECRET": approval_secret(url, env, "sami")}
    read = json.loads(cli(url, env, "sami", "show", sid, "--json")[1])["versions"][-1]
    code, out = cli(url, env, "sami", "approve", sid, "--hash", read["content_hash"])
    assert code == 1 and "record an override reason" in out  # English lacks "next update"
    code, out = cli(
        url, env, "sami", "approve", sid, "--hash", read["content_hash"],
        "--override-reason", "نص مختصر للتغريد",
    )  # fmt: skip
    assert code == 0, out
    code, out = cli(url, env, "olfa", "publish", sid, "--channel", "text", "--json")
    assert code == 0, out
    [pub] = json.loads(out)["publications"]
    assert pub["state"] == "sent" and Path(pub["external_id"]).is_file()
    code, out = cli(url, env, "olfa", "retry", str(pub["id"]))
    assert code == 1 and "only a failed one" in out
    code, out = cli(url, env, "rami", "show", sid, "--json")
    shown = json.loads(out)
    assert shown["state"] == "published"
    assert [v["number"] for v in shown["versions"]] == [1, 2]
    assert shown["approvals"][0]["override_reason"] == "نص مختصر للتغريد"
    assert shown["publications"][0]["channel"] == "text"
    kinds = log_kinds(url)
    for kind in (
        "statement.drafted",
        "statement.version_saved",
        "statement.submitted",
        "statement.approved",
        "statement.published",
    ):
        assert kind in kinds
    assert kinds.count("statement.refused") == 3  # unapproved publish, rules, retry of sent
    assert kinds.count("security.refused") == 1  # the operator tried to approve


def test_self_approval_and_rejection_on_the_command_line(
    setup: tuple[str, dict[str, str], int],
) -> None:
    url, env, incident = setup
    code, out = cli(url, env, "sami", "draft", "--incident", str(incident), "--template", "holding")
    assert code == 0, out
    sid = out.strip()
    assert cli(url, env, "sami", "submit", sid)[0] == 0
    read = json.loads(cli(url, env, "sami", "show", sid, "--json")[1])["versions"][-1]
    env = {**env, "CRISISDESK_APPROVAL_SECRET": approval_secret(url, env, "sami")}
    code, out = cli(url, env, "sami", "approve", sid, "--hash", read["content_hash"])
    assert code == 1 and "cannot approve it" in out
    env["CRISISDESK_APPROVAL_SECRET"] = approval_secret(url, env, "layla")
    code, out = cli(url, env, "layla", "reject", sid, "--comment", "أضيفوا أسماء الأنفاق")
    assert code == 0, out
    code, out = cli(url, env, "layla", "publish", sid, "--channel", "press")
    assert code == 1 and "rejected" in out
    code, out = cli(url, env, "layla", "show", sid, "--json")
    assert json.loads(out)["state"] == "rejected"
    assert log_kinds(url).count("statement.refused") == 2


def test_bad_input_is_one_line(setup: tuple[str, dict[str, str], int], tmp_path: Path) -> None:
    url, env, incident = setup
    code, out = cli(url, env, "olfa", "draft", "--incident", str(incident), "--template", "update")
    assert code == 1 and out.count("\n") == 1 and "teams_count: required" in out
    bad = tmp_path / "latin1.txt"
    bad.write_bytes("ok\nCaf\xe9".encode("latin-1"))
    code, out = cli(url, env, "olfa", "draft", "--incident", str(incident), "--kind", "holding")
    sid = out.strip()
    code, out = cli(url, env, "olfa", "edit", sid, "--lang", "en", "--file", str(bad))
    assert code == 1 and f"{bad}:2: not UTF-8 text" in out and out.count("\n") == 1
    code, out = cli(url, env, "olfa", "publish", sid, "--channel", "sms")
    assert code == 1 and "unknown channel 'sms'" in out
