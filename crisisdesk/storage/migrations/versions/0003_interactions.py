"""Public interactions: the inbox, channel events, rumour clusters, replies, connector
cursors, the durable webhook inbox, and full-text search over the normalised text.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

STATUSES = ("new", "in_progress", "answered", "escalated", "closed")
VERIFICATION = ("unverified", "false", "true", "addressed")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    op.create_table(
        "clusters",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("incident_id", sa.Integer(), sa.ForeignKey("incidents.id"), nullable=False),
        sa.Column("label", sa.Text()),
        sa.Column("status", sa.String(20), nullable=False, server_default="unverified"),
        sa.Column("statement_id", sa.Integer()),
        sa.Column("first_seen", sa.String(32), nullable=False),
        sa.Column("last_seen", sa.String(32), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("sample_text", sa.Text()),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.CheckConstraint(_in("status", VERIFICATION), name="ck_cluster_status"),
    )
    op.create_index("ix_clusters_incident", "clusters", ["incident_id", "size"])
    op.create_table(
        "interactions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("incident_id", sa.Integer(), sa.ForeignKey("incidents.id"), nullable=False),
        sa.Column("channel", sa.String(30), nullable=False),
        sa.Column("external_id", sa.String(500), nullable=False),
        sa.Column("author_handle", sa.String(300)),
        sa.Column("author_name", sa.String(300)),
        sa.Column("received_at", sa.String(32), nullable=False),
        sa.Column("ingested_at", sa.String(32), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("normalised", sa.Text(), nullable=False),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.Column("language", sa.String(10)),
        sa.Column("location", sa.Text()),
        sa.Column("media", sa.Text()),
        sa.Column("raw", sa.Text(), nullable=False),
        sa.Column("reply_address", sa.Text()),
        sa.Column("category", sa.String(20)),
        sa.Column("priority", sa.String(10)),
        sa.Column("status", sa.String(20), nullable=False, server_default="new"),
        sa.Column("assignee", sa.String(64)),
        sa.Column("assignee_unit", sa.String(200)),
        sa.Column("response_due", sa.String(32)),
        sa.Column("first_response_at", sa.String(32)),
        sa.Column("overdue", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("cluster_id", sa.Integer(), sa.ForeignKey("clusters.id")),
        sa.Column("flags", sa.Text(), nullable=False, server_default="{}"),
        sa.Column("edited_text", sa.Text()),
        sa.Column("deleted", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.UniqueConstraint("channel", "external_id", name="uq_interaction_channel_id"),
        sa.CheckConstraint(_in("status", STATUSES), name="ck_interaction_status"),
    )
    op.create_index(
        "ix_interactions_incident_received", "interactions", ["incident_id", "received_at", "id"]
    )
    op.create_index("ix_interactions_incident_status", "interactions", ["incident_id", "status"])
    op.create_index("ix_interactions_cluster", "interactions", ["cluster_id"])
    op.create_index("ix_interactions_due", "interactions", ["incident_id", "response_due"])
    # Search matches come back as ids: this narrow covering index answers "which of these
    # ids belong to the incident, and when did they arrive" without reading the wide rows.
    op.create_index(
        "ix_interactions_id_incident", "interactions", ["id", "incident_id", "received_at"]
    )
    op.create_table(
        "interaction_events",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("channel", sa.String(30), nullable=False),
        sa.Column("external_id", sa.String(500), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("refers_to", sa.String(500)),
        sa.Column("interaction_id", sa.Integer(), sa.ForeignKey("interactions.id")),
        sa.Column("incident_id", sa.Integer(), sa.ForeignKey("incidents.id")),
        sa.Column("received_at", sa.String(32), nullable=False),
        sa.Column("ingested_at", sa.String(32), nullable=False),
        sa.Column("text", sa.Text()),
        sa.Column("flags", sa.Text(), nullable=False, server_default="{}"),
        sa.Column("raw", sa.Text(), nullable=False),
        sa.Column("digest", sa.String(64), nullable=False),
        sa.UniqueConstraint("channel", "digest", name="uq_event_channel_digest"),
    )
    op.create_index("ix_events_refers", "interaction_events", ["channel", "refers_to"])
    op.create_index("ix_events_interaction", "interaction_events", ["interaction_id"])
    op.create_table(
        "interaction_bands",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.Column("band", sa.String(40), nullable=False),
        sa.Column("interaction_id", sa.Integer(), sa.ForeignKey("interactions.id"), nullable=False),
    )
    op.create_index("ix_bands_lookup", "interaction_bands", ["incident_id", "band"])
    op.create_table(
        "replies",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("interaction_id", sa.Integer(), sa.ForeignKey("interactions.id"), nullable=False),
        sa.Column("template_id", sa.String(100)),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("channel", sa.String(30), nullable=False),
        sa.Column("mode", sa.String(20), nullable=False),
        sa.Column("sent_at", sa.String(32), nullable=False),
        sa.Column("sent_by", sa.String(64), nullable=False),
        sa.Column("external_id", sa.String(300)),
        sa.Column("result", sa.String(20), nullable=False),
        sa.Column("error", sa.Text()),
    )
    op.create_index("ix_replies_interaction", "replies", ["interaction_id"])
    op.create_table(
        "connector_state",
        sa.Column("name", sa.String(200), primary_key=True),
        sa.Column("channel", sa.String(30), nullable=False),
        sa.Column("incident_id", sa.Integer()),
        sa.Column("config", sa.Text(), nullable=False, server_default="{}"),
        sa.Column("cursor", sa.Text(), nullable=False, server_default="{}"),
        sa.Column("last_run", sa.String(32)),
        sa.Column("last_success", sa.String(32)),
        sa.Column("last_error", sa.Text()),
        sa.Column("last_error_at", sa.String(32)),
        sa.Column("failures", sa.Integer(), nullable=False, server_default="0"),
    )
    op.create_table(
        "webhook_inbox",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(30), nullable=False),
        sa.Column("received_at", sa.String(32), nullable=False),
        sa.Column("body", sa.LargeBinary(), nullable=False),
        sa.Column("signature", sa.String(100)),
        sa.Column("processed", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("processed_at", sa.String(32)),
        sa.Column("error", sa.Text()),
    )
    op.create_index("ix_webhook_inbox_pending", "webhook_inbox", ["processed", "id"])
    if dialect == "postgresql":
        op.execute(
            "CREATE INDEX ix_interactions_fts ON interactions "
            "USING gin (to_tsvector('simple', search_text))"
        )
    else:
        # External-content FTS5 over the search text (normalised words plus their forms
        # without the article) and the incident (so a search counts inside the index alone),
        # kept in step by triggers.
        op.execute(
            "CREATE VIRTUAL TABLE interactions_fts USING fts5("
            "search_text, incident_id, content='interactions', content_rowid='id', "
            "tokenize='unicode61 remove_diacritics 0')"
        )
        op.execute(
            "CREATE TRIGGER interactions_fts_ai AFTER INSERT ON interactions BEGIN "
            "INSERT INTO interactions_fts(rowid, search_text, incident_id) "
            "VALUES (new.id, new.search_text, new.incident_id); END"
        )
        op.execute(
            "CREATE TRIGGER interactions_fts_ad AFTER DELETE ON interactions BEGIN "
            "INSERT INTO interactions_fts(interactions_fts, rowid, search_text, incident_id) "
            "VALUES ('delete', old.id, old.search_text, old.incident_id); END"
        )
        op.execute(
            "CREATE TRIGGER interactions_fts_au AFTER UPDATE OF search_text, incident_id "
            "ON interactions BEGIN "
            "INSERT INTO interactions_fts(interactions_fts, rowid, search_text, incident_id) "
            "VALUES ('delete', old.id, old.search_text, old.incident_id); "
            "INSERT INTO interactions_fts(rowid, search_text, incident_id) "
            "VALUES (new.id, new.search_text, new.incident_id); END"
        )


def downgrade() -> None:
    raise NotImplementedError("CrisisDesk databases are never downgraded; restore the backup")
