"""The tone of the public as a performance indicator: how it moved over time, per channel,
per rumour cluster, and before and after each published statement (did it calm the public?).

Only messages from the public count (the room's own posts, official accounts and news
outlets are not the public's tone). Tone is scored per message at arrival
(`crisisdesk.text.tone`); these figures only count. Read-only, one streamed pass.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, or_, select

from crisisdesk.clock import parse_utc, utc_iso
from crisisdesk.storage.models import (
    Interaction,
    Publication,
    Statement,
    StatementVersion,
)

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from crisisdesk.review.kpis import Window

TONES = ("negative", "neutral", "positive")
AROUND = timedelta(hours=2)  # the span before and after a statement that is compared
TOP_CLUSTERS = 10


def _counts(counter: Counter[str]) -> dict[str, int]:
    return {tone: int(counter.get(tone, 0)) for tone in TONES}


def _negative_share(counter: Counter[str]) -> float | None:
    total = sum(counter[t] for t in TONES)
    return round(100 * counter["negative"] / total, 1) if total else None


def _net(counter: Counter[str]) -> float | None:
    """Positive minus negative, as a percentage of the scored messages (−100 … +100)."""
    total = sum(counter[t] for t in TONES)
    return round(100 * (counter["positive"] - counter["negative"]) / total, 1) if total else None


def tone_figures(session: Session, incident_id: int, window: Window) -> dict[str, Any]:
    """The ``tone`` section of the KPIs (stable keys, JSON-ready)."""
    public = or_(Interaction.source_kind.is_(None), Interaction.source_kind == "public")
    rows = session.connection().execute(
        select(
            Interaction.received_at,
            Interaction.channel,
            Interaction.cluster_id,
            Interaction.tone,
            Interaction.emotion,
        )
        .where(
            Interaction.incident_id == incident_id,
            Interaction.deleted.is_(False),
            Interaction.tone.is_not(None),
            public,
            *window.where(Interaction.received_at),
        )
        .order_by(Interaction.received_at)
        .execution_options(yield_per=5000)
    )
    overall: Counter[str] = Counter()
    emotions: Counter[str] = Counter()
    by_hour: dict[str, Counter[str]] = {}
    by_channel: dict[str, Counter[str]] = {}
    by_cluster: dict[int, Counter[str]] = {}
    times: list[str] = []
    tones: list[str] = []
    for part in rows.partitions():
        for received, channel, cluster_id, tone_value, emotion in part:
            tone = str(tone_value)
            overall[tone] += 1
            if emotion:
                emotions[emotion] += 1
            by_hour.setdefault(received[:13], Counter())[tone] += 1
            by_channel.setdefault(channel, Counter())[tone] += 1
            if cluster_id is not None:
                by_cluster.setdefault(cluster_id, Counter())[tone] += 1
            times.append(received)
            tones.append(tone)
    largest = sorted(by_cluster.items(), key=lambda kv: (-sum(kv[1].values()), kv[0]))
    return {
        "scored": sum(overall.values()),
        "overall": _counts(overall),
        "negative_pct": _negative_share(overall),
        "net": _net(overall),
        "emotions": {"anger": emotions.get("anger", 0), "fear": emotions.get("fear", 0)},
        "by_hour": {hour: _counts(c) for hour, c in sorted(by_hour.items())},
        "by_channel": {
            channel: {**_counts(c), "negative_pct": _negative_share(c)}
            for channel, c in sorted(by_channel.items())
        },
        "by_cluster": [
            {"cluster": cid, **_counts(c), "negative_pct": _negative_share(c)}
            for cid, c in largest[:TOP_CLUSTERS]
        ],
        "statements": _around_statements(session, incident_id, times, tones),
    }


def _around_statements(
    session: Session, incident_id: int, times: list[str], tones: list[str]
) -> list[dict[str, Any]]:
    """For each published statement: the public's tone in the two hours before and after it
    first went out."""
    published = session.execute(
        select(Statement.id, Statement.title_ar, Statement.title_en, func.min(Publication.sent_at))
        .join(StatementVersion, StatementVersion.statement_id == Statement.id)
        .join(Publication, Publication.version_id == StatementVersion.id)
        .where(Statement.incident_id == incident_id, Publication.sent_at.is_not(None))
        .group_by(Statement.id, Statement.title_ar, Statement.title_en)
        .order_by(func.min(Publication.sent_at))
    ).all()
    out = []
    for sid, title_ar, title_en, sent_value in published:
        sent_at = str(sent_value)
        at = parse_utc(sent_at)
        start, end = utc_iso(at - AROUND), utc_iso(at + AROUND)
        lo, mid, hi = (bisect_left(times, t) for t in (start, sent_at, end))
        before = Counter(tones[lo:mid])
        after = Counter(tones[mid:hi])
        b, a = _negative_share(before), _negative_share(after)
        out.append(
            {
                "statement": sid,
                "title_ar": title_ar,
                "title_en": title_en,
                "published_at": sent_at,
                "before": {**_counts(before), "negative_pct": b, "net": _net(before)},
                "after": {**_counts(after), "negative_pct": a, "net": _net(after)},
                "negative_change_pts": round(a - b, 1) if a is not None and b is not None else None,
            }
        )
    return out


__all__ = ["AROUND", "TONES", "tone_figures"]
