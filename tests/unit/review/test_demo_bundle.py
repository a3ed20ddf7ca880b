"""The demo, built where ``--db`` says, exports a masked bundle that verifies with every key
of the log pinned from ``log keys --out FILE`` (issue 14: points 1, 5 and 6)."""

from __future__ import annotations

import json
from pathlib import Path

from crisisdesk.demo.crisis import DEMO_PASSWORD
from crisisdesk.review import manifest as mf
from tests.helpers.cli import cli_env, run_cli


def test_demo_follows_db_and_its_masked_bundle_verifies(tmp_path: Path) -> None:
    env = cli_env(tmp_path / "data", CRISISDESK_PASSWORD=DEMO_PASSWORD)
    db = tmp_path / "elsewhere" / "demo.db"
    db.parent.mkdir()
    built = run_cli(["--db", str(db), "demo", "--no-gui"], env, timeout=600)
    assert built.returncode == 0, built.stderr
    assert db.exists(), "demo --db built the demo elsewhere"
    assert not (tmp_path / "data" / "demo.db").exists()
    # a plain path is as good as sqlite:///
    base = ["--db", str(db), "--as", "lead"]
    listed = run_cli([*base, "incident", "list", "--json"], env)
    assert listed.returncode == 0, listed.stderr
    out = tmp_path / "bundle"
    incident = max(
        (i for i in json.loads(listed.stdout)["incidents"] if not i["drill"]),
        key=lambda i: i["id"],
    )["id"]
    export = run_cli(
        [*base, "export", "--incident", str(incident), "--out", str(out), "--mask-pii"], env
    )
    assert export.returncode == 0, export.stderr
    keys = tmp_path / "keys.txt"
    listed_keys = run_cli(["--db", str(db), "log", "keys", "--out", str(keys)], env)
    assert listed_keys.returncode == 0, listed_keys.stderr
    assert keys.read_text("ascii").strip()
    verify = run_cli(["verify", str(out), "--public-keys", str(keys), "--json"], env)
    assert verify.returncode == 0, verify.stderr
    assert json.loads(verify.stdout)["keys_pinned"] is True
    manifest = json.loads((out / mf.MANIFEST).read_text("utf-8"))
    kpis = json.loads((out / mf.KPIS_JSON).read_text("utf-8"))
    assert manifest["incident"]["title"] == kpis["incident"]["title"]
    assert "person-" not in manifest["incident"]["title"]


def test_demo_refuses_a_server_url(tmp_path: Path) -> None:
    env = cli_env(tmp_path / "data")
    done = run_cli(
        ["--db", "postgresql+psycopg://nobody@127.0.0.1:1/none", "demo", "--no-gui"], env
    )
    assert done.returncode == 1
    assert "SQLite file" in done.stderr and done.stderr.count("\n") == 1
