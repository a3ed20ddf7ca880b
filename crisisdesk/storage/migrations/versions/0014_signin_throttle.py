"""Sign-in back-off: each account counts its consecutive wrong passwords and remembers
when the last one was typed, so every laptop of the room makes a guesser wait alike.

Existing accounts start with no failures.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "users",
        sa.Column("failed_signins", sa.Integer(), nullable=False, server_default="0"),
    )
    op.add_column("users", sa.Column("last_failed_at", sa.String(32)))


def downgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.drop_column("last_failed_at")
        batch.drop_column("failed_signins")
