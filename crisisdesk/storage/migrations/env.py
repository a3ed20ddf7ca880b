"""Alembic environment: always run on the connection that CrisisDesk hands over."""

from __future__ import annotations

from alembic import context

from crisisdesk.storage.models import Base

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - CrisisDesk always passes its connection
    raise RuntimeError("CrisisDesk migrations run through crisisdesk.storage.migrate only")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    transaction_per_migration=False,
)
with context.begin_transaction():
    context.run_migrations()
