"""``crisisdesk kpis | export | verify`` in a child process, with exit codes and JSON."""

from __future__ import annotations

import json
from pathlib import Path

from crisisdesk.desk import Desk
from tests.helpers.cli import cli_env, run_cli
from tests.helpers.databases import PASSWORD
from tests.unit.review.scenario import Scenario


def test_kpis_export_verify(
    review_desk: Desk, scenario: Scenario, db_url: str, tmp_path: Path
) -> None:
    review_desk.close()
    env = cli_env(tmp_path / "cli", CRISISDESK_PASSWORD=PASSWORD)
    base = ["--db", db_url, "--as", "layla"]
    kpis = run_cli([*base, "kpis", "--incident", str(scenario.incident_id), "--json"], env)
    assert kpis.returncode == 0, kpis.stderr
    data = json.loads(kpis.stdout)
    assert data["statements"]["approval_turnaround_s"]["median"] == 600
    assert data["incident"]["drill"] is True
    text = run_cli([*base, "kpis", "--incident", str(scenario.incident_id)], env)
    assert "[DRILL]" in text.stdout and "Interactions received: 3" in text.stdout
    window = run_cli(
        [*base, "kpis", "--incident", "1", "--from", "2026-01-01T07:00:00Z", "--json"], env
    )
    assert json.loads(window.stdout)["window"]["from"] == "2026-01-01T07:00:00.000000Z"
    bad = run_cli([*base, "kpis", "--incident", "1", "--from", "yesterday"], env)
    assert bad.returncode == 2 and "not an ISO 8601 time" in bad.stderr
    out = tmp_path / "bundle"
    export = run_cli(
        [*base, "export", "--incident", "1", "--out", str(out), "--mask-pii", "--json"], env
    )
    assert export.returncode == 0, export.stderr
    assert (
        json.loads(export.stdout)["checkpoint_seq"] == json.loads(export.stdout)["export_decision"]
    )
    again = run_cli([*base, "export", "--incident", "1", "--out", str(out)], env)
    assert again.returncode == 1 and "not empty" in again.stderr
    assert again.stderr.count("\n") == 1
    verify = run_cli(["verify", str(out), "--json"], env)
    assert verify.returncode == 0 and json.loads(verify.stdout)["ok"] is True
    missing = run_cli(["verify", str(tmp_path / "nowhere")], env)
    assert missing.returncode == 3 and "not a folder" in missing.stderr
    refused = run_cli(
        ["--db", db_url, "--as", "olfa", "export", "--incident", "1", "--out", str(tmp_path / "x")],
        env,
    )
    assert refused.returncode == 1 and "may not export.run" in refused.stderr
