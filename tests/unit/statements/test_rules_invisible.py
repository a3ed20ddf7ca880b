"""Statement rules see through zero-width and bidi controls, and report them.

Reported: ``no\\u200bcomment`` and ``لا\\u200cتعليق`` passed the forbidden-phrase rules.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from crisisdesk.playbooks.model import Bilingual, ForbiddenPhrase, StatementRules
from crisisdesk.statements.rules import check_statement
from crisisdesk.text.normalise import FORMAT_RANGES

REASON = Bilingual(ar="تهرب من الإجابة", en="evasive")
RULES = StatementRules(
    forbidden=(
        ForbiddenPhrase(text="no comment", lang="en", reason=REASON),
        ForbiddenPhrase(text="لا تعليق", lang="ar", reason=REASON),
    ),
    required=(),
)
CONTROLS = [chr(c) for low, high in FORMAT_RANGES if high < 0x3000 for c in range(low, high + 1)]


def _texts(ar: str, en: str) -> dict[str, str]:
    return {"ar": ar, "en": en}


def test_zero_width_characters_do_not_hide_forbidden_phrases() -> None:
    result = check_statement(_texts("لا\u200cتعليق على الحادث", "We have no\u200bcomment."), RULES)
    failed = {r.id for r in result.failures}
    assert {"forbidden:0", "forbidden:1"} <= failed
    assert {"invisible:ar", "invisible:en"} <= failed
    detail = {r.id: r.detail for r in result.results}
    assert "ZWNJ" in detail["invisible:ar"] and "ZWSP" in detail["invisible:en"]


def test_bidi_controls_are_reported_and_seen_through() -> None:
    result = check_statement(_texts("نص", "no \u202ecomm\u202cent"), RULES)
    assert {"forbidden:0", "invisible:en"} <= {r.id for r in result.failures}
    assert "RLO" in next(r.detail for r in result.results if r.id == "invisible:en")


def test_clean_text_and_emoji_joiners_raise_nothing() -> None:
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"
    result = check_statement(_texts(f"ابقوا آمنين {family}", f"Stay safe {family}"), RULES)
    assert result.passed, result.failures


@settings(max_examples=300, deadline=None)
@given(
    phrase=st.sampled_from(["no comment", "لا تعليق"]),
    where=st.lists(st.integers(min_value=0, max_value=9), min_size=1, max_size=4),
    control=st.sampled_from(CONTROLS),
    space=st.booleans(),
)
def test_any_control_anywhere_in_a_phrase_is_seen_through(
    phrase: str, where: list[int], control: str, space: bool
) -> None:
    text = phrase.replace(" ", control) if space else phrase
    for index in sorted(set(where), reverse=True):
        text = text[: min(index, len(text))] + control + text[min(index, len(text)) :]
    lang = "en" if phrase.isascii() else "ar"
    texts = {"ar": "نص", "en": "text", lang: f"قال: {text}." if lang == "ar" else f"We say {text}."}
    result = check_statement(texts, RULES)
    assert f"forbidden:{0 if lang == 'en' else 1}" in {r.id for r in result.failures}
    assert f"invisible:{lang}" in {r.id for r in result.failures}
