"""The one permission table: which role may take which action. The core checks it."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    OPERATOR = "operator"
    SPOKESPERSON = "spokesperson"
    LEAD = "lead"
    REVIEWER = "reviewer"
    ADMIN = "admin"
    OBSERVER = "observer"  # watches an exercise and annotates it, without acting


class Action(StrEnum):
    USER_ADD = "user.add"
    USER_ROLE = "user.role"
    USER_DEACTIVATE = "user.deactivate"
    USER_RESET_PASSWORD = "user.reset_password"
    INCIDENT_OPEN = "incident.open"
    INCIDENT_SEVERITY = "incident.severity"
    INCIDENT_CLOSE = "incident.close"
    LOG_CHECKPOINT = "log.checkpoint"
    LOG_CORRECT = "log.correct"
    TASK_DONE = "task.done"
    INTERACTION_INGEST = "interaction.ingest"
    INTERACTION_TRIAGE = "interaction.triage"
    INTERACTION_REPLY = "interaction.reply"
    CLUSTER_EDIT = "cluster.edit"
    TRIAGE_SETTINGS = "triage.settings"
    STATEMENT_DRAFT = "statement.draft"
    STATEMENT_SUBMIT = "statement.submit"
    STATEMENT_APPROVE = "statement.approve"
    STATEMENT_REJECT = "statement.reject"
    STATEMENT_PUBLISH = "statement.publish"
    EXPORT_RUN = "export.run"
    PLAYBOOK_ADD = "playbook.add"
    SECRETS_SET = "secrets.set"
    CONNECTOR_RUN = "connector.run"
    ROOM_SETTINGS = "room.settings"
    UNIT_EDIT = "unit.edit"
    UNIT_INVOLVE = "unit.involve"
    NETWORK_ROUTE = "network.route"
    NETWORK_VIEW_ALL = "network.view_all"
    BOARD_POST = "board.post"
    UNIT_TASK_ASSIGN = "unit_task.assign"
    UNIT_TASK_DONE = "unit_task.done"
    EXERCISE_RUN = "exercise.run"
    EXERCISE_NOTE = "exercise.note"


_O, _S, _L, _R, _A = Role.OPERATOR, Role.SPOKESPERSON, Role.LEAD, Role.REVIEWER, Role.ADMIN
_OB = Role.OBSERVER

PERMISSIONS: dict[Action, frozenset[Role]] = {
    Action.USER_ADD: frozenset({_A}),
    Action.USER_ROLE: frozenset({_A}),
    Action.USER_DEACTIVATE: frozenset({_A}),
    Action.USER_RESET_PASSWORD: frozenset({_A}),
    Action.INCIDENT_OPEN: frozenset({_L, _A}),
    Action.INCIDENT_SEVERITY: frozenset({_L}),
    Action.INCIDENT_CLOSE: frozenset({_L}),
    Action.LOG_CHECKPOINT: frozenset({_O, _S, _L, _A}),
    Action.LOG_CORRECT: frozenset({_L}),
    Action.TASK_DONE: frozenset({_O, _S, _L}),
    Action.INTERACTION_INGEST: frozenset({_O, _L, _A}),
    Action.INTERACTION_TRIAGE: frozenset({_O, _S, _L}),
    Action.INTERACTION_REPLY: frozenset({_O, _S, _L}),
    Action.CLUSTER_EDIT: frozenset({_O, _S, _L}),
    Action.TRIAGE_SETTINGS: frozenset({_L, _A}),
    Action.STATEMENT_DRAFT: frozenset({_O, _S, _L}),
    Action.STATEMENT_SUBMIT: frozenset({_O, _S, _L}),
    Action.STATEMENT_APPROVE: frozenset({_S, _L}),
    Action.STATEMENT_REJECT: frozenset({_S, _L}),
    Action.STATEMENT_PUBLISH: frozenset({_O, _S, _L}),
    Action.EXPORT_RUN: frozenset({_L, _R, _A}),
    Action.PLAYBOOK_ADD: frozenset({_L, _A}),
    Action.SECRETS_SET: frozenset({_A}),
    Action.CONNECTOR_RUN: frozenset({_O, _L, _A}),
    Action.ROOM_SETTINGS: frozenset({_L, _A}),
    # The municipal network; the unit scope on top of these is checked in network/scope.py.
    Action.UNIT_EDIT: frozenset({_A}),
    Action.UNIT_INVOLVE: frozenset({_L}),
    Action.NETWORK_ROUTE: frozenset({_O, _S, _L}),
    Action.NETWORK_VIEW_ALL: frozenset({_S, _L, _A}),
    Action.BOARD_POST: frozenset({_O, _S, _L}),
    Action.UNIT_TASK_ASSIGN: frozenset({_L}),
    Action.UNIT_TASK_DONE: frozenset({_O, _S, _L}),
    Action.EXERCISE_RUN: frozenset({_L, _A}),
    Action.EXERCISE_NOTE: frozenset({_L, _OB}),
}


def can(role: str | Role, action: Action) -> bool:
    """True when ``role`` may take ``action``; unknown roles may take nothing."""
    try:
        return Role(role) in PERMISSIONS[action]
    except ValueError:
        return False


def roles() -> list[str]:
    return [r.value for r in Role]
