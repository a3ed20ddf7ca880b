"""Sign-in back-off for names no account has: counted in the database like an account's
own failures (0014), so every laptop makes an unknown name wait exactly as a known one and
the answer never tells a guesser which accounts exist. Bounded by the code that writes it.

Starts empty; no existing row changes.

Revision ID: 0024
Revises: 0015
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0024"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "signin_failures",
        sa.Column("name_sha256", sa.String(64), primary_key=True),
        sa.Column("failures", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("last_failed_at", sa.String(32), nullable=False),
    )
    op.create_index("ix_signin_failures_last_failed_at", "signin_failures", ["last_failed_at"])


def downgrade() -> None:
    op.drop_index("ix_signin_failures_last_failed_at", table_name="signin_failures")
    op.drop_table("signin_failures")
