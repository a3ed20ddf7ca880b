"""Every mutating service x every role: allowed ones succeed, the rest are refused and logged."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from crisisdesk.desk import Desk
from crisisdesk.errors import RefusedError
from crisisdesk.storage.decision_log import LogFilter
from crisisdesk.users.permissions import PERMISSIONS, Action, Role, can
from tests.helpers.databases import PASSWORD, ROLE_USERS, make_desk, sign_in_as

Attempt = Callable[[Desk, int], object]

# One way to take each action through its core service; features add theirs here.
ATTEMPTS: dict[Action, Attempt] = {
    Action.USER_ADD: lambda d, i: d.users.add(f"new-{d.user.role}", PASSWORD, "operator"),  # type: ignore[union-attr]
    Action.USER_ROLE: lambda d, i: d.users.set_role("rami", "operator"),
    Action.USER_DEACTIVATE: lambda d, i: d.users.set_active("rami", False),
    Action.INCIDENT_OPEN: lambda d, i: d.incidents.open("حريق في سوق الخضار", 2),
    Action.INCIDENT_SEVERITY: lambda d, i: d.incidents.set_severity(i, 3, "more casualties"),
    Action.INCIDENT_CLOSE: lambda d, i: d.incidents.close(i, "all clear"),
    Action.LOG_CHECKPOINT: lambda d, i: d.log.checkpoint("shift handover"),
    Action.LOG_CORRECT: lambda d, i: d.log.correct(1, "wrong unit named"),
    Action.STATEMENT_DRAFT: lambda d, i: d.statements.draft(
        i, None, kind="holding", texts={"ar": "نتابع الحالة.", "en": "We are following it."}
    ),
    Action.STATEMENT_SUBMIT: lambda d, i: d.statements.submit(d.statements.list(i)[0].id),
    Action.STATEMENT_APPROVE: lambda d, i: d.statements.approve(
        d.statements.list(i)[0].id, PASSWORD, override_reason="no playbook rules"
    ),
    Action.STATEMENT_REJECT: lambda d, i: d.statements.reject(
        d.statements.list(i)[0].id, PASSWORD, "name the closed underpasses"
    ),
    Action.STATEMENT_PUBLISH: lambda d, i: d.statements.publish(
        d.statements.list(i)[0].id, "clipboard"
    ),
}


def _statement(desk: Desk, incident: int, state: str) -> None:
    """An operator's statement brought to ``state`` (approved by the spokesperson)."""
    sign_in_as(desk, "operator")
    sid = desk.statements.draft(
        incident, None, kind="holding", texts={"ar": "نتابع الحالة.", "en": "We follow it."}
    ).statement.id
    if state in ("in_review", "approved"):
        desk.statements.submit(sid)
    if state == "approved":
        sign_in_as(desk, "spokesperson")
        desk.statements.approve(sid, PASSWORD)


# State an attempt needs before it runs (made by other users, before the log is watched).
PREPARE: dict[Action, Callable[[Desk, int], None]] = {
    Action.STATEMENT_SUBMIT: lambda d, i: _statement(d, i, "draft"),
    Action.STATEMENT_APPROVE: lambda d, i: _statement(d, i, "in_review"),
    Action.STATEMENT_REJECT: lambda d, i: _statement(d, i, "in_review"),
    Action.STATEMENT_PUBLISH: lambda d, i: _statement(d, i, "approved"),
}


@pytest.mark.parametrize("role", [r.value for r in Role])
@pytest.mark.parametrize("action", list(ATTEMPTS), ids=lambda a: a.value)
def test_role_matrix(tmp_path: object, role: str, action: Action) -> None:
    desk = make_desk(f"sqlite:///{tmp_path}/perm.db")
    try:
        sign_in_as(desk, "lead")
        incident = desk.incidents.open("انقطاع المياه في حي الفيصلية", 2).id
        if action in PREPARE:
            PREPARE[action](desk, incident)
        sign_in_as(desk, role)
        before = desk.log.count(LogFilter(kind="security.refused"))
        if can(role, action):
            ATTEMPTS[action](desk, incident)
            assert desk.log.count(LogFilter(kind="security.refused")) == before
        else:
            head = desk.log.head().seq
            with pytest.raises(RefusedError, match=action.value):
                ATTEMPTS[action](desk, incident)
            refused = desk.log.since(head)
            assert [d.kind for d in refused] == ["security.refused"]
            assert refused[0].actor == ROLE_USERS[role]
            assert refused[0].payload == {"action": action.value}
    finally:
        desk.close()


def test_every_action_has_a_rule() -> None:
    assert set(PERMISSIONS) == set(Action)


def test_unknown_role_may_do_nothing() -> None:
    assert not any(can("intern", action) for action in Action)


def test_reviewer_cannot_change_anything_but_export() -> None:
    allowed = {a for a in Action if can(Role.REVIEWER, a)}
    assert allowed == {Action.EXPORT_RUN}
