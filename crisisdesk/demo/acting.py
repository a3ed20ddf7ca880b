"""How the demo's stories act as its users in turn.

Each user's password is checked (argon2id, slow on purpose) the first time the demo acts
as them on a desk; switching back later reuses that check instead of hashing again, which
would add a minute to building the demo. Only the demo builders use this.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

if TYPE_CHECKING:
    from crisisdesk.desk import Desk
    from crisisdesk.users.records import UserInfo

_checked: WeakKeyDictionary[Desk, dict[str, UserInfo]] = WeakKeyDictionary()


def act_as(desk: Desk, name: str, password: str) -> UserInfo:
    """Sign ``name`` in on ``desk`` (the password checked once per desk and user)."""
    known = _checked.setdefault(desk, {})
    if name in known:
        desk.user = known[name]
        fresh = desk.refresh_user()  # the role and active flag as stored now
        if fresh is not None and fresh.active:
            return fresh
    user = desk.sign_in(name, password)
    known[name] = user
    return user
