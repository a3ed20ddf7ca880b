"""Exercise files: the bundled ones are sound; a wrong one is reported at file:line:column."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crisisdesk.exercises.loader import validate_file, validate_text
from crisisdesk.exercises.offsets import format_offset, parse_offset
from crisisdesk.exercises.schedule import expand
from crisisdesk.exercises.service import library_files
from tests.unit.exercises.conftest import SHORT


@pytest.mark.parametrize("path", library_files(), ids=lambda p: p.stem)
def test_bundled_exercises_are_sound(path: Path) -> None:
    result = validate_file(path)
    assert result.problems == []
    assert result.exercise is not None and result.exercise.id == path.stem


def test_problems_name_their_line_and_column() -> None:
    text = SHORT.replace("    rumour: dam\n", "    rumour: dm\n").replace(
        '  - at: "T+01:00"\n', '  - at: "T+1:00"\n    colour: red\n'
    )
    result = validate_text(text, "bad.yaml")
    shown = [str(p) for p in result.problems]
    assert any(
        s.startswith("bad.yaml:13:5: injects[1]: ") and "unknown key 'colour'" in s for s in shown
    ), shown
    assert any(
        "no rumour inject with id 'dm'" in s and s.startswith("bad.yaml:51:13: ") for s in shown
    ), shown
    assert result.exercise is None


def test_times_are_checked_against_the_duration() -> None:
    text = SHORT.replace('by: "T+25:00"', 'by: "T+45:00"')
    (problem,) = validate_text(text, "x.yaml").problems
    assert "after the end of the exercise" in problem.message and (
        problem.line,
        problem.column,
    ) == (51, 9)


def test_scenario_times() -> None:
    assert parse_offset("T+05:30") == timedelta(minutes=5, seconds=30)
    assert parse_offset("T+1:05:00") == timedelta(hours=1, minutes=5)
    assert format_offset(timedelta(hours=1, minutes=5)) == "T+1:05:00"
    for bad in ("5:30", "T+5", "T+1:75:00", "T-05:00", 330, None, "T+05:60"):
        with pytest.raises(ValueError):
            parse_offset(bad)


def test_the_schedule_is_the_same_on_every_laptop_and_sorted() -> None:
    exercise = validate_text(SHORT).exercise
    assert exercise is not None
    first, second = expand(exercise, "seed"), expand(exercise, "seed")
    assert first == second
    assert [i.offset for i in first] == sorted(i.offset for i in first)
    assert len({i.key for i in first}) == len(first) == 5 + 50 + 1
    wave = [i for i in first if i.inject == "dam"]
    assert wave[0].offset == timedelta(minutes=5) and wave[-1].offset <= timedelta(minutes=10)
    assert len({i.text for i in wave}) > 40  # the public rewords it


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=400))
def test_any_text_is_a_verdict_never_a_traceback(text: str) -> None:
    result = validate_text(text, "fuzz.yaml")
    assert result.ok == (result.exercise is not None)
    for problem in result.problems:
        assert "\n" not in str(problem)


@settings(max_examples=60, deadline=None)
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=20),
        lambda c: st.lists(c, max_size=4) | st.dictionaries(st.text(max_size=8), c, max_size=4),
        max_leaves=20,
    )
)
def test_wrong_types_in_every_field_are_problems(value: object) -> None:
    import json

    for key in ("injects", "expectations", "duration", "background", "title"):
        text = SHORT + f"\n{key}: {json.dumps(value, ensure_ascii=False)}\n"
        result = validate_text(text, "t.yaml")
        assert result.problems or result.exercise is not None
