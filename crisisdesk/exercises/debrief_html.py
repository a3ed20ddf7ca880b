"""The debrief as one self-contained HTML page, Arabic then English, marked EXERCISE.

No scripts and no external assets; every text from the run (injects, summaries, names) is
escaped and isolated (``<bdi>``), so a message cannot reorder or inject into the page.
"""

from __future__ import annotations

from html import escape

from crisisdesk.exercises.board_score import BoardScore
from crisisdesk.exercises.debrief import Debrief
from crisisdesk.exercises.offsets import format_offset

L: dict[str, dict[str, str]] = {
    "title": {"ar": "تقرير استخلاص الدروس من التمرين", "en": "Exercise debrief"},
    "exercise": {"ar": "تمرين — ليس أزمة فعلية", "en": "EXERCISE — not a real crisis"},
    "ended": {"ar": "زمن السيناريو عند إعداد التقرير", "en": "Scenario time of this report"},
    "expectations": {"ar": "التوقعات", "en": "Expectations"},
    "expectation": {"ar": "المتوقع", "en": "Expectation"},
    "deadline": {"ar": "المهلة", "en": "Deadline"},
    "achieved": {"ar": "التحقق", "en": "Achieved"},
    "result": {"ar": "النتيجة", "en": "Result"},
    "met": {"ar": "تحقق", "en": "met"},
    "missed": {"ar": "لم يتحقق", "en": "missed"},
    "never": {"ar": "لم يحدث", "en": "never"},
    "trainees": {"ar": "المتدربون", "en": "Trainees"},
    "name": {"ar": "الاسم", "en": "Name"},
    "role": {"ar": "الدور", "en": "Role"},
    "actions": {"ar": "الإجراءات", "en": "Actions"},
    "replies": {"ar": "الردود (ضمن المهلة)", "en": "Replies (on time)"},
    "approvals": {"ar": "الاعتمادات", "en": "Approvals"},
    "figures": {"ar": "أرقام", "en": "Figures"},
    "overrides": {"ar": "تجاوزات قواعد البيانات", "en": "Statement-rule overrides"},
    "injected": {"ar": "الأحداث المُدخلة", "en": "Messages injected"},
    "late": {"ar": "تأخر الإدخال (المئين 99)", "en": "Inject lateness (p99)"},
    "turnaround": {"ar": "مدة الاعتماد (الوسيط)", "en": "Approval turnaround (median)"},
    "board": {
        "ar": "تحديثات لوحة التنسيق في موعدها (المستحقة / الفائتة)",
        "en": "Board updates on time (due / missed)",
    },
    "timeline": {"ar": "الأحداث والإجراءات جنباً إلى جنب", "en": "Injects and actions side by side"},
    "time": {"ar": "الوقت", "en": "Time"},
    "inject": {"ar": "الحدث المُدخل", "en": "Inject"},
    "action": {"ar": "إجراء الغرفة", "en": "The room's action"},
    "practice": {"ar": "ما يُتدرّب عليه لاحقاً", "en": "What to practise next"},
    "all_met": {"ar": "تحققت كل التوقعات.", "en": "Every expectation was met."},
}

def board_line(board: BoardScore) -> str:
    """``3 / 4 (75%), 1 missed`` as figures only (the label says what they are)."""
    share = board.share
    pct = "—" if share is None else f"{round(share * 100)}%"
    return f"{board.on_time} / {board.due} ({pct}), {board.missed}"


STYLE = """
body{font-family:"Noto Naskh Arabic","Noto Sans",Tahoma,Arial,sans-serif;margin:24px;color:#111}
section{margin-bottom:48px}h1{font-size:22px}h2{font-size:16px;border-bottom:1px solid #ccc}
.exercise{background:#f4b400;color:#1d1d1d;font-weight:bold;padding:4px 10px;border-radius:4px;
display:inline-block}
table{border-collapse:collapse;width:100%;font-size:12px}
td,th{border:1px solid #ddd;padding:3px 6px;text-align:start;vertical-align:top}
.met{color:#0b7d3e;font-weight:bold}.missed{color:#b91c1c;font-weight:bold}
.t{white-space:nowrap;direction:ltr;unicode-bidi:isolate}
"""


def _t(value: object) -> str:
    return f'<span class="t">{escape(str(value))}</span>'


def _b(value: object) -> str:
    return f"<bdi>{escape(str(value))}</bdi>"


def _section(d: Debrief, lang: str) -> str:
    t = {k: v[lang] for k, v in L.items()}
    s = d.score
    rtl = ' dir="rtl"' if lang == "ar" else ' dir="ltr"'
    out = [f'<section lang="{lang}"{rtl}>']
    out.append(f'<p class="exercise">{escape(t["exercise"])}</p>')
    out.append(f"<h1>{escape(t['title'])}: {_b(d.run.title(lang))}</h1>")
    out.append(f"<p>{escape(t['ended'])}: {_t(format_offset(d.ended))}</p>")
    out.append(f"<h2>{escape(t['expectations'])} ({s.met}/{len(s.expectations)})</h2><table>")
    out.append(
        f"<tr><th>{t['expectation']}</th><th>{t['deadline']}</th>"
        f"<th>{t['achieved']}</th><th>{t['result']}</th></tr>"
    )
    for e in s.expectations:
        title = e.title_ar if lang == "ar" else e.title_en
        if e.kind == "answered_within_target":
            deadline = f"≥ {e.wanted}%"
            achieved = "—" if e.share is None else f"{e.share}% ({e.counted})"
        else:
            deadline = format_offset(e.deadline) if e.deadline is not None else "—"
            achieved = format_offset(e.achieved) if e.achieved is not None else t["never"]
        verdict = (
            f'<span class="{"met" if e.met else "missed"}">{t["met" if e.met else "missed"]}</span>'
        )
        out.append(
            f"<tr><td>{_b(title)}</td><td>{_t(deadline)}</td><td>{_t(achieved)}</td><td>{verdict}</td></tr>"
        )
    out.append("</table>")
    out.append(f"<h2>{escape(t['practice'])}</h2>")
    if d.practice:
        out.append(
            "<ul>"
            + "".join(f"<li>{escape(p[0] if lang == 'ar' else p[1])}</li>" for p in d.practice)
            + "</ul>"
        )
    else:
        out.append(f"<p>{escape(t['all_met'])}</p>")
    out.append(f"<h2>{escape(t['trainees'])}</h2><table>")
    out.append(
        f"<tr><th>{t['name']}</th><th>{t['role']}</th><th>{t['actions']}</th>"
        f"<th>{t['replies']}</th><th>{t['approvals']}</th></tr>"
    )
    for tr in s.trainees:
        out.append(
            f"<tr><td>{_b(tr.name)}</td><td>{_b(tr.role or '—')}</td><td>{tr.actions}</td>"
            f"<td>{tr.replies} ({tr.replies_on_time})</td><td>{tr.approvals}</td></tr>"
        )
    out.append("</table>")
    late = "—" if s.late_p99_ms is None else f"{s.late_p99_ms} ms"
    turn = "—" if s.approval_turnaround_s is None else f"{s.approval_turnaround_s} s"
    out.append(
        f"<h2>{escape(t['figures'])}</h2><p>{escape(t['injected'])}: {s.injected} · "
        f"{escape(t['late'])}: {_t(late)} · {escape(t['overrides'])}: {s.overrides} · "
        f"{escape(t['turnaround'])}: {_t(turn)} · "
        f"{escape(t['board'])}: {_t(board_line(s.board))}</p>"
    )
    out.append(f"<h2>{escape(t['timeline'])}</h2><table>")
    out.append(f"<tr><th>{t['time']}</th><th>{t['inject']}</th><th>{t['action']}</th></tr>")
    for line in d.lines(lang):
        action = f"{_b(line.who)}: {_b(line.action)}" if line.action else ""
        out.append(
            f"<tr><td>{_t(format_offset(line.offset))}</td><td>{_b(line.inject)}</td>"
            f"<td>{action}</td></tr>"
        )
    out.append("</table></section>")
    return "".join(out)


def render_debrief_html(debrief: Debrief, *, generator: str) -> str:
    """The whole debrief (Arabic section first, then English)."""
    title = f"{L['exercise']['en']} — {L['title']['ar']} — {L['title']['en']}"
    return (
        "<!DOCTYPE html>\n"
        '<html lang="ar"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title><style>{STYLE}</style></head><body>"
        + _section(debrief, "ar")
        + _section(debrief, "en")
        + f"<footer><small>{escape(generator)}</small></footer></body></html>\n"
    )


__all__ = ["render_debrief_html"]
