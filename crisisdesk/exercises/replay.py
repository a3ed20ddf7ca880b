"""A real incident turned into an exercise: its review bundle's public messages re-timed onto
the exercise clock, its statements left out, its actual response times kept as the bar.

The bundle is verified first (a tampered bundle is refused, never replayed), and a masked one
is the usual source: the messages keep their masked text and masked senders. Every message
becomes one inject at its offset from the incident's activation; the expectations are what
the room actually achieved (time to the first approved and published statement, the share
answered within target), so the trainees try to beat their own day.
"""

from __future__ import annotations

import csv
import json
import math
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

import yaml

from crisisdesk.clock import parse_utc
from crisisdesk.errors import CrisisDeskError, InputError
from crisisdesk.exercises.format import MAX_MESSAGES
from crisisdesk.exercises.offsets import MAX_OFFSET, format_offset
from crisisdesk.review import manifest as mf

# The bundle's channels as the exercise's (exports from monitoring tools read as X posts).
CHANNELS = {
    "whatsapp": "whatsapp",
    "x": "x",
    "rss": "news",
    "email": "email",
    "hotline": "hotline",
    "meltwater": "x",
    "brandwatch": "x",
    "csv": "x",
}
TAIL = timedelta(minutes=10)  # after the last message, time to answer it


def replay_exercise(bundle: str | Path) -> str:
    """The exercise YAML for the incident in ``bundle`` (verified); raises if it cannot be."""
    from crisisdesk.review.bundle_verify import verify_bundle

    folder = Path(bundle)
    verdict = verify_bundle(folder, None)
    if not verdict.ok:
        raise CrisisDeskError(f"{folder}: the bundle does not verify ({verdict.problem})")
    kpis = _json(folder / mf.KPIS_JSON)
    incident = kpis.get("incident") or {}
    playbook = incident.get("playbook")
    if not playbook:
        raise CrisisDeskError(f"{folder}: the incident ran without a playbook; nothing to replay")
    opened = parse_utc(str(incident["opened_at"]))
    injects = _injects(folder / mf.INTERACTIONS_CSV, opened)
    if not injects:
        raise CrisisDeskError(f"{folder}: the bundle holds no public message to replay")
    last = max(_offset_of(i["at"]) for i in injects)
    duration = min(last + TAIL, MAX_OFFSET)
    title = str(incident.get("title") or f"incident {incident.get('id')}")
    number = incident.get("id")
    data: dict[str, Any] = {
        "format": 1,
        "id": f"replay-incident-{number}",
        "title": {"ar": f"إعادة تمثيل: {title}", "en": f"Replay: {title}"},
        "playbook": playbook,
        "severity": int(incident.get("severity") or 2),
        "story": {
            "ar": f"إعادة تمثيل الحادثة رقم {number} «{title}» برسائلها العامة كما وصلت، "
            "دون بياناتها؛ والمطلوب التفوق على أزمنة الاستجابة الفعلية.",
            "en": f"A replay of incident {number} “{title}” with its public messages as they "
            "arrived, without its statements; the aim is to beat the room's actual times.",
        },
        "duration": format_offset(duration),
        "injects": injects,
        "expectations": _bar(kpis, duration),
    }
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000)


def _json(path: Path) -> dict[str, Any]:
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(path, None, f"cannot read: {exc}") from exc
    if not isinstance(value, dict):
        raise InputError(path, None, "not a JSON object")
    return value


def _offset_of(text: str) -> timedelta:
    from crisisdesk.exercises.offsets import parse_offset

    return parse_offset(text)


def _injects(path: Path, opened: Any) -> list[dict[str, Any]]:
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    out: list[dict[str, Any]] = []
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                if len(out) >= MAX_MESSAGES:
                    break
                channel = CHANNELS.get(str(row.get("channel") or ""))
                text = (row.get("edited_text") or row.get("text") or "").strip()
                if channel is None or not text or row.get("deleted") == "true":
                    continue
                try:
                    offset = parse_utc(str(row.get("received_at"))) - opened
                except ValueError:
                    continue
                if offset < timedelta(0) or offset > MAX_OFFSET - TAIL:
                    continue
                inject: dict[str, Any] = {
                    "at": format_offset(timedelta(seconds=int(offset.total_seconds()))),
                    "channel": channel,
                    "text": text[:4000],
                }
                name = (row.get("author_name") or "").strip()
                handle_ = (row.get("author_handle") or "").strip()
                if name or handle_:
                    inject["from"] = {k: v for k, v in (("name", name), ("handle", handle_)) if v}
                out.append(inject)
    except OSError as exc:
        raise InputError(path, None, f"cannot read: {exc.strerror or exc}") from exc
    out.sort(key=lambda i: _offset_of(i["at"]))
    return out


def _bar(kpis: dict[str, Any], duration: timedelta) -> list[dict[str, Any]]:
    """The room's actual figures as the expectations to beat."""
    out: list[dict[str, Any]] = []
    statements = kpis.get("statements") or {}
    for key, kind, ar, en in (
        ("activation_to_first_approved_s", "statement_approved",
         "اعتماد البيان الأولي أسرع مما حدث فعلاً",
         "Holding statement approved sooner than on the day"),
        ("activation_to_first_published_s", "statement_published",
         "نشر البيان الأولي أسرع مما حدث فعلاً",
         "Holding statement published sooner than on the day"),
    ):  # fmt: skip
        seconds = statements.get(key)
        if isinstance(seconds, int) and seconds > 0 and timedelta(seconds=seconds) <= duration:
            out.append(
                {
                    "id": kind.replace("_", "-"),
                    "kind": kind,
                    "statement": "holding",
                    "by": format_offset(timedelta(seconds=seconds)),
                    "title": {"ar": ar, "en": en},
                }
            )
    pct = (kpis.get("interactions") or {}).get("within_target_pct")
    if isinstance(pct, int | float) and pct > 0:
        share = min(100, max(1, math.ceil(pct)))
        out.append(
            {
                "id": "answered",
                "kind": "answered_within_target",
                "share": share,
                "title": {
                    "ar": f"الرد ضمن الوقت المستهدف على {share}% على الأقل (كما في يوم الحادثة)",
                    "en": f"At least {share}% answered within target (as on the day)",
                },
            }
        )
    return out


__all__ = ["replay_exercise"]
