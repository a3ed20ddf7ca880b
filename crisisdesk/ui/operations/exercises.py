"""Named writes of an exercise: its clock, injects, event lists and notes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from crisisdesk.ui.operations import Op


def tick(desk: Any, run_id: int) -> Op[Any]:
    ex = desk.exercises
    return Op("inject what is due", lambda: ex.tick(run_id))


def clock(name: str, call: Callable[[int], Any], run_id: int) -> Op[Any]:
    """Pause, resume, speed or jump: ``call`` is the exercise service's method."""
    return Op(name, lambda: call(run_id))


def inject_live(desk: Any, run_id: int, channel: str, text: str, persona: str) -> Op[Any]:
    ex = desk.exercises
    return Op(
        "inject a live message", lambda: ex.inject_live(run_id, channel, text, persona=persona)
    )


def add_event_list(desk: Any, run_id: int, list_id: str) -> Op[Any]:
    ex = desk.exercises
    return Op("add an event list", lambda: ex.add_event_list(run_id, list_id))


def note(desk: Any, run_id: int, text: str) -> Op[Any]:
    ex = desk.exercises
    return Op("note an observation", lambda: ex.note(run_id, text))
