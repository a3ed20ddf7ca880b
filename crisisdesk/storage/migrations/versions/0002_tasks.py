"""Checklist tasks created from a playbook when an incident is opened.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26
"""
import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "tasks",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("incident_id", sa.Integer(), sa.ForeignKey("incidents.id"), nullable=False),
        sa.Column("step_id", sa.String(100), nullable=False),
        sa.Column("phase_id", sa.String(100), nullable=False),
        sa.Column("occurrence", sa.Integer(), nullable=False, server_default="1"),
        sa.Column("title_ar", sa.Text(), nullable=False),
        sa.Column("title_en", sa.Text(), nullable=False),
        sa.Column("owner_role", sa.String(100), nullable=False),
        sa.Column("system_role", sa.String(20), nullable=False),
        sa.Column("due_at", sa.String(32), nullable=False),
        sa.Column("recurrence", sa.String(40)),
        sa.Column("done_at", sa.String(32)),
        sa.Column("done_by", sa.String(64)),
        sa.Column("note", sa.Text()),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.UniqueConstraint("incident_id", "step_id", "occurrence", name="uq_task_occurrence"),
    )
    op.create_index("ix_tasks_incident_due", "tasks", ["incident_id", "due_at"])


def downgrade() -> None:
    raise NotImplementedError("CrisisDesk databases are never downgraded; restore the backup")
