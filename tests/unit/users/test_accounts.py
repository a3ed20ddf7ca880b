"""Accounts: a role change or a deactivation reaches a session that is already signed in,
deactivate/reactivate, password reset and change, and the last admin stays an admin.

Two `Desk` objects on one database stand for two laptops (or the app window and the
command line): one is signed in, the other is the administrator's.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from crisisdesk.desk import Desk
from crisisdesk.errors import AuthError, ConflictError, RefusedError
from crisisdesk.storage.decision_log import DecisionInfo
from crisisdesk.storage.models import Approval
from tests.helpers.databases import PASSWORD, make_desk, postgres_database
from tests.helpers.statements import in_review, open_flood

NEW_PASSWORD = "a-much-longer-passphrase-7"


def logged(desk: Desk, kind: str | None = None, subject: str | None = None) -> list[DecisionInfo]:
    """The log's entries of ``kind`` (and ``subject``), oldest first."""
    return [
        d
        for d in desk.log.since(0, limit=100_000)
        if (kind is None or d.kind == kind) and (subject is None or d.subject == subject)
    ]


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'room.db'}"
    else:
        with postgres_database() as pg:
            yield pg


@pytest.fixture
def room(url: str) -> Iterator[tuple[Desk, Desk]]:
    """(the admin's desk, a second desk on the same database, nobody signed in yet)."""
    admin = make_desk(url)
    other = Desk.open(url)
    yield admin, other
    other.close()
    admin.close()


def test_demoted_spokesperson_cannot_approve_in_the_open_window(
    room: tuple[Desk, Desk],
) -> None:
    """Finding 2 as reported: a spokesperson demoted to operator kept approving in the
    open window, and the approval recorded ``approver_role spokesperson``."""
    admin, window = room
    incident = open_flood(admin)
    statement = in_review(admin, incident)
    window.sign_in("sami", PASSWORD)  # the spokesperson's open window
    admin.sign_in("admin", PASSWORD)
    admin.users.set_role("sami", "operator", "moved to the phones")
    with pytest.raises(RefusedError, match="operator"):
        window.statements.approve(statement, PASSWORD)
    with admin.db.read() as session:
        assert session.query(Approval).count() == 0
    refused = logged(admin, "security.refused")
    assert refused[-1].actor == "sami" and refused[-1].role == "operator"
    assert window.user is not None and window.user.role == "operator"


def test_promotion_reaches_the_open_window_too(room: tuple[Desk, Desk]) -> None:
    admin, window = room
    incident = open_flood(admin)
    statement = in_review(admin, incident)
    window.sign_in("rami", PASSWORD)  # a reviewer
    admin.sign_in("admin", PASSWORD)
    admin.users.set_role("rami", "spokesperson", "stands in for sami")
    window.statements.approve(statement, PASSWORD)
    approved = logged(admin, "statement.approved")[-1]
    assert (approved.actor, approved.role) == ("rami", "spokesperson")


def test_deactivation_stops_a_signed_in_session_and_its_sign_in(room: tuple[Desk, Desk]) -> None:
    admin, window = room
    window.sign_in("olfa", PASSWORD)
    incident = open_flood(admin)
    admin.sign_in("admin", PASSWORD)
    admin.users.set_active("olfa", False, "left the room")
    with pytest.raises(AuthError, match="deactivated"):
        window.statements.draft(incident, "holding", {})
    assert window.user is not None and not window.user.active
    with pytest.raises(AuthError):
        window.sign_in("olfa", PASSWORD)
    admin.users.set_active("olfa", True, "back on shift")
    window.sign_in("olfa", PASSWORD)
    window.statements.draft(incident, "holding", {})
    kinds = [d.kind for d in logged(admin, subject="user:olfa")]
    assert kinds[-4:] == [
        "user.deactivated",
        "security.refused",
        "security.signin_failed",
        "user.reactivated",
    ]
    assert logged(admin, "security.refused")[-1].payload == {
        "action": "statement.draft",
        "reason": "deactivated",
    }


def test_admin_resets_a_password_and_the_old_one_stops_working(room: tuple[Desk, Desk]) -> None:
    admin, window = room
    admin.users.reset_password("layla", NEW_PASSWORD, "forgot it")
    with pytest.raises(AuthError):
        window.sign_in("layla", PASSWORD)
    window.sign_in("layla", NEW_PASSWORD)
    reset = logged(admin, "user.password_reset")[-1]
    assert reset.actor == "admin" and reset.subject == "user:layla"
    assert NEW_PASSWORD not in str(reset.payload) and PASSWORD not in str(reset.payload)


def test_only_an_admin_resets_passwords(room: tuple[Desk, Desk]) -> None:
    _admin, window = room
    window.sign_in("layla", PASSWORD)
    with pytest.raises(RefusedError):
        window.users.reset_password("olfa", NEW_PASSWORD)


def test_a_user_changes_their_own_password(room: tuple[Desk, Desk]) -> None:
    admin, window = room
    window.sign_in("olfa", PASSWORD)
    with pytest.raises(AuthError):
        window.users.change_password("not-the-password", NEW_PASSWORD)
    window.users.change_password(PASSWORD, NEW_PASSWORD)
    other = Desk.open(admin.url)
    try:
        with pytest.raises(AuthError):
            other.sign_in("olfa", PASSWORD)
        other.sign_in("olfa", NEW_PASSWORD)
    finally:
        other.close()
    changed = logged(admin, "user.password_changed")[-1]
    assert changed.actor == "olfa" and NEW_PASSWORD not in str(changed.payload)


def test_last_admin_cannot_demote_themselves(room: tuple[Desk, Desk]) -> None:
    """Finding 7 as reported: the last admin could demote themselves, leaving nobody able
    to manage users (and ``init`` refuses on a database that has users)."""
    admin, _window = room
    with pytest.raises(ConflictError, match="last active admin"):
        admin.users.set_role("admin", "lead", "oops")
    with pytest.raises(ConflictError, match="last active admin"):
        admin.users.set_active("admin", False, "oops")
    assert admin.users.get("admin").role == "admin" and admin.users.get("admin").active


def test_with_a_second_admin_the_first_may_step_down(room: tuple[Desk, Desk]) -> None:
    admin, window = room
    admin.users.add("amal", NEW_PASSWORD, "admin")
    admin.users.set_role("admin", "lead", "handed over to amal")
    window.sign_in("amal", NEW_PASSWORD)
    with pytest.raises(ConflictError, match="last active admin"):
        window.users.set_active("amal", False, "oops")
    # a deactivated admin does not count as one who can manage users
    window.users.add("omar", NEW_PASSWORD, "admin")
    window.users.set_active("omar", False, "not yet")
    with pytest.raises(ConflictError, match="last active admin"):
        window.users.set_role("amal", "operator", "oops")
