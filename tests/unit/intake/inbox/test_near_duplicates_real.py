"""Pairwise precision and recall of clustering on a labelled near-duplicate set built from the
shared real tweets (real posts and the copies people make of them, among real distractors),
through the real ingest path. The full-size figure is in ``bench/triage_quality.py``."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from crisisdesk.desk import Desk
from crisisdesk.intake.parsers.base import IncomingMessage, ParseResult
from crisisdesk.storage.models import Interaction
from tests.helpers.near_duplicates import build, pairwise
from tests.helpers.real_messages import arsarcasm, astd
from tests.unit.intake.inbox.conftest import START


@pytest.mark.shared_data
def test_pairwise_precision_and_recall_on_real_tweets(
    flood: tuple[Desk, int], shared_data: Path
) -> None:
    desk, incident = flood
    items = build(astd() + arsarcasm(), families=80, distractors=700, seed=7)
    messages = [
        IncomingMessage("whatsapp", item.id, f"u{n}", None, START - timedelta(seconds=n), item.text)
        for n, item in enumerate(items)
    ]
    desk.inbox.ingest(incident, ParseResult(messages=messages), source="s", format="whatsapp")
    with desk.db.read() as session:
        cluster_of = dict(
            session.execute(select(Interaction.external_id, Interaction.cluster_id)).all()
        )
    score = pairwise(items, cluster_of)
    assert score.precision >= 0.95 and score.recall >= 0.95, score
