"""The simulated public: its disposition moves with what the room does, and its next posts
follow it (silence past an expected time angers, a published statement calms)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from crisisdesk.clock import ManualClock
from crisisdesk.desk import Desk
from crisisdesk.exercises.public import POSTS, Event, disposition, mood
from tests.helpers.databases import PASSWORD, sign_in_as

EXERCISE = """\
format: 1
id: public-test
title: {ar: تمرين الجمهور, en: Public test}
playbook: flood-urban
story: {ar: مطر غزير, en: Heavy rain}
duration: "T+10:00"
public:
  every: "01:00"
  personas: [resident, journalist]
injects:
  - at: "T+00:30"
    channel: whatsapp
    text: "نفق طريق الملك سعود امتلأ بالماء"
expectations:
  - id: holding
    kind: statement_approved
    statement: holding
    by: "T+02:00"
    title: {ar: البيان الأولي, en: Holding statement}
"""


def test_disposition_follows_the_room() -> None:
    events = [Event(timedelta(minutes=2), "missed"), Event(timedelta(minutes=4), "published")]
    assert disposition(events, timedelta(minutes=2), "resident") == 0  # not before it
    assert disposition(events, timedelta(minutes=3), "resident") == -20
    assert disposition(events, timedelta(minutes=3), "journalist") == -30
    assert disposition(events, timedelta(minutes=5), "resident") == -5
    countered = [Event(timedelta(minutes=1), "countered")]
    assert disposition(countered, timedelta(minutes=2), "rumour") == 40
    assert disposition([Event(timedelta(0), "contradiction")] * 9, timedelta(1), "x") == -100
    assert [mood(v) for v in (-20, 0, 19, 20)] == ["angry", "neutral", "neutral", "calm"]


def _posts(desk: Desk, run: int, minute: int, persona: str) -> tuple[str, int]:
    """The mood of the persona's first post at ``minute`` and how many it posted then."""
    from sqlalchemy import select

    from crisisdesk.exercises.channel_input import message_id, tweet_id
    from crisisdesk.exercises.public import CHANNEL
    from crisisdesk.storage.models import Interaction

    prefix = f"public#{minute:04d}#{persona}#"
    keys = [k for k in desk.exercises.injected(run) if k.startswith(prefix)]
    channel = CHANNEL[persona]
    make = tweet_id if channel == "x" else message_id
    with desk.db.read() as session:
        text = session.scalar(
            select(Interaction.text).where(
                Interaction.channel == channel,
                Interaction.external_id == make(str(run), prefix + "0"),
            )
        )
    moods = [m for m, pool in POSTS.items() if text in pool[persona]]
    return moods[0], len(keys)


def test_silence_angers_the_public_and_a_statement_calms_it(
    lead_desk: Desk, wall: ManualClock, tmp_path: Path
) -> None:
    source = tmp_path / "public.yaml"
    source.write_text(EXERCISE, encoding="utf-8")
    desk = lead_desk
    run = desk.exercises.start(str(source), speed=10)
    desk.exercises.follow(run.id).refresh = 0
    wall.advance(timedelta(seconds=20))  # T+3:20: posts at 1:00, 2:00 (calm room), 3:00
    desk.exercises.tick(run.id)
    # 1:00 and 2:00 neutral (one post each); at 3:00 the holding deadline (2:00) passed unmet
    assert _posts(desk, run.id, 1, "resident") == ("neutral", 1)
    assert _posts(desk, run.id, 2, "journalist") == ("neutral", 1)
    assert _posts(desk, run.id, 3, "resident") == ("angry", 1)  # -20: angry, one post
    assert _posts(desk, run.id, 3, "journalist") == ("angry", 3)  # -30: 1 + 2 posts
    # the room publishes a statement: the public calms at the next mark
    sign_in_as(desk, "operator")
    draft = desk.statements.draft(run.incident_id, "holding", {"next_update_time": "18:00"})
    desk.statements.submit(draft.statement.id)
    sign_in_as(desk, "spokesperson")
    desk.statements.approve(draft.statement.id, PASSWORD)
    sign_in_as(desk, "operator")
    desk.statements.publish(draft.statement.id, "website")
    sign_in_as(desk, "lead")
    wall.advance(timedelta(seconds=8))  # T+4:40
    desk.exercises.tick(run.id)
    assert _posts(desk, run.id, 4, "resident") == ("neutral", 1)  # -20 + 15 = -5
    assert _posts(desk, run.id, 4, "journalist") == ("neutral", 1)  # -30 + 15 = -15
    # a second laptop's tick adds nothing: the posts have fixed keys
    assert desk.exercises.tick(run.id).injected == 0
