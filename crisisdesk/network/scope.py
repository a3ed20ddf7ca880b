"""The unit scope on top of the role table: a municipal operator acts for their own unit
(and the units under it); the centre acts for every unit. A user with no unit is the
centre's: a room that has not assigned units keeps working as before."""

from __future__ import annotations

from collections.abc import Mapping

from crisisdesk.network.units import Unit


def covers(acting: Unit | None, target: Unit, by_id: Mapping[int, Unit]) -> bool:
    """True when someone of unit ``acting`` may act for ``target``."""
    if acting is None or acting.is_centre:
        return True
    seen: set[int] = set()
    current: Unit | None = target
    while current is not None and current.id not in seen:
        if current.id == acting.id:
            return True
        seen.add(current.id)
        current = by_id.get(current.parent_id) if current.parent_id is not None else None
    return False


def is_centre(acting: Unit | None) -> bool:
    """Whether the user speaks for the whole network (network-wide statements, tasks)."""
    return acting is None or acting.is_centre
