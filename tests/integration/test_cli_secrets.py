"""Secrets through the real command: refused in ``connector add --set``, stored with a
decision by ``secrets set``, and the plain-text keyring announced once on this computer."""

from __future__ import annotations

from pathlib import Path

from tests.helpers.cli import cli_env, run_cli

ADMIN_PASSWORD = "adm1n-pass-phrase"
TOKEN = "bearer-token-that-must-never-leak"


def test_secret_settings_go_to_the_keyring_with_a_decision(tmp_path: Path) -> None:
    env = cli_env(tmp_path / "data")
    url = f"sqlite:///{tmp_path / 'room.db'}"
    init = run_cli(["--db", url, "init", "--admin", "admin"], env, stdin=ADMIN_PASSWORD + "\n")
    assert init.returncode == 0, init.stderr
    assert init.stderr.count("plain-text") == 1 and "UNENCRYPTED" in init.stderr
    env["CRISISDESK_PASSWORD"] = ADMIN_PASSWORD
    refused = run_cli(["--db", url, "--as", "admin", "connector", "add", "x1", "--channel", "x",
                       "--set", "query=flood", "--set", f"bearer_token={TOKEN}"], env)  # fmt: skip
    assert refused.returncode == 1 and "secrets set x.bearer_token" in refused.stderr
    assert refused.stderr.count("\n") == 1 and TOKEN not in refused.stderr
    stored = run_cli(["--db", url, "--as", "admin", "secrets", "set", "x.bearer_token"], env,
                     stdin=TOKEN + "\n")  # fmt: skip
    assert stored.returncode == 0, stored.stderr
    assert "plain-text" not in stored.stderr  # said once, at init
    log = run_cli(["--db", url, "--as", "admin", "log", "show", "--json"], env)
    assert '"secrets.set"' in log.stdout and TOKEN not in log.stdout
    assert TOKEN.encode() not in (tmp_path / "room.db").read_bytes()
