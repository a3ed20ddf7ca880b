"""The smaller findings of issue 14, point 6, each as reported: a counter-statement out before
its rumour, a raw UTC time in an Arabic summary, right-to-left after a PDF page break, and
charts labelled in the section's language."""

from __future__ import annotations

import json
from pathlib import Path

from crisisdesk.clock import ManualClock
from crisisdesk.desk import Desk
from crisisdesk.review import manifest as mf
from crisisdesk.review.report_html import duration, readable, render_html
from crisisdesk.review.report_pdf import _close_fonts, _Report
from tests.helpers.databases import PASSWORD
from tests.unit.review.scenario import START, Scenario


def test_negative_duration_is_the_true_value() -> None:
    """-11793 s printed as "-4 h 43 min"; it is -3 h 16 min."""
    assert duration(-11793, "en") == "-3 h 16 min"
    assert duration(-11793, "ar") == "-3 س 16 د"
    assert duration(-59, "en") == "-59 s"
    assert duration(11793, "en") == "3 h 16 min"


def test_counter_statement_before_the_rumour(
    review_desk: Desk, scenario: Scenario, clock: ManualClock, tmp_path: Path
) -> None:
    """A rumour that first appears after its counter-statement went out (07:10)."""
    clock.set(START.replace(hour=9, minute=30))
    review_desk.sign_in("olfa", PASSWORD)
    one = review_desk.inbox.add_hotline(
        scenario.incident_id, text="انقطاع الكهرباء عن المستشفى كله"
    )
    review_desk.inbox.add_hotline(scenario.incident_id, text="انقطاع الكهرباء عن المستشفى كله!")
    cluster = review_desk.inbox.detail(one).row.cluster_id
    assert cluster is not None and cluster != scenario.cluster_id
    review_desk.inbox.clusters.update(cluster, statement_id=scenario.statements[1], status="false")
    review_desk.sign_in("layla", PASSWORD)
    kpis = review_desk.review.kpis(scenario.incident_id)
    clusters = kpis["clusters"]
    early = next(c for c in clusters["top"] if c["id"] == cluster)
    assert early["to_counter_s"] < 0 and early["countered_before_spread"] is True
    assert clusters["countered_before_spread"] == 1
    assert clusters["to_counter_s"]["count"] == 1  # only the rumour countered after it spread
    assert clusters["to_counter_s"]["min"] >= 0
    out = tmp_path / "b"
    review_desk.review.export(scenario.incident_id, out)
    html = (out / mf.REPORT_HTML).read_text("utf-8")
    assert "countered before it spread" in html and "عولجت قبل انتشارها" in html
    assert "-4 h" not in html and "-3 h" not in html
    assert (
        json.loads((out / mf.KPIS_JSON).read_text("utf-8"))["clusters"]["countered_before_spread"]
        == 1
    )


def test_raw_time_in_an_arabic_summary_is_isolated() -> None:
    summary = "جدولة نشر البيان 3 في 2026-12-03T07:25:00.000000Z"
    text = readable(summary)
    assert "T07:25" not in text
    assert "\u20662026-12-03 07:25 UTC\u2069" in text
    kpis = _minimal_kpis()
    html = render_html(
        kpis,
        [
            {
                "seq": 9,
                "at": "2026-12-03T07:00:00.000000Z",
                "actor": "olfa",
                "kind": "statement.scheduled",
                "summary_ar": summary,
                "summary_en": "scheduled statement 3 for 2026-12-03T07:25:00.000000Z",
            }
        ],
        generator="t",
    )
    assert "T07:25:00" not in html and "\u20662026-12-03 07:25 UTC\u2069" in html


def test_footer_keeps_the_page_right_to_left() -> None:
    """The footer of a page break switched shaping to left-to-right for the next row."""
    pdf = _Report(2)
    try:
        _footer_check(pdf)
    finally:
        _close_fonts(pdf)


def _footer_check(pdf: _Report) -> None:
    pdf.add_page()
    pdf.use("ar", 9)
    assert pdf.text_shaping and str(pdf.text_shaping["direction"]).upper().endswith("RTL")
    pdf.add_page()  # runs the footer of page 1
    assert pdf.text_shaping and str(pdf.text_shaping["direction"]).upper().endswith("RTL")
    assert pdf.font_family == "naskh"


def test_chart_legends_and_axes_follow_the_section(
    review_desk: Desk, scenario: Scenario, tmp_path: Path
) -> None:
    out = tmp_path / "b"
    review_desk.review.export(scenario.incident_id, out)
    html = (out / mf.REPORT_HTML).read_text("utf-8")
    arabic, english = html.split('<section lang="en"', 1)
    assert "الخط الساخن" in arabic and "الساعة (UTC)" in arabic and "Hotline" not in arabic
    assert "Hotline" in english and "Hour (UTC)" in english and "الخط الساخن" not in english


def _minimal_kpis() -> dict[str, object]:
    dist = {"count": 0, "median": None, "p90": None, "min": None, "max": None, "histogram": []}
    return {
        "incident": {"id": 1, "title": "t", "drill": False, "opened_at": None, "closed_at": None},
        "statements": {
            "approval_turnaround_s": dist,
            "activation_to_first_approved_s": None,
            "activation_to_first_published_s": None,
        },
        "interactions": {
            "total": 0,
            "first_response_s": dist,
            "within_target_pct": None,
            "overdue": 0,
            "by_channel_hour": {},
            "backlog": [],
            "by_category": {},
        },
        "clusters": {"count": 0, "largest": 0, "top": []},
        "checklist": {"done_on_time": 0, "due": 0, "on_time_pct": None},
        "decisions": {"total": 0},
    }
