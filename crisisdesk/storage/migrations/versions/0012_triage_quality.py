"""Triage that holds up on real traffic: who a message comes from, why it was tagged, which
response target applies (or why it needs no answer), its tone, and clusters that merge.

Existing rows are carried over: every stored message keeps its values; it is treated as
needing an answer (as before) with the rule that gave its due left empty, and its tone is
unknown until it is scored again. No cluster has been merged or split yet.

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN (no table rebuild): the search index's triggers on ``interactions``
    # stay in place, and a million rows are not copied.
    op.add_column("interactions", sa.Column("source_kind", sa.String(10)))
    op.add_column("interactions", sa.Column("tag_rule", sa.String(200)))
    op.add_column("interactions", sa.Column("due_rule", sa.String(200)))
    op.add_column(
        "interactions",
        sa.Column("needs_answer", sa.Boolean(), nullable=False, server_default=sa.true()),
    )
    op.add_column("interactions", sa.Column("tone", sa.String(10)))
    op.add_column("interactions", sa.Column("emotion", sa.String(10)))
    op.add_column("clusters", sa.Column("merged_into", sa.Integer()))
    op.add_column("clusters", sa.Column("split_from", sa.Integer()))
    op.create_index("ix_interactions_incident_tone", "interactions", ["incident_id", "tone"])


def downgrade() -> None:
    op.drop_index("ix_interactions_incident_tone", "interactions")
    with op.batch_alter_table("clusters") as batch:
        batch.drop_column("split_from")
        batch.drop_column("merged_into")
    with op.batch_alter_table("interactions") as batch:
        for name in ("emotion", "tone", "needs_answer", "due_rule", "tag_rule", "source_kind"):
            batch.drop_column(name)
