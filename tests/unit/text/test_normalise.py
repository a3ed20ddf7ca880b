"""Any spelling variant of a query must fold to the same search form as the indexed text."""

from __future__ import annotations

import csv
import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crisisdesk.text.normalise import normalise, tokens

VARIANTS = [
    # hamza forms, taa marbuta, alef maqsura, harakat, tatweel, digits, case, elongation
    (["أمطار", "إمطار", "آمطار", "امطار", "ٱمطار", "أَمْطَار", "أمـــطار"], "امطار"),
    (["مدرسة", "مدرسه", "مَدْرَسَةٌ", "مدرسـة"], "مدرسه"),
    (["مستشفى", "مستشفي", "مُسْتَشْفَى"], "مستشفي"),
    (["حي ٣", "حي ۳", "حي 3", "حيّ ٣"], "حي 3"),
    (["ضاااايع", "ضايع", "ضاايع"], None),
    (["FLOOD Dammam", "flood dammam", "ＦＬＯＯＤ Dammam"], "flood dammam"),
]


@pytest.mark.parametrize(("spellings", "expected"), VARIANTS)
def test_spelling_variants_fold_identically(spellings: list[str], expected: str | None) -> None:
    forms = {normalise(s) for s in spellings if s != "ضاايع"}
    assert len(forms) == 1, forms
    if expected is not None:
        assert forms == {expected}


def test_elongation_collapses_three_or_more_but_keeps_digits_and_doubles() -> None:
    assert normalise("ضاااايع") == normalise("ضايع")
    assert normalise("ضاايع") == "ضاايع"  # two letters may be the real spelling
    assert normalise("1000") == "1000"
    assert normalise("هههههه") == "ه"


def test_invisible_characters_do_not_split_words() -> None:
    assert normalise("م\u200dطر") == normalise("مطر")
    assert normalise("\u202eمطر\u202c") == normalise("مطر")


def test_tokens_split_on_hashtag_underscores_and_punctuation() -> None:
    assert tokens("#المحكمة_الدستورية، (تنبيه)!") == ["المحكمه", "الدستوريه", "تنبيه"]
    assert tokens("Road ٤٥ closed") == ["road", "45", "closed"]


def test_presentation_forms_fold_by_nfkc() -> None:
    assert normalise("ﻻ") == "لا"


@given(st.text())
def test_normalise_never_fails_and_is_idempotent(text: str) -> None:
    once = normalise(text)
    assert normalise(once) == once


@given(st.text(alphabet=st.characters(min_codepoint=0x0600, max_codepoint=0x06FF)))
def test_arabic_block_is_idempotent_and_free_of_marks(text: str) -> None:
    once = normalise(text)
    assert normalise(once) == once
    assert "\u0640" not in once
    assert not any("\u064b" <= ch <= "\u065f" for ch in once)
    assert not set(once) & set("أإآٱةى٠١٢٣٤٥٦٧٨٩")


HARAKAT_AND_TATWEEL = list("\u064e\u064f\u0650\u0651\u0652\u064b\u0640")


@given(st.text(alphabet="ابتثجحخدذرزسشصضطظعغفقكلمنهوي "), st.sampled_from(HARAKAT_AND_TATWEEL))
def test_sprinkled_harakat_and_tatweel_vanish(base: str, mark: str) -> None:
    sprinkled = "".join(ch + mark if ch != " " else ch for ch in base)
    assert normalise(sprinkled) == normalise(base)


@given(st.text())
def test_tokens_are_normalised(text: str) -> None:
    for token in tokens(text):
        assert token == normalise(token)
        assert unicodedata.is_normalized("NFKC", token)


@pytest.mark.shared_data
def test_real_arabic_tweets_normalise_idempotently(shared_data: Path) -> None:
    path = shared_data / "arabic-messages" / "ArSarcasm_test.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 2110
    for row in rows:
        once = normalise(row["tweet"])
        assert normalise(once) == once
    elongated = [r["tweet"] for r in rows if re.search("ضا{3,}يع", r["tweet"])]
    assert elongated  # the README's example of elongation
    for tweet in elongated:
        assert "ضايع" in normalise(tweet)


def test_format_table_covers_every_invisible_format_character() -> None:
    """A newer Unicode database adding Cf characters must fail here, not slip into the index."""
    from crisisdesk.text.normalise import FORMAT_RANGES

    covered = {c for low, high in FORMAT_RANGES for c in range(low, high + 1)}
    every = {c for c in range(0x110000) if unicodedata.category(chr(c)) == "Cf"}
    assert every <= covered
    assert normalise("".join(map(chr, sorted(every)))) == ""
