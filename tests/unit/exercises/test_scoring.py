"""A run end to end at 10×: trainees act through the Desk on the exercise clock, and the
score is exactly what the timeline of their actions says (computed here by hand)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from crisisdesk.clock import ManualClock
from crisisdesk.desk import Desk
from crisisdesk.intake.rows import InboxFilters
from tests.helpers.databases import PASSWORD, sign_in_as


@pytest.fixture
def room(db_url: str, wall: ManualClock, lead_desk: Desk) -> Iterator[dict[str, Desk]]:
    """The trainer's desk and one desk per trainee, each a laptop of its own."""
    desks = {"lead": lead_desk}
    for role in ("operator", "spokesperson"):
        desks[role] = Desk.open(db_url, clock=wall)
        sign_in_as(desks[role], role)
    yield desks
    for role in ("operator", "spokesperson"):
        desks[role].close()


def test_a_run_is_scored_exactly_as_the_room_acted(
    room: dict[str, Desk], wall: ManualClock, short_file: Path, tmp_path: Path
) -> None:
    trainer, operator, spokesperson = room["lead"], room["operator"], room["spokesperson"]
    run = trainer.exercises.start(str(short_file), speed=10)
    for desk in (operator, spokesperson):
        desk.exercises.follow(run.id).refresh = 0
    incident = run.incident_id

    wall.advance(timedelta(seconds=30))  # T+5:00
    trainer.exercises.tick(run.id)
    draft = operator.statements.draft(
        incident, None, kind="holding",
        texts={"ar": "تتابع الأمانة تجمع المياه.", "en": "The Amanah follows the water."},
    )  # fmt: skip
    operator.statements.submit(draft.statement.id)
    ids = operator.inbox.ids(InboxFilters(incident))
    first = next(i for i in ids if "نفق طريق الملك سعود" in operator.inbox.detail(i).row.text)
    operator.inbox.replies.send_text(first, "فرقنا في الموقع، تجنبوا النفق")  # at T+5:00

    wall.advance(timedelta(seconds=30))  # T+10:00
    spokesperson.statements.approve(draft.statement.id, PASSWORD, override_reason="exercise")
    trainer.exercises.tick(run.id)
    clusters = operator.inbox.clusters.list(incident)
    biggest = max(clusters, key=lambda c: c.size)

    wall.advance(timedelta(seconds=12))  # T+12:00
    operator.inbox.clusters.update(biggest.id, status="false")

    wall.advance(timedelta(seconds=18))  # T+15:00
    score = trainer.exercises.score(run.id)
    by_id = {e.id: e for e in score.expectations}
    assert by_id["holding"].met and by_id["holding"].achieved == timedelta(minutes=10)
    assert by_id["counter"].met and by_id["counter"].achieved == timedelta(minutes=12)
    # answered within target: of the messages due by T+15:00 or answered, only the first
    # (answered at T+5:00, 4:30 after it arrived) was answered, and it was on time
    details = [operator.inbox.detail(i) for i in operator.inbox.ids(InboxFilters(incident))]
    now = run.started_at + timedelta(minutes=15)
    counted = [d for d in details if d.row.response_due is not None
               and (d.first_response_at is not None or d.row.response_due <= now)]  # fmt: skip
    assert [d.row.id for d in counted if d.first_response_at is not None] == [first]
    answered = by_id["answered"]
    assert answered.counted == len(counted) >= 1
    assert answered.share == round(100 / len(counted), 1)
    assert answered.met == (answered.share >= 50)
    assert score.overrides == 1
    assert score.approval_turnaround_s == 300  # submitted at T+5:00, approved at T+10:00
    trainees = {t.name: t for t in score.trainees}
    assert trainees["olfa"].replies == 1 and trainees["olfa"].replies_on_time == 1
    assert trainees["sami"].approvals == 1
    assert score.injected == 5 + 50  # the T+12 situation waits for the next tick
    # nothing of it counts for a real incident: it is a drill with its own figures
    assert trainer.incidents.get(incident).drill
    # the debrief: every figure above, both languages, marked EXERCISE
    html, pdf, data = trainer.exercises.write_debrief(run.id, tmp_path / "debrief")
    page = html.read_text(encoding="utf-8")
    assert page.count("EXERCISE — not a real crisis") == 2  # title and English section
    assert "تمرين — ليس أزمة فعلية" in page
    assert "Holding statement approved" in page and "T+10:00" in page and "T+12:00" in page
    assert "<bdi>olfa</bdi>: <bdi>drafted holding statement" in page
    assert pdf.read_bytes().startswith(b"%PDF")
    import json

    summary = json.loads(data.read_text(encoding="utf-8"))
    assert summary["mark"] == "EXERCISE" and summary["score"]["met"] == score.met
    import shutil

    keep = Path("/work/notes/shots/i20")
    if keep.parent.is_dir():
        keep.mkdir(exist_ok=True)
        shutil.copy(html, keep / "debrief.html")
        shutil.copy(pdf, keep / "debrief.pdf")


def test_an_unmet_deadline_is_a_miss(
    room: dict[str, Desk], wall: ManualClock, short_file: Path
) -> None:
    trainer = room["lead"]
    run = trainer.exercises.start(str(short_file), speed=10)
    wall.advance(timedelta(minutes=3))  # T+30:00, nobody did anything
    score = trainer.exercises.score(run.id)
    assert not any(e.met for e in score.expectations)
    assert {e.id: e.achieved for e in score.expectations if e.deadline} == {
        "holding": None,
        "counter": None,
    }


def test_a_shortened_bundled_exercise_end_to_end_at_10x(
    room: dict[str, Desk], wall: ManualClock, tmp_path: Path
) -> None:
    """The bundled flood exercise cut to its first 20 minutes (smaller waves), run at 10x."""
    import yaml

    from crisisdesk.exercises.service import LIBRARY

    data = yaml.safe_load((LIBRARY / "flood-urban.yaml").read_text(encoding="utf-8"))
    data["duration"] = "T+20:00"
    data["background"]["per_minute"] = 1
    data.pop("public", None)  # the public reacts in test_public.py
    data["injects"] = [i for i in data["injects"] if i["at"] <= "T+20:00"]
    for inject in data["injects"]:
        if "rumour" in inject:
            inject["rumour"]["variants"], inject["rumour"]["over"] = 60, "08:00"
        if inject.get("copies"):
            inject["copies"], inject["over"] = 10, "05:00"
    data["expectations"] = [e for e in data["expectations"] if e["id"] == "holding-approved"]
    short = tmp_path / "flood-short.yaml"
    short.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    trainer, operator, spokesperson = room["lead"], room["operator"], room["spokesperson"]
    run = trainer.exercises.start(str(short), speed=10)
    for desk in (operator, spokesperson):
        desk.exercises.follow(run.id).refresh = 0
    expected = len(trainer.exercises.schedule(run.id))
    for _ in range(12):  # T+0 .. T+20 in steps of T+1:40
        wall.advance(timedelta(seconds=10))
        trainer.exercises.tick(run.id)
        if trainer.exercises.offset(run.id) == timedelta(minutes=6, seconds=40):
            draft = operator.statements.draft(
                run.incident_id, "holding", {"next_update_time": "18:00"}
            )
            operator.statements.submit(draft.statement.id)
            spokesperson.statements.approve(draft.statement.id, PASSWORD)
    assert trainer.exercises.injected_count(run.id) == expected
    assert max(trainer.exercises.lateness(run.id)) < 100_000_000  # within one step (T+1:40)
    ids = trainer.inbox.ids(InboxFilters(run.incident_id))
    assert len(ids) == expected  # every item is a message (a situation arrives as its note)
    (holding,) = trainer.exercises.score(run.id).expectations
    assert holding.met and holding.achieved == timedelta(minutes=6, seconds=40)
    assert trainer.incidents.get(run.incident_id).severity == 3
