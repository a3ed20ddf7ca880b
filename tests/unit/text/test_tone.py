"""The tone of one message: negation, questions, emoji, phrases, anger and fear."""

from __future__ import annotations

import pytest

from crisisdesk.text.tone import score_tone


@pytest.mark.parametrize(
    ("text", "tone", "emotion"),
    [
        ("الله يعطيكم العافية فرق الشفط وصلت بسرعة ما قصرتم", "positive", None),
        ("حسبي الله على البلدية المويه دخلت البيت ومحد رد علينا", "negative", "anger"),
        ("الله يستر السيول قوية والمويه ترتفع في الحي خايفين", "negative", "fear"),
        ("هل الطريق مفتوح الحين؟", "neutral", None),
        ("الخدمة مو زينة أبداً", "negative", None),
        ("Thank you, the team was great and helpful", "positive", None),
        ("nobody answered, this is useless 😡", "negative", "anger"),
        ("الأرصاد: أمطار على المنطقة الشرقية حتى الساعة ٨ مساءً", "neutral", None),
        ("", "neutral", None),
    ],
)
def test_tone_of_crisis_messages(text: str, tone: str, emotion: str | None) -> None:
    result = score_tone(text)
    assert (result.tone, result.emotion) == (tone, emotion), result


def test_sarcasm_is_what_it_cannot_read() -> None:
    # "thanks, municipality, for the swim in the street" — praise words, a complaint meant
    assert score_tone("شكرا يا بلدية على السباحة في الشارع").tone == "positive"
