"""Triage on real traffic: every message has a response due (finding 1), and the flood
playbook's rumour rules do not tag everyday news and satire (finding 2)."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from crisisdesk.clock import ManualClock
from crisisdesk.desk import Desk
from crisisdesk.intake.parsers.base import IncomingMessage, ParseResult
from crisisdesk.intake.parsers.whatsapp import parse_body
from crisisdesk.intake.tagging import Tagger
from crisisdesk.playbooks import find_playbook
from crisisdesk.storage.models import Interaction
from crisisdesk.text.normalise import normalise
from tests.helpers.real_messages import arsarcasm, astd
from tests.unit.intake.inbox.conftest import START


@pytest.mark.shared_data
def test_an_untriaged_whatsapp_from_36_hours_ago_is_overdue(
    flood: tuple[Desk, int], clock: ManualClock, shared_data: Path
) -> None:
    """Finding 1: only watch-word hits got a response due, so a citizen's WhatsApp that no
    watch-word matched never showed as overdue."""
    desk, incident = flood
    bodies = json.loads((shared_data / "whatsapp-cloud" / "message.json").read_text("utf-8"))
    parsed = ParseResult()
    for name in ("text", "image", "voice", "chosen_location", "forwarded"):
        parsed.extend(parse_body(bodies[name], name))
    assert parsed.messages and not any(m.kind != "message" for m in parsed.messages)
    desk.inbox.ingest(incident, parsed, source="message.json", format="whatsapp")
    received = max(m.received_at for m in parsed.messages)
    clock.set(received + timedelta(hours=36))
    desk.inbox.flag_overdue(incident)
    with desk.db.read() as session:
        rows = session.scalars(select(Interaction).where(Interaction.incident_id == incident)).all()
    assert rows
    for row in rows:
        assert row.category is None  # nobody and no watch-word triaged it
        assert row.response_due is not None, row.text
        assert row.overdue, row.text
    overdue = {item.id for item in desk.inbox.overdue(incident, limit=None)}
    for row in rows:
        assert row.needs_answer and row.id in overdue and row.due_rule, row.text


@pytest.mark.shared_data
def test_every_real_message_has_a_due_or_a_visible_reason(
    flood: tuple[Desk, int], shared_data: Path
) -> None:
    """Finding 1 at scale: 89 % of real messages never got a response due."""
    desk, incident = flood
    tweets = arsarcasm()
    messages = [
        IncomingMessage(
            channel="whatsapp",
            external_id=t.id,
            author_handle=f"9665{i:08d}",
            author_name=None,
            received_at=START - timedelta(minutes=i % 900),
            text=t.text,
        )
        for i, t in enumerate(tweets)
    ]
    desk.inbox.ingest(incident, ParseResult(messages=messages), source="s", format="whatsapp")
    with desk.db.read() as session:
        dues = session.scalars(select(Interaction.response_due)).all()
    assert len(dues) == len(tweets)
    without = sum(1 for due in dues if due is None)
    with desk.db.read() as session:
        rows = session.execute(
            select(Interaction.response_due, Interaction.needs_answer, Interaction.due_rule)
        ).all()
    excused = sum(1 for r in rows if not r.needs_answer)
    assert without == excused, f"{without} of {len(dues)} messages have no response due"
    for due, needs, rule in rows:
        assert rule, "the rule that set the due (or excused it) is visible"
        if not needs:
            assert due is None and rule.startswith("no answer needed: ")


def _rumour_or_critical_share(tagger: Tagger, texts: list[str]) -> float:
    hits = 0
    for text in texts:
        tag = tagger.tag(normalise(text))
        if tag is not None and (tag.category == "rumour" or tag.priority == "critical"):
            hits += 1
    return hits / len(texts)


@pytest.mark.shared_data
def test_the_flood_rumour_rules_leave_everyday_news_and_satire_alone(shared_data: Path) -> None:
    """Finding 2: ``عاجل`` (breaking) and ``وفاة`` (death) put every real news and satire
    tweet into rumour/critical; rumour/critical was 72 % of all auto-tags."""
    tagger = Tagger(find_playbook("flood-urban"))
    texts = [t.text for t in astd() + arsarcasm()]
    assert len(texts) > 12_000
    assert _rumour_or_critical_share(tagger, texts) <= 0.02
    breaking = [t for t in texts if "عاجل" in t]
    assert len(breaking) > 100
    assert _rumour_or_critical_share(tagger, breaking) <= 0.05


def test_a_claim_of_deaths_from_the_public_is_a_rumour_and_the_same_news_is_not() -> None:
    tagger = Tagger(find_playbook("flood-urban"))
    claim = "يقولون فيه وفيات في نفق الخبر بسبب السيول والغرق، صحيح؟"
    dam = "عاجل انهيار سد وادي الدمام والمياه جاية على الاحياء انشروها"
    for text in (claim, dam):
        tag = tagger.tag(normalise(text), source="public")
        assert tag is not None and tag.category == "rumour", text
        assert tag.rule  # which rule fired, and on which words, is visible
    news = "عاجل: الأرصاد تنبه من أمطار غزيرة على المنطقة الشرقية"
    tag = tagger.tag(normalise(news), source="public")
    assert tag is None or tag.category != "rumour"
    official = tagger.tag(normalise(claim), source="official")
    assert official is None or official.category != "rumour"
