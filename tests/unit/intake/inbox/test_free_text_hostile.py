"""Free text as a hostile or careless hand types it: a pasted lone surrogate, NUL and terminal
escapes, or nothing visible at all (zero-width spaces). Each is refused in words before
anything is recorded, never a crash of the database driver and never an invisible message
sent to a citizen."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from crisisdesk.clock import ManualClock
from crisisdesk.desk import Desk
from crisisdesk.errors import CrisisDeskError
from crisisdesk.intake.rows import InboxFilters
from crisisdesk.storage.models import Reply
from tests.unit.intake.inbox.conftest import START
from tests.unit.intake.inbox.messages import batch, wa


def _one(desk: Desk, incident: int) -> int:
    first = wa("w1", "متى تفتح الطريق؟", at=START - timedelta(minutes=5))
    desk.inbox.ingest(incident, batch(first), source="s", format="whatsapp")
    return desk.inbox.rows(desk.inbox.ids(InboxFilters(incident)))[0].id


def _replies(desk: Desk) -> int:
    with desk.db.read() as session:
        return int(session.scalar(select(func.count()).select_from(Reply)) or 0)


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("الطريق \ud800 مفتوح", "cannot be sent"),  # half an emoji, pasted from a broken copy
        ("\ud83d", "cannot be sent"),
        ("الطريق\x00مفتوح", "control character"),
        ("\x1b[31mالطريق مفتوح", "control character"),
        ("\u200b", "nothing visible"),
        ("\u200b\u200c \ufeff\u2060", "nothing visible"),
    ],
)
def test_unsendable_free_text_is_refused_in_words(
    flood: tuple[Desk, int], text: str, said: str
) -> None:
    desk, incident = flood
    iid = _one(desk, incident)
    with pytest.raises(CrisisDeskError, match=said):
        desk.inbox.replies.free_text(iid, text)
    assert _replies(desk) == 0


def test_a_canned_reply_value_with_a_lone_surrogate_is_refused(flood: tuple[Desk, int]) -> None:
    desk, incident = flood
    iid = _one(desk, incident)
    with pytest.raises(CrisisDeskError, match="cannot be sent"):
        desk.inbox.replies.reply(iid, "complaint-received", {"location": "حي \udc00 الريان"})
    assert _replies(desk) == 0


def test_zero_width_joiners_and_line_breaks_inside_real_words_still_go(
    flood: tuple[Desk, int],
) -> None:
    desk, incident = flood
    iid = _one(desk, incident)
    text = "نعمل على فتح الطريق\nخلال ساعة\tشكرا\u200c"
    assert desk.inbox.replies.free_text(iid, text).text == text


@pytest.mark.postgres
def test_nul_in_free_text_is_refused_on_postgresql(pg_url: str) -> None:
    """PostgreSQL cannot store NUL in text: it is refused in words before the driver sees it."""
    from tests.helpers.databases import make_desk
    from tests.unit.intake.inbox.conftest import open_flood

    desk = make_desk(pg_url, clock=ManualClock(START))
    try:
        incident = open_flood(desk)
        iid = _one(desk, incident)
        with pytest.raises(CrisisDeskError, match="control character"):
            desk.inbox.replies.free_text(iid, "الطريق\x00مفتوح")
        assert _replies(desk) == 0
    finally:
        desk.close()


def test_a_canned_reply_value_of_only_zero_width_characters_is_missing(
    flood: tuple[Desk, int],
) -> None:
    desk, incident = flood
    iid = _one(desk, incident)
    with pytest.raises(CrisisDeskError, match="needs location"):
        desk.inbox.replies.reply(iid, "complaint-received", {"location": "\u200b\u2060"})
    assert desk.inbox.replies.preview(
        iid, "complaint-received", {"location": "\u200b"}
    ).missing == ("location",)
    assert _replies(desk) == 0
