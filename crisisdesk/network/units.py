"""A unit of the network (the centre, a municipality's media office, a partner) as the core
passes it around, and the shipped Eastern Province set."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

KINDS = ("centre", "municipality", "sub_municipality", "partner", "office")
DEFAULT_SET = "eastern_province.json"


@dataclass(frozen=True)
class Area:
    """A coarse service area: a box [south, west, north, east] in degrees. Coarse on purpose:
    a pin near a border may land in the neighbour's box, and a person hands it over."""

    south: float
    west: float
    north: float
    east: float

    def contains(self, lat: float, lon: float) -> bool:
        return self.south <= lat <= self.north and self.west <= lon <= self.east

    @property
    def size(self) -> float:
        return (self.north - self.south) * (self.east - self.west)

    def to_json(self) -> list[float]:
        return [self.south, self.west, self.north, self.east]

    @classmethod
    def from_json(cls, value: Any) -> Area | None:
        """An area from its stored list, or None when there is none or it makes no sense."""
        if not isinstance(value, list) or len(value) != 4:
            return None
        try:
            south, west, north, east = (float(v) for v in value)
        except (TypeError, ValueError):
            return None
        if not (-90 <= south < north <= 90 and -180 <= west < east <= 180):
            return None
        return cls(south, west, north, east)


@dataclass(frozen=True)
class Unit:
    id: int
    code: str
    parent_id: int | None
    kind: str
    name_ar: str
    name_en: str
    focal_point: str
    contacts: dict[str, str] = field(default_factory=dict)
    accounts: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    area: Area | None = None
    response_target_minutes: int | None = None
    active: bool = True

    @property
    def is_centre(self) -> bool:
        return self.kind == "centre"

    def name(self, lang: str) -> str:
        return self.name_ar if lang == "ar" else self.name_en

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "code": self.code,
            "parent_id": self.parent_id,
            "kind": self.kind,
            "name_ar": self.name_ar,
            "name_en": self.name_en,
            "focal_point": self.focal_point,
            "contacts": dict(self.contacts),
            "accounts": list(self.accounts),
            "aliases": list(self.aliases),
            "places": list(self.places),
            "area": self.area.to_json() if self.area else None,
            "response_target_minutes": self.response_target_minutes,
            "active": self.active,
        }


@cache
def default_units() -> tuple[dict[str, Any], ...]:
    """The shipped set (the Amanah, its municipalities, a partner liaison), parents first."""
    text = resources.files("crisisdesk.network").joinpath(DEFAULT_SET).read_text("utf-8")
    units: list[dict[str, Any]] = json.loads(text)["units"]
    return tuple(units)


def match_label(label: str, names: dict[str, list[str]]) -> str | None:
    """The unit code a free-text unit label names: exactly one of a unit's names or aliases
    (after the search's normalisation), else the longest of them it contains as whole words
    ("بلدية الخبر – مكتب الإعلام" is Khobar's). ``names`` maps codes to names."""
    from crisisdesk.text.normalise import normalise, tokens

    key = normalise(label)
    words = f" {' '.join(tokens(label))} "
    best: tuple[int, str] | None = None
    for code, candidates in names.items():
        for name in candidates:
            folded = normalise(name)
            if not folded:
                continue
            if folded == key:
                return code
            inner = " ".join(tokens(name))
            if inner and f" {inner} " in words and (best is None or len(inner) > best[0]):
                best = (len(inner), code)
    return best[1] if best else None
