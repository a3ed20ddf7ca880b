"""Publications whose outcome is unknown: sent, perhaps received, never confirmed.

A request that reached the channel but got no usable answer (a dropped connection, no
answer within the deadline, a 2xx without an id) is ``unknown`` until someone records
what the channel shows; nothing retries it by itself. No existing row changes.

Revision ID: 0015
Revises: 0018
Create Date: 2026-12-03
"""

from alembic import op

revision = "0015"
down_revision = "0018"
branch_labels = None
depends_on = None

_STATES = "'scheduled', 'sending', 'sent', 'failed', 'cancelled', 'unknown'"


def upgrade() -> None:
    with op.batch_alter_table("publications") as batch:
        batch.drop_constraint("ck_publication_state", type_="check")
        batch.create_check_constraint("ck_publication_state", f"state IN ({_STATES})")


def downgrade() -> None:
    raise NotImplementedError("CrisisDesk databases are never downgraded; restore the backup")
