"""Migration 0011 carries checklists and publications over: a task done before the upgrade
is done after it (and still counts as such), an open one stays open and belongs to its
role, an existing publication is a first publication; on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from crisisdesk.storage import migrate
from crisisdesk.storage.engine import Database
from tests.helpers.databases import postgres_database

ROWS = """
INSERT INTO incidents (id, title, severity, status, drill, org_units, opened_at, opened_by)
VALUES (1, 'سيول', 3, 'active', false, '[]', '2026-01-01T06:00:00.000000Z', 'lead');
INSERT INTO tasks (id, incident_id, step_id, phase_id, occurrence, title_ar, title_en,
  owner_role, system_role, due_at, recurrence, done_at, done_by, note, created_at)
VALUES (1, 1, 'confirm', 'activation', 1, 'تأكيد', 'Confirm', 'liaison', 'operator',
  '2026-01-01T06:15:00.000000Z', NULL, '2026-01-01T06:10:00.000000Z', 'olfa', 'ok',
  '2026-01-01T06:00:00.000000Z'),
 (2, 1, 'sweep', 'response', 1, 'رصد', 'Sweep', 'monitor', 'operator',
  '2026-01-01T07:00:00.000000Z', 'PT1H', NULL, NULL, NULL, '2026-01-01T06:00:00.000000Z');
INSERT INTO statements (id, incident_id, kind, template_id, title_ar, title_en, state,
  created_by, created_at, updated_at)
VALUES (1, 1, 'holding', NULL, 'بيان', 'Statement', 'published', 'olfa',
  '2026-01-01T06:00:00.000000Z', '2026-01-01T06:00:00.000000Z');
INSERT INTO statement_versions (id, statement_id, number, text_ar, text_en, variables, author,
  created_at, content_hash)
VALUES (1, 1, 1, 'نص', 'text', '{}', 'olfa', '2026-01-01T06:00:00.000000Z', 'h');
INSERT INTO publications (id, version_id, channel, target, sandbox, scheduled_at, sent_at,
  idempotency_key, attempts, state, created_by, created_at)
VALUES (1, 1, 'website', '', false, '2026-01-01T06:05:00.000000Z',
  '2026-01-01T06:05:00.000000Z', 'k1', 1, 'sent', 'olfa', '2026-01-01T06:00:00.000000Z');
"""


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'old.db'}"
    else:
        with postgres_database() as pg:
            yield pg


def test_rows_carry_over(url: str) -> None:
    db = Database(url)
    migrate.upgrade(db, to="0004")
    with db.engine.begin() as conn:
        for statement in ROWS.strip().split(";\n"):
            if statement.strip():
                conn.execute(text(statement))
    migrate.upgrade(db)
    with db.engine.connect() as conn:
        tasks = conn.execute(
            text("SELECT id, outcome, assignee, done_by FROM tasks ORDER BY id")
        ).all()
        pubs = conn.execute(text("SELECT id, repeat, series_id, state FROM publications")).all()
    assert migrate.current_revisions(db) == migrate.known_heads()
    db.dispose()
    assert [tuple(r) for r in tasks] == [(1, "done", None, "olfa"), (2, None, None, None)]
    assert [tuple(r) for r in pubs] == [(1, 0, None, "sent")]


def test_an_upgraded_task_reads_as_done() -> None:
    from crisisdesk.incidents.tasks import TaskInfo
    from crisisdesk.storage.models import Task

    row = Task(
        id=1,
        incident_id=1,
        step_id="s",
        phase_id="p",
        occurrence=1,
        title_ar="م",
        title_en="t",
        owner_role="r",
        system_role="operator",
        due_at="2026-01-01T06:00:00.000000Z",
        done_at="2026-01-01T06:10:00.000000Z",
        done_by="olfa",
        created_at="2026-01-01T06:00:00.000000Z",
    )
    info = TaskInfo.from_row(row)
    assert info.done and info.closed and info.outcome == "done"
