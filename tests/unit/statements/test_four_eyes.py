"""Four eyes for real: nobody who wrote any version since the last approval may approve.

Reported: the lead writes v1, an operator adds one "." as v2, and the lead approves v2.
On SQLite and PostgreSQL; the rule lives in the core (``authors_since_approval``).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from crisisdesk.desk import Desk
from crisisdesk.errors import AuthError, RefusedError
from crisisdesk.statements.approval_secret import enable
from crisisdesk.storage.decision_log import LogFilter
from tests.helpers.databases import PASSWORD, make_desk, postgres_database, sign_in_as
from tests.helpers.statements import open_flood


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'room.db'}"
    else:
        with postgres_database() as pg:
            yield pg


@pytest.fixture
def room(url: str) -> Iterator[tuple[Desk, int]]:
    desk = make_desk(url)
    incident = open_flood(desk)
    yield desk, incident
    desk.close()


def _lead_draft_operator_dot(desk: Desk, incident: int) -> int:
    sign_in_as(desk, "lead")
    sid = desk.statements.draft(
        incident, None, {}, kind="awareness", texts={"ar": "ابتعدوا عن الأودية", "en": "Stay away"}
    ).statement.id
    sign_in_as(desk, "operator")
    desk.statements.save(sid, text_en="Stay away.")  # one "." as version 2
    desk.statements.submit(sid)
    return sid


def test_lead_who_wrote_v1_cannot_approve_operators_v2(room: tuple[Desk, int]) -> None:
    desk, incident = room
    sid = _lead_draft_operator_dot(desk, incident)
    sign_in_as(desk, "lead")
    shown = desk.statements.version(sid).content_hash
    with pytest.raises(RefusedError, match="four eyes"):
        desk.statements.approve(sid, PASSWORD, override_reason="short", content_hash=shown)
    refusal = desk.log.since(0)[-1]
    assert refusal.kind == "statement.refused" and "four eyes" in refusal.payload["reason"]
    assert desk.statements.get(sid).state == "in_review"
    # The operator wrote v2: refused too. A third person may approve.
    sign_in_as(desk, "spokesperson")
    info = desk.statements.approve(sid, PASSWORD, override_reason="short", content_hash=shown)
    assert info.version_number == 2
    approved = desk.log.since(0)[-1]
    assert approved.kind == "statement.approved"
    assert approved.payload["authors_since_approval"] == ["layla", "olfa"]


def test_authors_before_the_last_approval_may_approve_again(room: tuple[Desk, int]) -> None:
    desk, incident = room
    sid = _lead_draft_operator_dot(desk, incident)
    sign_in_as(desk, "spokesperson")
    first = desk.statements.version(sid).content_hash
    desk.statements.approve(sid, PASSWORD, override_reason="short", content_hash=first)
    sign_in_as(desk, "spokesperson")  # the spokesperson edits after approving: back to draft
    desk.statements.save(sid, text_ar="ابتعدوا عن الأودية.")
    desk.statements.submit(sid)
    shown = desk.statements.version(sid).content_hash
    with pytest.raises(RefusedError, match="cannot approve"):
        desk.statements.approve(sid, PASSWORD, override_reason="short", content_hash=shown)
    sign_in_as(desk, "lead")  # wrote v1, before the last approval: may approve v3
    assert (
        desk.statements.approve(
            sid, PASSWORD, override_reason="short", content_hash=shown
        ).version_number
        == 3
    )


def test_approving_a_version_other_than_the_one_read_is_refused_and_logged(
    room: tuple[Desk, int],
) -> None:
    desk, incident = room
    sign_in_as(desk, "operator")
    sid = desk.statements.draft(
        incident, None, {}, kind="awareness", texts={"ar": "نص أول", "en": "First text"}
    ).statement.id
    read = desk.statements.version(sid).content_hash  # the spokesperson reads v1
    desk.statements.save(sid, text_en="Different text")
    desk.statements.submit(sid)
    sign_in_as(desk, "spokesperson")
    with pytest.raises(RefusedError, match="changed after you opened it"):
        desk.statements.approve(sid, PASSWORD, override_reason="x", content_hash=read)
    assert desk.log.count(LogFilter(kind="statement.refused")) == 1


def test_scripted_approval_secret_is_a_second_secret(room: tuple[Desk, int]) -> None:
    desk, incident = room
    sign_in_as(desk, "operator")
    sid = desk.statements.draft(
        incident, None, {}, kind="awareness", texts={"ar": "نص", "en": "Text"}
    ).statement.id
    desk.statements.submit(sid)
    shown = desk.statements.version(sid).content_hash
    sign_in_as(desk, "spokesperson")
    with pytest.raises(AuthError, match="approval secret was not confirmed"):
        desk.statements.approve(
            sid, PASSWORD, override_reason="x", content_hash=shown, scripted=True
        )
    with pytest.raises(RefusedError):  # only an admin enables it
        enable(desk, "sami")
    sign_in_as(desk, "admin")
    secret = enable(desk, "sami")
    assert desk.log.since(0)[-1].kind == "security.approval_secret_enabled"
    assert secret not in str(desk.log.since(0)[-1].payload)
    sign_in_as(desk, "spokesperson")
    info = desk.statements.approve(
        sid, secret, override_reason="x", content_hash=shown, scripted=True
    )
    assert info.content_hash == shown
    assert desk.log.since(0)[-1].payload["confirmed_with"] == "approval secret"


def test_reviewer_cannot_fire_due_publications(room: tuple[Desk, int]) -> None:
    desk, _incident = room
    sign_in_as(desk, "reviewer")
    with pytest.raises(RefusedError, match=r"statement\.publish"):
        desk.statements.run_due()
    assert desk.log.since(0)[-1].kind == "security.refused"
