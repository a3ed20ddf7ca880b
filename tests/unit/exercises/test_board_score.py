"""The coordination board's punctuality in an exercise's score (issue 20's "board
punctuality, with the network issue"): updates on time, updates named and missed, per
trainee, hand-computed on the exercise clock at 10×, and shown in the debrief."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from crisisdesk.clock import ManualClock
from crisisdesk.desk import Desk
from tests.helpers.databases import sign_in_as


@pytest.fixture
def operator(db_url: str, wall: ManualClock) -> Iterator[Desk]:
    desk = Desk.open(db_url, clock=wall)
    sign_in_as(desk, "operator")
    yield desk
    desk.close()


def test_board_punctuality_is_scored(
    lead_desk: Desk, operator: Desk, wall: ManualClock, short_file: Path, tmp_path: Path
) -> None:
    run = lead_desk.exercises.start(str(short_file), speed=10)
    operator.exercises.follow(run.id).refresh = 0
    incident = run.incident_id
    board = operator.network.board
    board.post(incident, status="watch", next_update_minutes=10)  # T+0, next by T+10
    wall.advance(timedelta(seconds=48))  # T+8:00
    board.post(incident, status="strained", next_update_minutes=5)  # on time; next by T+13
    wall.advance(timedelta(seconds=30))  # T+13:00: not yet missed
    score = lead_desk.exercises.score(run.id)
    assert (score.board.updates, score.board.due, score.board.on_time) == (2, 1, 1)
    assert score.board.missed == 0
    wall.advance(timedelta(seconds=12))  # T+15:00: the update due at T+13 never came
    score = lead_desk.exercises.score(run.id)
    assert (score.board.due, score.board.on_time, score.board.missed) == (2, 1, 1)
    assert score.board.share == 0.5
    olfa = next(t for t in score.trainees if t.name == "olfa")
    assert (olfa.board_due, olfa.board_on_time) == (2, 1)
    assert score.to_json()["board"] == {
        "updates": 2, "due": 2, "on_time": 1, "missed": 1, "share": 0.5
    }  # fmt: skip
    html, pdf, _data = lead_desk.exercises.write_debrief(run.id, tmp_path / "debrief")
    page = html.read_text(encoding="utf-8")
    assert "Board updates on time (due / missed)" in page
    assert "تحديثات لوحة التنسيق في موعدها" in page
    assert "1 / 2 (50%), 1" in page
    assert pdf.read_bytes().startswith(b"%PDF")
