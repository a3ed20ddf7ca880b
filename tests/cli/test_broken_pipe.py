"""A reader that stops early (``crisisdesk tasks list | head``) ends the command quietly.

Each command runs in a real child process whose standard output is a real pipe, shrunk to
one page so the command's output cannot all fit; the reader takes a few bytes and closes
its end, as ``head`` does. The command must not print a traceback (nor Python's
"Exception ignored ... BrokenPipeError" at exit); it ends with 141, the status a shell
gives any command stopped by a closed pipe.
"""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
from pathlib import Path

import pytest

from crisisdesk.desk import Desk
from tests.helpers.cli import PROJECT_ROOT, cli_env
from tests.helpers.databases import PASSWORD, make_desk, sign_in_as, sqlite_db_url

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX pipes")

BROKEN_PIPE_STATUS = 141


@pytest.fixture(scope="module")
def room(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, int, int]:
    """A flood incident with its checklist and one long statement."""
    folder = tmp_path_factory.mktemp("pipe")
    url = sqlite_db_url(folder)
    desk: Desk = make_desk(url)
    try:
        sign_in_as(desk, "lead")
        incident = desk.incidents.open("سيول الدمام", 3, playbook_id="flood-urban").id
        one_off = [t for t in desk.tasks.list(incident) if not t.recurrence]
        for task in one_off[:10]:  # a log long enough to fill the pipe
            desk.tasks.done(task.id, "تم التنسيق مع الدفاع المدني وغرفة العمليات. " * 10)
        sign_in_as(desk, "operator")
        line = "تستمر فرق الأمانة في شفط المياه من الأنفاق والطرق في الدمام والخبر.\n"
        statement = desk.statements.draft(
            incident,
            None,
            {},
            kind="awareness",
            texts={"ar": line * 200, "en": "Stay safe.\n" * 400},
        ).statement.id
    finally:
        desk.close()
    return url, incident, statement


def run_into_closed_pipe(args: list[str], env: dict[str, str]) -> tuple[int, str, bytes]:
    """Run ``crisisdesk ARGS`` writing into a one-page pipe; read a little, then close it."""
    read_end, write_end = os.pipe()
    fcntl.fcntl(write_end, fcntl.F_SETPIPE_SZ, 4096)
    child = subprocess.Popen(
        [sys.executable, "-m", "crisisdesk", *args],
        stdout=write_end,
        stderr=subprocess.PIPE,
        env=env,
        cwd=PROJECT_ROOT,
    )
    os.close(write_end)
    head = os.read(read_end, 64)
    os.close(read_end)
    _out, err = child.communicate(timeout=120)
    return child.returncode, err.decode("utf-8", "replace"), head


COMMANDS = {
    "tasks list": lambda i, s: ["tasks", "list", "--incident", str(i), "--json"],
    "statement show": lambda i, s: ["statement", "show", str(s)],
    "statement show --json": lambda i, s: ["statement", "show", str(s), "--json"],
    "log show": lambda i, s: ["log", "show", "--incident", str(i), "--json"],
    "playbooks show": lambda i, s: ["playbooks", "show", "flood-urban", "--json"],
}


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_a_reader_closing_early_gets_no_traceback(
    name: str, room: tuple[str, int, int], tmp_path: Path
) -> None:
    url, incident, statement = room
    env = cli_env(tmp_path, CRISISDESK_PASSWORD=PASSWORD, CRISISDESK_DB=url)
    args = ["--as", "olfa", *COMMANDS[name](incident, statement)]
    code, err, head = run_into_closed_pipe(args, env)
    assert head, "the command wrote something before the reader left"
    assert "Traceback" not in err and "BrokenPipe" not in err and "Exception ignored" not in err, (
        err
    )
    assert err == ""
    assert code == BROKEN_PIPE_STATUS


def test_a_watch_loop_whose_reader_left_stops(tmp_path: Path) -> None:
    """``statement run-due --watch | head -0``: the loop prints from its scheduler thread;
    once nobody reads, it stops as Ctrl+C would, quietly."""
    from datetime import UTC, datetime, timedelta

    from crisisdesk.clock import ManualClock
    from tests.helpers.statements import approved, open_flood

    now = datetime.now(UTC)
    url = sqlite_db_url(tmp_path)
    desk = make_desk(url, clock=ManualClock(now - timedelta(hours=3)))
    try:
        statement = approved(desk, open_flood(desk))
        sign_in_as(desk, "operator")
        desk.statements.publish(statement, "text", at=now - timedelta(hours=2))
    finally:
        desk.close()
    env = cli_env(tmp_path / "child", CRISISDESK_PASSWORD=PASSWORD, CRISISDESK_DB=url)
    read_end, write_end = os.pipe()
    child = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "crisisdesk",
            "--as",
            "olfa",
            "statement",
            "run-due",
            "--watch",
            "--interval",
            "0.2",
        ],
        stdout=write_end,
        stderr=subprocess.PIPE,
        env=env,
        cwd=PROJECT_ROOT,
    )
    os.close(write_end)
    os.close(read_end)  # the reader is gone before the first line
    try:
        _out, err = child.communicate(timeout=60)
    finally:
        if child.poll() is None:
            child.kill()
    text = err.decode("utf-8", "replace")
    assert "Traceback" not in text and "BrokenPipe" not in text and "interrupted" not in text, text
    assert child.returncode == BROKEN_PIPE_STATUS
