"""The bundle's ``report.pdf``: the KPIs, three charts and the timeline, Arabic then English.

Arabic is shaped by HarfBuzz through fpdf2 (as the statements' press release is) and laid
out right to left; every page carries "page N of M" in both languages, taken from a first
layout pass because fpdf's total-pages alias would be misplaced inside shaped RTL text.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fpdf import FPDF
from fpdf.enums import Align, XPos, YPos

from crisisdesk.review.charts import bars, series_points
from crisisdesk.review.report_html import (
    BUCKETS,
    LABELS,
    PALETTE,
    UNIT_HEADERS,
    UNIT_TITLE,
    hour_label,
    human_time,
    readable,
    term,
    tiles,
    to_counter,
    unit_rows,
)

FONT_DIR = Path(__file__).resolve().parent.parent / "resources" / "fonts"
ARABIC, LATIN = "naskh", "notosans"
PDF_TIMELINE = 150
GREY = (90, 90, 90)


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


class _Report(FPDF):
    def __init__(self, total_pages: int) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.total_pages = total_pages
        self.set_margins(15, 15, 15)
        self.set_auto_page_break(auto=True, margin=20)
        for family, stem in ((ARABIC, "NotoNaskhArabic"), (LATIN, "NotoSans")):
            self.add_font(family, "", str(FONT_DIR / f"{stem}-Regular.ttf"))
            self.add_font(family, "B", str(FONT_DIR / f"{stem}-Bold.ttf"))
        self.set_fallback_fonts([LATIN, ARABIC], exact_match=False)
        self.set_text_shaping(True)
        self.set_title("Post-incident review report")
        self.set_creator("CrisisDesk")

    def footer(self) -> None:
        """Both languages' page numbers; the text direction of the page being written is
        put back after, or the first row after a page break would lose right-to-left."""
        shaping = dict(self.text_shaping) if self.text_shaping else None
        family, style, size = self.font_family, self.font_style, self.font_size_pt
        self._footer()
        self.text_shaping = shaping
        if family:
            self.set_font(family, style, size)

    def _footer(self) -> None:
        self.set_y(-12)
        self.set_text_color(*GREY)
        self.set_text_shaping(True)
        self.set_font(LATIN, "", 8)
        page, total = self.page_no(), self.total_pages
        half = (self.w - self.l_margin - self.r_margin) / 2
        self.cell(half, 5, f"Page {page} of {total}", align=Align.L)
        self.set_font(ARABIC, "", 9)
        self.set_text_shaping(True, direction="rtl", script="arab")
        self.cell(half, 5, f"صفحة {page} من {total}", align=Align.R)
        self.set_text_shaping(True)
        self.set_text_color(0, 0, 0)

    # ------------------------------------------------------------- text
    def use(self, lang: str, size: float, style: str = "") -> None:
        arabic = lang == "ar"
        self.set_font(ARABIC if arabic else LATIN, style, size)
        if arabic:
            self.set_text_shaping(True, direction="rtl", script="arab")
        else:  # automatic: an Arabic title inside English text keeps its own direction
            self.set_text_shaping(True)

    def para(self, text: str, lang: str, size: float, style: str = "") -> None:
        self.use(lang, size, style)
        self.multi_cell(
            0,
            size * 0.6,
            text,
            align=Align.R if lang == "ar" else Align.L,
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )

    def row(self, cells: list[tuple[str, float]], lang: str, size: float, style: str = "") -> None:
        """One table row; for Arabic the first cell is on the right."""
        height = size * 0.55
        order = list(reversed(cells)) if lang == "ar" else cells
        if self.get_y() + height > self.h - 22:
            self.add_page()
        self.use(lang, size, style)
        x = self.l_margin
        y = self.get_y()
        for text, width in order:
            self.set_xy(x, y)
            fitted = self._fit(text, width - 2)
            self.cell(width, height, fitted, border=1, align=Align.R if lang == "ar" else Align.L)
            x += width
        self.set_xy(self.l_margin, y + height)

    def _fit(self, text: str, width: float) -> str:
        if self.get_string_width(text) <= width:
            return text
        cut = text
        while cut and self.get_string_width(cut + "…") > width:
            cut = cut[: max(len(cut) - 4, 0)]
        return cut + "…"

    # ------------------------------------------------------------ charts
    def line_chart(self, series: dict[str, dict[str, int]], title: str, lang: str) -> None:
        self._room(62)
        self.para(title, lang, 11, "B")
        hours = sorted({h for values in series.values() for h in values})
        if not hours:
            self.para("—", lang, 10)
            return
        self._room(55)
        top_value = max((v for values in series.values() for v in values.values()), default=1) or 1
        left, right = self.l_margin + 10, self.w - self.r_margin
        upper, lower = self.get_y() + 2, self.get_y() + 40
        self.set_draw_color(150, 150, 150)
        self.line(left, lower, right, lower)
        self.set_font(LATIN, "", 7)
        self.set_text_shaping(True)
        self.text(self.l_margin, upper + 2, str(top_value))
        self.text(self.l_margin, lower, "0")
        first, last = hour_label(hours[0]), hour_label(hours[-1])
        self.text(left, lower + 4, first)
        self.text(right - self.get_string_width(last), lower + 4, last)
        self.use(lang, 7)
        axis = LABELS["hour_axis"][lang]
        self.set_xy((left + right) / 2 - 20, lower + 1)
        self.cell(40, 4, axis, align=Align.C)
        self.set_xy(self.l_margin, upper + 4)
        self.cell(10, 4, LABELS["count_axis"][lang], align=Align.L)
        self.set_line_width(0.5)
        for index, (name, values) in enumerate(sorted(series.items())):
            colour = _rgb(PALETTE[index % len(PALETTE)])
            self.set_draw_color(*colour)
            self.set_fill_color(*colour)
            points = series_points(hours, values, top_value, left, right, upper, lower)
            if len(points) == 1:
                points = [points[0], (points[0][0] + 1, points[0][1])]
            self.polyline(points)
            for x, y in points:
                self.circle(x=x, y=y, radius=0.8, style="F")
            self.set_fill_color(*colour)
            self.rect(left + index * 35, lower + 7, 3, 3, style="F")
            self.use(lang, 7)
            self.set_xy(left + index * 35 + 4, lower + 6.5)
            self.cell(30, 4, term(name, lang), align=Align.L)
        self.set_line_width(0.2)
        self.set_draw_color(0, 0, 0)
        self.set_y(lower + 13)

    def bar_chart(self, labels: list[str], values: list[int], title: str, lang: str) -> None:
        self._room(57)
        self.para(title, lang, 11, "B")
        if not any(values):
            self.para("—", lang, 10)
            return
        self._room(50)
        left, right = self.l_margin, self.w - self.r_margin
        upper, lower = self.get_y() + 5, self.get_y() + 38
        self.set_fill_color(31, 111, 235)
        for (x, y, w, h), label, value in zip(
            bars(values, left, right, upper, lower), labels, values, strict=True
        ):
            if h > 0:
                self.rect(x, y, w, h, style="F")
            self.set_font(LATIN, "", 7)
            self.set_text_shaping(True)
            self.text(x + w / 2 - self.get_string_width(str(value)) / 2, y - 1, str(value))
            self.use(lang, 7)
            self.set_xy(x - 2, lower + 0.5)
            self.cell(w + 4, 4, self._fit(label, w + 4), align=Align.C)
        self.set_text_shaping(True)
        self.set_y(lower + 7)

    def _room(self, height: float) -> None:
        if self.get_y() + height > self.h - 22:
            self.add_page()


def _section(pdf: _Report, kpis: dict[str, Any], timeline: list[dict[str, Any]], lang: str) -> None:
    L = {key: value[lang] for key, value in LABELS.items()}
    inc = kpis["incident"]
    it = kpis["interactions"]
    pdf.add_page()
    pdf.para(L["title"], lang, 18, "B")
    kind = L["drill"] if inc["drill"] else L["real"]
    pdf.para(f"{L['incident']} #{inc['id']}: {inc['title']} ({kind})", lang, 12)
    pdf.ln(2)
    pdf.para(L["kpis"], lang, 13, "B")
    width = pdf.w - pdf.l_margin - pdf.r_margin
    # times go in their own cells: inside a right-to-left line their digits would reorder
    pdf.row([(L["opened"], width * 0.62), (human_time(inc["opened_at"]), width * 0.38)], lang, 10)
    pdf.row([(L["closed"], width * 0.62), (human_time(inc["closed_at"]), width * 0.38)], lang, 10)
    for label, value in tiles(kpis, lang):
        pdf.row([(label, width * 0.62), (value, width * 0.38)], lang, 10)
    pdf.ln(4)
    units = unit_rows(kpis, lang)
    if units:
        pdf.para(UNIT_TITLE[lang], lang, 11, "B")
        widths = (0.2, 0.08, 0.14, 0.08, 0.1, 0.07, 0.1, 0.11, 0.12)
        pdf.row([(h, width * w) for h, w in zip(UNIT_HEADERS[lang], widths, strict=True)],
                lang, 7, "B")  # fmt: skip
        for row in units:
            pdf.row([(c, width * w) for c, w in zip(row, widths, strict=True)], lang, 7)
        pdf.ln(4)
    pdf.line_chart(it["by_channel_hour"], L["volume"], lang)
    pdf.line_chart({"open": {b["hour"]: b["open"] for b in it["backlog"]}}, L["backlog"], lang)
    hist = it["first_response_s"]["histogram"]
    pdf.bar_chart(BUCKETS[lang], [b["count"] for b in hist], L["distribution"], lang)
    top = kpis["clusters"]["top"]
    pdf.para(L["top_clusters"], lang, 11, "B")
    if top:
        pdf.row(
            [
                ("#", width * 0.08),
                (L["label"], width * 0.57),
                (L["size"], width * 0.1),
                (L["to_counter"], width * 0.25),
            ],
            lang,
            9,
            "B",
        )
        for c in top:
            pdf.row(
                [
                    (str(c["id"]), width * 0.08),
                    (c["label"] or "—", width * 0.57),
                    (str(c["size"]), width * 0.1),
                    (to_counter(c, lang), width * 0.25),
                ],
                lang,
                9,
            )
    else:
        pdf.para(L["none"], lang, 10)
    pdf.ln(4)
    pdf.para(L["timeline"], lang, 13, "B")
    pdf.row(
        [
            ("#", width * 0.08),
            (L["when"], width * 0.2),
            (L["who"], width * 0.12),
            (L["what"], width * 0.6),
        ],
        lang,
        8,
        "B",
    )
    for entry in timeline[:PDF_TIMELINE]:
        summary = entry["summary_ar"] if lang == "ar" else entry["summary_en"]
        pdf.row(
            [
                (str(entry["seq"]), width * 0.08),
                (human_time(entry["at"]), width * 0.2),
                (entry["actor"] or "—", width * 0.12),
                (readable(summary), width * 0.6),
            ],
            lang,
            8,
        )


def _layout(kpis: dict[str, Any], timeline: list[dict[str, Any]], total: int) -> _Report:
    pdf = _Report(total)
    _section(pdf, kpis, timeline, "ar")
    _section(pdf, kpis, timeline, "en")
    return pdf


def _close_fonts(pdf: FPDF) -> None:
    for font in pdf.fonts.values():
        ttfont = getattr(font, "ttfont", None)
        if ttfont is not None:
            ttfont.close()


def render_pdf(kpis: dict[str, Any], timeline: list[dict[str, Any]], path: Path) -> None:
    """Write the report to ``path`` (two layout passes for the page totals)."""
    draft = _layout(kpis, timeline, 0)
    pages = draft.page_no()
    _close_fonts(draft)
    final = _layout(kpis, timeline, pages)
    try:
        final.set_creation_date(_fixed_date(kpis))
        path.write_bytes(bytes(final.output()))
    finally:
        _close_fonts(final)


def _fixed_date(kpis: dict[str, Any]) -> Any:
    from crisisdesk.clock import parse_utc

    return parse_utc(kpis["as_of"])
