"""Foundation: meta, users, incidents, the append-only decision log and its checkpoints.

Revision ID: 0001
Revises:
Create Date: 2026-11-26
"""
import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

# Generated columns read the hashed body, so a filter column can never disagree with it.
_SQLITE_FIELDS = {
    "at": ("json_extract(body, '$.at')", sa.String(32)),
    "incident_id": ("json_extract(body, '$.incident')", sa.Integer()),
    "actor": ("json_extract(body, '$.actor')", sa.String(64)),
    "kind": ("json_extract(body, '$.kind')", sa.String(64)),
    "subject": ("json_extract(body, '$.subject')", sa.String(200)),
}
_PG_FIELDS = {
    "at": ("(body::jsonb ->> 'at')", sa.String(32)),
    "incident_id": ("((body::jsonb ->> 'incident'))::integer", sa.Integer()),
    "actor": ("(body::jsonb ->> 'actor')", sa.String(64)),
    "kind": ("(body::jsonb ->> 'kind')", sa.String(64)),
    "subject": ("(body::jsonb ->> 'subject')", sa.String(200)),
}

_APPEND_ONLY = ("decisions", "checkpoints")


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    op.create_table(
        "meta",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text(), nullable=False),
    )
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(64), nullable=False, unique=True),
        sa.Column("display_name", sa.String(200), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("org_unit", sa.String(200)),
        sa.Column("password_hash", sa.String(300), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False, server_default=sa.true()),
        sa.Column("created_at", sa.String(32), nullable=False),
    )
    op.create_table(
        "incidents",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("title", sa.String(500), nullable=False),
        sa.Column("playbook_id", sa.String(100)),
        sa.Column("playbook_version", sa.String(50)),
        sa.Column("playbook_hash", sa.String(64)),
        sa.Column("playbook_snapshot", sa.Text()),
        sa.Column("severity", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("drill", sa.Boolean(), nullable=False),
        sa.Column("org_units", sa.Text(), nullable=False),
        sa.Column("opened_at", sa.String(32), nullable=False),
        sa.Column("opened_by", sa.String(64), nullable=False),
        sa.Column("closed_at", sa.String(32)),
        sa.Column("closed_summary", sa.Text()),
        sa.CheckConstraint("severity BETWEEN 1 AND 4", name="ck_incident_severity"),
        sa.CheckConstraint("status IN ('active', 'closed')", name="ck_incident_status"),
    )
    fields = _PG_FIELDS if dialect == "postgresql" else _SQLITE_FIELDS
    op.create_table(
        "decisions",
        sa.Column("seq", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        *[
            sa.Column(name, type_, sa.Computed(expr, persisted=dialect == "postgresql"))
            for name, (expr, type_) in fields.items()
        ],
    )
    op.create_index("ix_decisions_incident_seq", "decisions", ["incident_id", "seq"])
    op.create_index("ix_decisions_kind", "decisions", ["kind"])
    op.create_index("ix_decisions_actor", "decisions", ["actor"])
    op.create_table(
        "checkpoints",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("seq", sa.Integer(), sa.ForeignKey("decisions.seq"), nullable=False),
        sa.Column("head_hash", sa.String(64), nullable=False),
        sa.Column("at", sa.String(32), nullable=False),
        sa.Column("reason", sa.String(50), nullable=False),
        sa.Column("public_key", sa.String(64), nullable=False),
        sa.Column("signature", sa.String(128), nullable=False),
    )
    op.create_index("ix_checkpoints_seq", "checkpoints", ["seq"])
    for table in _APPEND_ONLY:
        _refuse_changes(dialect, table)


def _refuse_changes(dialect: str, table: str) -> None:
    """Triggers refusing UPDATE and DELETE: they guard against accidents, not attackers."""
    message = f"{table} is append-only"
    if dialect == "postgresql":
        op.execute(
            f"""
            CREATE OR REPLACE FUNCTION {table}_append_only() RETURNS trigger AS $$
            BEGIN RAISE EXCEPTION '{message}'; END; $$ LANGUAGE plpgsql
            """
        )
        op.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {table}_append_only()"
        )
        op.execute(
            f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {table}_append_only()"
        )
    else:
        for verb in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{message}'); END"
            )


def downgrade() -> None:
    raise NotImplementedError("CrisisDesk databases are never downgraded; restore the backup")
