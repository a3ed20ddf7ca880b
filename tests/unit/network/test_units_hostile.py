"""Unit editing as a careless or hostile admin would try it: a second centre added beside the
active one (the network must keep exactly one), a unit name that is only zero-width
characters, or one with a direction control that reorders a sitrep's unit list as the public
reads it."""

from __future__ import annotations

import pytest

from crisisdesk.desk import Desk
from crisisdesk.errors import ConflictError, CrisisDeskError
from tests.helpers.databases import sign_in_as
from tests.unit.network import test_network as _network

# the network room of test_network: a flood over Dammam, Khobar and Qatif
clock, room, url = _network.clock, _network.room, _network.url


@pytest.mark.parametrize("url", ["sqlite", "postgresql"], indirect=True)
def test_a_second_active_centre_cannot_be_added(room: tuple[Desk, int]) -> None:
    desk, _ = room
    sign_in_as(desk, "admin")
    with pytest.raises(ConflictError, match="exactly one active centre"):
        desk.network.add_unit("newcentre", "مركز جديد", "New centre", kind="centre")
    assert [u.code for u in desk.network.units() if u.is_centre and u.active] == ["amanah"]


@pytest.mark.parametrize("url", ["sqlite"], indirect=True)
@pytest.mark.parametrize(
    ("name", "said"),
    [
        ("\u200b", "cannot be empty"),
        ("\u200b\u2060\ufeff", "cannot be empty"),
        ("\u202eبلدية الخبر", "direction control"),
        ("Khobar\u2066", "direction control"),
    ],
)
def test_a_unit_name_must_be_visible_and_free_of_direction_controls(
    room: tuple[Desk, int], name: str, said: str
) -> None:
    desk, _ = room
    sign_in_as(desk, "admin")
    with pytest.raises(CrisisDeskError, match=said):
        desk.network.edit_unit("khobar", {"name_en": name})
    with pytest.raises(CrisisDeskError, match=said):
        desk.network.add_unit("new_hamlet", name, "New hamlet")
    assert desk.network.unit("khobar").name_en == "Al-Khobar Governorate Municipality"
