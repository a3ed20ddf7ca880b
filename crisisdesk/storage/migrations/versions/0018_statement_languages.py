"""Statements in the languages the public reads: a version's texts beyond Arabic and
English (Urdu, Hindi, Bengali, Tagalog, Malayalam ...), as one JSON object per version.

Existing versions have none (NULL); their content hashes are unchanged, because the hash
takes the extra texts in only when there are some.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("statement_versions", sa.Column("texts_extra", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("statement_versions") as batch:
        batch.drop_column("texts_extra")
