"""A second secret for approving from a script, enabled for one user by an admin.

At a terminal the approver re-types their password at a prompt of its own. A script has
no prompt, and the sign-in password in ``CRISISDESK_PASSWORD`` is no second check; a
room that approves from scripts gets, per spokesperson and only when an admin enables it,
a random secret shown once and stored only as a hash. Enabling and revoking are decisions.
"""

from __future__ import annotations

import hashlib
import secrets
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from crisisdesk.errors import NotFoundError
from crisisdesk.log.kinds import Kind
from crisisdesk.storage.models import Meta, User
from crisisdesk.users.passwords import check_password, hash_password
from crisisdesk.users.permissions import Action

if TYPE_CHECKING:
    from crisisdesk.kernel import Kernel

__all__ = ["disable", "enable", "secret_matches"]


def _key(name: str) -> str:
    return "approval_secret:" + hashlib.sha256(name.encode("utf-8")).hexdigest()[:40]


def secret_matches(session: Session, name: str, secret: str) -> bool:
    """True when ``secret`` is the approval secret enabled for ``name``."""
    row = session.get(Meta, _key(name))
    return row is not None and bool(secret) and check_password(secret, row.value)


def enable(desk: Kernel, name: str) -> str:
    """Make a new approval secret for ``name`` (replacing any); it is returned only here."""
    secret = secrets.token_urlsafe(24)
    with desk.transaction(Action.USER_ROLE) as uow:
        _user(uow.session, name)
        row = uow.session.get(Meta, _key(name))
        if row is None:
            uow.session.add(Meta(key=_key(name), value=hash_password(secret)))
        else:
            row.value = hash_password(secret)
        uow.decide(
            Kind.SECURITY_APPROVAL_SECRET_ENABLED,
            subject=f"user:{name}",
            summary_ar=f"تفعيل سر اعتماد للبرامج النصية للمستخدم {name}",
            summary_en=f"enabled a scripted-approval secret for {name}",
            payload={"user": name},
        )
    return secret


def disable(desk: Kernel, name: str) -> bool:
    """Revoke ``name``'s approval secret; False when there was none."""
    with desk.transaction(Action.USER_ROLE) as uow:
        _user(uow.session, name)
        row = uow.session.get(Meta, _key(name))
        if row is not None:
            uow.session.delete(row)
        uow.decide(
            Kind.SECURITY_APPROVAL_SECRET_REVOKED,
            subject=f"user:{name}",
            summary_ar=f"إلغاء سر الاعتماد للمستخدم {name}",
            summary_en=f"revoked the scripted-approval secret of {name}",
            payload={"user": name, "had_secret": row is not None},
        )
    return row is not None


def _user(session: Session, name: str) -> User:
    user = session.scalars(select(User).where(User.name == name)).first()
    if user is None:
        raise NotFoundError(f"no user named {name!r}")
    return user
