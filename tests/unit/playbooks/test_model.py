"""The playbook model: durations, content hash, round trip through data, cross checks."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from crisisdesk.playbooks import Playbook, format_duration, load_playbook, parse_duration
from crisisdesk.playbooks.model import Bilingual, canonical_json

DATA = Path(__file__).resolve().parents[2] / "data" / "playbooks"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("PT30M", timedelta(minutes=30)),
        ("PT2H", timedelta(hours=2)),
        ("P1D", timedelta(days=1)),
        ("P1DT2H30M", timedelta(days=1, hours=2, minutes=30)),
        ("PT1H45M", timedelta(hours=1, minutes=45)),
        ("P2W", timedelta(weeks=2)),
        ("PT0S", timedelta(0)),
        ("PT1.5S", timedelta(seconds=1.5)),
        ("pt15m", timedelta(minutes=15)),
    ],
)
def test_parse_duration(text: str, value: timedelta) -> None:
    assert parse_duration(text) == value


@pytest.mark.parametrize(
    "text",
    [
        "",
        "P",
        "PT",
        "P1DT",
        "30M",
        "PT-5M",
        "P1M",
        "P1Y",
        "PT1H30",
        "1 hour",
        "P99999D",
        "P9999999999D",
        "PT" + "9" * 60 + "S",
        "PT٣٠M",
        "P" + "1" * 70 + "D",
    ],
)
def test_bad_durations_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="duration"):
        parse_duration(text)


@given(st.integers(min_value=0, max_value=3650 * 86400 - 1))
def test_duration_round_trips(seconds: int) -> None:
    value = timedelta(seconds=seconds)
    assert parse_duration(format_duration(value)) == value


def test_format_duration_is_canonical() -> None:
    assert format_duration(timedelta(minutes=90)) == "PT1H30M"
    assert format_duration(timedelta(days=1, hours=2)) == "P1DT2H"
    assert format_duration(timedelta(0)) == "PT0S"


def test_to_data_round_trips_and_keeps_the_hash() -> None:
    book = load_playbook(DATA / "minimal.yaml")
    data = book.to_data()
    json.dumps(data)  # JSON-able
    assert data["phases"][0]["tasks"][1]["recurrence"] == "PT2H"
    again = Playbook.model_validate(data)
    assert again == book
    assert again.content_hash == book.content_hash
    assert len(book.content_hash) == 64


def test_content_hash_follows_the_content() -> None:
    book = load_playbook(DATA / "minimal.yaml")
    data = book.to_data()
    data["title"]["en"] = "Another drill"
    assert Playbook.model_validate(data).content_hash != book.content_hash


def test_canonical_json_is_order_and_normalisation_free() -> None:
    assert canonical_json({"b": 1, "a": "e\u0301"}) == canonical_json({"a": "\u00e9", "b": 1})
    assert canonical_json({"a": [1, 2]}) == b'{"a":[1,2]}'


def test_models_are_frozen() -> None:
    book = load_playbook(DATA / "minimal.yaml")
    with pytest.raises(ValidationError):
        book.id = "other"  # type: ignore[misc]


def test_model_validate_runs_the_cross_checks() -> None:
    """A snapshot read back from elsewhere is checked as thoroughly as a file."""
    data = load_playbook(DATA / "minimal.yaml").to_data()
    data["phases"][0]["tasks"][0]["owner"] = "nobody"
    with pytest.raises(ValidationError, match="owner 'nobody' is not one of the roles"):
        Playbook.model_validate(data)


def test_bilingual_needs_arabic_letters_in_arabic() -> None:
    assert Bilingual(ar="نص", en="text").get("ar") == "نص"
    assert Bilingual(ar="نص", en="text").get("fr") == "text"
    with pytest.raises(ValidationError, match="no Arabic letters"):
        Bilingual(ar="text", en="text")


def test_lookups() -> None:
    book = load_playbook(DATA / "minimal.yaml")
    assert book.role("spokesperson") is not None
    assert book.role("nobody") is None
    tpl = book.template("holding")
    assert tpl is not None and tpl.variable("municipality") is not None
    task = book.task("public-update")
    assert task is not None and task.recurrence == timedelta(hours=2)
    assert book.task("nope") is None and book.canned_reply("nope") is None
    phase = book.phase_of("public-update")
    assert phase is not None and phase.id == "activation"


def test_playbooks_hash_by_content() -> None:
    a = load_playbook(DATA / "minimal.yaml")
    b = load_playbook(DATA / "minimal.yaml")
    assert a is not b and a == b and hash(a) == hash(b)
    assert len({a, b}) == 1


@given(st.one_of(st.text(max_size=70), st.from_regex(r"P[0-9]{0,12}[WD]?(T[0-9.]{0,40}[HMS]?)*")))
def test_parse_duration_raises_only_value_error(text: str) -> None:
    try:
        value = parse_duration(text)
    except ValueError:
        return
    assert timedelta(0) <= value <= timedelta(days=3650)
