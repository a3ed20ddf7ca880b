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
EXERCISE_INJECTED = "intake.exercise_injected"
TRIAGED = "interaction.triaged"
ZONE_CHANGED = "room.zone_changed"

# Areas that count only for the incident in view (another incident's tasks are not ours).
SCOPED = frozenset({Area.INCIDENT, Area.TASKS})

_I, _T, _IN, _X, _C = Area.INCIDENT, Area.TASKS, Area.INTAKE, Area.INTERACTIONS, Area.CLUSTERS
_S, _N, _B, _U = Area.STATEMENTS, Area.NETWORK, Area.BOARD, Area.UNITS

# Decision kind -> what it changes. Keyed by kind, in one place.
AREAS: Mapping[str, frozenset[Area]] = {
    kind: frozenset(areas)
    for kind, areas in {
        # the incident and its checklist
        "incident.opened": {_I},
        "incident.closed": {_I},
        "incident.severity_changed": {_I},
        "incident.units": {_I, _U},
        "playbook.activated": {_I, _T},
        "task.done": {_T},
        "task.not_applicable": {_T},
        "task.skipped": {_T},
        "task.reopened": {_T},
        "task.spawned": {_T},
        "task.reassigned": {_T},
        "task.occurrences_skipped": {_T},
        # intake, the inbox and rumours
        "intake.imported": {_IN},
        "intake.polled": {_IN, Area.CHANNELS},
        "intake.webhook": {_IN},
        "intake.quarantine_retried": {_IN},
        "intake.quarantine_discarded": {_IN},
        "intake.exercise_injected": {_IN},
        "connector.configured": {Area.CHANNELS},
        "connector.secrets_moved": set(),
        "triage.settings_changed": set(),
        "interaction.triaged": {_X},
        "interaction.escalated": {_X},
        "interaction.handed_off": {_X},
        "interaction.overdue": {_X},
        "interaction.replied": {_X},
        "interaction.reply_sending": {_X},
        "interaction.reply_failed": {_X},
        "interaction.reply_checked": {_X},
        "interaction.reply_unknown": {_X},
        "cluster.updated": {_C},
        "cluster.merged": {_C},
        "cluster.split": {_C},
        # statements
        **{
            f"statement.{verb}": {_S}
            for verb in (
                "drafted",
                "version_saved",
                "localised",
                "submitted",
                "approved",
                "rejected",
                "superseded",
                "refused",
                "cascaded",
                "channels_configured",
                "scheduled",
                "schedule_fired",
                "publish_requested",
                "published",
                "publish_failed",
                "publish_unknown",
                "publish_checked",
                "publish_retried",
                "publish_missed",
                "publish_late_confirmed",
                "publication_cancelled",
            )
        },
        # the network of municipal offices
        "network.routed": {_N},
        "network.briefing": {_N},
        "network.optin": {_N},
        "network.recipient": {_N},
        "network.template": {_N},
        "sitrep.drafted": {_N, _S},
        "board.posted": {_B},
        "unit.added": {_U},
        "unit.edited": {_U},
        "unit.member": {_U},
        "unit_task.assigned": {_U},
        "unit_task.done": {_U},
        # accounts and security
        "user.added": {Area.USERS},
        "user.role_changed": {Area.USERS},
        "user.deactivated": {Area.USERS},
        "user.reactivated": {Area.USERS},
        "user.password_changed": {Area.USERS},
        "user.password_reset": {Area.USERS},
        "security.signin_failed": {Area.USERS},
        "security.refused": set(),
        "security.approval_secret_enabled": set(),
        "security.approval_secret_revoked": set(),
        "secrets.set": set(),
        "secrets.deleted": set(),
        # playbooks, exercises, the room
        "playbook.added": {Area.PLAYBOOKS},
        "playbook.language_reviewed": {Area.PLAYBOOKS},
        **{
            f"exercise.{verb}": {Area.EXERCISE}
            for verb in (
                "started",
                "stopped",
                "paused",
                "resumed",
                "speed",
                "jumped",
                "noted",
                "list_added",
            )
        },
        ZONE_CHANGED: {Area.ZONE},
        "log.checkpoint": {Area.LOG},
        "log.correction": {Area.LOG},
        "log.key_registered": {Area.LOG},
        "export.created": {Area.LOG},
    }.items()
}

# A kind missing above (a newer one) still reaches the screens of its family.
_FAMILY: Mapping[str, frozenset[Area]] = {
    "incident": frozenset({_I}),
    "task": frozenset({_T}),
    "intake": frozenset({_IN}),
    "interaction": frozenset({_X}),
    "cluster": frozenset({_C}),
    "statement": frozenset({_S}),
    "network": frozenset({_N}),
    "sitrep": frozenset({_N}),
    "board": frozenset({_B}),
    "unit": frozenset({_U}),
    "unit_task": frozenset({_U}),
    "user": frozenset({Area.USERS}),
    "playbook": frozenset({Area.PLAYBOOKS}),
    "exercise": frozenset({Area.EXERCISE}),
}


def areas_of(kind: str) -> frozenset[Area]:
    """What a decision of ``kind`` changes (nothing but the log for a kind nobody shows)."""
    found = AREAS.get(kind)
    if found is None:
        found = _FAMILY.get(kind.split(".", 1)[0], frozenset())
    return found


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
