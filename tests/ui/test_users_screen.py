"""Users: the admin adds a user and changes a role; each is a decision."""

from __future__ import annotations

from typing import Any


def users_screen(qtbot: Any, open_room: Any, user: str) -> Any:
    room = open_room(user)
    screen = room.show_screen("users")
    qtbot.waitUntil(lambda: screen.model.rowCount() == 3, timeout=10_000)
    return screen


def test_model_and_admin_actions(qtbot: Any, qtmodeltester: Any, open_room: Any,
                                 desk: Any) -> None:
    screen = users_screen(qtbot, open_room, "admin")
    qtmodeltester.check(screen.model)
    assert screen.add_button.isVisibleTo(screen)
    screen.add_user("sami", "pass-word-1", "spokesperson", "سامي", "المتحدث الرسمي")
    qtbot.waitUntil(lambda: screen.model.rowCount() == 4, timeout=10_000)
    screen.set_role("olfa", "lead", "covers the night shift")
    qtbot.waitUntil(lambda: any(u.name == "olfa" and u.role == "lead"
                                for u in screen.model.users), timeout=10_000)
    kinds = [d.kind for d in desk.log.since(0)]
    assert kinds[-2:] == ["user.added", "user.role_changed"]


def test_non_admin_sees_the_list_only(qtbot: Any, open_room: Any) -> None:
    screen = users_screen(qtbot, open_room, "olfa")
    assert not screen.add_button.isVisibleTo(screen)
    assert not screen.role_button.isVisibleTo(screen)
    assert "administrator" in screen.note.text()
