"""Shared state carries a version: triage of an interaction and a cluster's label and
verification status. A change made on the strength of an older version is refused (or
applied deliberately, as its own decision) instead of silently overwriting another laptop's.

Existing rows start at version 0 with nobody recorded as their last changer.

Revision ID: 0017
Revises: 0014
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0014"
branch_labels = None
depends_on = None

TABLES = ("interactions", "clusters")


def upgrade() -> None:
    # Plain ADD COLUMN: no table rebuild, the search triggers on ``interactions`` stay.
    for table in TABLES:
        op.add_column(
            table, sa.Column("version", sa.Integer(), nullable=False, server_default="0")
        )
        op.add_column(table, sa.Column("changed_by", sa.String(64)))
        op.add_column(table, sa.Column("changed_at", sa.String(32)))


def downgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            for name in ("changed_at", "changed_by", "version"):
                batch.drop_column(name)
