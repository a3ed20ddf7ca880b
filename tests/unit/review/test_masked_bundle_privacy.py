"""A masked and a research bundle hold none of the planted personal data, in any file (CSV,
JSON, JSONL, HTML, README and the PDF's extracted text), while staff text comes through
byte for byte as in the unmasked bundle (issue 14, "It must show")."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

from crisisdesk.clock import ManualClock
from crisisdesk.desk import Desk
from crisisdesk.review import manifest as mf
from crisisdesk.review.bundle import public_body
from crisisdesk.review.bundle_verify import verify_bundle
from crisisdesk.review.pii_names import fold_name
from tests.helpers.databases import PASSWORD
from tests.unit.review.pii_corpus import PLANTED
from tests.unit.review.scenario import START
from tests.unit.review.test_pii import leaked

STAFF_AR = (
    "للاستفسار اتصلوا على الرقم الموحد 920000000. "
    "طريق الأمير محمد بن فهد مغلق وطريق الملك سعود سالك."
)
STAFF_EN = "Call 920000000. Prince Mohammed bin Fahd Street is closed; King Saud Road is open."
CALLERS = ["سعود", "محمد القحطاني", "Prince", "Faisal Al-Shehri", "@user1007", "أم خالد"]


def _file_text(path: Path) -> str:
    if path.suffix == ".pdf":
        from pypdf import PdfReader

        pages = [page.extract_text() or "" for page in PdfReader(path).pages]
        text = unicodedata.normalize("NFKC", "\n".join(pages))
        return text + "\n" + "\n".join(line[::-1] for line in text.splitlines())
    return path.read_bytes().decode("utf-8", "replace")


@pytest.fixture
def exported(review_desk: Desk, clock: ManualClock, tmp_path: Path) -> dict[str, Path]:
    clock.set(START)
    review_desk.sign_in("layla", PASSWORD)
    incident = review_desk.incidents.open(
        playbook_id="flood-urban", title="سيول الدمام والخبر", severity=3
    ).id
    review_desk.sign_in("olfa", PASSWORD)
    statement = review_desk.statements.draft(
        incident,
        kind="holding",
        title={"ar": "بيان الطرق", "en": "Roads"},
        texts={"ar": STAFF_AR, "en": STAFF_EN},
    ).statement.id
    ids = []
    for n, (_, text, _) in enumerate(PLANTED):
        clock.set(START.replace(minute=n % 60, second=n % 50))
        ids.append(
            review_desk.inbox.add_hotline(
                incident,
                text=text,
                caller=CALLERS[n % len(CALLERS)],
                phone=f"05512302{n:02d}",
            )
        )
    review_desk.inbox.set_triage(
        ids[0], status="answered", note="كلمنا محمد القحطاني على 0551230116"
    )
    mail = tmp_path / "m.eml"
    mail.write_bytes(
        "From: Ahmad Zahrani <ahmad.z@example.sa>\nSubject: الدمام\n"
        "Message-ID: <a1@example.sa>\nDate: Thu, 01 Jan 2026 06:30:00 +0000\n"
        "Content-Type: text/plain; charset=utf-8\n\nالماء يغمر الشارع، جوالي 0551230190\n".encode()
    )
    review_desk.inbox.ingest_files(incident, "email", [mail])
    review_desk.sign_in("layla", PASSWORD)
    assert statement
    plain = tmp_path / "plain"
    masked = tmp_path / "masked"
    review_desk.review.export(incident, plain)
    review_desk.review.export(incident, masked, mask_pii=True, research=True)
    return {"plain": plain, "masked": masked}


def test_no_planted_personal_data_in_any_file(exported: dict[str, Path]) -> None:
    masked = exported["masked"]
    staff = fold_name(STAFF_AR + " " + STAFF_EN + " سيول الدمام والخبر")
    secrets = {s for _, _, group in PLANTED for s in group}
    secrets |= {"0551230190", "ahmad.z@example.sa", "Zahrani", "user1007", "Faisal", "القحطاني"}
    secrets = {s for s in secrets if fold_name(s) not in staff}
    # the check can see a leak: the unmasked bundle has them all
    plain_text = "".join(_file_text(p) for p in exported["plain"].rglob("*") if p.is_file())
    assert all(leaked(s, plain_text) for s in secrets), [
        s for s in secrets if not leaked(s, plain_text)
    ]
    files = sorted(p for p in masked.rglob("*") if p.is_file())
    assert any(p.suffix == ".pdf" for p in files)
    for path in files:
        text = _file_text(path)
        found = [s for s in secrets if leaked(s, text)]
        assert not found, f"{path.relative_to(masked)} leaks {found}"
    assert verify_bundle(
        masked, set(json.loads((masked / mf.MANIFEST).read_text())["public_keys"])
    ).ok


def test_staff_text_is_byte_identical(exported: dict[str, Path]) -> None:
    plain, masked = exported["plain"], exported["masked"]
    statements = sorted((plain / mf.STATEMENTS_DIR).iterdir())
    assert statements
    for path in statements:
        assert (masked / mf.STATEMENTS_DIR / path.name).read_bytes() == path.read_bytes()
    plain_lines = (plain / mf.DECISIONS_JSONL).read_bytes().splitlines()
    masked_lines = (masked / mf.DECISIONS_JSONL).read_bytes().splitlines()
    for line in plain_lines[:-1]:  # every decision before the plain export's own
        entry = json.loads(line)
        if not public_body(entry["body"]):
            assert masked_lines[entry["seq"] - 1] == line
    kpis = {n: json.loads((exported[n] / mf.KPIS_JSON).read_text("utf-8")) for n in exported}
    assert kpis["masked"]["incident"] == kpis["plain"]["incident"]
    assert "سيول الدمام والخبر" in (masked / mf.REPORT_HTML).read_text("utf-8")
    interactions = (masked / mf.INTERACTIONS_CSV).read_text("utf-8-sig")
    assert "olfa" in interactions or "layla" in interactions or "assignee" in interactions


def test_research_rows_are_hourly_and_k_anonymous(exported: dict[str, Path]) -> None:
    import csv

    path = exported["masked"] / "research" / "interactions.csv"
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert rows, "enough messages for a group of five"
    for row in rows:
        assert len(row["received"]) in (0, 10, 13), row["received"]
    from collections import Counter

    groups = Counter((r["channel"], r["received"], r["language"], r["category"]) for r in rows)
    assert min(groups.values()) >= 5
