"""A print-ready press release on the municipality's letterhead, Arabic first.

Journalists still collect paper and PDFs, and a statement with broken Arabic (letters
unjoined or in reverse order) is worse than none. Arabic is shaped by HarfBuzz through
fpdf2's text shaping, laid out right to left and right-aligned; the English text follows
below it. Every page carries its number and the statement's content hash, so a printed
copy can be matched to the approved version in the log.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from fpdf import FPDF
from fpdf.enums import Align, XPos, YPos
from hijridate import Gregorian

from crisisdesk.errors import CrisisDeskError

__all__ = [
    "PdfError",
    "PressRelease",
    "content_hash",
    "hijri_date",
    "render_press_release",
    "write_press_release",
]

_FONT_DIR = Path(__file__).resolve().parent.parent / "resources" / "fonts"
_ARABIC = "naskh"
_LATIN = "notosans"
_GREEN = (0, 108, 53)
_GREY = (90, 90, 90)
_HIJRI_MONTHS_AR = (
    "محرم",
    "صفر",
    "ربيع الأول",
    "ربيع الآخر",
    "جمادى الأولى",
    "جمادى الآخرة",
    "رجب",
    "شعبان",
    "رمضان",
    "شوال",
    "ذو القعدة",
    "ذو الحجة",
)
_HIJRI_MONTHS_EN = (
    "Muharram",
    "Safar",
    "Rabi al-Awwal",
    "Rabi al-Thani",
    "Jumada al-Ula",
    "Jumada al-Akhirah",
    "Rajab",
    "Shaban",
    "Ramadan",
    "Shawwal",
    "Dhu al-Qadah",
    "Dhu al-Hijjah",
)
_GREGORIAN_MONTHS_AR = (
    "يناير",
    "فبراير",
    "مارس",
    "أبريل",
    "مايو",
    "يونيو",
    "يوليو",
    "أغسطس",
    "سبتمبر",
    "أكتوبر",
    "نوفمبر",
    "ديسمبر",
)


class PdfError(CrisisDeskError):
    """The press release could not be produced (fonts missing, unwritable path ...)."""


@dataclass(frozen=True)
class PressRelease:
    """What goes on the page; texts are the approved version's, verbatim."""

    title: Mapping[str, str]
    texts: Mapping[str, str]
    issued_at: datetime
    organisation: Mapping[str, str] = field(
        default_factory=lambda: {
            "ar": "أمانة المنطقة الشرقية",
            "en": "Eastern Province Municipality",
        }
    )
    department: Mapping[str, str] = field(
        default_factory=lambda: {"ar": "المركز الإعلامي", "en": "Media Centre"}
    )
    reference: str | None = None
    content_hash: str | None = None
    timezone: str = "Asia/Riyadh"


def content_hash(title: Mapping[str, str], texts: Mapping[str, str]) -> str:
    """SHA-256 of the canonical JSON of the title and texts (NFC, sorted keys)."""
    data = {
        "title": {k: unicodedata.normalize("NFC", v) for k, v in title.items()},
        "text": {k: unicodedata.normalize("NFC", v) for k, v in texts.items()},
    }
    raw = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def hijri_date(when: datetime, lang: str = "ar") -> str:
    """The Umm al-Qura date of ``when``'s calendar day, e.g. ``16 جمادى الآخرة 1448 هـ``."""
    hijri = Gregorian(when.year, when.month, when.day).to_hijri()
    if lang == "ar":
        return f"{hijri.day} {_HIJRI_MONTHS_AR[hijri.month - 1]} {hijri.year} هـ"
    return f"{hijri.day} {_HIJRI_MONTHS_EN[hijri.month - 1]} {hijri.year} AH"


def _font_path(name: str) -> Path:
    path = _FONT_DIR / name
    if not path.is_file():
        raise PdfError(f"font file missing: {path}")
    return path


class _Letterhead(FPDF):
    """FPDF with the letterhead drawn in the header and the hash in the footer."""

    def __init__(self, release: PressRelease, digest: str, total_pages: int) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.release = release
        self.digest = digest
        self.total_pages = total_pages
        self.set_margins(20, 20, 20)
        self.set_auto_page_break(auto=True, margin=25)
        for family, stem in ((_ARABIC, "NotoNaskhArabic"), (_LATIN, "NotoSans")):
            self.add_font(family, "", str(_font_path(f"{stem}-Regular.ttf")))
            self.add_font(family, "B", str(_font_path(f"{stem}-Bold.ttf")))
        self.set_fallback_fonts([_LATIN, _ARABIC], exact_match=False)
        self.set_text_shaping(True)
        self.set_title(release.title.get("en") or release.title.get("ar", ""))
        self.set_author(release.organisation.get("en", ""))
        self.set_creator("CrisisDesk")

    def header(self) -> None:
        org, dept = self.release.organisation, self.release.department
        top = 10
        # Emblem: a simple roundel in the municipal green, between the two names.
        self.set_draw_color(*_GREEN)
        self.set_line_width(0.8)
        self.circle(x=self.w / 2, y=top + 9, radius=8)
        self.set_line_width(0.3)
        self.circle(x=self.w / 2, y=top + 9, radius=6)
        self.set_text_color(*_GREEN)
        self.set_xy(self.w / 2 + 12, top + 2)
        self.set_font(_ARABIC, "B", 13)
        self.cell(self.w - self.w / 2 - 32, 7, org.get("ar", ""), align=Align.R)
        self.set_xy(self.w / 2 + 12, top + 10)
        self.set_font(_ARABIC, "", 10)
        self.cell(self.w - self.w / 2 - 32, 6, dept.get("ar", ""), align=Align.R)
        self.set_xy(20, top + 3)
        self.set_font(_LATIN, "B", 11)
        self.cell(self.w / 2 - 32, 6, org.get("en", ""), align=Align.L)
        self.set_xy(20, top + 10)
        self.set_font(_LATIN, "", 9)
        self.cell(self.w / 2 - 32, 6, dept.get("en", ""), align=Align.L)
        self.set_draw_color(*_GREEN)
        self.set_line_width(0.6)
        self.line(20, top + 20, self.w - 20, top + 20)
        self.set_text_color(0, 0, 0)
        self.set_y(top + 25)

    def footer(self) -> None:
        self.set_y(-18)
        self.set_draw_color(*_GREEN)
        self.set_line_width(0.3)
        self.line(20, self.get_y(), self.w - 20, self.get_y())
        self.set_text_color(*_GREY)
        self.set_font(_LATIN, "", 7.5)
        self.set_y(-16)
        ref = self.release.reference
        left = f"SHA-256 {self.digest}" + (f"  ·  {ref}" if ref else "")
        self.cell(0, 5, left, align=Align.L)
        self.set_y(-11)
        self.set_font(_ARABIC, "", 9)
        # Page totals come from a first layout pass: fpdf's {nb} alias is substituted
        # after shaping, which would misplace it inside right-to-left text.
        page, total = self.page_no(), self.total_pages
        self.cell((self.w - 40) / 2, 5, f"Page {page} of {total}", align=Align.L)
        page_ar = f"صفحة {page} من {total}"
        self.cell((self.w - 40) / 2, 5, page_ar, align=Align.R)
        self.set_text_color(0, 0, 0)


def render_press_release(release: PressRelease) -> bytes:
    """The PDF bytes of the press release (A4, letterhead, Arabic then English)."""
    digest = release.content_hash or content_hash(release.title, release.texts)
    try:
        draft = _layout(release, digest, total_pages=0)
        pages = draft.page_no()
        _close_fonts(draft)
        final = _layout(release, digest, total_pages=pages)
        try:
            return bytes(final.output())
        finally:
            _close_fonts(final)
    except PdfError:
        raise
    except Exception as exc:
        raise PdfError(f"cannot produce the press release PDF: {exc}") from exc


def _close_fonts(pdf: FPDF) -> None:
    """fontTools reads fonts lazily and keeps the file open until closed; close it now."""
    for font in pdf.fonts.values():
        ttfont = getattr(font, "ttfont", None)
        if ttfont is not None:
            ttfont.close()


def _layout(release: PressRelease, digest: str, total_pages: int) -> _Letterhead:
    pdf = _Letterhead(release, digest, total_pages)
    pdf.add_page()
    _body(pdf, release)
    return pdf


def write_press_release(release: PressRelease, path: str | Path) -> Path:
    """Write the PDF to ``path``; a failure is a one-line :class:`PdfError`."""
    target = Path(path)
    data = render_press_release(release)
    try:
        target.write_bytes(data)
    except OSError as exc:
        raise PdfError(f"{target}: cannot write the PDF: {exc.strerror}") from exc
    return target


def _body(pdf: _Letterhead, release: PressRelease) -> None:
    local = release.issued_at.astimezone(ZoneInfo(release.timezone))
    # Each language's section opens with its own dateline (Gregorian and Umm al-Qura).
    ar_date = (
        f"{local.day} {_GREGORIAN_MONTHS_AR[local.month - 1]} {local.year} م"
        f" - {hijri_date(local, 'ar')} - الساعة {local:%H:%M}"
    )
    en_date = f"{local:%d %B %Y, %H:%M} · {hijri_date(local, 'en')}"
    pdf.set_text_color(*_GREY)
    _paragraph(pdf, ar_date, "ar", size=10, gap=3)
    pdf.set_text_color(0, 0, 0)
    _paragraph(pdf, release.title.get("ar", ""), "ar", size=17, style="B", gap=2)
    _paragraph(pdf, release.texts.get("ar", ""), "ar", size=13, gap=6)
    if release.texts.get("en") or release.title.get("en"):
        pdf.set_draw_color(200, 200, 200)
        pdf.set_line_width(0.2)
        pdf.line(pdf.l_margin + 40, pdf.get_y(), pdf.w - pdf.r_margin - 40, pdf.get_y())
        pdf.ln(6)
        pdf.set_text_color(*_GREY)
        _paragraph(pdf, en_date, "en", size=9, gap=3)
        pdf.set_text_color(0, 0, 0)
        _paragraph(pdf, release.title.get("en", ""), "en", size=14, style="B", gap=2)
        _paragraph(pdf, release.texts.get("en", ""), "en", size=11, gap=4)
    pdf.ln(4)
    pdf.set_font(_ARABIC, "", 10)
    pdf.set_text_color(*_GREY)
    pdf.multi_cell(0, 6, "- انتهى -", align=Align.C, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(0, 0, 0)


def _paragraph(
    pdf: _Letterhead, text: str, lang: str, *, size: float, style: str = "", gap: float = 0
) -> None:
    if not text.strip():
        return
    arabic = lang == "ar"
    pdf.set_font(_ARABIC if arabic else _LATIN, style, size)
    pdf.set_text_shaping(
        True, direction="rtl" if arabic else "ltr", script="arab" if arabic else "latn"
    )
    line_height = size * (0.62 if arabic else 0.5)
    for block in text.strip().split("\n"):
        if not block.strip():
            pdf.ln(line_height / 2)
            continue
        pdf.multi_cell(
            0,
            line_height,
            block.strip(),
            align=Align.R if arabic else Align.L,
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )
    pdf.set_text_shaping(True)
    pdf.ln(gap)
