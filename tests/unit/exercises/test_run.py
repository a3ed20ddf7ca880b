"""A run on the exercise clock: injects arrive through the real parsers, on time, once."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from crisisdesk.clock import ManualClock
from crisisdesk.desk import Desk
from crisisdesk.errors import ConflictError, CrisisDeskError, RefusedError
from crisisdesk.intake.rows import InboxFilters
from crisisdesk.storage.decision_log import LogFilter
from tests.helpers.databases import sign_in_as


def test_injects_arrive_through_every_parser_on_the_exercise_clock(
    lead_desk: Desk, wall: ManualClock, short_file: Path
) -> None:
    desk = lead_desk
    run = desk.exercises.start(str(short_file), speed=10)
    assert desk.incidents.get(run.incident_id).drill
    wall.advance(timedelta(seconds=29))  # T+4:50 at 10x
    report = desk.exercises.tick(run.id)
    assert report.injected == 5
    channels = desk.inbox.channels(run.incident_id)
    assert set(channels) == {"whatsapp", "x", "rss", "email", "hotline"}
    wall.advance(timedelta(seconds=1))  # T+5:00: the rumour's first copy
    assert desk.exercises.tick(run.id).injected == 1
    wall.advance(timedelta(seconds=60))  # T+15:00: the rest of the wave, the situation change
    report = desk.exercises.tick(run.id)
    assert report.injected == 49 + 1 and report.situations == 1
    assert desk.incidents.get(run.incident_id).severity == 3
    ids = desk.inbox.ids(InboxFilters(run.incident_id))
    assert len(ids) == 5 + 50 + 1  # the situation note arrives as the operations room's call
    # a message carries its scheduled time, not the time of the tick
    start = run.started_at
    first = [
        desk.inbox.detail(i) for i in ids if "نفق طريق الملك سعود" in desk.inbox.detail(i).row.text
    ]
    assert first[0].row.received_at == start + timedelta(seconds=30)
    # the item is recorded with its lateness: due T+0:30, injected at T+4:50
    late = desk.exercises.injected(run.id)["first"]
    assert late.injected_us - late.due_us == 260_000_000
    assert desk.log.count(LogFilter(kind="intake.exercise_injected")) == 3


def test_a_second_tick_and_a_second_laptop_add_nothing(
    lead_desk: Desk, wall: ManualClock, short_file: Path, db_url: str
) -> None:
    run = lead_desk.exercises.start(str(short_file), speed=10)
    wall.advance(timedelta(minutes=2))  # T+20:00
    other = Desk.open(db_url, clock=wall)
    try:
        sign_in_as(other, "lead")
        first = lead_desk.exercises.tick(run.id)
        second = other.exercises.tick(run.id)
        assert first.injected == 56 and second.injected == 0
        assert lead_desk.exercises.injected_count(run.id) == 56
    finally:
        other.close()


def test_pause_resume_speed_and_jump_move_the_scenario_as_told(
    lead_desk: Desk, wall: ManualClock, short_file: Path
) -> None:
    ex = lead_desk.exercises
    run = ex.start(str(short_file), speed=2)
    wall.advance(timedelta(seconds=10))
    assert ex.offset(run.id) == timedelta(seconds=20)
    ex.pause(run.id)
    wall.advance(timedelta(minutes=5))
    assert ex.offset(run.id) == timedelta(seconds=20)
    with pytest.raises(ConflictError):
        ex.pause(run.id)
    ex.resume(run.id)
    ex.set_speed(run.id, 10)
    wall.advance(timedelta(seconds=1))
    assert ex.offset(run.id) == timedelta(seconds=30)
    ex.jump(run.id)  # the next item is the WhatsApp report at T+0:30 ... already due; next later
    assert ex.offset(run.id) >= timedelta(seconds=30)
    with pytest.raises(CrisisDeskError, match="1 to 10"):
        ex.set_speed(run.id, 11)
    ex.stop(run.id)
    wall.advance(timedelta(minutes=1))
    assert ex.tick(run.id).injected == 0
    with pytest.raises(ConflictError):
        ex.resume(run.id)


def test_the_desk_follows_the_exercise_clock(
    lead_desk: Desk, wall: ManualClock, short_file: Path
) -> None:
    run = lead_desk.exercises.start(str(short_file), speed=10)
    clock = lead_desk.exercises.follow(run.id)
    clock.refresh = 0
    wall.advance(timedelta(minutes=1))
    assert lead_desk.clock.now() == run.started_at + timedelta(minutes=10)


def test_the_trainer_adds_an_inject_on_the_fly(
    lead_desk: Desk, wall: ManualClock, short_file: Path
) -> None:
    run = lead_desk.exercises.start(str(short_file), speed=10)
    wall.advance(timedelta(seconds=6))
    report = lead_desk.exercises.inject_live(run.id, "x", "هل صحيح أن المدارس معلقة غداً؟")
    assert report.injected == 1
    entries = [e for e in lead_desk.exercises.timeline(run.id) if e.live]
    assert entries[0].channel == "x" and entries[0].offset == timedelta(minutes=1)


def test_only_the_lead_runs_an_exercise(lead_desk: Desk, short_file: Path) -> None:
    run = lead_desk.exercises.start(str(short_file))
    sign_in_as(lead_desk, "operator")
    with pytest.raises(RefusedError):
        lead_desk.exercises.pause(run.id)
    with pytest.raises(RefusedError):
        lead_desk.exercises.start(str(short_file))


def test_an_observer_annotates_without_acting(lead_desk: Desk, short_file: Path) -> None:
    run = lead_desk.exercises.start(str(short_file), speed=10)
    sign_in_as(lead_desk, "observer")
    lead_desk.exercises.note(run.id, "  the   operator hesitated over the dam rumour ")
    with pytest.raises(RefusedError):
        lead_desk.exercises.pause(run.id)
    with pytest.raises(RefusedError):
        lead_desk.exercises.inject_live(run.id, "x", "نص")
    with pytest.raises(CrisisDeskError, match="needs its text"):
        lead_desk.exercises.note(run.id, " \n ")
    sign_in_as(lead_desk, "operator")
    with pytest.raises(RefusedError):
        lead_desk.exercises.note(run.id, "I am a trainee")
    (note,) = lead_desk.exercises.notes(run.id)
    assert (note.author, note.text) == ("nawaf", "the operator hesitated over the dam rumour")
    lines = lead_desk.exercises.debrief(run.id).lines("en")
    assert any("observer's note" in line.action and line.who == "nawaf" for line in lines)


def test_the_trainer_adds_a_prepared_event_list(lead_desk: Desk, wall: ManualClock) -> None:
    ex = lead_desk.exercises
    run = ex.start("flood-urban", speed=10)
    wall.advance(timedelta(seconds=30))  # T+5:00
    ex.tick(run.id)
    before = ex.injected_count(run.id)
    ex.add_event_list(run.id, "pressure-down")
    wall.advance(timedelta(seconds=60))  # T+15:00: the list's 10 minutes have passed
    ex.tick(run.id)
    keys = [k for k in ex.injected(run.id) if k.startswith("list-")]
    assert len(keys) == 20 and all("thanks#" in k for k in keys)
    (entry,) = [e for e in ex.timeline(run.id) if e.channel == "list"]
    assert (entry.offset, entry.size, entry.injected) == (timedelta(minutes=5), 20, 20)
    assert ex.injected_count(run.id) > before + 20  # the timeline went on too
    with pytest.raises(CrisisDeskError, match="no event list 'calm'"):
        ex.add_event_list(run.id, "calm")
