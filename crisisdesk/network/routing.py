"""Which unit a message concerns, and why: a location pin inside a unit's area, then the
places its text names, then the account it came in on, else the centre.

Routing is data (an automatic guess shown with its reason); a person changing it is a
decision (a hand-off or an escalation, see ``handoffs``).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from crisisdesk.network.gazetteer import Entry, Gazetteer, Mention, parse_entry
from crisisdesk.network.units import Unit
from crisisdesk.text.normalise import normalise

METHODS = ("pin", "place", "channel", "centre", "handoff", "escalation", "coordination")
_HANDLE = re.compile(r"@([A-Za-z0-9_]{1,30})")


@dataclass(frozen=True)
class Route:
    """Where a message goes: a unit code, how that was found and the evidence."""

    unit: str
    method: str
    detail: str = ""

    def reason(self, unit_names: Mapping[str, str], lang: str = "en") -> str:
        """One line saying why: "pin inside Qatif", "mentions الراكة"."""
        name = unit_names.get(self.unit, self.unit)
        if lang == "ar":
            return {
                "pin": f"الموقع داخل نطاق {name}",
                "place": f"يذكر «{self.detail}»",
                "channel": f"ورد على حساب {name}",
                "centre": "لم يُذكر مكان؛ إلى المركز" if not self.detail else self.detail,
                "handoff": f"أحاله شخص إلى {name}",
                "escalation": "صُعّد إلى المركز",
                "coordination": "من منسق الوحدة (سلسلة التنسيق)",
            }.get(self.method, self.detail or self.method)
        return {
            "pin": f"pin inside {name}",
            "place": f"mentions {self.detail}",
            "channel": f"came in on {name}'s account",
            "centre": "no place named; to the centre" if not self.detail else self.detail,
            "handoff": f"handed to {name} by a person",
            "escalation": "escalated to the centre",
            "coordination": "from the unit's focal point (coordination thread)",
        }.get(self.method, self.detail or self.method)


class Router:
    """Routes messages among the active units it was built with."""

    def __init__(self, units: Iterable[Unit]) -> None:
        active = [u for u in units if u.active]
        centres = [u for u in active if u.is_centre]
        if not centres:
            raise ValueError("the network has no active centre")
        self.centre = centres[0].code
        self.names_en = {u.code: u.name_en for u in active}
        self.names_ar = {u.code: u.name_ar for u in active}
        self._areas = sorted(
            ((u.area, u.code) for u in active if u.area is not None), key=lambda a: a[0].size
        )
        self._accounts = {a.casefold(): u.code for u in active for a in u.accounts}
        entries: list[Entry] = []
        for unit in active:
            specs = list(unit.places)
            if not unit.is_centre:
                specs += [f"^{alias}" for alias in unit.aliases]
            for spec in specs:
                entry = parse_entry(unit.code, spec)
                if entry is not None:
                    entries.append(entry)
        self.gazetteer = Gazetteer(entries)

    def route(
        self,
        text: str,
        *,
        location: Any = None,
        accounts: Iterable[str] = (),
        normalised: str | None = None,
    ) -> Route:
        """The unit for one message; total on any input (bad pins and accounts are ignored)."""
        pin = _pin(location)
        if pin is not None:
            for area, code in self._areas:
                if area.contains(*pin):
                    return Route(code, "pin", f"{pin[0]:.5f},{pin[1]:.5f}")
        found = self.place(normalise(text) if normalised is None else normalised)
        if found is not None:
            return found
        for account in accounts:
            owner = self._accounts.get(account.casefold())
            if owner is not None:
                return Route(owner, "channel", account)
        return Route(self.centre, "centre")

    def place(self, normalised: str) -> Route | None:
        """The unit the places named in the text point to; None when none (or a tie, which
        goes to the centre with the names that tied)."""
        mentions = self.gazetteer.mentions(normalised)
        if not mentions:
            return None
        scores: dict[str, int] = {}
        first: dict[str, Mention] = {}
        for m in mentions:
            scores[m.unit] = scores.get(m.unit, 0) + m.weight
            best = first.get(m.unit)
            if best is None or m.weight > best.weight:
                first[m.unit] = m
        ranked = sorted(scores.items(), key=lambda kv: -kv[1])
        if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
            tied = [code for code, score in ranked if score == ranked[0][1]]
            names = "، ".join(first[c].name for c in tied)
            return Route(self.centre, "centre", f"mentions places of several units: {names}")
        return Route(ranked[0][0], "place", first[ranked[0][0]].name)


def _pin(location: Any) -> tuple[float, float] | None:
    """Latitude and longitude of a stored location (JSON text or dict), if they make sense."""
    if isinstance(location, str):
        try:
            location = json.loads(location)
        except ValueError:
            return None
    if not isinstance(location, dict):
        return None
    try:
        lat = float(location["latitude"])
        lon = float(location["longitude"])
    except (KeyError, TypeError, ValueError, OverflowError):
        return None
    if not (math.isfinite(lat) and math.isfinite(lon)) or abs(lat) > 90 or abs(lon) > 180:
        return None
    return lat, lon


def accounts_of(channel: str, reply_address: Any, text: str) -> list[str]:
    """The accounts a message came in on, as units list them: ``whatsapp:<phone id>`` and,
    for posts, the ``x:@handle`` accounts they address."""
    out: list[str] = []
    address = reply_address
    if isinstance(address, str):
        try:
            address = json.loads(address)
        except ValueError:
            address = None
    if isinstance(address, dict) and isinstance(address.get("phone_number_id"), str):
        out.append(f"whatsapp:{address['phone_number_id']}")
    if channel in ("x", "twitter", "csv", "meltwater", "brandwatch"):
        out += [f"x:@{h}" for h in _HANDLE.findall(text[:10_000])]
    return out
