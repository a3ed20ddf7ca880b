"""On the room's PostgreSQL server the exercise clock is one: another process (another
laptop's command line) pauses, speeds up and resumes it, and this process's clock follows."""

from __future__ import annotations

import json
import time
from datetime import timedelta
from pathlib import Path

from tests.helpers.cli import cli_env, run_cli
from tests.helpers.databases import PASSWORD, make_desk, sign_in_as
from tests.unit.exercises.conftest import SHORT


def _elapsed(clock: object, wait: float = 0.6) -> float:
    """Scenario seconds that pass on ``clock`` during ``wait`` wall seconds."""
    first = clock.now()  # type: ignore[attr-defined]
    time.sleep(wait)
    return float((clock.now() - first) / timedelta(seconds=1))  # type: ignore[attr-defined]


def test_the_clock_follows_pause_resume_and_speed_across_processes(
    pg_url: str, tmp_path: Path
) -> None:
    desk = make_desk(pg_url)
    try:
        sign_in_as(desk, "lead")
        source = tmp_path / "short.yaml"
        source.write_text(SHORT, encoding="utf-8")
        run = desk.exercises.start(str(source), speed=1)
        clock = desk.exercises.follow(run.id)
        clock.refresh = 0
        env = cli_env(tmp_path / "data", CRISISDESK_PASSWORD=PASSWORD)

        def other(*args: str) -> str:
            done = run_cli(["--db", pg_url, "--as", "layla", "exercise", *args], env)
            assert done.returncode == 0, done.stderr
            return done.stdout

        assert 0.4 < _elapsed(clock) < 3.0  # 1x (a loaded machine sleeps longer, never shorter)
        other("speed", str(run.id), "10")
        assert 5.0 < _elapsed(clock) < 20.0  # 10x
        other("pause", str(run.id))
        assert _elapsed(clock) == 0.0
        paused_at = clock.now()
        # the other process reads the same scenario time while paused
        listed = json.loads(other("list", "--json"))["runs"][0]
        assert listed["state"] == "paused"
        assert listed["scenario_seconds"] == int((paused_at - run.started_at).total_seconds())
        other("resume", str(run.id))
        assert 5.0 < _elapsed(clock) < 20.0
        # and this process's pause stops the other's clock
        desk.exercises.pause(run.id)
        first = json.loads(other("list", "--json"))["runs"][0]["scenario_seconds"]
        time.sleep(1.2)
        assert json.loads(other("list", "--json"))["runs"][0]["scenario_seconds"] == first
    finally:
        desk.close()
