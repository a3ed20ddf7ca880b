"""The debrief of a run as data: its score, the injects and the room's actions side by side
on the scenario clock, and what to practise next (from the expectations it missed).

`crisisdesk.exercises.debrief_html` and `debrief_pdf` render it; both mark it EXERCISE.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from crisisdesk.exercises.actions import Note, RoomAction
from crisisdesk.exercises.offsets import format_offset
from crisisdesk.exercises.records import RunInfo, TimelineEntry
from crisisdesk.exercises.scoring import Score

# What to practise when an expectation of this kind was missed (Arabic, English).
PRACTICE: dict[str, tuple[str, str]] = {
    "statement_approved": (
        "التدرّب على صياغة البيان الأولي من القالب واعتماده: تجهيز المتغيرات مسبقاً وتحديد "
        "المعتمد المناوب قبل بدء الأزمة.",
        "Practise drafting the holding statement from its template and getting it approved: "
        "prepare its variables beforehand and name the stand-by approver before a crisis.",
    ),
    "statement_published": (
        "التدرّب على مسار النشر بعد الاعتماد والجدولة على القنوات الرسمية.",
        "Practise the publishing path after approval, including scheduling on the official "
        "channels.",
    ),
    "rumour_countered": (
        "التدرّب على رصد الشائعات مبكراً في سجل الشائعات، والتحقق منها مع الجهة المختصة، "
        "وربطها ببيان تصحيحي والرد على ناقليها.",
        "Practise spotting rumours early in the rumour register, verifying them with the "
        "competent authority, linking a correction and replying to those spreading it.",
    ),
    "answered_within_target": (
        "التدرّب على فرز الرسائل تحت الضغط واستعمال الردود الجاهزة وتوزيع العمل بين المشغلين.",
        "Practise triage under volume, using canned replies and sharing the load between "
        "operators.",
    ),
}


@dataclass(frozen=True)
class Line:
    """One row of the side-by-side timeline: an inject, or an action of the room."""

    offset: timedelta
    inject: str = ""
    action: str = ""
    who: str = ""


@dataclass
class Debrief:
    run: RunInfo
    score: Score
    timeline: list[TimelineEntry]
    actions: list[RoomAction]
    ended: timedelta
    practice: list[tuple[str, str]] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)

    def lines(self, lang: str) -> list[Line]:
        """Injects and actions merged by scenario time (injects first at equal times)."""
        rows: list[tuple[timedelta, int, Line]] = []
        for entry in self.timeline:
            label = entry.text.split("\n", 1)[0][:160]
            count = f" ({entry.injected}/{entry.size})" if entry.size > 1 else ""
            rows.append(
                (entry.offset, 0, Line(entry.offset, inject=f"[{entry.channel}] {label}{count}"))
            )
        for action in self.actions:
            rows.append(
                (
                    action.offset,
                    1,
                    Line(action.offset, action=action.summary(lang), who=action.actor),
                )
            )
        for note in self.notes:
            label = "ملاحظة مراقب" if lang == "ar" else "observer's note"
            rows.append(
                (
                    note.offset,
                    2,
                    Line(note.offset, action=f"[{label}] {note.text}", who=note.author),
                )
            )
        rows.sort(key=lambda r: (r[0], r[1]))
        return [r[2] for r in rows]

    def to_json(self) -> dict[str, Any]:
        return {
            "run": self.run.id,
            "exercise": self.run.exercise_id,
            "title": {"ar": self.run.title_ar, "en": self.run.title_en},
            "ended_at": format_offset(self.ended),
            "score": self.score.to_json(),
            "practice": [{"ar": ar, "en": en} for ar, en in self.practice],
            "notes": [n.to_json() for n in self.notes],
        }


def build_debrief(
    run: RunInfo,
    score: Score,
    timeline: list[TimelineEntry],
    actions: list[RoomAction],
    ended: timedelta,
) -> Debrief:
    missed = []
    for result in score.expectations:
        if not result.met and result.kind in PRACTICE and PRACTICE[result.kind] not in missed:
            missed.append(PRACTICE[result.kind])
    chronological = sorted(actions, key=lambda a: a.seq)
    return Debrief(run, score, timeline, chronological, ended, missed)


__all__ = ["PRACTICE", "Debrief", "Line", "build_debrief"]
