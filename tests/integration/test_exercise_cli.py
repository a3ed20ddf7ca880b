"""The exercise commands in a child process: validate, start, inject, pause, score, stop."""

from __future__ import annotations

import json
from pathlib import Path

from tests.helpers.cli import cli_env, run_cli
from tests.helpers.databases import PASSWORD, make_desk, sqlite_db_url
from tests.unit.exercises.conftest import SHORT


def test_an_exercise_from_the_command_line(tmp_path: Path) -> None:
    url = sqlite_db_url(tmp_path)
    make_desk(url).close()
    env = cli_env(tmp_path / "data", CRISISDESK_PASSWORD=PASSWORD)
    short = tmp_path / "short.yaml"
    short.write_text(SHORT, encoding="utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_text(SHORT.replace("variants: 50", "variants: many"), encoding="utf-8")

    def cli(*args: str) -> tuple[int, str]:
        done = run_cli(["--db", url, "--as", "layla", "exercise", *args], env)
        return done.returncode, done.stdout + done.stderr

    code, out = cli("validate", str(short), str(bad))
    assert code == 1
    assert f"{bad}:35:17: injects[5].rumour.variants: expected a whole number" in out
    assert "ok short-flood: 7 injects, 56 messages" in out
    code, out = cli("list", "--json")
    assert code == 0 and "flood-urban" in [b["id"] for b in json.loads(out)["bundled"]]
    code, out = cli("start", str(short), "--speed", "10", "--json")
    assert code == 0, out
    run = json.loads(out)
    assert run["state"] == "running" and run["speed"] == 10
    code, out = cli("inject", str(run["id"]), "--json")
    assert code == 0, out
    code, out = cli("inject", str(run["id"]), "--channel", "x", "--text", "هل الطريق مغلق؟")
    assert code == 0 and "injected 1" in out, out
    code, out = cli("pause", str(run["id"]))
    assert code == 0 and "paused at 10x" in out, out
    code, out = cli("speed", str(run["id"]), "11")
    assert code == 2
    code, out = cli("score", str(run["id"]))
    assert code == 0 and "0 of 3 expectations met" in out, out
    code, out = cli("stop", str(run["id"]))
    assert code == 0 and "stopped" in out
    refused = run_cli(["--db", url, "--as", "olfa", "exercise", "resume", str(run["id"])], env)
    assert refused.returncode == 1 and "may not exercise.run" in refused.stderr
