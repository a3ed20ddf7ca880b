"""Re-index the inbox search text of rows stored before a change of ``index_text``.

Rows stored before the proclitic forms (issue 12: "وإصابة" also indexed as "اصابه") kept their
old ``search_text``, so a search for "إصابة" missed them although new rows were found. The
index is rebuilt from the stored ``normalised`` text (the original is never touched) in
batches by id; the FTS5 update trigger (SQLite) and the expression index (PostgreSQL) follow.
A later change of ``index_text`` needs a migration like this one.

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

from crisisdesk.intake.search import index_text

revision = "0025"
down_revision = "0024"
branch_labels = None
depends_on = None

_BATCH = 2000


def upgrade() -> None:
    connection = op.get_bind()
    last = 0
    while True:
        rows = connection.execute(
            sa.text(
                "SELECT id, normalised, search_text FROM interactions "
                "WHERE id > :last ORDER BY id LIMIT :n"
            ),
            {"last": last, "n": _BATCH},
        ).all()
        if not rows:
            return
        changed = [
            {"id": row_id, "s": fresh}
            for row_id, normalised, stored in rows
            if (fresh := index_text(normalised)) != stored
        ]
        if changed:
            connection.execute(
                sa.text("UPDATE interactions SET search_text = :s WHERE id = :id"), changed
            )
        last = rows[-1][0]


def downgrade() -> None:
    """Nothing to undo: the richer index is correct for the older code too."""
