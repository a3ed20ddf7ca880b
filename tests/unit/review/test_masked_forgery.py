"""Issue 14, point 1: a ``--mask-pii`` bundle cannot be forged without the signing key, and a
genuine masked bundle verifies (also when a public name collides with staff text).

The forgeries are the reported ones: rewrite ``body_masked`` of the export decision (line K)
and the manifest so the report says something else; and rewrite ``body_masked`` of a line
after the KPIs' seq S (written while the export ran). Both must fail with the real key pinned.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path
from typing import Any

from crisisdesk.desk import Desk
from crisisdesk.review import manifest as mf
from crisisdesk.review.bundle_verify import verify_bundle
from tests.unit.review.scenario import Scenario


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _lines(root: Path) -> list[bytes]:
    return (root / mf.DECISIONS_JSONL).read_bytes().splitlines(keepends=True)


def _real_keys(root: Path) -> set[str]:
    return set(json.loads((root / mf.MANIFEST).read_text("utf-8"))["public_keys"])


def _rewrite_manifest(root: Path, export_files: dict[str, Any] | None = None) -> None:
    """Cover the tracks: re-hash every file into the manifest (and the claimed export listing)."""
    manifest = json.loads((root / mf.MANIFEST).read_text("utf-8"))
    for name in list(manifest["files"]):
        digest, size = mf.file_digest(root / name)
        manifest["files"][name] = {"sha256": digest, "size": size}
    if export_files is not None:
        manifest["export"]["files_sha256"] = mf.canonical_digest(export_files)
    (root / mf.MANIFEST).write_bytes(mf.encode_manifest(manifest))


def _forge_export_line(root: Path) -> None:
    """The attack of point 1: line K made "masked", its claimed payload re-listing a
    rewritten report (the chain still holds: body_sha256 is the genuine digest)."""
    report = root / mf.REPORT_HTML
    report.write_text(
        report.read_text("utf-8").replace("</body>", "<p>answered within target: 97.5%</p></body>"),
        encoding="utf-8",
    )
    lines = _lines(root)
    entry = json.loads(lines[-1])
    body_text = entry.get("body") or entry["body_masked"]
    body = json.loads(body_text)
    assert body["kind"] == mf.EXPORT_KIND
    digest, size = mf.file_digest(report)
    body["payload"]["files"][mf.REPORT_HTML] = {"sha256": digest, "size": size}
    files = body["payload"]["files"]
    body["payload"]["files_sha256"] = mf.canonical_digest(files)
    forged = {
        "seq": entry["seq"],
        "prev_hash": entry["prev_hash"],
        "hash": entry["hash"],
        "body_sha256": entry.get("body_sha256")
        or hashlib.sha256(entry["body"].encode("utf-8")).hexdigest(),
        "body_masked": _canonical(body),
    }
    lines[-1] = mf.encode_line(forged)
    (root / mf.DECISIONS_JSONL).write_bytes(b"".join(lines))
    _rewrite_manifest(root, files)


def test_forged_export_decision_of_a_masked_bundle_is_refused(
    review_desk: Desk, scenario: Scenario, tmp_path: Path
) -> None:
    out = tmp_path / "masked"
    review_desk.review.export(scenario.incident_id, out, mask_pii=True)
    keys = _real_keys(out)
    assert verify_bundle(out, keys).ok
    forged = tmp_path / "forged"
    shutil.copytree(out, forged)
    _forge_export_line(forged)
    verdict = verify_bundle(forged, keys)
    assert not verdict.ok, "a masked bundle was forged without the key"
    assert verdict.problem and "\n" not in verdict.problem


def test_forged_masked_line_after_the_kpis_is_refused(
    review_desk: Desk, scenario: Scenario, tmp_path: Path
) -> None:
    """A decision about the public recorded while the export runs (after S, before K)."""
    added: list[int] = []

    def progress(stage: str, done: int, total: int) -> None:
        if stage == "decisions.jsonl" and not added:
            added.append(
                review_desk.inbox.set_triage(
                    scenario.interactions[2], status="answered", note="رددنا على 0557778888"
                )
            )

    out = tmp_path / "masked"
    review_desk.review.export(scenario.incident_id, out, mask_pii=True, progress=progress)
    assert added
    keys = _real_keys(out)
    assert verify_bundle(out, keys).ok
    kpis = json.loads((out / mf.KPIS_JSON).read_text("utf-8"))
    lines = _lines(out)
    after = [
        i
        for i, line in enumerate(lines)
        if json.loads(line)["seq"] > kpis["as_of_seq"] and b'"body_masked"' in line
    ]
    assert after, "the triage note with a phone number was masked"
    entry = json.loads(lines[after[0]])
    body = json.loads(entry["body_masked"])
    body["payload"]["changes"] = {"status": ["new", "closed"]}
    body["summary"]["en"] = "closed: no action needed"
    entry["body_masked"] = _canonical(body)
    lines[after[0]] = mf.encode_line(entry)
    (out / mf.DECISIONS_JSONL).write_bytes(b"".join(lines))
    _rewrite_manifest(out)
    verdict = verify_bundle(out, keys)
    assert not verdict.ok, "a masked line after the KPIs' seq was rewritten unnoticed"


def test_genuine_masked_bundle_with_a_colliding_name_verifies(
    review_desk: Desk, scenario: Scenario, tmp_path: Path
) -> None:
    """Point 1's second half: an e-mail whose subject is a word of the incident's title."""
    incident = review_desk.incidents.open(
        playbook_id="flood-urban", title="سيول الدمام والخبر", severity=2
    )
    mail = tmp_path / "m.eml"
    mail.write_bytes(
        "From: Ahmad <ahmad@example.sa>\nSubject: الدمام\nMessage-ID: <a1@example.sa>\n"
        "Date: Thu, 01 Jan 2026 06:30:00 +0000\nContent-Type: text/plain; charset=utf-8\n\n"
        "الماء يغمر الشارع\n".encode()
    )
    review_desk.inbox.ingest_files(incident.id, "email", [mail])
    out = tmp_path / "masked"
    review_desk.review.export(incident.id, out, mask_pii=True)
    verdict = verify_bundle(out, _real_keys(out))
    assert verdict.ok, verdict.problem
    kpis = json.loads((out / mf.KPIS_JSON).read_text("utf-8"))
    assert kpis["incident"]["title"] == "سيول الدمام والخبر"
    assert "سيول الدمام والخبر" in (out / mf.REPORT_HTML).read_text("utf-8")
