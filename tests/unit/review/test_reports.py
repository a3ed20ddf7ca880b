"""The reports: the PDF's Arabic pages render, the HTML opens in a headless browser cleanly."""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from crisisdesk.desk import Desk
from crisisdesk.review import manifest as mf
from crisisdesk.review.report_html import duration, human_time, render_html
from tests.unit.review.scenario import Scenario


@pytest.fixture
def bundle(review_desk: Desk, scenario: Scenario, tmp_path: Path) -> Path:
    out = tmp_path / "bundle"
    review_desk.review.export(scenario.incident_id, out)
    return out


def test_pdf_pages_render(bundle: Path, tmp_path: Path) -> None:
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    subprocess.run(
        ["pdftoppm", "-r", "40", "-png", str(bundle / mf.REPORT_PDF), str(tmp_path / "page")],
        check=True,
        capture_output=True,
        timeout=60,
    )
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) >= 2  # Arabic section, then English
    text = subprocess.run(
        ["pdftotext", "-layout", str(bundle / mf.REPORT_PDF), "-"],
        capture_output=True,
        timeout=60,
    ).stdout.decode("utf-8")
    assert "Post-incident review report" in text
    assert f"Page 1 of {len(pages)}" in text
    assert "Activation to first approved statement" in text


def test_html_is_self_contained(bundle: Path) -> None:
    html = (bundle / mf.REPORT_HTML).read_text("utf-8")
    assert "<script" not in html
    assert "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "https://" not in html
    assert 'dir="rtl"' in html and 'dir="ltr"' in html
    assert "<svg" in html


def test_html_escapes_public_text() -> None:
    kpis = json.loads(json.dumps(_minimal_kpis()))
    kpis["clusters"]["top"] = [
        {"id": 1, "label": "<img src=x onerror=alert(1)>", "size": 2, "to_counter_s": None}
    ]
    html = render_html(kpis, [], generator="test")
    assert "<img" not in html and "&lt;img" in html


def test_html_opens_in_headless_chromium(bundle: Path) -> None:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        pytest.skip("chromium is not installed")
    with tempfile.TemporaryDirectory() as profile:
        run = subprocess.run(
            [
                browser,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                f"--user-data-dir={profile}",
                "--enable-logging=stderr",
                "--v=0",
                "--dump-dom",
                (bundle / mf.REPORT_HTML).as_uri(),
            ],
            capture_output=True,
            timeout=120,
        )
    dom = run.stdout.decode("utf-8")
    log = run.stderr.decode("utf-8", "replace")
    assert run.returncode == 0
    assert "تقرير مراجعة ما بعد الحادثة" in dom and "Post-incident review report" in dom
    console = [line for line in log.splitlines() if "CONSOLE" in line]
    assert console == []


def test_durations_and_times() -> None:
    assert duration(None, "en") == "—"
    assert duration(59, "en") == "59 s"
    assert duration(3900, "en") == "1 h 05 min"
    assert duration(600, "ar") == "10 د 00 ث"
    assert human_time("2026-01-01T06:00:00.000000Z") == "2026-01-01 06:00 UTC"


def _minimal_kpis() -> dict[str, object]:
    empty: dict[str, object] = {"count": 0, "median": None, "p90": None, "histogram": []}
    return {
        "incident": {"id": 1, "title": "t", "drill": False, "opened_at": None, "closed_at": None},
        "statements": {
            "approval_turnaround_s": empty,
            "activation_to_first_approved_s": None,
            "activation_to_first_published_s": None,
        },
        "interactions": {
            "total": 0,
            "first_response_s": empty,
            "within_target_pct": None,
            "overdue": 0,
            "by_channel_hour": {},
            "backlog": [],
            "by_category": {},
        },
        "clusters": {"count": 0, "largest": 0, "top": []},
        "checklist": {"due": 0, "done_on_time": 0, "on_time_pct": None},
        "decisions": {"total": 0},
    }
