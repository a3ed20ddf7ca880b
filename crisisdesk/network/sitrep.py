"""Situation reports: the network's picture at a moment — each unit's last board update and
its queue, the rumours — in a WhatsApp-length text in Arabic and English. A SitRep is drafted
as a statement of kind ``update``, so it is reviewed, approved on its hash and published (or
printed as a one-page PDF) exactly like any statement."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from crisisdesk.intake.clusters import ClusterInfo
from crisisdesk.network.board import BoardLine
from crisisdesk.network.queues import UnitCounts
from crisisdesk.text.display import display_line

LIMIT = 1000  # characters per language: fits one WhatsApp template body (1,024)

_STATUS = {
    "ar": {"stable": "مستقرة", "watch": "مراقبة", "strained": "تحت ضغط", "critical": "حرجة"},
    "en": {"stable": "stable", "watch": "watch", "strained": "strained", "critical": "critical"},
}
_RUMOUR = {
    "ar": {"unverified": "قيد التحقق", "false": "نُفيت", "true": "صحيحة", "addressed": "عولجت"},
    "en": {"unverified": "unverified", "false": "false", "true": "true", "addressed": "addressed"},
}


def _plain(text: str, limit: int) -> str:
    """Public or typed text as one plain line (no controls, bounded)."""
    return display_line(text, limit=limit).replace("\u2068", "").replace("\u2069", "")


def _unit_line(lang: str, line: BoardLine, counts: UnitCounts | None) -> str:
    name = line.unit.name(lang)
    post = line.last
    if post is None:
        state = "لا تحديث بعد" if lang == "ar" else "no update yet"
    else:
        state = _STATUS[lang].get(post.status, post.status)
        if post.affected_areas:
            state += f" — {_plain(post.affected_areas, 80)}"
        if post.needs:
            state += ("؛ يحتاج: " if lang == "ar" else "; needs: ") + _plain(post.needs, 60)
    if line.stale:
        state += " (متأخر التحديث)" if lang == "ar" else " (update overdue)"
    if counts is not None:
        if lang == "ar":
            state += f"؛ رسائل مفتوحة {counts.open} (متأخرة {counts.overdue})"
        else:
            state += f"; open messages {counts.open} ({counts.overdue} overdue)"
    return f"• {name}: {state}"


def compose(
    lang: str,
    title: str,
    at: str,
    lines: Sequence[BoardLine],
    counts: dict[str, UnitCounts],
    rumours: Sequence[ClusterInfo],
) -> str:
    """One language's SitRep text, at most ``LIMIT`` characters."""
    head = (
        f"تقرير الموقف — {title} — {at}" if lang == "ar" else f"Situation report — {title} — {at}"
    )
    body = [_unit_line(lang, line, counts.get(line.unit.code)) for line in lines]
    tally: dict[str, int] = {}
    for cluster in rumours:
        tally[cluster.status] = tally.get(cluster.status, 0) + 1
    if rumours:
        parts = "، ".join if lang == "ar" else ", ".join
        summary = parts(f"{n} {_RUMOUR[lang].get(s, s)}" for s, n in sorted(tally.items()))
        top = max(rumours, key=lambda c: (c.status == "unverified", c.last_hour, c.size))
        label = _plain(top.label or top.sample_text, 80)
        tail = (f"الشائعات: {summary}؛ الأسرع انتشارًا: «{label}»" if lang == "ar"
                else f"Rumours: {summary}; spreading fastest: “{label}”")  # fmt: skip
    else:
        tail = "الشائعات: لا شيء مسجل" if lang == "ar" else "Rumours: none on the register"
    text = "\n".join([head, *body, tail])
    if len(text) <= LIMIT:
        return text
    kept: list[str] = []
    for number, line in enumerate(body):
        more = len(body) - number
        note = f"• و{more} وحدات أخرى" if lang == "ar" else f"• and {more} more units"
        if len("\n".join([head, *kept, line, note, tail])) > LIMIT:
            kept.append(note)
            break
        kept.append(line)
    return "\n".join([head, *kept, tail])[:LIMIT]


def stamp(when: datetime, zone: str | None) -> str:
    """The report's time in the room's zone, HH:MM."""
    from crisisdesk.text.hijri import to_local

    return to_local(when, zone).strftime("%H:%M")
