"""`UserInfo`: a user account as the services and screens see it (no password hash)."""

from __future__ import annotations

from dataclasses import dataclass

from crisisdesk.storage.models import User


@dataclass(frozen=True)
class UserInfo:
    id: int
    name: str
    display_name: str
    role: str
    org_unit: str | None
    active: bool

    @classmethod
    def from_row(cls, row: User) -> UserInfo:
        return cls(row.id, row.name, row.display_name, row.role, row.org_unit, row.active)

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "name": self.name,
            "display_name": self.display_name,
            "role": self.role,
            "org_unit": self.org_unit,
            "active": self.active,
        }
