"""Named operations: every write the room makes, and what it changed.

A screen never hands the writer a bare lambda: it builds a named ``Op`` (the modules of this
package name them by feature) and runs it with ``perform``. On the single writer the op
runs, then the decisions it appended are read back. On the GUI thread, after the
initiator's ``on_done``, they go to every screen at once as typed ``Changes`` (the
initiating screen too), and the change feed does not hand them out again. While an op is in
flight the feed holds what it polls, so the order is the same when the poll wins the race
(as it often does on PostgreSQL, where every commit is notified).

So a screen refreshes from ``on_changes`` alone, once per write, whether the write was its
own, another screen's or another laptop's; ``on_done`` only does what is particular to the
initiator (select the new row, say what happened) and receives the same changes in ``Done``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import shiboken6
from PySide6.QtCore import QObject

from crisisdesk.ui.changes import Changes, changes_of
from crisisdesk.ui.ops import ErrorCallback

if TYPE_CHECKING:
    from crisisdesk.ui.room import RoomContext

T = TypeVar("T")

BATCH = 1000  # decisions read back after one op (an import is one decision per batch)


@dataclass(frozen=True)
class Op(Generic[T]):
    """One named write: ``name`` says what it does (for logs and errors), ``call`` does it
    on the writer thread."""

    name: str
    call: Callable[[], T]


@dataclass(frozen=True)
class Done(Generic[T]):
    """What an op returned, and what it changed in the room."""

    value: T
    changes: Changes


def perform(
    ctx: RoomContext,
    op: Op[T],
    on_done: Callable[[Done[T]], None] | None = None,
    on_error: ErrorCallback | None = None,
    *,
    owner: QObject | None = None,
) -> None:
    """Run ``op`` on the single writer; every screen hears its changes once it is done,
    after ``on_done`` (so the initiator's state is set before its own refresh).

    Errors go to ``on_error`` (or the room's error line when there is none). The callbacks
    are dropped when ``owner`` is gone by then; the screens hear the changes in any case.
    """
    desk, feed, incident_id = ctx.desk, ctx.feed, ctx.incident_id

    def run() -> tuple[T, list[Any]]:
        before = desk.log.head().seq
        value = op.call()
        # On this writer nothing of ours ran in between; another laptop's decisions read
        # back here are real changes too, and the feed will not repeat them.
        return value, desk.log.since(before, limit=BATCH)

    def alive() -> bool:
        return owner is None or shiboken6.isValid(owner)

    def release(decisions: list[Any]) -> None:
        if shiboken6.isValid(feed):
            feed.release(decisions)

    def arrived(result: tuple[T, list[Any]]) -> None:
        value, decisions = result
        try:
            if on_done is not None and alive():
                on_done(Done(value, changes_of(decisions, incident_id)))
        finally:
            release(decisions)

    def failed(message: str) -> None:
        try:
            if on_error is None:
                ctx.ops.error.emit(message)
            elif alive():
                on_error(message)
        finally:
            release([])

    feed.hold()
    # no owner here: the feed must hear back even when the screen has gone
    ctx.ops.write(run, arrived, failed)
