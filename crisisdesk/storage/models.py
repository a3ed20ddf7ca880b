"""SQLAlchemy ORM models of the nouns in DESIGN.md. The schema itself is made by Alembic only.

Time columns hold canonical UTC text (``2026-01-01T06:00:00.000000Z``): exact to the
microsecond on SQLite and PostgreSQL alike, sortable, and the same text the log hashes.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    """Declarative base of every CrisisDesk table."""


class Meta(Base):
    """Key/value facts about this database: log id, pinned public key, settings."""

    __tablename__ = "meta"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    org_unit: Mapped[str | None] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(300))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[str] = mapped_column(String(32))
    failed_signins: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    last_failed_at: Mapped[str | None] = mapped_column(String(32))


class SigninFailure(Base):
    """Wrong passwords typed for a name no account has, counted like an account's own
    (``User.failed_signins``), so an unknown name waits and is answered exactly like a
    known one. Keyed by a digest of the name: the typed text may be a password."""

    __tablename__ = "signin_failures"

    name_sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    last_failed_at: Mapped[str] = mapped_column(String(32), index=True)


class Incident(Base):
    __tablename__ = "incidents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(500))
    playbook_id: Mapped[str | None] = mapped_column(String(100))
    playbook_version: Mapped[str | None] = mapped_column(String(50))
    playbook_hash: Mapped[str | None] = mapped_column(String(64))
    playbook_snapshot: Mapped[str | None] = mapped_column(Text)
    severity: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20), default="active")
    drill: Mapped[bool] = mapped_column(Boolean, default=False)
    org_units: Mapped[str] = mapped_column(Text, default="[]")
    opened_at: Mapped[str] = mapped_column(String(32))
    opened_by: Mapped[str] = mapped_column(String(64))
    closed_at: Mapped[str | None] = mapped_column(String(32))
    closed_summary: Mapped[str | None] = mapped_column(Text)


class Decision(Base):
    """One append-only entry of the decision log.

    ``body`` is the canonical JSON that the chain hashes; ``at``, ``incident_id``, ``actor``,
    ``kind`` and ``subject`` are generated from it by the database (so they cannot drift
    from what is hashed) and only serve filtering. Inserts set seq, body and the hashes.
    """

    __tablename__ = "decisions"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    body: Mapped[str] = mapped_column(Text)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    at: Mapped[str] = mapped_column(String(32), insert_default=None)
    incident_id: Mapped[int | None] = mapped_column(Integer)
    actor: Mapped[str | None] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(64))
    subject: Mapped[str | None] = mapped_column(String(200))


class Checkpoint(Base):
    """A signed statement that the log had ``head_hash`` at ``seq``."""

    __tablename__ = "checkpoints"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, ForeignKey("decisions.seq"))
    head_hash: Mapped[str] = mapped_column(String(64))
    at: Mapped[str] = mapped_column(String(32))
    reason: Mapped[str] = mapped_column(String(50))
    public_key: Mapped[str] = mapped_column(String(64))
    signature: Mapped[str] = mapped_column(String(128))


class Task(Base):
    """One checklist step of an incident (one occurrence of a recurring step)."""

    __tablename__ = "tasks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    incident_id: Mapped[int] = mapped_column(Integer, ForeignKey("incidents.id"))
    step_id: Mapped[str] = mapped_column(String(100))
    phase_id: Mapped[str] = mapped_column(String(100))
    occurrence: Mapped[int] = mapped_column(Integer, default=1)
    title_ar: Mapped[str] = mapped_column(Text)
    title_en: Mapped[str] = mapped_column(Text)
    owner_role: Mapped[str] = mapped_column(String(100))
    system_role: Mapped[str] = mapped_column(String(20))
    due_at: Mapped[str] = mapped_column(String(32))
    recurrence: Mapped[str | None] = mapped_column(String(40))
    done_at: Mapped[str | None] = mapped_column(String(32))
    done_by: Mapped[str | None] = mapped_column(String(64))
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[str] = mapped_column(String(32))
    # Once closed: "done", "skipped" or "not_applicable" (done_at/done_by say when and who).
    outcome: Mapped[str | None] = mapped_column(String(20))
    # The person it was reassigned to; None while it belongs to its owner role.
    assignee: Mapped[str | None] = mapped_column(String(64))


class Statement(Base):
    """A public statement of an incident; its text lives in its versions."""

    __tablename__ = "statements"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    incident_id: Mapped[int] = mapped_column(Integer, ForeignKey("incidents.id"))
    kind: Mapped[str] = mapped_column(String(20))
    template_id: Mapped[str | None] = mapped_column(String(100))
    title_ar: Mapped[str] = mapped_column(Text)
    title_en: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(20))
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[str] = mapped_column(String(32))
    updated_at: Mapped[str] = mapped_column(String(32))
    superseded_by: Mapped[int | None] = mapped_column(Integer, ForeignKey("statements.id"))


class StatementVersion(Base):
    """One saved text of a statement in both languages; never changed once written."""

    __tablename__ = "statement_versions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    statement_id: Mapped[int] = mapped_column(Integer, ForeignKey("statements.id"))
    number: Mapped[int] = mapped_column(Integer)
    text_ar: Mapped[str] = mapped_column(Text)
    text_en: Mapped[str] = mapped_column(Text)
    variables: Mapped[str] = mapped_column(Text)
    # The public's other languages ({"ur": ..., "hi": ...}) as JSON; NULL when none.
    texts_extra: Mapped[str | None] = mapped_column(Text, nullable=True, default=None)
    author: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[str] = mapped_column(String(32))
    content_hash: Mapped[str] = mapped_column(String(64))


class Approval(Base):
    """A spokesperson's or lead's verdict on one version, bound to its content hash."""

    __tablename__ = "approvals"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version_id: Mapped[int] = mapped_column(Integer, ForeignKey("statement_versions.id"))
    approver: Mapped[str] = mapped_column(String(64))
    approver_role: Mapped[str] = mapped_column(String(20))
    content_hash: Mapped[str] = mapped_column(String(64))
    decided_at: Mapped[str] = mapped_column(String(32))
    verdict: Mapped[str] = mapped_column(String(10))
    comment: Mapped[str | None] = mapped_column(Text)
    override_reason: Mapped[str | None] = mapped_column(Text)


class Publication(Base):
    """One approved version going to one channel target, now or at a scheduled time."""

    __tablename__ = "publications"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version_id: Mapped[int] = mapped_column(Integer, ForeignKey("statement_versions.id"))
    channel: Mapped[str] = mapped_column(String(20))
    target: Mapped[str] = mapped_column(String(200), default="")
    sandbox: Mapped[bool] = mapped_column(Boolean, default=False)
    scheduled_at: Mapped[str | None] = mapped_column(String(32))
    sent_at: Mapped[str | None] = mapped_column(String(32))
    missed_at: Mapped[str | None] = mapped_column(String(32))
    idempotency_key: Mapped[str] = mapped_column(String(64), unique=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    external_id: Mapped[str | None] = mapped_column(String(500))
    result: Mapped[str | None] = mapped_column(String(20))
    error: Mapped[str | None] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(20))
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[str] = mapped_column(String(32))
    # How many times this version went to this channel before (0: the first time).
    repeat: Mapped[int] = mapped_column(Integer, default=0)
    # Rows scheduled together (``--every``) share the first row's id.
    series_id: Mapped[int | None] = mapped_column(Integer)


class StatementAutosave(Base):
    """The unsaved text in one user's editor, so a crash loses no typing."""

    __tablename__ = "statement_autosaves"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    statement_id: Mapped[int] = mapped_column(Integer, ForeignKey("statements.id"))
    user_name: Mapped[str] = mapped_column(String(64))
    text_ar: Mapped[str] = mapped_column(Text)
    text_en: Mapped[str] = mapped_column(Text)
    variables: Mapped[str] = mapped_column(Text)
    saved_at: Mapped[str] = mapped_column(String(32))


class Cluster(Base):
    """A group of near-duplicate interactions: a rumour or a chain message spreading."""

    __tablename__ = "clusters"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    incident_id: Mapped[int] = mapped_column(Integer, ForeignKey("incidents.id"))
    label: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default="unverified")
    statement_id: Mapped[int | None] = mapped_column(Integer)
    first_seen: Mapped[str] = mapped_column(String(32))
    last_seen: Mapped[str] = mapped_column(String(32))
    size: Mapped[int] = mapped_column(Integer, default=0)
    sample_text: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[str] = mapped_column(String(32))
    # the cluster this one was merged into (its members moved there), and the cluster an
    # operator split this one from (the two are never merged again automatically)
    merged_into: Mapped[int | None] = mapped_column(Integer)
    split_from: Mapped[int | None] = mapped_column(Integer)
    # bumped by every label or verification change; who made the last one and when
    version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    changed_by: Mapped[str | None] = mapped_column(String(64))
    changed_at: Mapped[str | None] = mapped_column(String(32))


class Interaction(Base):
    """One public message in the inbox; ``text`` and ``raw`` are kept exactly as received."""

    __tablename__ = "interactions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    incident_id: Mapped[int] = mapped_column(Integer, ForeignKey("incidents.id"))
    channel: Mapped[str] = mapped_column(String(30))
    external_id: Mapped[str] = mapped_column(String(500))
    author_handle: Mapped[str | None] = mapped_column(String(300))
    author_name: Mapped[str | None] = mapped_column(String(300))
    received_at: Mapped[str] = mapped_column(String(32))
    ingested_at: Mapped[str] = mapped_column(String(32))
    text: Mapped[str] = mapped_column(Text)
    normalised: Mapped[str] = mapped_column(Text)
    search_text: Mapped[str] = mapped_column(Text)
    language: Mapped[str | None] = mapped_column(String(10))
    location: Mapped[str | None] = mapped_column(Text)
    media: Mapped[str | None] = mapped_column(Text)
    raw: Mapped[str] = mapped_column(Text)
    reply_address: Mapped[str | None] = mapped_column(Text)
    category: Mapped[str | None] = mapped_column(String(20))
    priority: Mapped[str | None] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(20), default="new")
    assignee: Mapped[str | None] = mapped_column(String(64))
    assignee_unit: Mapped[str | None] = mapped_column(String(200))
    response_due: Mapped[str | None] = mapped_column(String(32))
    first_response_at: Mapped[str | None] = mapped_column(String(32))
    overdue: Mapped[bool] = mapped_column(Boolean, default=False)
    cluster_id: Mapped[int | None] = mapped_column(Integer, ForeignKey("clusters.id"))
    flags: Mapped[str] = mapped_column(Text, default="{}")
    edited_text: Mapped[str | None] = mapped_column(Text)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    # who it comes from (official|news|public|room), the watch-word rule that tagged it, the
    # rule its response due came from or that says it needs no answer, and the public's tone
    source_kind: Mapped[str | None] = mapped_column(String(10))
    tag_rule: Mapped[str | None] = mapped_column(String(200))
    due_rule: Mapped[str | None] = mapped_column(String(200))
    needs_answer: Mapped[bool] = mapped_column(Boolean, default=True)
    tone: Mapped[str | None] = mapped_column(String(10))
    emotion: Mapped[str | None] = mapped_column(String(10))
    # bumped by every triage change; who made the last one and when (compare-and-set)
    version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    changed_by: Mapped[str | None] = mapped_column(String(64))
    changed_at: Mapped[str | None] = mapped_column(String(32))


class InteractionEvent(Base):
    """An edit, deletion, reaction or delivery status a channel reported; never dropped."""

    __tablename__ = "interaction_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    channel: Mapped[str] = mapped_column(String(30))
    external_id: Mapped[str] = mapped_column(String(500))
    kind: Mapped[str] = mapped_column(String(20))
    refers_to: Mapped[str | None] = mapped_column(String(500))
    interaction_id: Mapped[int | None] = mapped_column(Integer, ForeignKey("interactions.id"))
    incident_id: Mapped[int | None] = mapped_column(Integer, ForeignKey("incidents.id"))
    received_at: Mapped[str] = mapped_column(String(32))
    ingested_at: Mapped[str] = mapped_column(String(32))
    text: Mapped[str | None] = mapped_column(Text)
    flags: Mapped[str] = mapped_column(Text, default="{}")
    raw: Mapped[str] = mapped_column(Text)
    digest: Mapped[str] = mapped_column(String(64))


class InteractionBand(Base):
    """One locality-sensitive hash band of an interaction's text, for near-duplicate lookup."""

    __tablename__ = "interaction_bands"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    incident_id: Mapped[int] = mapped_column(Integer)
    band: Mapped[str] = mapped_column(String(40))
    interaction_id: Mapped[int] = mapped_column(Integer, ForeignKey("interactions.id"))


class Reply(Base):
    """An answer sent (or tried) to one interaction, through its channel or by hand.

    ``result`` is ``sent``, ``recorded`` (to send by hand), ``refused`` or ``failed``; while a
    request is out it is ``sending``, and a reply cut off in that state becomes ``unknown``.
    """

    __tablename__ = "replies"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    interaction_id: Mapped[int] = mapped_column(Integer, ForeignKey("interactions.id"))
    template_id: Mapped[str | None] = mapped_column(String(100))
    text: Mapped[str] = mapped_column(Text)
    channel: Mapped[str] = mapped_column(String(30))
    mode: Mapped[str] = mapped_column(String(20))
    sent_at: Mapped[str] = mapped_column(String(32))
    sent_by: Mapped[str] = mapped_column(String(64))
    external_id: Mapped[str | None] = mapped_column(String(300))
    result: Mapped[str] = mapped_column(String(20))
    error: Mapped[str | None] = mapped_column(Text)


class ConnectorState(Base):
    """Where a live connector stopped (cursor, ETag, since_id) and how its last run went."""

    __tablename__ = "connector_state"

    name: Mapped[str] = mapped_column(String(200), primary_key=True)
    channel: Mapped[str] = mapped_column(String(30))
    incident_id: Mapped[int | None] = mapped_column(Integer)
    config: Mapped[str] = mapped_column(Text, default="{}")
    cursor: Mapped[str] = mapped_column(Text, default="{}")
    last_run: Mapped[str | None] = mapped_column(String(32))
    last_success: Mapped[str | None] = mapped_column(String(32))
    last_error: Mapped[str | None] = mapped_column(Text)
    last_error_at: Mapped[str | None] = mapped_column(String(32))
    failures: Mapped[int] = mapped_column(Integer, default=0)


class WebhookInbox(Base):
    """A webhook POST body exactly as received, committed before the sender gets its 200."""

    __tablename__ = "webhook_inbox"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    incident_id: Mapped[int] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(30))
    received_at: Mapped[str] = mapped_column(String(32))
    body: Mapped[bytes] = mapped_column(LargeBinary)
    signature: Mapped[str | None] = mapped_column(String(100))
    processed: Mapped[bool] = mapped_column(Boolean, default=False)
    processed_at: Mapped[str | None] = mapped_column(String(32))
    error: Mapped[str | None] = mapped_column(Text)


class OrgUnit(Base):
    """A unit of the media network: the Amanah's centre, a municipality's media office, a
    partner's liaison. Lists (aliases, places, accounts) and the area are JSON text."""

    __tablename__ = "units"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    parent_id: Mapped[int | None] = mapped_column(Integer, ForeignKey("units.id"))
    kind: Mapped[str] = mapped_column(String(20))
    name_ar: Mapped[str] = mapped_column(String(300))
    name_en: Mapped[str] = mapped_column(String(300))
    focal_point: Mapped[str] = mapped_column(Text, default="")
    contacts: Mapped[str] = mapped_column(Text, default="{}")
    accounts: Mapped[str] = mapped_column(Text, default="[]")
    aliases: Mapped[str] = mapped_column(Text, default="[]")
    places: Mapped[str] = mapped_column(Text, default="[]")
    area: Mapped[str | None] = mapped_column(Text)
    response_target_minutes: Mapped[int | None] = mapped_column(Integer)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[str] = mapped_column(String(32))


class UnitMember(Base):
    """The unit a user belongs to (one each)."""

    __tablename__ = "unit_members"

    user_id: Mapped[int] = mapped_column(Integer, ForeignKey("users.id"), primary_key=True)
    unit_id: Mapped[int] = mapped_column(Integer, ForeignKey("units.id"))


class IncidentUnit(Base):
    """A unit involved in an incident."""

    __tablename__ = "incident_units"

    incident_id: Mapped[int] = mapped_column(Integer, ForeignKey("incidents.id"), primary_key=True)
    unit_id: Mapped[int] = mapped_column(Integer, ForeignKey("units.id"), primary_key=True)


class InteractionRoute(Base):
    """The unit an interaction is routed to now, how (pin, place, channel, centre, hand-off,
    escalation) and the evidence; ``routed_by`` is empty for an automatic route."""

    __tablename__ = "interaction_routes"

    interaction_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("interactions.id"), primary_key=True
    )
    incident_id: Mapped[int] = mapped_column(Integer)
    unit_id: Mapped[int] = mapped_column(Integer, ForeignKey("units.id"))
    method: Mapped[str] = mapped_column(String(20))
    detail: Mapped[str] = mapped_column(Text, default="")
    routed_at: Mapped[str] = mapped_column(String(32))
    routed_by: Mapped[str | None] = mapped_column(String(64))
    note: Mapped[str | None] = mapped_column(Text)


class BoardPost(Base):
    """A unit's structured situation update on the coordination board."""

    __tablename__ = "board_posts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    incident_id: Mapped[int] = mapped_column(Integer, ForeignKey("incidents.id"))
    unit_id: Mapped[int] = mapped_column(Integer, ForeignKey("units.id"))
    status: Mapped[str] = mapped_column(String(20))
    affected_areas: Mapped[str] = mapped_column(Text, default="")
    open_issues: Mapped[str] = mapped_column(Text, default="")
    needs: Mapped[str] = mapped_column(Text, default="")
    next_update_due: Mapped[str | None] = mapped_column(String(32))
    posted_by: Mapped[str] = mapped_column(String(64))
    posted_at: Mapped[str] = mapped_column(String(32))


class UnitTask(Base):
    """A task the centre assigned to a unit for an incident."""

    __tablename__ = "unit_tasks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    incident_id: Mapped[int] = mapped_column(Integer, ForeignKey("incidents.id"))
    unit_id: Mapped[int] = mapped_column(Integer, ForeignKey("units.id"))
    title: Mapped[str] = mapped_column(Text)
    due_at: Mapped[str | None] = mapped_column(String(32))
    assigned_by: Mapped[str] = mapped_column(String(64))
    assigned_at: Mapped[str] = mapped_column(String(32))
    done_at: Mapped[str | None] = mapped_column(String(32))
    done_by: Mapped[str | None] = mapped_column(String(64))
    note: Mapped[str | None] = mapped_column(Text)


class QuarantineItem(Base):
    """An input item that could not be stored, set aside with its reason and raw bytes.

    ``state`` is ``set_aside`` until someone retries it after a fix (``retried``) or
    discards it with a reason (``discarded``); either is a decision. ``digest`` (SHA-256 of
    channel, position and raw bytes) keeps a feed polled every minute from setting the same
    bad item aside again and again.
    """

    __tablename__ = "quarantine"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    incident_id: Mapped[int] = mapped_column(Integer)
    channel: Mapped[str] = mapped_column(String(30))
    format: Mapped[str] = mapped_column(String(30))
    source: Mapped[str] = mapped_column(Text)
    position: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text)
    raw: Mapped[bytes | None] = mapped_column(LargeBinary)
    digest: Mapped[str] = mapped_column(String(64))
    received_at: Mapped[str] = mapped_column(String(32))
    state: Mapped[str] = mapped_column(String(20), default="set_aside")
    resolved_at: Mapped[str | None] = mapped_column(String(32))
    resolved_by: Mapped[str | None] = mapped_column(String(64))
    note: Mapped[str | None] = mapped_column(Text)
