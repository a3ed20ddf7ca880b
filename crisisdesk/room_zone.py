"""The crisis room's time zone: the one zone every time is shown in and typed in.

Stored times stay UTC. The zone is a setting of the database (``meta`` key ``room.zone``),
so every laptop of a room shows 18:00 for the same moment, whatever zone its own clock is
set to; unset, it is this computer's zone. When the room's zone gives another offset than
this computer's, the zone is named next to the times, so a laptop still on another zone
(a colleague back from abroad, a machine left on UTC) cannot mislead its reader.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from crisisdesk.clock import ensure_utc
from crisisdesk.errors import ConflictError, CrisisDeskError
from crisisdesk.log.kinds import Kind
from crisisdesk.users.permissions import Action

if TYPE_CHECKING:
    from crisisdesk.kernel import Kernel

__all__ = ["KEY", "RoomZone", "change", "check_name", "load", "machine_zone_name"]

KEY = "room.zone"


def machine_zone_name() -> str:
    """This computer's IANA zone name (``TZ`` first, as the C library does); UTC if unknown."""
    import tzlocal

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # tzlocal warns about odd set-ups; we fall back
        try:
            tzlocal.reload_localzone()
            name = tzlocal.get_localzone_name()
        except Exception:  # a broken zone set-up must not stop the app: UTC, and it shows
            name = None
    if not name:
        return "UTC"
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return "UTC"
    return name


def check_name(name: str) -> str:
    """An IANA zone name as typed (``asia/riyadh`` is fine); a one-line error otherwise."""
    raw = name.strip()
    if not raw or len(raw) > 64 or raw.startswith(("/", ".")) or ".." in raw or "\0" in raw:
        raise CrisisDeskError(f"not a time zone: {name!r} (use a name like Asia/Riyadh)")
    known = {z.lower(): z for z in available_timezones()}
    found = known.get(raw.lower())
    if found is None:
        raise CrisisDeskError(f"unknown time zone {raw!r} (use a name like Asia/Riyadh)")
    return found


def _offset_text(offset: timedelta | None) -> str:
    minutes = int((offset or timedelta()).total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}:{rest:02d}"


@dataclass(frozen=True)
class RoomZone:
    """The room's zone and this computer's, with the formatting every screen and command uses."""

    name: str
    machine: str
    stored: bool = True

    @property
    def tz(self) -> tzinfo:
        return ZoneInfo(self.name)

    @property
    def machine_tz(self) -> tzinfo:
        return ZoneInfo(self.machine)

    def local(self, when: datetime) -> datetime:
        return ensure_utc(when).astimezone(self.tz)

    def offset(self, when: datetime) -> str:
        """``UTC+03:00`` at ``when``."""
        return _offset_text(self.local(when).utcoffset())

    def differs(self, when: datetime) -> bool:
        """Whether this computer's own clock would show ``when`` at another hour."""
        moment = ensure_utc(when)
        return (
            moment.astimezone(self.tz).utcoffset() != moment.astimezone(self.machine_tz).utcoffset()
        )

    def label(self, when: datetime) -> str:
        """``Asia/Riyadh (UTC+03:00)``."""
        return f"{self.name} ({self.offset(when)})"

    def format(self, when: datetime, *, seconds: bool = False, named: bool | None = None) -> str:
        """``2026-12-03 10:59`` in the room's zone, the zone named after it when it differs
        from this computer's (``named`` forces it either way)."""
        text = self.local(when).strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")
        if named if named is not None else self.differs(when):
            text += f" {self.name}"
        return text

    def heading(self, now: datetime) -> str | None:
        """One line for the top of a list when the room's zone is not this computer's."""
        if not self.differs(now):
            return None
        mine = _offset_text(ensure_utc(now).astimezone(self.machine_tz).utcoffset())
        return f"times in {self.label(now)}, the room's zone (this computer: {self.machine} {mine})"

    def to_json(self, now: datetime) -> dict[str, object]:
        return {
            "zone": self.name,
            "offset": self.offset(now),
            "set": self.stored,
            "machine_zone": self.machine,
            "differs": self.differs(now),
        }


def load(desk: Kernel) -> RoomZone:
    """The room's zone as the database says (read when the desk opened or last changed)."""
    machine = machine_zone_name()
    stored = desk.zone_name
    if stored:
        try:
            ZoneInfo(stored)
        except (ZoneInfoNotFoundError, ValueError):
            stored = None  # a zone this computer's tzdata does not know: its own, visibly
    return RoomZone(stored or machine, machine, stored is not None)


def change(desk: Kernel, name: str) -> RoomZone:
    """Set the room's zone (the lead's or an administrator's decision, logged)."""
    from crisisdesk.storage.models import Meta

    zone = check_name(name)
    with desk.transaction(Action.ROOM_SETTINGS) as uow:
        row = uow.session.get(Meta, KEY)
        before = row.value if row is not None else None
        if before == zone:
            raise ConflictError(f"the room's time zone is already {zone}")
        if row is None:
            uow.session.add(Meta(key=KEY, value=zone))
        else:
            row.value = zone
        now = desk.clock.now()
        offset = _offset_text(now.astimezone(ZoneInfo(zone)).utcoffset())
        uow.decide(
            Kind.ROOM_ZONE_CHANGED,
            subject="settings:room",
            summary_ar=f"تغيير المنطقة الزمنية لغرفة الأزمة إلى {zone} ({offset})",
            summary_en=f"set the crisis room's time zone to {zone} ({offset})",
            payload={"zone": zone, "before": before},
        )
    desk.zone_name = zone
    return load(desk)
