"""Named writes about the room itself: accounts, playbooks, the time zone, the log."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from crisisdesk.ui.operations import Op


def add_user(
    desk: Any,
    name: str,
    password: str,
    role: str,
    display_name: str | None,
    org_unit: str | None,
) -> Op[Any]:
    return Op(
        "add an account",
        lambda: desk.users.add(name, password, role, display_name, org_unit),
    )


def set_role(desk: Any, name: str, role: str, reason: str) -> Op[Any]:
    return Op("change a role", lambda: desk.users.set_role(name, role, reason))


def set_active(desk: Any, name: str, active: bool, reason: str) -> Op[Any]:
    return Op(
        "deactivate or reactivate an account", lambda: desk.users.set_active(name, active, reason)
    )


def reset_password(desk: Any, name: str, password: str, reason: str) -> Op[Any]:
    return Op("reset a password", lambda: desk.users.reset_password(name, password, reason))


def change_own_password(desk: Any, current: str, new: str) -> Op[Any]:
    return Op("change my password", lambda: desk.users.change_password(current, new))


def add_playbook(desk: Any, path: Path) -> Op[Any]:
    return Op("add a playbook to the library", lambda: desk.playbooks.add(path))


def change_zone(desk: Any, name: str) -> Op[Any]:
    from crisisdesk import room_zone

    return Op("change the room's time zone", lambda: room_zone.change(desk, name))


def checkpoint(desk: Any) -> Op[Any]:
    return Op("sign a checkpoint", lambda: desk.log.checkpoint("manual"))
