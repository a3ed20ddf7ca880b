"""Approval on the command line binds to the text the spokesperson read.

Reported: the spokesperson runs ``statement show 8`` (sees v1), an operator edits and
resubmits, and ``statement approve 8`` says "approved version 2"; the confirming password
was the sign-in password from ``CRISISDESK_PASSWORD``. Now a script must name the hash it
read and confirm with a second secret; at a terminal the exact texts and hash are shown
and the password is asked at a prompt of its own.
"""

from __future__ import annotations

import json
import os
import pty
import re
import select
import sys
import time
from pathlib import Path

import pytest

from crisisdesk.desk import Desk
from crisisdesk.storage.decision_log import LogFilter
from tests.helpers.cli import PROJECT_ROOT, cli_env, run_cli
from tests.helpers.databases import PASSWORD, make_desk, sqlite_db_url
from tests.helpers.statements import open_flood


@pytest.fixture
def room(tmp_path: Path) -> tuple[str, dict[str, str], int]:
    url = sqlite_db_url(tmp_path)
    desk = make_desk(url)
    incident = open_flood(desk)
    desk.close()
    return url, cli_env(tmp_path / "data", CRISISDESK_PASSWORD=PASSWORD), incident


def cli(url: str, env: dict[str, str], user: str, *args: str, **extra: str) -> tuple[int, str]:
    result = run_cli(["--db", url, "--as", user, "statement", *args], {**env, **extra})
    return result.returncode, result.stdout + result.stderr


def _count(url: str, kind: str) -> int:
    desk = Desk.open(url)
    try:
        return desk.log.count(LogFilter(kind=kind))
    finally:
        desk.close()


def _statement_edited_after_reading(
    url: str, env: dict[str, str], incident: int
) -> tuple[str, str]:
    code, out = cli(
        url, env, "olfa", "draft", "--incident", str(incident), "--kind", "awareness",
        "--text-ar", "ابتعدوا عن مجاري السيول", "--text-en", "Stay away from the wadis.",
    )  # fmt: skip
    sid = out.strip()
    assert cli(url, env, "olfa", "submit", sid)[0] == 0
    code, out = cli(url, env, "sami", "show", sid, "--json")
    assert code == 0, out
    read = json.loads(out)["versions"][-1]["content_hash"]  # the spokesperson reads v1
    assert cli(url, env, "olfa", "edit", sid, "--lang", "en", "--text", "Go to the wadis.")[0] == 0
    assert cli(url, env, "olfa", "submit", sid)[0] == 0
    return sid, read


def test_cli_approve_without_the_hash_read_is_refused(
    room: tuple[str, dict[str, str], int],
) -> None:
    url, env, incident = room
    sid, read = _statement_edited_after_reading(url, env, incident)
    code, out = cli(url, env, "sami", "approve", sid, "--override-reason", "x")
    assert code == 1 and "--hash" in out and "approved version 2" not in out
    code, out = cli(url, env, "sami", "approve", sid, "--hash", read, "--override-reason", "x")
    assert code == 1 and "approval secret" in out  # CRISISDESK_PASSWORD is no second check
    assert _count(url, "statement.approved") == 0


def test_cli_approve_of_another_version_is_refused_and_logged(
    room: tuple[str, dict[str, str], int],
) -> None:
    url, env, incident = room
    sid, read = _statement_edited_after_reading(url, env, incident)
    result = run_cli(["--db", url, "--as", "admin", "statement", "approval-secret", "sami"], env)
    assert result.returncode == 0, result.stderr
    secret = result.stdout.strip().splitlines()[-1]
    scripted = {**env, "CRISISDESK_APPROVAL_SECRET": secret}
    code, out = cli(url, scripted, "sami", "approve", sid, "--hash", read, "--override-reason", "x")
    assert code == 1 and "changed after you opened it" in out
    assert _count(url, "statement.refused") == 1 and _count(url, "statement.approved") == 0
    code, out = cli(url, scripted, "sami", "show", sid, "--json")
    latest = json.loads(out)["versions"][-1]["content_hash"]
    code, out = cli(
        url, scripted, "sami", "approve", sid, "--hash", latest, "--override-reason", "x"
    )
    assert code == 0 and f"approved version 2 of statement #{sid}" in out and latest in out
    wrong = {**env, "CRISISDESK_APPROVAL_SECRET": PASSWORD}  # the sign-in password
    code, out = cli(url, wrong, "layla", "reject", sid, "--comment", "no")
    assert code == 1


def _converse(argv: list[str], env: dict[str, str], answers: list[tuple[str, str]]) -> str:
    """Run ``argv`` on a pseudo-terminal, answering each prompt that appears."""
    pid, fd = pty.fork()
    if pid == 0:  # pragma: no cover - the child
        os.chdir(PROJECT_ROOT)
        os.execve(sys.executable, [sys.executable, "-m", "crisisdesk", *argv], env)
    seen = b""
    deadline = time.monotonic() + 60
    pending = list(answers)
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([fd], [], [], 0.5)
            if ready:
                try:
                    chunk = os.read(fd, 4096)
                except OSError:
                    break
                if not chunk:
                    break
                seen += chunk
            text = seen.decode("utf-8", "replace")
            if pending and re.search(pending[0][0], text):
                os.write(fd, pending[0][1].encode() + b"\n")
                pending.pop(0)
                seen += b"\x00"  # the answer is not re-matched
    finally:
        os.waitpid(pid, 0)
        os.close(fd)
    return seen.decode("utf-8", "replace")


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX pseudo-terminals")
def test_cli_approve_at_a_terminal_shows_the_exact_text_and_asks(
    room: tuple[str, dict[str, str], int],
) -> None:
    url, env, incident = room
    sid, _read = _statement_edited_after_reading(url, env, incident)
    argv = ["--db", url, "--as", "sami", "statement", "approve", sid, "--override-reason", "x"]
    # Typing "no" approves nothing.
    out = _converse(argv, env, [(r"exactly this text\? \[yes/no\]", "no")])
    assert "Go to the wadis." in out and "ابتعدوا عن مجاري السيول" in out
    assert re.search(r"content hash [0-9a-f]{64}", out) and "you did not confirm" in out
    # The sign-in password variable is not read for the confirmation: it is asked for.
    out = _converse(
        argv,
        {**env},
        [(r"exactly this text\? \[yes/no\]", "yes"), (r"to confirm that you approve", PASSWORD)],
    )
    assert f"approved version 2 of statement #{sid}" in out
    assert _count(url, "statement.approved") == 1
