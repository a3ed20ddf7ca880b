"""Schedules and task ownership: repeated publications of one approved version, and tasks
that end as done, skipped or not applicable, with the person they were reassigned to.

A publication's ``repeat`` counts how many times the same version went (or goes) to the
same channel before it (0 for the first); rows scheduled together as ``--every ... --until``
share ``series_id`` (the first row's id). A task's ``outcome`` is ``done``, ``skipped`` or
``not_applicable`` once it is closed; ``done_at``/``done_by`` then say when and by whom,
``note`` holds the note or the reason. Existing rows carry over: a task with a ``done_at``
is ``done``; existing publications are first publications.

Revision ID: 0011
Revises: 0004
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0004"
branch_labels = None
depends_on = None

_OUTCOMES = "'done', 'skipped', 'not_applicable'"


def upgrade() -> None:
    with op.batch_alter_table("publications") as batch:
        batch.add_column(sa.Column("repeat", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("series_id", sa.Integer(), nullable=True))
    op.create_index("ix_publications_state_at", "publications", ["state", "scheduled_at"])
    with op.batch_alter_table("tasks") as batch:
        batch.add_column(sa.Column("outcome", sa.String(20), nullable=True))
        batch.add_column(sa.Column("assignee", sa.String(64), nullable=True))
        batch.create_check_constraint(
            "ck_task_outcome", f"outcome IS NULL OR outcome IN ({_OUTCOMES})"
        )
    op.execute("UPDATE tasks SET outcome = 'done' WHERE done_at IS NOT NULL")
    op.create_index("ix_tasks_open_due", "tasks", ["done_at", "due_at"])


def downgrade() -> None:
    raise NotImplementedError("CrisisDesk databases are never downgraded; restore the backup")
