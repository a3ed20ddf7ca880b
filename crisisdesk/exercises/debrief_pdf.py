"""The debrief as PDF (A4), Arabic then English; every page is headed EXERCISE.

Arabic is shaped by HarfBuzz through fpdf2 and set right to left, with the bundled Noto
fonts, as the post-incident review report is.
"""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF
from fpdf.enums import Align, XPos, YPos

from crisisdesk.exercises.debrief import Debrief
from crisisdesk.exercises.debrief_html import L, board_line
from crisisdesk.exercises.offsets import format_offset

FONT_DIR = Path(__file__).resolve().parent.parent / "resources" / "fonts"
ARABIC, LATIN = "naskh", "notosans"
MAX_LINES = 200  # timeline rows per language; the HTML holds them all


class _Debrief(FPDF):
    def __init__(self) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.set_margins(15, 18, 15)
        self.set_auto_page_break(auto=True, margin=18)
        for family, stem in ((ARABIC, "NotoNaskhArabic"), (LATIN, "NotoSans")):
            self.add_font(family, "", str(FONT_DIR / f"{stem}-Regular.ttf"))
            self.add_font(family, "B", str(FONT_DIR / f"{stem}-Bold.ttf"))
        self.set_fallback_fonts([LATIN, ARABIC], exact_match=False)
        self.set_text_shaping(True)
        self.set_title("Exercise debrief")
        self.set_creator("CrisisDesk")

    def header(self) -> None:
        self.set_fill_color(244, 180, 0)
        self.rect(0, 0, self.w, 9, style="F")
        self.set_xy(self.l_margin, 2)
        self.set_font(LATIN, "B", 9)
        self.set_text_shaping(True)
        half = (self.w - self.l_margin - self.r_margin) / 2
        self.cell(half, 5, "EXERCISE — not a real crisis", align=Align.L)
        self.set_font(ARABIC, "B", 10)
        self.set_text_shaping(True, direction="rtl", script="arab")
        self.cell(half, 5, "تمرين — ليس أزمة فعلية", align=Align.R)
        self.set_text_shaping(True)
        self.set_xy(self.l_margin, 14)

    def use(self, lang: str, size: float, style: str = "") -> None:
        self.set_font(ARABIC if lang == "ar" else LATIN, style, size)
        if lang == "ar":
            self.set_text_shaping(True, direction="rtl", script="arab")
        else:
            self.set_text_shaping(True)

    def para(self, text: str, lang: str, size: float, style: str = "") -> None:
        self.use(lang, size, style)
        self.multi_cell(
            0, size * 0.6, text, align=Align.R if lang == "ar" else Align.L,
            new_x=XPos.LMARGIN, new_y=YPos.NEXT,
        )  # fmt: skip

    def row(self, cells: list[tuple[str, float]], lang: str, size: float, style: str = "") -> None:
        self.use(lang, size, style)
        height = size * 0.55
        if self.get_y() + height > self.h - 20:
            self.add_page()
        x, y = self.l_margin, self.get_y()
        for text, width in reversed(cells) if lang == "ar" else cells:
            self.set_xy(x, y)
            fitted = text
            while fitted and self.get_string_width(fitted) > width - 2:
                fitted = fitted[:-2]
            if fitted != text:
                fitted = fitted[:-1] + "…"
            self.cell(width, height, fitted, border=1, align=Align.R if lang == "ar" else Align.L)
            x += width
        self.set_xy(self.l_margin, y + height)


def _section(pdf: _Debrief, d: Debrief, lang: str) -> None:
    t = {k: v[lang] for k, v in L.items()}
    s = d.score
    pdf.add_page()
    pdf.para(f"{t['title']}: {d.run.title(lang)}", lang, 16, "B")
    pdf.para(f"{t['ended']}: {format_offset(d.ended)}", lang, 10)
    pdf.ln(2)
    pdf.para(f"{t['expectations']} ({s.met}/{len(s.expectations)})", lang, 12, "B")
    widths = [90.0, 25.0, 35.0, 30.0]
    pdf.row(
        list(
            zip((t["expectation"], t["deadline"], t["achieved"], t["result"]), widths, strict=True)
        ),
        lang,
        9,
        "B",
    )
    for e in s.expectations:
        if e.kind == "answered_within_target":
            deadline = f">= {e.wanted}%"
            achieved = "—" if e.share is None else f"{e.share}% ({e.counted})"
        else:
            deadline = format_offset(e.deadline) if e.deadline is not None else "—"
            achieved = format_offset(e.achieved) if e.achieved is not None else t["never"]
        title = e.title_ar if lang == "ar" else e.title_en
        verdict = t["met"] if e.met else t["missed"]
        pdf.row(list(zip((title, deadline, achieved, verdict), widths, strict=True)), lang, 9)
    pdf.ln(3)
    pdf.para(t["practice"], lang, 12, "B")
    for ar, en in d.practice or [(t["all_met"], t["all_met"])]:
        pdf.para("• " + (ar if lang == "ar" else en), lang, 10)
    pdf.ln(3)
    pdf.para(t["trainees"], lang, 12, "B")
    widths = [45.0, 35.0, 30.0, 40.0, 30.0]
    heads = (t["name"], t["role"], t["actions"], t["replies"], t["approvals"])
    pdf.row(list(zip(heads, widths, strict=True)), lang, 9, "B")
    for tr in s.trainees:
        cells = (
            tr.name,
            tr.role or "—",
            str(tr.actions),
            f"{tr.replies} ({tr.replies_on_time})",
            str(tr.approvals),
        )
        pdf.row(list(zip(cells, widths, strict=True)), lang, 9)
    pdf.ln(3)
    late = "—" if s.late_p99_ms is None else f"{s.late_p99_ms} ms"
    turn = "—" if s.approval_turnaround_s is None else f"{s.approval_turnaround_s} s"
    pdf.para(
        f"{t['injected']}: {s.injected} · {t['late']}: {late} · "
        f"{t['overrides']}: {s.overrides} · {t['turnaround']}: {turn} · "
        f"{t['board']}: {board_line(s.board)}",
        lang,
        10,
    )
    pdf.ln(3)
    pdf.para(t["timeline"], lang, 12, "B")
    widths = [22.0, 79.0, 79.0]
    pdf.row(list(zip((t["time"], t["inject"], t["action"]), widths, strict=True)), lang, 8, "B")
    lines = d.lines(lang)
    for line in lines[:MAX_LINES]:
        action = f"{line.who}: {line.action}" if line.action else ""
        pdf.row(
            list(zip((format_offset(line.offset), line.inject, action), widths, strict=True)),
            lang,
            8,
        )
    if len(lines) > MAX_LINES:
        pdf.para(f"… +{len(lines) - MAX_LINES}", lang, 8)


def render_debrief_pdf(debrief: Debrief, path: Path) -> None:
    """Write the debrief PDF (Arabic section first) to ``path``."""
    pdf = _Debrief()
    _section(pdf, debrief, "ar")
    _section(pdf, debrief, "en")
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf.output(str(path))


__all__ = ["render_debrief_pdf"]
