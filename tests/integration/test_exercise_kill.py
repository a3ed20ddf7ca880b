"""The injector killed (-9) in the middle of a run loses nothing and doubles nothing: the
same command started again injects the rest, and the decision log still verifies."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from crisisdesk.desk import Desk
from crisisdesk.intake.rows import InboxFilters
from tests.helpers.cli import PROJECT_ROOT, cli_env
from tests.helpers.databases import PASSWORD, make_desk, sign_in_as, sqlite_db_url
from tests.unit.exercises.conftest import SHORT

WAVE = SHORT.replace("variants: 50", "variants: 400").replace('over: "05:00"', 'over: "02:00"')


def _injector(url: str, run: int, env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "crisisdesk", "--db", url, "--as", "layla", "exercise", "run",
         str(run), "--interval", "0.1"],
        env=env, cwd=PROJECT_ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip


def test_a_killed_injector_resumes_without_loss_or_doubles(tmp_path: Path) -> None:
    url = sqlite_db_url(tmp_path)
    desk: Desk = make_desk(url)
    try:
        sign_in_as(desk, "lead")
        source = tmp_path / "wave.yaml"
        source.write_text(WAVE, encoding="utf-8")
        run = desk.exercises.start(str(source), speed=10)
        desk.exercises.jump(run.id)  # to the first inject
        total = len(desk.exercises.schedule(run.id))
        env = cli_env(tmp_path / "data", CRISISDESK_PASSWORD=PASSWORD)
        child = _injector(url, run.id, env)
        deadline = time.monotonic() + 120
        while desk.exercises.injected_count(run.id) < 50 and time.monotonic() < deadline:
            time.sleep(0.05)
        os.kill(child.pid, signal.SIGKILL)  # in the middle of the wave
        child.wait(10)
        killed_at = desk.exercises.injected_count(run.id)
        assert 0 < killed_at < total
    except Exception:
        desk.close()
        raise
    try:
        again = subprocess.run(
            [sys.executable, "-m", "crisisdesk", "--db", url, "--as", "layla", "exercise",
             "run", str(run.id), "--interval", "0.1"],
            env=env, cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=180,
        )  # fmt: skip
        assert again.returncode == 0, again.stderr
        assert desk.exercises.injected_count(run.id) == total
        ids = desk.inbox.ids(InboxFilters(run.incident_id))
        assert len(ids) == total  # every item once (the situation arrives as its note)
        verdict = desk.log.verify()
        assert verdict.ok, verdict
    finally:
        desk.close()
