"""Routing a message to the unit whose area it concerns: pins, place names with Arabic
clitics, the account it came in on, else the centre; total on any input."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crisisdesk.network.routing import Route, Router, accounts_of
from crisisdesk.network.units import Area, Unit, default_units


def shipped_units() -> list[Unit]:
    units = []
    for number, spec in enumerate(default_units(), start=1):
        units.append(
            Unit(
                id=number, code=spec["code"], parent_id=None, kind=spec["kind"],
                name_ar=spec["name_ar"], name_en=spec["name_en"],
                focal_point=spec["focal_point"], contacts=spec["contacts"],
                accounts=tuple(spec["accounts"]), aliases=tuple(spec["aliases"]),
                places=tuple(spec["places"]), area=Area.from_json(spec["area"]),
                response_target_minutes=spec["response_target_minutes"],
            )
        )  # fmt: skip
    return units


ROUTER = Router(shipped_units())


@pytest.mark.parametrize(
    ("text", "unit", "detail"),
    [
        # the issue's own examples
        ("تجمع مياه كبير في حي الخليج والسيارات عالقة", "dammam", "حي الخليج"),
        ("شارع الأمير فيصل بالراكة غرق بالكامل", "khobar", "الراكة"),
        ("سيهات ما فيها كهرباء من الصبح", "qatif", "سيهات"),
        # clitics and spelling variants
        ("والراكه الشماليه كمان غرقت", "khobar", "الراكة الشمالية"),
        ("في الخبر الطرق مقفلة", "khobar", "الخبر"),
        ("نفق في الثقبة مغمور", "khobar", "الثقبة"),
        ("أهالي صفوى يطالبون بشفط المياه", "qatif", "صفوى"),
        ("تسرب مياه قرب جامعة البترول", "dhahran", "جامعة البترول"),
        ("Flooding in Al-Rakah near the corniche", "khobar", "Rakah"),
        ("Is the road to Saihat open?", "qatif", "Saihat"),
        ("انقطاع المياه في بقيق", "buqayq", "بقيق"),
        ("وبقيق كذلك", "buqayq", "بقيق"),
    ],
)
def test_place_names_route_to_their_unit(text: str, unit: str, detail: str) -> None:
    route = ROUTER.route(text)
    assert (route.unit, route.method, route.detail) == (unit, "place", detail)


@pytest.mark.parametrize(
    "text",
    [
        "هذا الخبر غير صحيح",  # "the news", not Khobar
        "لا صحة للخبر المتداول عن انهيار السد",
        "شكرا عنك",  # "about you", not Anak
        "متى تتوقف الأمطار؟",
        "",
    ],
)
def test_everyday_words_and_no_place_go_to_the_centre(text: str) -> None:
    assert ROUTER.route(text) == Route("amanah", "centre")


def test_places_of_two_units_in_equal_measure_go_to_the_centre() -> None:
    route = ROUTER.route("أمطار غزيرة على الدمام والخبر")
    assert route.unit == "amanah" and route.method == "centre"
    assert "الدمام" in route.detail and "الخبر" in route.detail


def test_a_district_outweighs_a_city_name() -> None:
    route = ROUTER.route("سيول الدمام وصلت إلى الراكة")
    assert (route.unit, route.detail) == ("khobar", "الراكة")


@pytest.mark.parametrize(
    ("lat", "lon", "unit"),
    [
        (26.5567, 50.0094, "qatif"),  # Qatif centre
        (26.4207, 50.0888, "dammam"),  # Dammam
        (26.3070, 50.1450, "dhahran"),  # KFUPM: inside Khobar's box too; the smaller wins
        (26.2794, 50.2083, "khobar"),  # Khobar corniche
        (27.0046, 49.6460, "jubail"),
        (28.4390, 48.4910, "khafji"),
    ],
)
def test_a_pin_inside_a_unit_area_wins(lat: float, lon: float, unit: str) -> None:
    route = ROUTER.route("الموقع", location={"latitude": lat, "longitude": lon})
    assert (route.unit, route.method) == (unit, "pin")
    assert route.reason(ROUTER.names_en).startswith("pin inside ")


def test_a_pin_outside_every_area_falls_back_to_the_text() -> None:
    route = ROUTER.route("سيهات", location={"latitude": 24.7, "longitude": 46.7})  # Riyadh
    assert (route.unit, route.method) == ("qatif", "place")


def test_the_account_it_came_in_on() -> None:
    accounts = accounts_of("whatsapp", '{"phone_number_id": "100000000000020"}', "سؤال")
    route = ROUTER.route("متى يفتح الطريق", accounts=accounts)
    assert route == Route("khobar", "channel", "whatsapp:100000000000020")
    assert route.reason(ROUTER.names_en) == (
        "came in on Al-Khobar Governorate Municipality's account"
    )
    mention = accounts_of("x", None, "@khobarmun")
    assert ROUTER.route("@khobarmun الشارع غرق", accounts=mention).unit == "khobar"


def test_reasons_in_both_languages() -> None:
    route = ROUTER.route("غرق شارع بالراكة")
    assert route.reason(ROUTER.names_en, "en") == "mentions الراكة"
    assert route.reason(ROUTER.names_ar, "ar") == "يذكر «الراكة»"


@pytest.mark.parametrize(
    "location",
    [
        None, "not json", "[1, 2]", {"latitude": "nan", "longitude": 50}, {"latitude": 1e400},
        {"latitude": [1], "longitude": {}}, {"latitude": 91, "longitude": 0}, '{"latitude": 26.5}',
        {"latitude": "26.5567", "longitude": "50.0094"},
    ],
)  # fmt: skip
def test_malformed_pins_are_ignored_not_fatal(location: object) -> None:
    route = ROUTER.route("نص", location=location)
    assert route.method in ("pin", "centre")


@settings(max_examples=300, deadline=None)
@given(
    text=st.text(max_size=300),
    location=st.one_of(
        st.none(),
        st.text(max_size=50),
        st.dictionaries(
            st.sampled_from(["latitude", "longitude", "name"]),
            st.one_of(st.floats(allow_nan=True), st.text(max_size=10), st.integers(), st.none()),
        ),
    ),
    address=st.one_of(
        st.none(), st.text(max_size=50), st.dictionaries(st.text(max_size=5), st.integers())
    ),
)
def test_routing_is_total(text: str, location: object, address: object) -> None:
    route = ROUTER.route(text, location=location, accounts=accounts_of("x", address, text))
    assert route.unit in ROUTER.names_en
    assert isinstance(route.reason(ROUTER.names_ar, "ar"), str)


def test_a_huge_token_routes_quickly() -> None:
    import time

    text = "س" * 1_000_000 + " سيهات"
    start = time.perf_counter()
    assert ROUTER.route(text).unit == "qatif"
    assert time.perf_counter() - start < 2.0


def test_areas_reject_nonsense() -> None:
    assert Area.from_json([26.5, 50, 26.4, 51]) is None  # south above north
    assert Area.from_json(["a", 1, 2, 3]) is None
    assert Area.from_json([1, 2, 3]) is None
    assert Area.from_json([26.0, 49.0, 27.0, 50.0]) == Area(26.0, 49.0, 27.0, 50.0)


def test_accuracy_on_the_labelled_set() -> None:
    """Top-1 accuracy where a place is named (or pinned) is at least 0.9 (the issue's goal);
    messages naming no place all go to the centre."""
    from tests.helpers.routing_set import load

    rows = load()
    assert len(rows) >= 300
    named = [r for r in rows if r["kind"] != "none"]
    right = sum(
        ROUTER.route(str(r["text"]), location=r.get("location")).unit == r["unit"] for r in named
    )
    assert right / len(named) >= 0.9
    assert all(ROUTER.route(str(r["text"])).unit == "amanah" for r in rows if r["kind"] == "none")
    per_unit = {str(r["unit"]) for r in named}
    assert {"dammam", "khobar", "qatif", "dhahran", "jubail"} <= per_unit
