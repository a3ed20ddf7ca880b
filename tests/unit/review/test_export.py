"""The export: what the bundle holds, masking, the decision it records, offline verification."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from sqlalchemy import select

from crisisdesk.desk import Desk
from crisisdesk.errors import InputError, RefusedError
from crisisdesk.review import manifest as mf
from crisisdesk.review.bundle import ExportCancelled
from crisisdesk.review.pii import Masker
from crisisdesk.storage.models import Decision, Interaction
from tests.helpers.cli import cli_env, run_cli
from tests.helpers.databases import PASSWORD
from tests.helpers.keyring_backend import MemoryKeyring
from tests.unit.review.scenario import PUBLIC, Scenario


def _public_values(desk: Desk) -> set[str]:
    """Every phone, e-mail and public name the database holds, as stored and as typed."""
    values = set(PUBLIC["names"]) | set(PUBLIC["phones"]) | set(PUBLIC["emails"])
    with desk.db.read() as session:
        for name, handle in session.execute(
            select(Interaction.author_name, Interaction.author_handle)
        ):
            values.update(v for v in (name, handle) if v)
    return values | {v.lstrip("+") for v in values} | {"557778888", "553334444", "551112222"}


def test_bundle_contents(review_desk: Desk, scenario: Scenario, tmp_path: Path) -> None:
    out = tmp_path / "bundle"
    result = review_desk.review.export(scenario.incident_id, out)
    names = set(mf.bundle_files(out))
    assert {
        mf.DECISIONS_JSONL,
        mf.DECISIONS_CSV,
        mf.INTERACTIONS_CSV,
        mf.KPIS_JSON,
        mf.REPORT_HTML,
        mf.REPORT_PDF,
        "statements/statement-000001.json",
        "statements/statement-000002.json",
    } <= names
    statement = json.loads((out / "statements/statement-000001.json").read_text("utf-8"))
    version = statement["versions"][0]
    assert version["approvals"][0]["approver"] == "sami"
    assert version["publications"][0]["state"] == "sent"
    manifest = json.loads((out / mf.MANIFEST).read_text("utf-8"))
    assert manifest["head"]["seq"] == result.decision_seq == result.checkpoint_seq
    assert manifest["checkpoints"][-1]["seq"] == result.decision_seq
    export = review_desk.log.get(result.decision_seq)
    assert export.kind == mf.EXPORT_KIND
    assert export.payload["files_sha256"] == manifest["export"]["files_sha256"]
    lines = (out / mf.DECISIONS_JSONL).read_bytes().splitlines()
    assert len(lines) == result.decision_seq
    first = json.loads(lines[0])
    with review_desk.db.read() as session:
        stored = session.scalar(select(Decision.body).where(Decision.seq == 1))
    assert first["seq"] == 1 and first["body"] == stored  # exactly as stored
    kpis = json.loads((out / mf.KPIS_JSON).read_text("utf-8"))
    assert kpis["statements"]["approval_turnaround_s"]["median"] == 600
    assert review_desk.review.verify(out).ok


def test_mask_pii_leaves_no_personal_data(
    review_desk: Desk, scenario: Scenario, tmp_path: Path
) -> None:
    out = tmp_path / "masked"
    review_desk.review.export(scenario.incident_id, out, mask_pii=True, research=True)
    needles = _public_values(review_desk)
    for path in out.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            for needle in needles:
                assert needle.encode("utf-8") not in data, f"{needle!r} left in {path.name}"
    # three messages are fewer than k = 5: the research set holds none of them
    research = (out / "research/interactions.csv").read_text("utf-8-sig")
    assert research.splitlines()[1:] == []
    assert review_desk.review.verify(out).ok


def test_plain_export_keeps_the_data(review_desk: Desk, scenario: Scenario, tmp_path: Path) -> None:
    out = tmp_path / "plain"
    review_desk.review.export(scenario.incident_id, out)
    assert "Omar Khalid" in (out / mf.INTERACTIONS_CSV).read_text("utf-8")


def test_pseudonyms_are_stable_and_salted() -> None:
    one, two = Masker(b"a" * 32), Masker(b"b" * 32)
    assert one.person("+966 55 111 2222") == one.person("0551112222")
    assert one.person("0551112222") != two.person("0551112222")
    one.add_names(["Fatima Zahrani"])
    text = one.text("Fatima Zahrani قالت: 0551112222, fz@example.org, 2026-01-01 12345")
    assert "Fatima" not in text and "0551112222" not in text and "fz@" not in text
    assert "2026-01-01" in text and "12345" in text


def test_export_needs_permission(review_desk: Desk, scenario: Scenario, tmp_path: Path) -> None:
    review_desk.sign_in("olfa", PASSWORD)
    with pytest.raises(RefusedError):
        review_desk.review.export(scenario.incident_id, tmp_path / "x")
    assert not (tmp_path / "x").exists()


def test_export_refuses_a_non_empty_folder(
    review_desk: Desk, scenario: Scenario, tmp_path: Path
) -> None:
    (tmp_path / "keep.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(InputError, match="not empty"):
        review_desk.review.export(scenario.incident_id, tmp_path)
    assert (tmp_path / "keep.txt").exists()


def test_cancel_removes_the_partial_bundle(
    review_desk: Desk, scenario: Scenario, tmp_path: Path
) -> None:
    seen: list[str] = []

    def progress(stage: str, done: int, total: int) -> None:
        seen.append(stage)

    head = review_desk.log.head().seq
    with pytest.raises(ExportCancelled):
        review_desk.review.export(
            scenario.incident_id,
            tmp_path / "b",
            progress=progress,
            cancel=lambda: "statements" in seen,
        )
    assert not (tmp_path / "b").exists()
    assert review_desk.log.head().seq == head  # no export decision for a cancelled export


def test_verifies_offline_from_a_copy(
    review_desk: Desk,
    scenario: Scenario,
    tmp_path: Path,
    db_url: str,
    memory_keyring: MemoryKeyring,
) -> None:
    """Copy the bundle, delete the database and its keyring entry, verify in a new process."""
    out = tmp_path / "bundle"
    review_desk.review.export(scenario.incident_id, out)
    key = json.loads((out / mf.MANIFEST).read_text("utf-8"))["public_keys"][0]
    copy = tmp_path / "elsewhere" / "bundle"
    shutil.copytree(out, copy)
    shutil.rmtree(out)
    review_desk.close()
    db_file = Path(db_url.removeprefix("sqlite:///"))
    db_file.unlink()
    memory_keyring.store.clear()
    env = cli_env(tmp_path / "auditor")
    ok = run_cli(["verify", str(copy)], env)
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.startswith("valid:")
    pinned = run_cli(["verify", str(copy), "--public-key", key, "--json"], env)
    assert pinned.returncode == 0 and json.loads(pinned.stdout)["keys_pinned"] is True
    wrong = run_cli(["verify", str(copy), "--public-key", "cd" * 32], env)
    assert wrong.returncode == 3
    report = copy / mf.INTERACTIONS_CSV
    report.write_bytes(report.read_bytes().replace(b"hotline", b"hotlinE", 1))
    bad = run_cli(["verify", str(copy)], env)
    assert bad.returncode == 3
    assert bad.stderr.count("\n") == 1 and "interactions.csv" in bad.stderr


def test_cancel_after_the_export_decision_is_ignored(
    review_desk: Desk, scenario: Scenario, tmp_path: Path
) -> None:
    stages: list[str] = []
    out = tmp_path / "b"
    result = review_desk.review.export(
        scenario.incident_id,
        out,
        progress=lambda stage, done, total: stages.append(stage),
        cancel=lambda: stages.count("decisions.jsonl") > 2,  # true only after the decision
    )
    assert review_desk.review.verify(out).ok
    assert review_desk.log.get(result.decision_seq).kind == "export.created"
