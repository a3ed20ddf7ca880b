"""Word-level per-language diffs between statement versions."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from crisisdesk.statements.diff import diff_statement, diff_text, format_diff


def test_arabic_word_replacement() -> None:
    diff = diff_text("تعلن الأمانة عن إغلاق طريق الملك فهد", "تعلن الأمانة عن فتح طريق الملك فهد")
    changed = [op for op in diff.ops if op.op != "equal"]
    assert len(changed) == 1
    assert (changed[0].op, changed[0].old, changed[0].new) == ("replace", "إغلاق", "فتح")
    assert format_diff(diff) == "تعلن الأمانة عن [-إغلاق-]{+فتح+} طريق الملك فهد"


def test_english_insert_and_delete() -> None:
    diff = diff_text("Roads are closed until further notice.", "Two roads are closed.")
    text = format_diff(diff)
    assert text == "[-Roads-]{+Two roads+} are [-closed until further notice.-]{+closed.+}"


def test_statement_diff_per_language() -> None:
    old = {"ar": "نص أول", "en": "First text"}
    new = {"ar": "نص أول", "en": "Second text"}
    diffs = diff_statement(old, new)
    assert not diffs["ar"].changed
    assert diffs["en"].changed
    plain = format_diff(diffs)
    assert plain.splitlines()[0] == "--- ar (unchanged)"
    assert "--- en (changed)" in plain
    assert diffs["en"].to_data()["changed"] is True


def test_missing_language_counts_as_empty() -> None:
    diffs = diff_statement({"ar": "نص"}, {"ar": "نص", "en": "text"})
    assert diffs["en"].ops[0].op == "insert"


@given(st.text(), st.text())
def test_both_sides_are_reconstructed_exactly(old: str, new: str) -> None:
    diff = diff_text(old, new)
    assert diff.old_text == old
    assert diff.new_text == new
    assert diff.changed == (old != new)
