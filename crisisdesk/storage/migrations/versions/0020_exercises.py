"""Exercises: runs of an exercise file on a drill incident, with their shared clock, and the
items each run injected (one row per item and run, so a repeat adds nothing).

No existing row changes; existing drills stay drills without a run.

Revision ID: 0020
Revises: 0012
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0020"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "exercise_runs",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("incident_id", sa.Integer(), sa.ForeignKey("incidents.id"), nullable=False),
        sa.Column("exercise_id", sa.String(100), nullable=False),
        sa.Column("title_ar", sa.Text(), nullable=False),
        sa.Column("title_en", sa.Text(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("seed", sa.String(64), nullable=False),
        sa.Column("state", sa.String(10), nullable=False),
        sa.Column("speed", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.String(32), nullable=False),
        sa.Column("anchor_wall", sa.String(32), nullable=False),
        sa.Column("anchor_offset_us", sa.BigInteger(), nullable=False),
        sa.Column("started_by", sa.String(64), nullable=False),
        sa.Column("stopped_at", sa.String(32)),
        sa.CheckConstraint("state IN ('running', 'paused', 'stopped')", name="ck_run_state"),
        sa.CheckConstraint("speed BETWEEN 1 AND 10", name="ck_run_speed"),
    )
    op.create_index("ix_exercise_runs_incident", "exercise_runs", ["incident_id"], unique=True)
    op.create_table(
        "exercise_injects",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("run_id", sa.Integer(), sa.ForeignKey("exercise_runs.id"), nullable=False),
        sa.Column("key", sa.String(200), nullable=False),
        sa.Column("inject", sa.String(100), nullable=False),
        sa.Column("channel", sa.String(20), nullable=False),
        sa.Column("due_us", sa.BigInteger(), nullable=False),
        sa.Column("injected_us", sa.BigInteger(), nullable=False),
        sa.Column("injected_at", sa.String(32), nullable=False),
        sa.Column("live", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("payload", sa.Text()),
        sa.UniqueConstraint("run_id", "key", name="uq_exercise_inject_key"),
    )


def downgrade() -> None:
    raise NotImplementedError("CrisisDesk databases are never downgraded; restore the backup")
