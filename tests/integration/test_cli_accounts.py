"""The account commands through the real ``crisisdesk`` process: deactivate, reactivate,
reset a password, change one's own, and the last admin kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers.cli import cli_env, run_cli

ADMIN_PASSWORD = "adm1n-pass-phrase"
LEAD_PASSWORD = "lead-pass-phrase"
NEW_PASSWORD = "the-new-lead-phrase"


@pytest.fixture
def room(tmp_path: Path) -> tuple[str, dict[str, str]]:
    env = cli_env(tmp_path / "data")
    url = f"sqlite:///{tmp_path / 'room.db'}"
    done = run_cli(["--db", url, "init", "--admin", "admin"], env, stdin=ADMIN_PASSWORD + "\n")
    assert done.returncode == 0, done.stderr
    env["CRISISDESK_PASSWORD"] = ADMIN_PASSWORD
    added = run_cli(
        ["--db", url, "--as", "admin", "users", "add", "layla", "--role", "lead"],
        env,
        stdin=LEAD_PASSWORD + "\n",
    )
    assert added.returncode == 0, added.stderr
    return url, env


def _as(env: dict[str, str], password: str) -> dict[str, str]:
    return {**env, "CRISISDESK_PASSWORD": password}


def test_deactivate_reactivate_and_reset(room: tuple[str, dict[str, str]]) -> None:
    url, env = room
    lead = ["--db", url, "--as", "layla", "incident", "list"]
    done = run_cli(["--db", url, "--as", "admin", "users", "deactivate", "layla",
                    "--reason", "left"], env)  # fmt: skip
    assert done.returncode == 0 and "deactivated" in done.stdout, done.stderr
    refused = run_cli(lead, _as(env, LEAD_PASSWORD))
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert run_cli(["--db", url, "--as", "admin", "users", "reactivate", "layla"], env)
    assert run_cli(lead, _as(env, LEAD_PASSWORD)).returncode == 0
    reset = run_cli(["--db", url, "--as", "admin", "users", "reset-password", "layla"], env,
                    stdin=NEW_PASSWORD + "\n")  # fmt: skip
    assert reset.returncode == 0, reset.stderr
    assert run_cli(lead, _as(env, LEAD_PASSWORD)).returncode == 1
    assert run_cli(lead, _as(env, NEW_PASSWORD)).returncode == 0
    log = run_cli(["--db", url, "--as", "admin", "log", "show", "--json"], env)
    assert NEW_PASSWORD not in log.stdout and LEAD_PASSWORD not in log.stdout
    for kind in ("user.deactivated", "user.reactivated", "user.password_reset"):
        assert kind in log.stdout


def test_change_own_password_and_the_policy(room: tuple[str, dict[str, str]]) -> None:
    url, env = room
    change = ["--db", url, "--as", "layla", "users", "password"]
    short = run_cli(change, _as(env, LEAD_PASSWORD), stdin="x\n")
    assert short.returncode == 1 and "12 characters" in short.stderr
    done = run_cli(change, _as(env, LEAD_PASSWORD), stdin=NEW_PASSWORD + "\n")
    assert done.returncode == 0, done.stderr
    assert run_cli(["--db", url, "--as", "layla", "incident", "list"],
                   _as(env, NEW_PASSWORD)).returncode == 0  # fmt: skip


def test_last_admin_cannot_step_down(room: tuple[str, dict[str, str]]) -> None:
    url, env = room
    for args in (["role", "admin", "lead"], ["deactivate", "admin"]):
        done = run_cli(["--db", url, "--as", "admin", "users", *args], env)
        assert done.returncode == 1 and "last active admin" in done.stderr, done.stderr
        assert "Traceback" not in done.stderr
