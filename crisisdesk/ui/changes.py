"""What a batch of decisions changed, as a small typed set the screens test.

Like Anki's ``OpChanges``: a screen asks ``changes.statements`` or ``changes.inbox``, never
a decision-kind string. The one mapping from a decision kind to the parts of the room it
touches is ``AREAS`` below; a new decision kind is added there (and in the core's
catalogue), not in every screen. The same ``Changes`` comes from a write this window just
made (its named operation) and from the change feed (another laptop, the CLI, a timer).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
from enum import Enum
from typing import Any

from crisisdesk.log.kinds import Kind


class Area(Enum):
    """A part of the room a decision can change; each is a field of ``Changes``."""

    INCIDENT = "incident"  # the room's incident: severity, status, units, activation
    TASKS = "tasks"  # the room's checklist
    INTAKE = "intake"  # arrivals, imports, polls, the quarantine
    INTERACTIONS = "interactions"  # triage, replies, overdue flags, hand-offs
    CLUSTERS = "clusters"  # rumour clusters
    CHANNELS = "channels"  # connectors configured or polled
    STATEMENTS = "statements"
    NETWORK = "network"  # routing to the municipal offices, briefings
    BOARD = "board"  # the coordination board
    UNITS = "units"  # the offices themselves and their tasks
    USERS = "users"  # accounts, roles, failed sign-ins
    PLAYBOOKS = "playbooks"  # the library of playbooks
    EXERCISE = "exercise"  # an exercise run and its clock
    ZONE = "zone"  # the room's time zone
    LOG = "log"  # checkpoints, corrections, keys (every decision lands in the log too)


# Kinds a screen tests exactly (the rest it tests through ``Changes``' areas).
EXERCISE_INJECTED = Kind.INTAKE_EXERCISE_INJECTED
TRIAGED = Kind.INTERACTION_TRIAGED
ZONE_CHANGED = Kind.ROOM_ZONE_CHANGED

# Areas that count only for the incident in view (another incident's tasks are not ours).
SCOPED = frozenset({Area.INCIDENT, Area.TASKS})

_I, _T, _IN, _X, _C = Area.INCIDENT, Area.TASKS, Area.INTAKE, Area.INTERACTIONS, Area.CLUSTERS
_S, _N, _B, _U = Area.STATEMENTS, Area.NETWORK, Area.BOARD, Area.UNITS
_USERS, _EX, _LOG = Area.USERS, Area.EXERCISE, Area.LOG
K = Kind

# Every kind of the core's catalogue -> what it changes; a test holds it complete, so a
# new kind is placed here (an empty set: only the log shows it) before a screen misses it.
AREAS: Mapping[str, frozenset[Area]] = {
    kind: frozenset(areas)
    for kind, areas in {
        # the incident and its checklist
        K.INCIDENT_OPENED: {_I},
        K.INCIDENT_CLOSED: {_I},
        K.INCIDENT_SEVERITY_CHANGED: {_I},
        K.INCIDENT_UNITS: {_I, _U},
        K.PLAYBOOK_ACTIVATED: {_I, _T},
        K.TASK_DONE: {_T},
        K.TASK_NOT_APPLICABLE: {_T},
        K.TASK_SKIPPED: {_T},
        K.TASK_SPAWNED: {_T},
        K.TASK_REASSIGNED: {_T},
        K.TASK_OCCURRENCES_SKIPPED: {_T},
        # intake, the inbox and rumours
        K.INTAKE_IMPORTED: {_IN},
        K.INTAKE_POLLED: {_IN, Area.CHANNELS},
        K.INTAKE_WEBHOOK: {_IN},
        K.INTAKE_QUARANTINE_RETRIED: {_IN},
        K.INTAKE_QUARANTINE_DISCARDED: {_IN},
        K.INTAKE_EXERCISE_INJECTED: {_IN},
        K.CONNECTOR_CONFIGURED: {Area.CHANNELS},
        K.CONNECTOR_SECRETS_MOVED: set(),
        K.TRIAGE_SETTINGS_CHANGED: set(),
        K.INTERACTION_TRIAGED: {_X},
        K.INTERACTION_ESCALATED: {_X},
        K.INTERACTION_HANDED_OFF: {_X},
        K.INTERACTION_OVERDUE: {_X},
        K.INTERACTION_REPLIED: {_X},
        K.INTERACTION_REPLY_SENDING: {_X},
        K.INTERACTION_REPLY_FAILED: {_X},
        K.INTERACTION_REPLY_CHECKED: {_X},
        K.INTERACTION_REPLY_UNKNOWN: {_X},
        K.CLUSTER_UPDATED: {_C},
        K.CLUSTER_MERGED: {_C},
        K.CLUSTER_SPLIT: {_C},
        # statements
        **{kind: {_S} for kind in Kind if kind.value.startswith("statement.")},
        # the network of municipal offices
        K.NETWORK_ROUTED: {_N},
        K.NETWORK_BRIEFING: {_N},
        K.NETWORK_OPTIN: {_N},
        K.NETWORK_RECIPIENT: {_N},
        K.NETWORK_TEMPLATE: {_N},
        K.SITREP_DRAFTED: {_N, _S},
        K.BOARD_POSTED: {_B},
        K.UNIT_ADDED: {_U},
        K.UNIT_EDITED: {_U},
        K.UNIT_MEMBER: {_U},
        K.UNIT_TASK_ASSIGNED: {_U},
        K.UNIT_TASK_DONE: {_U},
        # accounts and security
        K.USER_ADDED: {_USERS},
        K.USER_ROLE_CHANGED: {_USERS},
        K.USER_DEACTIVATED: {_USERS},
        K.USER_REACTIVATED: {_USERS},
        K.USER_PASSWORD_CHANGED: {_USERS},
        K.USER_PASSWORD_RESET: {_USERS},
        K.SECURITY_SIGNIN_FAILED: {_USERS},
        K.SECURITY_REFUSED: set(),
        K.SECURITY_APPROVAL_SECRET_ENABLED: set(),
        K.SECURITY_APPROVAL_SECRET_REVOKED: set(),
        K.SECRETS_SET: set(),
        K.SECRETS_DELETED: set(),
        # playbooks, exercises, the room, the log
        K.PLAYBOOK_ADDED: {Area.PLAYBOOKS},
        K.PLAYBOOK_LANGUAGE_REVIEWED: {Area.PLAYBOOKS},
        **{kind: {_EX} for kind in Kind if kind.value.startswith("exercise.")},
        K.ROOM_ZONE_CHANGED: {Area.ZONE},
        K.LOG_CHECKPOINT: {_LOG},
        K.LOG_CORRECTION: {_LOG},
        K.LOG_KEY_REGISTERED: {_LOG},
        K.EXPORT_CREATED: {_LOG},
    }.items()
}


def areas_of(kind: str) -> frozenset[Area]:
    """What a decision of ``kind`` changes (nothing but the log for a kind nobody shows)."""
    return AREAS.get(kind, frozenset())


@dataclass(frozen=True)
class Changes:
    """What changed, for the room of one incident. Falsy when nothing did."""

    incident: bool = False
    tasks: bool = False
    intake: bool = False
    interactions: bool = False
    clusters: bool = False
    channels: bool = False
    statements: bool = False
    network: bool = False
    board: bool = False
    units: bool = False
    users: bool = False
    playbooks: bool = False
    exercise: bool = False
    zone: bool = False
    log: bool = False
    room: bool = False  # anything decided about the room's incident
    kinds: frozenset[str] = frozenset()
    # the decisions themselves, for the few screens that show who did what
    decisions: tuple[Any, ...] = field(default=(), compare=False, repr=False)

    @property
    def inbox(self) -> bool:
        """Anything the inbox lists: arrivals, triage and replies, clusters."""
        return self.intake or self.interactions or self.clusters

    def only(self, *kinds: str) -> bool:
        """True when every decision was one of ``kinds`` (and there was at least one)."""
        return bool(self.kinds) and self.kinds <= set(kinds)

    def __bool__(self) -> bool:
        return bool(self.kinds)


_FIELDS = frozenset(f.name for f in fields(Changes))
assert {area.value for area in Area} <= _FIELDS


def changes_of(decisions: Iterable[Any], incident_id: int | None) -> Changes:
    """The ``Changes`` of ``decisions`` as seen from the room of ``incident_id``."""
    batch = tuple(decisions)
    flags: set[str] = set()
    for decision in batch:
        here = incident_id is not None and decision.incident_id == incident_id
        if here:
            flags.add("room")
        flags.add(Area.LOG.value)
        for area in areas_of(decision.kind):
            if area not in SCOPED or here:
                flags.add(area.value)
    if not batch:
        flags.clear()
    return Changes(
        **{name: True for name in flags},
        kinds=frozenset(d.kind for d in batch),
        decisions=batch,
    )
