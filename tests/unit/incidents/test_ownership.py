"""Times and ownership (issue 21, finding 8).

As reported: task lists and confirmations printed UTC ("…Z") while ``--at`` took Riyadh
time whatever the machine's zone; reviewer-owned tasks could not be completed by their
owner while anyone else could tick any task; there was no skip, not applicable or
reassign; future occurrences could be ticked ahead of time.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crisisdesk import room_zone
from crisisdesk.clock import ManualClock
from crisisdesk.desk import Desk
from crisisdesk.errors import ConflictError, CrisisDeskError, NotFoundError, RefusedError
from crisisdesk.incidents.ownership import may_close
from crisisdesk.playbooks import bundled_library
from crisisdesk.storage.decision_log import LogFilter
from crisisdesk.users.permissions import Action, can
from tests.helpers.cli import cli_env, run_cli
from tests.helpers.databases import (
    PASSWORD,
    ROLE_USERS,
    make_desk,
    postgres_database,
    sign_in_as,
)

T0 = datetime(2026, 11, 26, 6, 0, tzinfo=UTC)  # 09:00 in Riyadh


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'room.db'}"
    else:
        with postgres_database() as pg:
            yield pg


@pytest.fixture
def room(url: str) -> Iterator[tuple[Desk, ManualClock, int]]:
    clock = ManualClock(T0)
    desk = make_desk(url, clock=clock)
    sign_in_as(desk, "lead")
    incident = desk.incidents.open("سيول الدمام", 3, playbook_id="flood-urban").id
    yield desk, clock, incident
    desk.close()


def _task(desk: Desk, incident: int, step: str, occurrence: int = 1) -> int:
    return next(
        t.id for t in desk.tasks.list(incident) if t.step_id == step and t.occurrence == occurrence
    )


def refusals(desk: Desk) -> int:
    return desk.log.count(LogFilter(kind="security.refused"))


# -- the bundled role mapping -------------------------------------------------------------


def test_every_bundled_task_can_be_completed_by_its_owner_role() -> None:
    """As reported: food poisoning's inspection tasks belonged to a role mapped to the
    reviewer, a read-only auditor who can complete nothing."""
    wrong = [
        (book.id, step.id, step.owner, role.system_role)
        for book in bundled_library()
        for step in book.tasks
        if (role := book.role(step.owner)) is None or not can(role.system_role, Action.TASK_DONE)
    ]
    assert wrong == []


def test_the_food_poisoning_inspection_tasks_are_completed_by_their_owner(
    tmp_path: Path,
) -> None:
    clock = ManualClock(T0)
    desk = make_desk(f"sqlite:///{tmp_path / 'food.db'}", clock=clock)
    try:
        sign_in_as(desk, "lead")
        incident = desk.incidents.open("تسمم غذائي", 2, playbook_id="food-poisoning").id
        task = desk.tasks.get(_task(desk, incident, "precautionary-closure"))
        sign_in_as(desk, "operator")
        assert may_close(desk.user, task)
        assert desk.tasks.done(task.id, "أُغلقت المنشأة وسُحبت 6 عينات").done
    finally:
        desk.close()


# -- who may close a task ------------------------------------------------------------------


def test_a_task_is_closed_by_its_owner_role_or_the_lead_only(
    room: tuple[Desk, ManualClock, int],
) -> None:
    desk, _clock, incident = room
    holding = _task(desk, incident, "holding-statement")  # the spokesperson's
    assert desk.tasks.get(holding).system_role == "spokesperson"
    sign_in_as(desk, "operator")
    before = refusals(desk)
    # As reported: anyone could tick any task.
    with pytest.raises(RefusedError, match="belongs to the spokesperson"):
        desk.tasks.done(holding, "done by someone else")
    refused = desk.log.since(desk.log.head().seq - 1)[-1]
    assert refusals(desk) == before + 1
    assert refused.incident_id == incident and refused.subject == f"task:{holding}"
    assert not desk.tasks.get(holding).closed
    sign_in_as(desk, "spokesperson")
    assert desk.tasks.done(holding, "نُشر البيان الأولي").done
    sign_in_as(desk, "lead")
    monitoring = _task(desk, incident, "start-monitoring")  # an operator's: the lead may too
    assert desk.tasks.done(monitoring).done_by == ROLE_USERS["lead"]
    sign_in_as(desk, "reviewer")
    with pytest.raises(RefusedError):
        desk.tasks.done(_task(desk, incident, "civil-defense-link"))


def test_a_reassigned_task_is_closed_by_whoever_took_it(
    room: tuple[Desk, ManualClock, int],
) -> None:
    desk, _clock, incident = room
    holding = _task(desk, incident, "holding-statement")
    sign_in_as(desk, "operator")
    with pytest.raises(RefusedError, match="only its owner or the lead"):
        desk.tasks.reassign(holding, "olfa")
    sign_in_as(desk, "lead")
    with pytest.raises(ConflictError, match="reviewer"):
        desk.tasks.reassign(holding, "rami")
    with pytest.raises(NotFoundError):
        desk.tasks.reassign(holding, "nobody")
    task = desk.tasks.reassign(holding, "olfa", "the spokesperson is at the press briefing")
    assert task.assignee == "olfa"
    decision = desk.log.since(0)[-1]
    assert decision.kind == "task.reassigned" and decision.incident_id == incident
    assert decision.payload == {
        "task": holding,
        "from": None,
        "to": "olfa",
        "reason": "the spokesperson is at the press briefing",
    }
    sign_in_as(desk, "spokesperson")
    with pytest.raises(RefusedError, match="reassigned to olfa"):
        desk.tasks.done(holding)
    sign_in_as(desk, "operator")
    # The holder hands it back to its role.
    assert desk.tasks.reassign(holding, None).assignee is None
    sign_in_as(desk, "spokesperson")
    assert desk.tasks.done(holding).done


def test_skip_and_not_applicable_need_a_reason_and_are_not_done(
    room: tuple[Desk, ManualClock, int],
) -> None:
    desk, clock, incident = room
    sign_in_as(desk, "operator")
    closures = _task(desk, incident, "closures-map")  # hourly, the liaison's
    clock.set(desk.tasks.get(closures).due_at)
    with pytest.raises(CrisisDeskError, match="needs a reason"):
        desk.tasks.skip(closures, "  ")
    skipped = desk.tasks.skip(closures, "no road closed this hour")
    assert skipped.closed and not skipped.done and skipped.outcome == "skipped"
    assert skipped.note == "no road closed this hour"
    # Skipping an occurrence keeps the cadence: the next one comes.
    nxt = desk.tasks.get(_task(desk, incident, "closures-map", 2))
    assert not nxt.closed
    weather = _task(desk, incident, "weather-briefing")  # every 3 h, an operator's
    gone = desk.tasks.skip(
        weather, "the Meteorology Centre briefs the press itself", not_applicable=True
    )
    assert gone.outcome == "not_applicable"
    clock.advance(timedelta(hours=12))
    desk.tasks.roll_recurring()
    assert [t.occurrence for t in desk.tasks.list(incident) if t.step_id == "weather-briefing"] == [
        1
    ]
    kinds = [d.kind for d in desk.log.since(0)]
    assert "task.skipped" in kinds and "task.not_applicable" in kinds
    assert desk.log.count(LogFilter(kind="task.done")) == 0  # the KPIs count only done ones
    with pytest.raises(ConflictError, match="already skipped"):
        desk.tasks.done(closures)


def test_an_occurrence_not_yet_due_cannot_be_ticked(room: tuple[Desk, ManualClock, int]) -> None:
    desk, clock, incident = room
    sign_in_as(desk, "operator")
    sweep = desk.tasks.get(_task(desk, incident, "rumour-sweep"))  # hourly, from 1 h
    clock.set(sweep.due_at + timedelta(seconds=1))
    desk.tasks.roll_recurring()
    desk.tasks.done(sweep.id, "لا شائعات جديدة")
    second = desk.tasks.get(_task(desk, incident, "rumour-sweep", 2))
    assert second.due_at == sweep.due_at + timedelta(hours=1)
    # As reported: the next occurrences could all be ticked now, one after the other.
    with pytest.raises(ConflictError, match="it can be closed from"):
        desk.tasks.done(second.id)
    with pytest.raises(ConflictError, match="it can be closed from"):
        desk.tasks.skip(second.id, "nothing to sweep")
    clock.set(second.due_at - timedelta(minutes=9))  # close to its time: fine
    assert desk.tasks.done(second.id).done


# -- times in the room's zone ---------------------------------------------------------------


def test_the_rooms_zone_is_a_setting_of_the_lead_or_an_administrator(
    room: tuple[Desk, ManualClock, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    desk, _clock, _incident = room
    monkeypatch.setenv("TZ", "Europe/Paris")
    zone = room_zone.load(desk)
    assert (zone.name, zone.stored, zone.machine) == ("Europe/Paris", False, "Europe/Paris")
    assert not zone.differs(T0)
    zone = room_zone.change(desk, "asia/riyadh")
    assert zone.name == "Asia/Riyadh" and zone.differs(T0)
    assert zone.format(T0) == "2026-11-26 09:00 Asia/Riyadh"
    assert zone.format(T0, named=False) == "2026-11-26 09:00"
    decision = desk.log.since(0)[-1]
    assert decision.kind == "room.zone_changed" and decision.payload["zone"] == "Asia/Riyadh"
    for bad in ("Mars/Olympus", "../../etc/passwd", "", "Asia/Riyadh\0", "x" * 500):
        with pytest.raises(CrisisDeskError):
            room_zone.change(desk, bad)
    sign_in_as(desk, "operator")
    with pytest.raises(RefusedError):
        room_zone.change(desk, "Asia/Kuwait")
    reopened = Desk.open(desk.url, clock=desk.clock)
    try:
        assert room_zone.load(reopened).name == "Asia/Riyadh"
    finally:
        reopened.close()


def test_the_cli_prints_times_in_the_rooms_zone_and_names_it(
    room: tuple[Desk, ManualClock, int], tmp_path: Path
) -> None:
    desk, _clock, incident = room
    room_zone.change(desk, "Asia/Riyadh")
    env = cli_env(tmp_path, CRISISDESK_PASSWORD=PASSWORD, CRISISDESK_DB=desk.url, TZ="Europe/Paris")
    listed = run_cli(["--as", "olfa", "tasks", "list", "--incident", str(incident)], env)
    assert listed.returncode == 0, listed.stderr
    lines = listed.stdout.splitlines()
    assert lines[0] == (
        "times in Asia/Riyadh (UTC+03:00), the room's zone (this computer: Europe/Paris UTC+01:00)"
    )
    first = desk.tasks.list(incident)[0]
    assert f"due {first.due_at.astimezone(room_zone.load(desk).tz):%Y-%m-%d %H:%M} " in lines[1]
    assert "Z " not in listed.stdout
    as_json = run_cli(["--as", "olfa", "tasks", "list", "--incident", str(incident), "--json"], env)
    assert json.loads(as_json.stdout)["tasks"][0]["due_at"].endswith("Z")  # JSON keeps UTC
    settings = run_cli(["settings"], env)
    assert "Asia/Riyadh (UTC+03:00) (set for the room)" in settings.stdout
    # On a laptop in the room's own zone nothing is named.
    same = run_cli(
        ["--as", "olfa", "tasks", "list", "--incident", str(incident)], {**env, "TZ": "Asia/Riyadh"}
    )
    assert not same.stdout.startswith("times in")
    done = run_cli(["--as", "olfa", "tasks", "done", str(first.id), "--note", "تم"], env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().endswith("Asia/Riyadh")  # a confirmation names the zone


def test_the_cli_skips_and_reassigns(room: tuple[Desk, ManualClock, int], tmp_path: Path) -> None:
    desk, _clock, incident = room
    env = cli_env(tmp_path, CRISISDESK_PASSWORD=PASSWORD, CRISISDESK_DB=desk.url)
    holding = _task(desk, incident, "holding-statement")
    refused = run_cli(["--as", "olfa", "tasks", "done", str(holding)], env)
    assert refused.returncode == 1 and "belongs to the spokesperson" in refused.stderr
    handed = run_cli(["--as", "layla", "tasks", "reassign", str(holding), "--to", "olfa"], env)
    assert handed.returncode == 0 and "to olfa" in handed.stdout
    mine = run_cli(
        ["--as", "olfa", "tasks", "list", "--incident", str(incident), "--mine", "--json"], env
    )
    assert holding in [t["id"] for t in json.loads(mine.stdout)["tasks"]]
    skipped = run_cli(
        [
            "--as",
            "olfa",
            "tasks",
            "skip",
            str(holding),
            "--reason",
            "the spokesperson spoke live on TV instead",
        ],
        env,
    )
    assert skipped.returncode == 0 and skipped.stdout.startswith("skipped:")
    no_reason = run_cli(["--as", "olfa", "tasks", "skip", str(holding)], env)
    assert no_reason.returncode == 2


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    reason=st.text(alphabet=st.characters(blacklist_categories=()), max_size=3000),
    who=st.one_of(st.just("olfa"), st.text(alphabet=st.characters(blacklist_categories=()))),
)
def test_any_reason_or_name_is_stored_or_refused_in_one_line(
    room: tuple[Desk, ManualClock, int], reason: str, who: str
) -> None:
    """Lone surrogates (an undecodable byte from a terminal), NUL, 3,000 characters: stored
    cleaned and signed, or one line saying why not; the log still verifies."""
    desk, _clock, incident = room
    sign_in_as(desk, "lead")
    task = _task(desk, incident, "holding-statement")
    target = None if desk.tasks.get(task).assignee else who
    try:
        done = desk.tasks.reassign(task, target, reason)
    except CrisisDeskError as exc:
        assert "\n" not in str(exc)
        return
    assert done.assignee == target
    last = desk.log.since(desk.log.head().seq - 1)[-1]
    assert len(last.payload["reason"]) <= 2000 and "\x00" not in last.payload["reason"]
