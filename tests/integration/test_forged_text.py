"""The log proves what was approved; forged text neither goes out nor verifies.

Reported: change ``text_en`` in the database, recompute the statement's content hash (no
key involved) and copy it into the approval row: publish sent the forged text, and both
``log verify`` and ``crisisdesk verify`` of the export said valid, although the bundle held
the evidence (approved hash ``7ed3…`` vs published hash ``70c0…``).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from crisisdesk.desk import Desk
from crisisdesk.errors import RefusedError
from crisisdesk.review.bundle_verify import verify_bundle
from crisisdesk.statements.versions import content_hash
from tests.helpers.cli import cli_env, run_cli
from tests.helpers.databases import PASSWORD, make_desk, postgres_database, sign_in_as
from tests.helpers.statements import open_flood


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'room.db'}"
    else:
        with postgres_database() as pg:
            yield pg


def _approved(desk: Desk) -> tuple[int, int, str]:
    incident = open_flood(desk)
    sign_in_as(desk, "operator")
    sid = desk.statements.draft(
        incident,
        None,
        kind="awareness",
        texts={"ar": "ابتعدوا عن مجاري السيول. للبلاغات 940", "en": "Keep away from wadis. 940"},
    ).statement.id
    desk.statements.submit(sid)
    sign_in_as(desk, "spokesperson")
    shown = desk.statements.version(sid).content_hash
    desk.statements.approve(sid, PASSWORD, override_reason="short", content_hash=shown)
    return incident, sid, shown


def _forge(desk: Desk, sid: int) -> str:
    """The reported attack: new English text, its recomputed hash in both rows."""
    version = desk.statements.version(sid)
    forged = content_hash(version.text_ar, "All clear: go back to the wadis.", {})
    with desk.db.write() as session:
        session.execute(
            text(
                "UPDATE statement_versions SET text_en = :t, content_hash = :h "
                "WHERE statement_id = :s"
            ),
            {"t": "All clear: go back to the wadis.", "h": forged, "s": sid},
        )
        session.execute(text("UPDATE approvals SET content_hash = :h"), {"h": forged})
    return forged


def test_forged_text_is_not_published(url: str, tmp_path: Path) -> None:
    desk = make_desk(url)
    try:
        _incident, sid, _shown = _approved(desk)
        _forge(desk, sid)
        sign_in_as(desk, "operator")
        with pytest.raises(RefusedError, match="never approved in the decision log"):
            desk.statements.publish(sid, "text")
        refusal = desk.log.since(0)[-1]
        assert refusal.kind == "statement.refused"
        assert not list(desk.statements.publications(incident_id=_incident))
    finally:
        desk.close()


def test_a_publication_of_unapproved_text_fails_log_and_bundle_verification(
    url: str, tmp_path: Path
) -> None:
    desk = make_desk(url)
    try:
        incident, sid, approved_hash = _approved(desk)
        forged = _forge(desk, sid)
        # What a client that trusted the rows recorded when it sent the forged text.
        sign_in_as(desk, "operator")
        with desk.transaction(None, incident_id=incident) as uow:
            seq = uow.decide(
                "statement.published",
                subject=f"statement:{sid}",
                incident_id=incident,
                summary_ar="نشر",
                summary_en=f"published version 1 of statement #{sid} on Text file",
                payload={"statement": sid, "version": 1, "content_hash": forged},
            )
        verdict = desk.log.verify()
        assert not verdict.ok and verdict.first_bad_seq == seq
        assert forged[:12] in (verdict.problem or "") and approved_hash != forged
        sign_in_as(desk, "lead")
        desk.review.export(incident, tmp_path / "bundle")
        bundle = verify_bundle(tmp_path / "bundle")
        assert not bundle.ok and f"seq {seq}" in (bundle.problem or "")
    finally:
        desk.close()
    env = cli_env(tmp_path / "data", CRISISDESK_PASSWORD=PASSWORD)
    result = run_cli(["--db", url, "--as", "layla", "log", "verify"], env)
    assert result.returncode == 3 and f"seq {seq}" in result.stdout + result.stderr
    result = run_cli(["verify", str(tmp_path / "bundle"), "--json"], env)
    assert result.returncode == 3
    assert f"seq {seq}" in json.dumps(json.loads(result.stdout), ensure_ascii=False)


def test_genuine_publications_verify(url: str, tmp_path: Path) -> None:
    desk = make_desk(url)
    try:
        _incident, sid, approved_hash = _approved(desk)
        sign_in_as(desk, "operator")
        [pub] = desk.statements.publish(sid, "text")
        assert pub.state == "sent"
        published = desk.log.since(0)[-1]
        assert published.kind == "statement.published"
        assert published.payload["content_hash"] == approved_hash
        approved = next(d for d in desk.log.since(0) if d.kind == "statement.approved")
        assert approved.payload["content_hash"] == approved_hash
        assert desk.log.verify().ok
    finally:
        desk.close()
