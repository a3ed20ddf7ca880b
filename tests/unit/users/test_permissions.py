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


def _ingest(desk: Desk, incident: int, external_id: str, text: str) -> object:
    """Ingest one WhatsApp message into ``incident`` as the signed-in user."""
    from datetime import UTC, datetime

    from crisisdesk.intake.parsers.base import IncomingMessage, ParseResult

    message = IncomingMessage(
        channel="whatsapp", external_id=external_id, author_handle="9665", author_name=None,
        received_at=datetime.now(UTC), text=text, raw={},
    )  # fmt: skip
    return desk.inbox.ingest(
        incident, ParseResult(messages=[message]), source="t", format="whatsapp"
    )


def _interaction(desk: Desk, incident: int, external_id: str, text: str) -> None:
    """An operator ingests one message (state an attempt needs)."""
    sign_in_as(desk, "operator")
    _ingest(desk, incident, external_id, text)


def _first_interaction(desk: Desk, incident: int) -> int:
    from crisisdesk.intake.rows import InboxFilters

    return desk.inbox.ids(InboxFilters(incident))[0]


def _rumour_cluster(desk: Desk, incident: int) -> None:
    text = "عاجل انتشر خبر انهيار سد وادي الدمام وعلى السكان الإخلاء فورا"
    _interaction(desk, incident, "r1", text)
    _interaction(desk, incident, "r2", text + " انشروها")


def _add_playbook(desk: Desk) -> object:
    """Add the bundled flood playbook under a new id (written into the test's data folder)."""
    from crisisdesk.playbooks import library_dir
    from crisisdesk.storage.location import data_dir

    text = (library_dir() / "flood-urban.yaml").read_text(encoding="utf-8")
    path = data_dir() / "flood-qatif.yaml"
    path.write_text(text.replace("id: flood-urban", "id: flood-qatif", 1), encoding="utf-8")
    return desk.playbooks.add(path)


# One way to take each action through its core service; features add theirs here.
def _new_folder() -> str:
    """A new folder for an export bundle inside the test's own data folder."""
    import os
    import uuid

    return os.path.join(os.environ["CRISISDESK_DATA_DIR"], f"bundle-{uuid.uuid4().hex}")


def _triage_settings(desk: Desk) -> int:
    from crisisdesk.intake.triage_settings import configure

    return configure(desk, {"default_within": "PT3H", "own_handles": "@AmanahEP"})


ATTEMPTS: dict[Action, Attempt] = {
    Action.USER_ADD: lambda d, i: d.users.add(f"new-{d.user.role}", PASSWORD, "operator"),  # type: ignore[union-attr]
    Action.USER_ROLE: lambda d, i: d.users.set_role("rami", "operator"),
    Action.USER_DEACTIVATE: lambda d, i: d.users.set_active("rami", False),
    Action.USER_RESET_PASSWORD: lambda d, i: d.users.reset_password("rami", "a-new-passphrase-9"),
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
    Action.INTERACTION_INGEST: lambda d, i: _ingest(d, i, "m-new", "تجمع مياه في النفق"),
    Action.INTERACTION_TRIAGE: lambda d, i: d.inbox.triage.apply(
        _first_interaction(d, i), category="question"
    ),
    Action.INTERACTION_REPLY: lambda d, i: d.inbox.replies.send_text(
        _first_interaction(d, i), "شكرًا لتواصلك"
    ),
    Action.CLUSTER_EDIT: lambda d, i: d.inbox.clusters.update(
        d.inbox.clusters.list(i)[0].id, label="إشاعة السد", status="false"
    ),
    Action.TRIAGE_SETTINGS: lambda d, i: _triage_settings(d),
    Action.CONNECTOR_RUN: lambda d, i: d.inbox.connectors.configure(
        "news", "rss", i, {"url": "http://127.0.0.1:9/feed.xml"}
    ),
    Action.SECRETS_SET: lambda d, i: d.require(Action.SECRETS_SET),
    Action.EXPORT_RUN: lambda d, i: d.review.export(i, _new_folder()),
    Action.PLAYBOOK_ADD: lambda d, i: _add_playbook(d),
    Action.EXERCISE_RUN: lambda d, i: d.exercises.start("flood-urban"),
    Action.EXERCISE_NOTE: lambda d, i: d.exercises.note(d.exercises.runs()[-1].id, "late"),
    Action.ROOM_SETTINGS: lambda d, i: __import__("crisisdesk.room_zone").room_zone.change(
        d, f"Asia/{'Riyadh' if d.user and d.user.role == 'lead' else 'Qatar'}"
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


def _exercise(desk: Desk) -> None:
    """The lead starts a bundled exercise (an observer then annotates it)."""
    sign_in_as(desk, "lead")
    desk.exercises.start("flood-urban")


# State an attempt needs before it runs (made by other users, before the log is watched).
PREPARE: dict[Action, Callable[[Desk, int], None]] = {
    Action.INTERACTION_TRIAGE: lambda d, i: _interaction(d, i, "m1", "هل الطريق مفتوح"),
    Action.INTERACTION_REPLY: lambda d, i: _interaction(d, i, "m1", "الشارع غرق"),
    Action.CLUSTER_EDIT: _rumour_cluster,
    Action.STATEMENT_SUBMIT: lambda d, i: _statement(d, i, "draft"),
    Action.STATEMENT_APPROVE: lambda d, i: _statement(d, i, "in_review"),
    Action.STATEMENT_REJECT: lambda d, i: _statement(d, i, "in_review"),
    Action.STATEMENT_PUBLISH: lambda d, i: _statement(d, i, "approved"),
    Action.EXERCISE_NOTE: lambda d, i: _exercise(d),
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
