"""Adding users and changing their roles; the first admin is created by ``init``."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from crisisdesk.clock import utc_iso
from crisisdesk.errors import ConflictError, CrisisDeskError, NotFoundError
from crisisdesk.storage.models import User
from crisisdesk.unit_of_work import UnitOfWork
from crisisdesk.users.passwords import hash_password
from crisisdesk.users.permissions import Action, Role, roles

if TYPE_CHECKING:
    from crisisdesk.desk import Desk, UserInfo

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
    def __init__(self, desk: Desk) -> None:
        self.desk = desk

    def list(self) -> list[UserInfo]:
        from crisisdesk.desk import UserInfo

        with self.desk.db.read() as session:
            return [UserInfo.from_row(u) for u in session.scalars(select(User).order_by(User.name))]

    def get(self, name: str) -> UserInfo:
        from crisisdesk.desk import UserInfo

        with self.desk.db.read() as session:
            row = session.scalars(select(User).where(User.name == name)).first()
            if row is None:
                raise NotFoundError(f"no user named {name!r}")
            return UserInfo.from_row(row)

    def count(self) -> int:
        with self.desk.db.read() as session:
            return int(session.scalar(select(func.count()).select_from(User)) or 0)

    def create_first_admin(
        self, name: str, password: str, display_name: str | None = None
    ) -> UserInfo:
        """The bootstrap: only allowed while the database has no user at all."""
        _check_name(name)
        with self.desk.db.write() as session:
            if session.scalar(select(func.count()).select_from(User)):
                raise ConflictError("this database already has users; sign in as an admin")
            uow = UnitOfWork(self.desk, session)
            info = self._insert(uow, name, password, Role.ADMIN.value, display_name, None)
            uow.decide(
                "user.added",
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
        if not password:
            raise CrisisDeskError("an empty password is not allowed")
        with self.desk.transaction(Action.USER_ADD) as uow:
            if uow.session.scalars(select(User).where(User.name == name)).first():
                raise ConflictError(f"a user named {name!r} already exists")
            info = self._insert(uow, name, password, role, display_name, org_unit)
            uow.decide(
                "user.added",
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
        from crisisdesk.desk import UserInfo

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
        from crisisdesk.desk import UserInfo

        _check_role(role)
        with self.desk.transaction(Action.USER_ROLE) as uow:
            row = uow.session.scalars(select(User).where(User.name == name)).first()
            if row is None:
                raise NotFoundError(f"no user named {name!r}")
            old = row.role
            if old == role:
                raise ConflictError(f"{name} already has the role {role}")
            row.role = role
            uow.decide(
                "user.role_changed",
                subject=f"user:{name}",
                summary_ar=f"تغيير دور {name} من {old} إلى {role}",
                summary_en=f"changed {name}'s role from {old} to {role}",
                payload={"name": name, "from": old, "to": role, "reason": reason},
            )
            uow.session.flush()
            return UserInfo.from_row(row)

    def set_active(self, name: str, active: bool, reason: str = "") -> UserInfo:
        from crisisdesk.desk import UserInfo

        with self.desk.transaction(Action.USER_DEACTIVATE) as uow:
            row = uow.session.scalars(select(User).where(User.name == name)).first()
            if row is None:
                raise NotFoundError(f"no user named {name!r}")
            row.active = active
            verb_en = "reactivated" if active else "deactivated"
            verb_ar = "إعادة تفعيل" if active else "إيقاف"
            uow.decide(
                f"user.{verb_en}",
                subject=f"user:{name}",
                summary_ar=f"{verb_ar} حساب {name}",
                summary_en=f"{verb_en} {name}",
                payload={"name": name, "reason": reason},
            )
            uow.session.flush()
            return UserInfo.from_row(row)
