"""Users: the admin adds a user and changes a role; each is a decision."""

from __future__ import annotations

from typing import Any

from crisisdesk.ui.users_screen import UsersModel


def users_screen(qtbot: Any, open_room: Any, user: str) -> Any:
    room = open_room(user)
    screen = room.show_screen("users")
    qtbot.waitUntil(lambda: screen.model.rowCount() == 3, timeout=10_000)
    return screen


def test_model_passes_modeltester(qtmodeltester: Any, desk: Any, english: Any) -> None:
    model = UsersModel()
    model.set_users(desk.users.list())
    qtmodeltester.check(model)
    assert model.rowCount() == 3 and model.index(1, 2).data() == "Incident lead"


def test_admin_adds_a_user_and_changes_a_role(qtbot: Any, open_room: Any, desk: Any) -> None:
    screen = users_screen(qtbot, open_room, "admin")
    assert screen.add_button.isVisibleTo(screen)
    screen.add_user("sami", "pass-word-one-1", "spokesperson", "سامي", "المتحدث الرسمي")
    qtbot.waitUntil(lambda: screen.model.rowCount() == 4, timeout=20_000)
    screen.set_role("olfa", "lead", "covers the night shift")
    qtbot.waitUntil(
        lambda: any(u.name == "olfa" and u.role == "lead" for u in screen.model.users),
        timeout=20_000,
    )
    qtbot.waitUntil(lambda: not screen.ctx.ops.busy, timeout=20_000)
    kinds = [d.kind for d in desk.log.since(0)]
    assert kinds.index("user.role_changed") > len(kinds) - 3
    assert "user.added" in kinds[-3:]


def test_non_admin_sees_the_list_only(qtbot: Any, open_room: Any) -> None:
    screen = users_screen(qtbot, open_room, "olfa")
    assert not screen.add_button.isVisibleTo(screen)
    assert not screen.role_button.isVisibleTo(screen)
    assert "administrator" in screen.note.text()
