"""Public statements: versions, approvals bound to content hashes, publications, autosave.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_KINDS = "'holding', 'update', 'all-clear', 'reply', 'awareness'"
_STATES = "'draft', 'in_review', 'approved', 'rejected', 'published', 'superseded'"
_PUBLICATION_STATES = "'scheduled', 'sending', 'sent', 'failed', 'cancelled'"


def upgrade() -> None:
    op.create_table(
        "statements",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("incident_id", sa.Integer(), sa.ForeignKey("incidents.id"), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("template_id", sa.String(100)),
        sa.Column("title_ar", sa.Text(), nullable=False),
        sa.Column("title_en", sa.Text(), nullable=False),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("created_by", sa.String(64), nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("updated_at", sa.String(32), nullable=False),
        sa.Column("superseded_by", sa.Integer(), sa.ForeignKey("statements.id")),
        sa.CheckConstraint(f"kind IN ({_KINDS})", name="ck_statement_kind"),
        sa.CheckConstraint(f"state IN ({_STATES})", name="ck_statement_state"),
    )
    op.create_index("ix_statements_incident_state", "statements", ["incident_id", "state"])
    op.create_table(
        "statement_versions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("statement_id", sa.Integer(), sa.ForeignKey("statements.id"), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("text_ar", sa.Text(), nullable=False),
        sa.Column("text_en", sa.Text(), nullable=False),
        sa.Column("variables", sa.Text(), nullable=False),
        sa.Column("author", sa.String(64), nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.UniqueConstraint("statement_id", "number", name="uq_statement_version_number"),
    )
    op.create_table(
        "approvals",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "version_id", sa.Integer(), sa.ForeignKey("statement_versions.id"), nullable=False
        ),
        sa.Column("approver", sa.String(64), nullable=False),
        sa.Column("approver_role", sa.String(20), nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("decided_at", sa.String(32), nullable=False),
        sa.Column("verdict", sa.String(10), nullable=False),
        sa.Column("comment", sa.Text()),
        sa.Column("override_reason", sa.Text()),
        sa.CheckConstraint("verdict IN ('approve', 'reject')", name="ck_approval_verdict"),
    )
    op.create_index("ix_approvals_version", "approvals", ["version_id"])
    op.create_table(
        "publications",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "version_id", sa.Integer(), sa.ForeignKey("statement_versions.id"), nullable=False
        ),
        sa.Column("channel", sa.String(20), nullable=False),
        sa.Column("target", sa.String(200), nullable=False, server_default=""),
        sa.Column("sandbox", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("scheduled_at", sa.String(32)),
        sa.Column("sent_at", sa.String(32)),
        sa.Column("missed_at", sa.String(32)),
        sa.Column("idempotency_key", sa.String(64), nullable=False, unique=True),
        sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("external_id", sa.String(500)),
        sa.Column("result", sa.String(20)),
        sa.Column("error", sa.Text()),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("created_by", sa.String(64), nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.CheckConstraint(f"state IN ({_PUBLICATION_STATES})", name="ck_publication_state"),
    )
    op.create_index("ix_publications_state_due", "publications", ["state", "scheduled_at"])
    op.create_index("ix_publications_version", "publications", ["version_id"])
    op.create_table(
        "statement_autosaves",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("statement_id", sa.Integer(), sa.ForeignKey("statements.id"), nullable=False),
        sa.Column("user_name", sa.String(64), nullable=False),
        sa.Column("text_ar", sa.Text(), nullable=False),
        sa.Column("text_en", sa.Text(), nullable=False),
        sa.Column("variables", sa.Text(), nullable=False),
        sa.Column("saved_at", sa.String(32), nullable=False),
        sa.UniqueConstraint("statement_id", "user_name", name="uq_autosave_user"),
    )


def downgrade() -> None:
    raise NotImplementedError("CrisisDesk databases are never downgraded; restore the backup")
