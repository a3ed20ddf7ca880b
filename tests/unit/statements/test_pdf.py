"""The press-release PDF: pages, fonts, hash footer, and a page turned into an image."""

from __future__ import annotations

import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest

from crisisdesk.statements.pdf import (
    PdfError,
    PressRelease,
    content_hash,
    hijri_date,
    render_press_release,
    write_press_release,
)

RELEASE = PressRelease(
    title={"ar": "إغلاق مؤقت لنفق الملك فهد", "en": "Temporary closure of the King Fahd tunnel"},
    texts={
        "ar": "تعلن أمانة المنطقة الشرقية عن إغلاق نفق الملك فهد في الدمام مؤقتًا.\n"
        "للبلاغات يرجى الاتصال على 940. التحديث القادم الساعة 18:00.",
        "en": "The Eastern Province Municipality temporarily closes the King Fahd tunnel.\n"
        "Call 940 to report. Next update at 18:00.",
    },
    issued_at=datetime(2026, 11, 26, 11, 30, tzinfo=UTC),
    reference="statement 42 v3",
)


def _page_count(data: bytes) -> int:
    return data.count(b"/Type /Page\n") + data.count(b"/Type /Page ") + data.count(b"/Type /Page>")


def test_renders_a_pdf_with_pages() -> None:
    data = render_press_release(RELEASE)
    assert data.startswith(b"%PDF-")
    assert data.rstrip().endswith(b"%%EOF")
    assert b"/Count 1" in data
    assert b"NotoNaskhArabic" in data  # the Arabic font is embedded
    assert b"NotoSans" in data


def test_long_release_spans_pages() -> None:
    long = PressRelease(
        title=RELEASE.title,
        texts={k: (v + "\n") * 12 for k, v in RELEASE.texts.items()},
        issued_at=RELEASE.issued_at,
    )
    data = render_press_release(long)
    assert b"/Count 1" not in data
    assert any(f"/Count {n}".encode() in data for n in range(2, 8))


def test_content_hash_covers_title_and_both_texts() -> None:
    digest = content_hash(RELEASE.title, RELEASE.texts)
    assert len(digest) == 64
    assert content_hash(RELEASE.title, {**RELEASE.texts, "en": "changed"}) != digest
    assert content_hash({**RELEASE.title, "ar": "عنوان"}, RELEASE.texts) != digest
    given = PressRelease(RELEASE.title, RELEASE.texts, RELEASE.issued_at, content_hash="ab" * 32)
    assert render_press_release(given) != render_press_release(RELEASE)


def test_hijri_date() -> None:
    when = datetime(2026, 11, 26, tzinfo=UTC)
    assert hijri_date(when, "ar") == "16 جمادى الآخرة 1448 هـ"
    assert hijri_date(when, "en") == "16 Jumada al-Akhirah 1448 AH"


def test_write_to_an_unwritable_place_is_one_line(tmp_path: Path) -> None:
    with pytest.raises(PdfError) as caught:
        write_press_release(RELEASE, tmp_path / "missing-dir" / "x.pdf")
    assert "\n" not in str(caught.value)


def test_page_one_turns_into_an_image(tmp_path: Path) -> None:
    out = write_press_release(RELEASE, tmp_path / "release.pdf")
    assert out.stat().st_size > 10_000
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    subprocess.run(
        [pdftoppm, "-r", "60", "-png", "-f", "1", "-l", "1", str(out), str(tmp_path / "page")],
        check=True,
        timeout=60,
    )
    (png,) = tmp_path.glob("page*.png")
    assert png.read_bytes().startswith(b"\x89PNG")
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", "-layout", str(out), "-"],
            check=True,
            timeout=60,
            capture_output=True,
        ).stdout.decode("utf-8")
        assert content_hash(RELEASE.title, RELEASE.texts) in text
        assert "Page 1 of 1" in text
        assert "King Fahd tunnel" in text
