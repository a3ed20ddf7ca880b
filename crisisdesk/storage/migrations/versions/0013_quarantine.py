"""Quarantine: input items that could not be stored, kept with their reason and raw bytes.

Every item of every channel ends as stored, duplicate, or set aside here (incident, channel,
source, position, reason, received at), until it is retried after a fix or discarded with a
reason. No existing rows are touched.

Revision ID: 0013
Revises: 0019
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0019"
branch_labels = None
depends_on = None

_STATES = "'set_aside', 'retried', 'discarded'"


def upgrade() -> None:
    op.create_table(
        "quarantine",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(30), nullable=False),
        sa.Column("format", sa.String(30), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("position", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("raw", sa.LargeBinary(), nullable=True),
        sa.Column("digest", sa.String(64), nullable=False),
        sa.Column("received_at", sa.String(32), nullable=False),
        sa.Column("state", sa.String(20), nullable=False, server_default="set_aside"),
        sa.Column("resolved_at", sa.String(32), nullable=True),
        sa.Column("resolved_by", sa.String(64), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.CheckConstraint(f"state IN ({_STATES})", name="ck_quarantine_state"),
    )
    op.create_index("ix_quarantine_incident_state", "quarantine", ["incident_id", "state"])
    op.create_index("ix_quarantine_digest", "quarantine", ["digest"])


def downgrade() -> None:
    raise NotImplementedError("CrisisDesk databases are never downgraded; restore the backup")
