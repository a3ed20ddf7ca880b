"""People by the name the room knows them by: a login (``layla``) is for signing in, the
screens say the display name (``ليلى الدوسري``). A short-lived copy of the user list,
read at most once a minute, so a caption does not read the database each time it is
drawn and a renamed account shows its new name soon after."""

from __future__ import annotations

import time
from typing import Any

from sqlalchemy.exc import SQLAlchemyError

from crisisdesk.errors import CrisisDeskError
from crisisdesk.ui.display import actor_name

FRESH_FOR = 60.0  # seconds

_cache: dict[int, tuple[float, dict[str, str]]] = {}


def people(desk: Any) -> dict[str, str]:
    """Display names by login for ``desk`` (empty when the list cannot be read)."""
    key = id(desk)
    now = time.monotonic()
    found = _cache.get(key)
    if found is not None and now - found[0] < FRESH_FOR:
        return found[1]
    try:
        names = {u.name: u.display_name for u in desk.users.list() if u.display_name}
    except (CrisisDeskError, SQLAlchemyError):  # a caption falls back to the login
        names = {}
    _cache[key] = (now, names)
    return names


def person(desk: Any, login: str | None) -> str:
    """The display name of ``login`` (the app's own actors in words)."""
    return actor_name(login or "", people(desk)) if login else ""
