"""The command line as scripts use it: real child processes, real files, exit codes."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

import pytest

from tests.helpers.cli import cli_env, run_cli


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return cli_env(tmp_path / "data")


@pytest.fixture
def initialised(tmp_path: Path, env: dict[str, str]) -> str:
    url = f"sqlite:///{tmp_path / 'room.db'}"
    done = run_cli(["--db", url, "init", "--admin", "admin"], env, stdin="adm1n-pass-phrase\n")
    assert done.returncode == 0, done.stderr
    assert "public key:" in done.stdout
    env["CRISISDESK_PASSWORD"] = "adm1n-pass-phrase"
    added = run_cli(
        ["--db", url, "--as", "admin", "users", "add", "layla", "--role", "lead"],
        env,
        stdin="lead-pass-phrase\n",
    )
    assert added.returncode == 0, added.stderr
    return url


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _one_line_error(done: object, code: int = 1) -> str:
    assert done.returncode == code, (done.stdout, done.stderr)  # type: ignore[attr-defined]
    err: str = done.stderr.strip()  # type: ignore[attr-defined]
    assert err and "\n" not in err and "Traceback" not in err, err
    return err


def test_scripted_incident_lifecycle(initialised: str, env: dict[str, str]) -> None:
    url = initialised
    lead = {**env, "CRISISDESK_PASSWORD": "lead-pass-phrase"}
    opened = run_cli(
        [
            "--db",
            url,
            "--as",
            "layla",
            "incident",
            "open",
            "--title",
            "انهيار جزئي لمبنى في حي العدامة",
            "--severity",
            "3",
            "--json",
        ],
        lead,
    )
    assert opened.returncode == 0, opened.stderr
    incident = json.loads(opened.stdout)
    assert incident["severity"] == 3 and incident["status"] == "active"
    listed = json.loads(
        run_cli(["--db", url, "--as", "layla", "incident", "list", "--json"], lead).stdout
    )
    assert [i["id"] for i in listed["incidents"]] == [incident["id"]]
    sev = run_cli(
        [
            "--db",
            url,
            "--as",
            "layla",
            "incident",
            "severity",
            str(incident["id"]),
            "4",
            "--reason",
            "casualties confirmed by Civil Defence",
        ],
        lead,
    )
    assert sev.returncode == 0, sev.stderr
    closed = run_cli(
        [
            "--db",
            url,
            "--as",
            "layla",
            "incident",
            "close",
            str(incident["id"]),
            "--summary",
            "search and rescue finished",
        ],
        lead,
    )
    assert closed.returncode == 0, closed.stderr
    shown = json.loads(
        run_cli(
            ["--db", url, "--as", "layla", "incident", "show", str(incident["id"]), "--json"], lead
        ).stdout
    )
    assert shown["status"] == "closed" and shown["severity"] == 4
    log = json.loads(
        run_cli(
            [
                "--db",
                url,
                "--as",
                "layla",
                "log",
                "show",
                "--json",
                "--incident",
                str(incident["id"]),
            ],
            lead,
        ).stdout
    )
    kinds = [d["kind"] for d in log["decisions"]]
    assert kinds == ["incident.closed", "incident.severity_changed", "incident.opened"]
    assert set(log["decisions"][0]) >= {"seq", "at", "actor", "role", "kind", "summary", "hash"}
    verify = run_cli(["--db", url, "log", "verify", "--json"], env)
    assert verify.returncode == 0 and json.loads(verify.stdout)["ok"] is True


def test_refused_action_is_exit_1_and_logged(initialised: str, env: dict[str, str]) -> None:
    done = run_cli(
        ["--db", initialised, "--as", "admin", "incident", "severity", "1", "2", "--reason", "x"],
        env,
    )
    err = _one_line_error(done)
    assert "may not incident.severity" in err
    log = json.loads(
        run_cli(
            [
                "--db",
                initialised,
                "--as",
                "admin",
                "log",
                "show",
                "--json",
                "--kind",
                "security.refused",
            ],
            env,
        ).stdout
    )
    assert log["total"] == 1


@pytest.mark.parametrize(
    ("args", "password", "expected"),
    [
        (["--as", "admin", "users", "list"], "wrong", "wrong password"),
        (["--as", "nobody", "users", "list"], "adm1n-pass-phrase", "unknown user"),
        (["--as", "admin", "incident", "show", "99"], "adm1n-pass-phrase", "no incident with id 9"),
        (
            ["--as", "layla", "incident", "close", "99", "--summary", "x"],
            "lead-pass-phrase",
            "no incident with id 99",
        ),
    ],
    ids=["wrong-password", "unknown-user", "unknown-incident", "close-unknown-incident"],
)
def test_bad_input_writes_nothing(
    initialised: str,
    env: dict[str, str],
    tmp_path: Path,
    args: list[str],
    password: str,
    expected: str,
) -> None:
    db = tmp_path / "room.db"
    before = _digest(db)
    kinds_before = _kinds(db)
    done = run_cli(["--db", initialised, *args], {**env, "CRISISDESK_PASSWORD": password})
    assert expected in _one_line_error(done)
    if "password" in expected or "user" in expected:
        # a failed sign-in is itself a decision (and nothing else is written)
        assert _kinds(db) == [*kinds_before, "security.signin_failed"]
    else:
        assert _digest(db) == before


def _kinds(db: Path) -> list[str]:
    conn = sqlite3.connect(db)
    try:
        rows = conn.execute("SELECT body FROM decisions ORDER BY seq").fetchall()
    finally:
        conn.close()
    return [json.loads(body)["kind"] for (body,) in rows]


def test_unreachable_server(env: dict[str, str]) -> None:
    done = run_cli(
        ["--db", "postgresql+psycopg://postgres@127.0.0.1:1/nowhere", "--as", "a", "users", "list"],
        env,
    )
    assert "cannot open postgresql+psycopg://postgres@127.0.0.1:1/nowhere" in _one_line_error(done)


def test_missing_file_is_not_created(env: dict[str, str], tmp_path: Path) -> None:
    target = tmp_path / "typo.db"
    done = run_cli(["--db", f"sqlite:///{target}", "--as", "a", "users", "list"], env)
    assert "no database at" in _one_line_error(done)
    assert not target.exists()


def test_file_that_is_not_sqlite(env: dict[str, str], tmp_path: Path) -> None:
    target = tmp_path / "report.db"
    target.write_text("هذا ليس ملف قاعدة بيانات\n" * 100, encoding="utf-8")
    before = _digest(target)
    done = run_cli(["--db", f"sqlite:///{target}", "--as", "a", "users", "list"], env)
    assert "not a SQLite database" in _one_line_error(done)
    assert _digest(target) == before


def test_newer_schema(initialised: str, env: dict[str, str], tmp_path: Path) -> None:
    db = tmp_path / "room.db"
    conn = sqlite3.connect(db)
    conn.execute("UPDATE alembic_version SET version_num = 'f00d_from_the_future'")
    conn.commit()
    conn.close()
    before = _digest(db)
    done = run_cli(["--db", initialised, "--as", "admin", "users", "list"], env)
    assert "newer than this CrisisDesk" in _one_line_error(done)
    assert _digest(db) == before


def test_bad_url_and_usage_errors(env: dict[str, str]) -> None:
    done = run_cli(["--db", "not a url://x", "--as", "a", "users", "list"], env)
    assert "not a database URL" in _one_line_error(done)
    # A value without a scheme is a file path (--db demo.db); a missing file says how to make one.
    missing = run_cli(["--db", "no such file.db", "--as", "a", "users", "list"], env)
    assert "no database at" in _one_line_error(missing)
    usage = run_cli(["incident", "open"], env)
    assert usage.returncode == 2


def test_environment_variable_names_the_database(initialised: str, env: dict[str, str]) -> None:
    done = run_cli(
        ["--as", "admin", "users", "list", "--json"], {**env, "CRISISDESK_DB": initialised}
    )
    assert done.returncode == 0, done.stderr
    assert {u["name"] for u in json.loads(done.stdout)["users"]} == {"admin", "layla"}


def test_demo_without_gui_prints_the_summary(env: dict[str, str]) -> None:
    done = run_cli(["demo", "--no-gui"], env, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "incident #1" in done.stdout and "decision log:" in done.stdout
