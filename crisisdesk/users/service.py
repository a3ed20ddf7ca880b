"""Adding users and changing their roles; the first admin is created by ``init``."""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from crisisdesk.clock import utc_iso
from crisisdesk.errors import AuthError, ConflictError, CrisisDeskError, NotFoundError
from crisisdesk.log.kinds import Kind
from crisisdesk.storage.models import User
from crisisdesk.unit_of_work import UnitOfWork
from crisisdesk.users import signin_throttle
from crisisdesk.users.password_policy import check_policy
from crisisdesk.users.passwords import check_password, hash_password
from crisisdesk.users.permissions import Action, Role, roles
from crisisdesk.users.records import UserInfo

if TYPE_CHECKING:
    from crisisdesk.kernel import Kernel

_NAME = re.compile(r"^[A-Za-z0-9_.-]{2,64}$")


def _check_role(role: str) -> str:
    if role not in roles():
        raise CrisisDeskError(f"unknown role {role!r}; choose one of {', '.join(roles())}")
    return role


def _check_name(name: str) -> str:
    if not _NAME.match(name):
        raise CrisisDeskError(f"user name {name!r} must be 2-64 letters, digits, '.', '_' or '-'")
    return name


class UserService:
    def __init__(self, desk: Kernel) -> None:
        self.desk = desk

    def list(self) -> list[UserInfo]:
        with self.desk.db.read() as session:
            return [UserInfo.from_row(u) for u in session.scalars(select(User).order_by(User.name))]

    def get(self, name: str) -> UserInfo:
        with self.desk.db.read() as session:
            row = session.scalars(select(User).where(User.name == name)).first()
            if row is None:
                raise NotFoundError(f"no user named {name!r}")
            return UserInfo.from_row(row)

    def waits(self) -> dict[str, int]:
        """Accounts that must wait after wrong passwords: name -> seconds left."""
        now = self.desk.clock.now()
        with self.desk.db.read() as session:
            rows = session.execute(
                select(User.name, User.failed_signins, User.last_failed_at).where(
                    User.failed_signins >= signin_throttle.FREE_FAILURES
                )
            ).all()
        waits = {
            name: math.ceil(signin_throttle.retry_after(failures or 0, last, now))
            for name, failures, last in rows
        }
        return {name: wait for name, wait in waits.items() if wait > 0}

    def count(self) -> int:
        with self.desk.db.read() as session:
            return int(session.scalar(select(func.count()).select_from(User)) or 0)

    def create_first_admin(
        self, name: str, password: str, display_name: str | None = None
    ) -> UserInfo:
        """The bootstrap: only allowed while the database has no user at all."""
        _check_name(name)
        check_policy(password, name)
        with self.desk.db.write() as session:
            if session.scalar(select(func.count()).select_from(User)):
                raise ConflictError("this database already has users; sign in as an admin")
            uow = UnitOfWork(self.desk, session)
            info = self._insert(uow, name, password, Role.ADMIN.value, display_name, None)
            uow.decide(
                Kind.USER_ADDED,
                subject=f"user:{name}",
                actor=name,
                role=Role.ADMIN.value,
                summary_ar=f"إنشاء حساب المسؤول الأول {name}",
                summary_en=f"created the first admin {name}",
                payload={"name": name, "role": Role.ADMIN.value},
            )
        return info

    def add(
        self,
        name: str,
        password: str,
        role: str,
        display_name: str | None = None,
        org_unit: str | None = None,
    ) -> UserInfo:
        _check_name(name)
        _check_role(role)
        check_policy(password, name)
        with self.desk.transaction(Action.USER_ADD) as uow:
            if uow.session.scalars(select(User).where(User.name == name)).first():
                raise ConflictError(f"a user named {name!r} already exists")
            info = self._insert(uow, name, password, role, display_name, org_unit)
            uow.decide(
                Kind.USER_ADDED,
                subject=f"user:{name}",
                summary_ar=f"إضافة المستخدم {name} بدور {role}",
                summary_en=f"added user {name} as {role}",
                payload={"name": name, "role": role, "org_unit": org_unit},
            )
        return info

    def _insert(
        self,
        uow: UnitOfWork,
        name: str,
        password: str,
        role: str,
        display_name: str | None,
        org_unit: str | None,
    ) -> UserInfo:
        row = User(
            name=name,
            display_name=display_name or name,
            role=role,
            org_unit=org_unit,
            password_hash=hash_password(password),
            active=True,
            created_at=utc_iso(self.desk.clock.now()),
        )
        uow.session.add(row)
        uow.session.flush()
        return UserInfo.from_row(row)

    def set_role(self, name: str, role: str, reason: str = "") -> UserInfo:
        _check_role(role)
        with self.desk.transaction(Action.USER_ROLE) as uow:
            row = _row(uow.session, name)
            old = row.role
            if old == role:
                raise ConflictError(f"{name} already has the role {role}")
            if old == Role.ADMIN.value and row.active:
                _keep_an_admin(uow.session, row, f"change {name}'s role")
            row.role = role
            uow.decide(
                Kind.USER_ROLE_CHANGED,
                subject=f"user:{name}",
                summary_ar=f"تغيير دور {name} من {old} إلى {role}",
                summary_en=f"changed {name}'s role from {old} to {role}",
                payload={"name": name, "from": old, "to": role, "reason": reason},
            )
            uow.session.flush()
            return UserInfo.from_row(row)

    def set_active(self, name: str, active: bool, reason: str = "") -> UserInfo:
        """Deactivate (the account can no longer sign in or act, even in an open window)
        or reactivate an account; the last active admin cannot be deactivated."""
        with self.desk.transaction(Action.USER_DEACTIVATE) as uow:
            row = _row(uow.session, name)
            if row.active == active:
                state = "active" if active else "deactivated"
                raise ConflictError(f"{name} is already {state}")
            if not active and row.role == Role.ADMIN.value:
                _keep_an_admin(uow.session, row, f"deactivate {name}")
            row.active = active
            if active:
                row.failed_signins, row.last_failed_at = 0, None
            verb_en = "reactivated" if active else "deactivated"
            verb_ar = "إعادة تفعيل" if active else "إيقاف"
            uow.decide(
                Kind.USER_REACTIVATED if active else Kind.USER_DEACTIVATED,
                subject=f"user:{name}",
                summary_ar=f"{verb_ar} حساب {name}",
                summary_en=f"{verb_en} {name}",
                payload={"name": name, "reason": reason},
            )
            uow.session.flush()
            return UserInfo.from_row(row)

    def reset_password(self, name: str, password: str, reason: str = "") -> UserInfo:
        """An administrator gives ``name`` a new password (never logged, only the fact)."""
        check_policy(password, name)
        digest = hash_password(password)
        with self.desk.transaction(Action.USER_RESET_PASSWORD) as uow:
            row = _row(uow.session, name)
            row.password_hash = digest
            row.failed_signins, row.last_failed_at = 0, None  # a waiting account may try now
            uow.decide(
                Kind.USER_PASSWORD_RESET,
                subject=f"user:{name}",
                summary_ar=f"إعادة تعيين كلمة مرور {name}",
                summary_en=f"reset the password of {name}",
                payload={"name": name, "reason": reason},
            )
            uow.session.flush()
            return UserInfo.from_row(row)

    def change_password(self, current: str, new: str) -> UserInfo:
        """The signed-in user replaces their own password after confirming the current one."""
        user = self.desk.user
        if user is None:
            raise AuthError("changing a password needs a signed-in user")
        check_policy(new, user.name)
        if new == current:
            raise CrisisDeskError("the new password must differ from the current one")
        digest = hash_password(new)
        wrong = False
        wait = 0.0
        now = self.desk.clock.now()
        with self.desk.transaction(None) as uow:
            row = _row(uow.session, user.name)
            wait = signin_throttle.retry_after(row.failed_signins or 0, row.last_failed_at, now)
            wrong = wait > 0 or not check_password(current, row.password_hash)
            if wrong:
                if wait <= 0:  # a wrong current password counts like a wrong sign-in
                    row.failed_signins = (row.failed_signins or 0) + 1
                    row.last_failed_at = utc_iso(now)
                why_en = "the account must wait" if wait > 0 else "wrong current password"
                why_ar = "على الحساب أن ينتظر" if wait > 0 else "كلمة المرور الحالية خاطئة"
                uow.decide(
                    Kind.SECURITY_REFUSED,
                    subject=f"user:{user.name}",
                    summary_ar=f"رُفض تغيير كلمة مرور {user.name}: {why_ar}",
                    summary_en=f"refused to change {user.name}'s password: {why_en}",
                    payload={"action": "user.change_password", "reason": why_en},
                )
            else:
                row.password_hash = digest
                row.failed_signins, row.last_failed_at = 0, None
                uow.decide(
                    Kind.USER_PASSWORD_CHANGED,
                    subject=f"user:{user.name}",
                    summary_ar=f"غيّر {user.name} كلمة مروره",
                    summary_en=f"{user.name} changed their password",
                    payload={"name": user.name},
                )
            uow.session.flush()
            info = UserInfo.from_row(row)
        if wait > 0:
            raise AuthError(
                f"too many wrong passwords for {user.name!r}; try again in {math.ceil(wait)} s"
            )
        if wrong:
            raise AuthError("the current password is wrong; the password was not changed")
        return info


def _row(session: Session, name: str) -> User:
    row = session.scalars(select(User).where(User.name == name)).first()
    if row is None:
        raise NotFoundError(f"no user named {name!r}")
    return row


def _keep_an_admin(session: Session, leaving: User, what: str) -> None:
    """Refuse a change that would leave no active admin to manage users."""
    others = session.scalar(
        select(func.count())
        .select_from(User)
        .where(User.role == Role.ADMIN.value, User.active.is_(True), User.id != leaving.id)
    )
    if not others:
        raise ConflictError(
            f"cannot {what}: {leaving.name} is the last active admin; "
            "make another user an admin first"
        )
