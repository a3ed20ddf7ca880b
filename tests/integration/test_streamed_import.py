"""Finding 4 of issue 12: a big WhatsApp file was read whole (3.3 GB for 200,000 messages),
wrote nothing for 25 s, and a kill -9 lost the whole import.

Now it is committed in batches with one decision each; killed with -9 at random moments
(20 times by default), the same command run again goes on after the last committed batch
and ends with exactly the rows, counts and log of an uninterrupted import.
``CRISISDESK_KILL_MESSAGES=200000`` runs the full-size case.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from crisisdesk.desk import Desk
from crisisdesk.storage.models import Decision, Interaction
from tests.helpers.cli import PROJECT_ROOT, cli_env, run_cli
from tests.helpers.databases import PASSWORD, make_desk, sign_in_as
from tests.unit.intake.quarantine.bodies import POISONED, body, message

MESSAGES = int(os.environ.get("CRISISDESK_KILL_MESSAGES", "6000"))
KILLS = 20


def _write(path: Path, count: int) -> None:
    with path.open("w", encoding="utf-8") as out:
        for i in range(count):
            if i % 997 == 500:
                out.write(POISONED["text_is_string"].decode() + "\n")  # set aside, every run
            text = f"تجمع مياه رقم {i} في حي {i % 37} والشارع مغلق"
            out.write(body(message(i, id=f"wamid.s{i:07d}", text={"body": text})).decode())
            out.write("\n")


def _room(tmp_path: Path, name: str) -> tuple[str, dict[str, str]]:
    url = f"sqlite:///{tmp_path / f'{name}.db'}"
    desk = make_desk(url)
    sign_in_as(desk, "lead")
    desk.incidents.open("سيول", 2, playbook_id="flood-urban")
    desk.close()
    return url, cli_env(tmp_path / f"data-{name}", CRISISDESK_PASSWORD=PASSWORD)


def _ingest_args(url: str, path: Path) -> list[str]:
    return ["--db", url, "--as", "olfa", "ingest", "--incident", "1", "--format", "whatsapp",
            str(path)]  # fmt: skip


def _summary(stdout: str) -> str:
    return next(line for line in stdout.splitlines() if " new, " in line)


def _rows(url: str) -> list[tuple[str, str, str]]:
    desk = Desk.open(url)
    try:
        with desk.db.read() as session:
            return sorted(
                session.execute(
                    select(Interaction.external_id, Interaction.text, Interaction.search_text)
                ).all()
            )
    finally:
        desk.close()


def test_batches_resume_and_equal_an_uninterrupted_import(tmp_path: Path) -> None:
    saved = tmp_path / "bodies.jsonl"
    _write(saved, MESSAGES)
    whole_url, whole_env = _room(tmp_path, "whole")
    started = time.monotonic()
    whole = run_cli(_ingest_args(whole_url, saved), whole_env, timeout=1200)
    # Kill within the time a whole import takes on this machine, so the kills land inside
    # the import on a quiet machine as on a loaded one.
    longest_wait = min(3.5, max(1.0, (time.monotonic() - started) / 3))
    assert whole.returncode == 0, whole.stderr
    expected = _summary(whole.stdout)
    assert f"{MESSAGES} new, 0 duplicate" in expected

    url, env = _room(tmp_path, "killed")
    rng = random.Random(12)
    kills = 0
    finished: subprocess.CompletedProcess[bytes] | None = None
    for _ in range(KILLS * 3):
        if kills == KILLS:
            break
        child = subprocess.Popen(
            [sys.executable, "-m", "crisisdesk", *_ingest_args(url, saved)],
            env=env, cwd=PROJECT_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )  # fmt: skip
        time.sleep(rng.uniform(0.5, longest_wait))
        if child.poll() is not None:  # it finished before the kill: its counts are the result
            out, err = child.communicate()
            finished = subprocess.CompletedProcess(child.args, child.returncode, out, err)
            break
        os.kill(child.pid, signal.SIGKILL)
        child.communicate()
        kills += 1
    if finished is None:
        done = run_cli(_ingest_args(url, saved), env, timeout=1200)
    else:
        done = subprocess.CompletedProcess(
            finished.args, finished.returncode, finished.stdout.decode(), finished.stderr.decode()
        )
    assert done.returncode == 0, done.stderr
    assert _summary(done.stdout) == expected, (kills, done.stdout)
    assert kills >= min(KILLS, 5), f"only {kills} kills landed before the import ended"
    print(f"{kills} kills with -9 before the import ended")
    assert _rows(url) == _rows(whole_url)
    with sqlite3.connect(tmp_path / "killed.db") as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    verified = run_cli(["--db", url, "--as", "olfa", "log", "verify"], env)
    assert verified.returncode == 0, verified.stdout + verified.stderr
    again = run_cli(_ingest_args(url, saved), env, timeout=1200)  # a finished file: all repeats
    assert f"0 new, {MESSAGES} duplicate" in _summary(again.stdout)


def test_one_decision_per_batch_and_a_changed_file_starts_over(tmp_path: Path) -> None:
    from crisisdesk.intake.streaming import stream_import

    saved = tmp_path / "bodies.jsonl"
    _write(saved, 2500)
    url = f"sqlite:///{tmp_path / 'room.db'}"
    desk = make_desk(url)
    try:
        sign_in_as(desk, "lead")
        incident = desk.incidents.open("سيول", 2).id
        sign_in_as(desk, "operator")
        with desk.db.read() as session:
            before = session.scalar(select(func.count(Decision.seq)))
        calls = iter([False, True])  # cancel after the second batch
        first = stream_import(
            desk.inbox, incident, "whatsapp", saved, batch_messages=1000, batch_seconds=60,
            cancelled=lambda: next(calls),
        )  # fmt: skip
        with desk.db.read() as session:
            decisions = session.scalars(
                select(Decision.body).where(Decision.seq > before).order_by(Decision.seq)
            ).all()
            stored = session.scalar(select(func.count(Interaction.id)))
        assert len(decisions) == 2 and stored == first.new < 2500
        payload = json.loads(decisions[0])["payload"]
        assert payload["lines"] == [1, 1000] and len(payload["sha256_of_bytes_read"]) == 64
        rest = stream_import(desk.inbox, incident, "whatsapp", saved, batch_messages=1000)
        assert rest.resumed_from == 2000
        assert (rest.new, rest.counts()["rejected"]) == (2500, 3)
        # the file is replaced by another one: its first bytes differ, so it starts over
        _write(saved, 10)
        saved.write_text("\n" + saved.read_text("utf-8"), "utf-8")
        fresh = stream_import(desk.inbox, incident, "whatsapp", saved)
        assert fresh.resumed_from == 0 and fresh.duplicate == 10
    finally:
        desk.close()


@pytest.mark.skipif(MESSAGES < 200_000, reason="the full-size memory check runs with 200,000")
def test_peak_memory_of_a_200000_message_import(tmp_path: Path) -> None:
    saved = tmp_path / "bodies.jsonl"
    _write(saved, MESSAGES)
    url, env = _room(tmp_path, "rss")
    code = (
        "import resource, sys; from crisisdesk.cli import main; "
        "rc = main(sys.argv[1:]); "
        "print('peak_kb', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss); sys.exit(rc)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, *_ingest_args(url, saved)], env=env, cwd=PROJECT_ROOT,
        capture_output=True, text=True, timeout=1800,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    peak_mb = int(done.stdout.split("peak_kb")[1].split()[0]) / 1024
    assert peak_mb < 300, f"peak RSS {peak_mb:.0f} MB"
