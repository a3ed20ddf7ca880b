"""The inbox model: pages read on demand, stale queued reads skipped, the count filled in."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from crisisdesk.intake.rows import InteractionRow
from crisisdesk.ui.display import DisplayPrefs
from crisisdesk.ui.inbox_model import PAGE, RECENT_PAGES, TEXT, InboxModel

NOW = datetime(2026, 11, 26, 6, 0, tzinfo=UTC)


def _row(i: int) -> InteractionRow:
    return InteractionRow(
        id=i, channel="x", external_id=str(i), author_handle="@a", author_name=None,
        received_at=NOW, text=f"message {i}\u202e", language="en", category=None,
        priority=None, status="new", assignee=None, assignee_unit=None, response_due=None,
        overdue=False, cluster_id=None, edited=False, deleted=False,
    )  # fmt: skip


def test_pages_on_demand_and_stale_reads_skipped(qapp: Any, qtmodeltester: Any) -> None:
    reads: list[int] = []
    queued: list[tuple[Callable[[], Any], Callable[[Any], None]]] = []

    def fetch(offset: int, limit: int) -> list[InteractionRow]:
        reads.append(offset)
        return [_row(i) for i in range(offset, min(offset + limit, 5000))]

    model = InboxModel(
        fetch, DisplayPrefs(language="en", arabic_digits=False), lambda: NOW,
        background=lambda call, done: queued.append((call, done)),
    )  # fmt: skip
    model.set_source(fetch, 50, fetch(0, PAGE)[:50])
    assert model.index(3, TEXT).data().count("⟦RLO⟧") == 1  # controls shown, not obeyed
    model.set_total(5000)
    assert model.rowCount() == 5000
    for page in range(30):  # a fast scroll asks for thirty pages
        assert model.row_at(page * PAGE + 1) is None or page == 0
    for call, done in list(queued):
        done(call())
    assert len(reads) - 1 == RECENT_PAGES  # only the last few pages were really read
    assert model.row_at(29 * PAGE + 1) is not None
    assert model.row_at(5 * PAGE) is None  # skipped earlier: asked again now
    call, done = queued[-1]
    done(call())
    assert model.row_at(5 * PAGE) is not None
    qtmodeltester.check(model)
