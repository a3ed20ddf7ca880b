"""Named operations: a write reaches every screen as typed changes, once.

Before, the screen that wrote reloaded from its own callback and again a second later when
the change feed brought the same decision back."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from crisisdesk.log.kinds import Kind
from crisisdesk.ui.changes import AREAS, Area, Changes, areas_of, changes_of
from crisisdesk.ui.operations import Done, Op, perform
from crisisdesk.ui.operations import room as room_ops
from crisisdesk.ui.users_screen import UsersScreen


def counting(screen: Any) -> list[int]:
    """Count the screen's reloads from now on."""
    calls: list[int] = []
    reload = screen.refresh

    def counted() -> None:
        calls.append(1)
        reload()

    screen.refresh = counted
    return calls


def test_a_screen_reloads_once_after_its_own_write(qtbot: Any, open_room: Any, desk: Any) -> None:
    room = open_room("admin")
    screen = room.show_screen("users")
    assert isinstance(screen, UsersScreen)
    qtbot.waitUntil(lambda: screen.model.rowCount() == 3, timeout=10_000)
    feed = room.ctx.feed
    qtbot.waitUntil(lambda: feed.seq is not None, timeout=10_000)
    reloads = counting(screen)
    delivered: list[Any] = []
    feed.decisions.connect(delivered.append)

    screen.add_user("sami", "pass-word-one-1", "spokesperson", "سامي", None)
    qtbot.waitUntil(lambda: screen.model.rowCount() == 4, timeout=20_000)
    head = desk.log.head().seq
    # the feed polls every second: let it catch up with the head, and poll again
    qtbot.waitUntil(lambda: feed.seq == head, timeout=10_000)
    feed.poll()
    qtbot.waitUntil(lambda: not room.ctx.ops.busy, timeout=10_000)
    qtbot.wait(1200)

    assert len(reloads) == 1
    assert [d.kind for batch in delivered for d in batch] == ["user.added"]


def test_an_operation_returns_what_it_changed(qtbot: Any, open_room: Any, desk: Any) -> None:
    room = open_room("admin")
    seen: list[Any] = []
    perform(
        room.ctx,
        room_ops.add_user(desk, "sami", "pass-word-one-1", "spokesperson", "سامي", None),
        seen.append,
        owner=room,
    )
    qtbot.waitUntil(lambda: bool(seen), timeout=20_000)
    (done,) = seen
    assert isinstance(done, Done) and done.value.name == "sami"
    assert done.changes.users and done.changes.log
    assert not (done.changes.statements or done.changes.tasks or done.changes.inbox)
    assert done.changes.kinds == {"user.added"}


def test_another_screen_hears_the_write_at_once_and_once(
    qtbot: Any, open_room: Any, desk: Any
) -> None:
    room = open_room("admin")
    users = room.show_screen("users")
    log = room.show_screen("log")
    qtbot.waitUntil(lambda: users.model.rowCount() == 3, timeout=10_000)
    heard: list[Changes] = []
    original = log.on_changes

    def hear(changes: Changes) -> None:
        heard.append(changes)
        original(changes)

    log.on_changes = hear
    users.set_role("olfa", "lead", "covers the night shift")
    qtbot.waitUntil(lambda: bool(heard), timeout=20_000)
    qtbot.wait(2200)  # two polls of the feed
    assert [c.kinds for c in heard] == [frozenset({"user.role_changed"})]
    assert heard[0].users and heard[0].log


def decision(kind: str, incident_id: int | None) -> Any:
    return SimpleNamespace(kind=kind, incident_id=incident_id, seq=1, actor="layla")


def test_changes_of_the_room_are_scoped_to_its_incident() -> None:
    mine = changes_of([decision("task.done", 1), decision("statement.approved", 1)], 1)
    assert mine.tasks and mine.statements and mine.room and mine.log
    assert not (mine.inbox or mine.incident or mine.users)
    other = changes_of([decision("task.done", 2), decision("incident.closed", 2)], 1)
    assert not (other.tasks or other.incident or other.room)
    assert other.log and other
    assert not changes_of([], 1)


def test_every_kind_of_the_catalogue_says_what_it_changes() -> None:
    """A new decision kind is placed in the one mapping before a screen can miss it."""
    assert set(AREAS) == set(Kind)
    assert all(isinstance(area, Area) for areas in AREAS.values() for area in areas)
    assert areas_of("interaction.triaged") == {Area.INTERACTIONS}
    assert areas_of("incident.units") == {Area.INCIDENT, Area.UNITS}
    changes = changes_of([decision("intake.exercise_injected", 1)], 1)
    assert changes.intake and changes.inbox and changes.only("intake.exercise_injected")
    assert not changes_of([decision("log.checkpoint", None)], 1).inbox


def test_no_screen_listens_for_raw_decisions() -> None:
    """Screens hear ``on_changes``; an ``on_decisions`` left on a screen is never called."""
    from crisisdesk.ui.screens import registered_screens

    stale = [spec.key for spec in registered_screens() if hasattr(spec.cls, "on_decisions")]
    assert stale == []


def test_when_the_feed_polls_first_the_writer_still_hears_its_callback_first(
    qtbot: Any, open_room: Any, desk: Any
) -> None:
    """On PostgreSQL every commit is notified: the feed often reads a write's decision
    before the write's own answer is back. The screen still refreshes once, after its
    callback (a screen remembers in its callback what to select when it reloads)."""
    import time

    room = open_room("admin")
    screen = room.show_screen("users")
    qtbot.waitUntil(lambda: screen.model.rowCount() == 3, timeout=10_000)
    feed = room.ctx.feed
    events: list[str] = []
    reload = screen.refresh

    def counted() -> None:
        events.append("refresh")
        reload()

    screen.refresh = counted
    add = room_ops.add_user(desk, "sami", "pass-word-one-1", "spokesperson", "سامي", None)

    def add_then_wait_for_the_poll() -> Any:
        user = add.call()
        head = desk.log.head().seq
        deadline = time.monotonic() + 10
        while (feed.seq or 0) < head and time.monotonic() < deadline:
            time.sleep(0.02)  # the GUI thread's feed polls meanwhile
        return user

    perform(
        room.ctx,
        Op(add.name, add_then_wait_for_the_poll),
        lambda _done: events.append("done"),
        owner=screen,
    )
    qtbot.waitUntil(lambda: screen.model.rowCount() == 4, timeout=20_000)
    qtbot.wait(1500)
    assert feed.seq == desk.log.head().seq
    assert events == ["done", "refresh"]
