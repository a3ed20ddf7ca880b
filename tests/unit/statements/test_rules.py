"""Statement rules and channel limits against known vectors."""

from __future__ import annotations

import pytest

from crisisdesk.playbooks.model import Bilingual, ForbiddenPhrase, RequiredElement, StatementRules
from crisisdesk.statements.rules import (
    check_statement,
    normalise_for_matching,
    sms_info,
    whatsapp_param_problem,
    x_weighted_length,
)

RULES = StatementRules(
    forbidden=(
        ForbiddenPhrase(
            text="لا داعي للقلق",
            lang="ar",
            reason=Bilingual(ar="تقلل من شأن المخاطر", en="downplays the risk"),
        ),
        ForbiddenPhrase(
            text="no casualties",
            lang="en",
            reason=Bilingual(ar="لا تؤكد قبل التحقق", en="never claim before verification"),
        ),
        ForbiddenPhrase(
            text="كارثة", lang="any", reason=Bilingual(ar="لغة مثيرة", en="alarming language")
        ),
    ),
    required=(
        RequiredElement(
            id="hotline",
            label=Bilingual(ar="رقم البلاغات", en="Hotline number"),
            ar=("940",),
            en=("940",),
        ),
        RequiredElement(
            id="next-update",
            label=Bilingual(ar="موعد التحديث القادم", en="Next update time"),
            ar=("التحديث القادم", "الإيجاز القادم"),
            en=("next update",),
            kinds=("holding", "update"),
        ),
    ),
)

GOOD = {
    "ar": "تتابع الأمانة تجمعات المياه. للبلاغات اتصلوا على 940. التحديث القادم الساعة 18:00.",
    "en": "The Amanah is monitoring water pools. Call 940 to report. Next update at 18:00.",
}


def test_clean_statement_passes_every_rule() -> None:
    result = check_statement(GOOD, RULES, kind="update")
    assert result.passed, result.failures
    ids = [r.id for r in result.results]
    assert ids == [
        "forbidden:0",
        "forbidden:1",
        "forbidden:2",
        "required:hotline:ar",
        "required:hotline:en",
        "required:next-update:ar",
        "required:next-update:en",
    ]


def test_forbidden_phrase_found_despite_diacritics_and_prefix() -> None:
    texts = {"ar": GOOD["ar"] + " ولَا دَاعِي للقلق", "en": GOOD["en"]}
    result = check_statement(texts, RULES, kind="update")
    (failure,) = result.failures
    assert failure.id == "forbidden:0"
    assert "downplays the risk" in failure.detail
    assert failure.label_en and failure.label_ar


def test_forbidden_phrase_language_scope() -> None:
    # An English-only rule does not fire on the Arabic text and vice versa.
    texts = {"ar": GOOD["ar"] + " no casualties", "en": GOOD["en"] + " لا داعي للقلق"}
    assert check_statement(texts, RULES, kind="update").passed
    texts = {"ar": GOOD["ar"], "en": GOOD["en"] + " There were No  Casualties."}
    assert [r.id for r in check_statement(texts, RULES).failures] == ["forbidden:1"]


def test_english_phrases_match_whole_words_only() -> None:
    rules = StatementRules(
        forbidden=(ForbiddenPhrase(text="kill", reason=Bilingual(ar="ممنوع", en="no")),)
    )
    assert check_statement({"ar": "نص", "en": "skills and skilled staff"}, rules).passed
    assert not check_statement({"ar": "نص", "en": "it may kill"}, rules).passed


def test_required_element_missing_per_language() -> None:
    texts = {"ar": GOOD["ar"].replace("940", "٩٤٠٠"), "en": GOOD["en"]}
    failures = check_statement(texts, RULES, kind="holding").failures
    assert [f.id for f in failures] == ["required:hotline:ar"]
    assert "940" in failures[0].detail


def test_required_element_limited_to_kinds() -> None:
    texts = {"ar": "للبلاغات 940", "en": "Call 940"}
    assert check_statement(texts, RULES, kind="all-clear").passed
    assert not check_statement(texts, RULES, kind="update").passed


def test_checklist_to_data_is_json_ready() -> None:
    data = check_statement(GOOD, RULES, kind="update", channels=["x"]).to_data()
    assert data[0]["label"] == {
        "ar": "عدم استخدام «لا داعي للقلق»",
        "en": "Does not say “لا داعي للقلق”",
    }
    assert {d["id"] for d in data} >= {"channel:x:ar", "channel:x:en"}


def test_normalise_for_matching() -> None:
    assert normalise_for_matching("إِنَّ  الأمـــانة") == normalise_for_matching("ان الامانه")


# --- X weighted length (twitter-text v3) ------------------------------------------------


@pytest.mark.parametrize(
    ("text", "weight"),
    [
        ("", 0),
        ("a" * 280, 280),
        ("hello world", 11),
        ("مرحبا بكم", 9),  # Arabic is in U+0000-U+10FF: weight 1 each
        ("أمانة المنطقة الشرقية", 21),
        ("你好", 4),  # CJK: weight 2 each
        ("こんにちは", 10),
        ("“quoted” — dash", 15),  # U+201C/D and U+2014 are in the light ranges
        ("€", 2),  # U+20AC is not
        ("👍", 2),
        ("👍🏽", 2),  # skin-tone modifier is part of the emoji
        ("👨‍👩‍👧‍👦", 2),  # ZWJ family sequence
        ("🇸🇦", 2),  # flag: a pair of regional indicators
        ("1️⃣", 2),  # keycap sequence
        ("©", 1),  # text-style copyright sign: Latin-1, weight 1
        ("©️", 2),  # with VS16 it is an emoji
        ("↔️", 2),  # a symbol with VS16 is one emoji, not symbol + selector
        ("☀️🌧️", 4),
        ("👩‍🚒", 2),  # ZWJ profession sequence
        ("https://example.com/a/very/long/path?with=query&and=more", 23),
        ("see https://balady.gov.sa now", 4 + 23 + 4),
        ("balady.gov.sa", 23),
        ("e\u0301", 1),  # NFC folds e + combining acute into é
    ],
)
def test_x_weighted_length_vectors(text: str, weight: int) -> None:
    assert x_weighted_length(text) == weight


def test_x_limit_in_checklist() -> None:
    ok = check_statement({"ar": "م" * 280, "en": "你" * 140}, None, channels=["x"])
    assert ok.passed
    bad = check_statement({"ar": "م" * 281, "en": "你" * 141}, None, channels=["x"])
    assert [r.id for r in bad.failures] == ["channel:x:ar", "channel:x:en"]
    assert bad.failures[0].detail == "281 of 280 weighted characters"


# --- SMS -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "encoding", "units", "segments"),
    [
        ("", "GSM-7", 0, 0),
        ("a" * 160, "GSM-7", 160, 1),
        ("a" * 161, "GSM-7", 161, 2),
        ("a" * 306, "GSM-7", 306, 2),
        ("a" * 307, "GSM-7", 307, 3),
        ("€" * 80, "GSM-7", 160, 1),  # extension table: two septets each
        ("€" * 81, "GSM-7", 162, 2),
        ("a" * 152 + "€" + "a" * 10, "GSM-7", 164, 2),  # escape pair not split
        ("a" * 152 + "€" * 77, "GSM-7", 306, 3),
        ("م" * 70, "UCS-2", 70, 1),
        ("م" * 71, "UCS-2", 71, 2),
        ("م" * 134, "UCS-2", 134, 2),
        ("م" * 135, "UCS-2", 135, 3),
        ("a" * 69 + "é", "GSM-7", 70, 1),  # é is in GSM-7
        ("a" * 69 + "ê", "UCS-2", 70, 1),  # ê is not
        ("😀" * 35, "UCS-2", 70, 1),  # astral: two UTF-16 units
        ("😀" * 34 + "a" * 3, "UCS-2", 71, 2),
    ],
)
def test_sms_vectors(text: str, encoding: str, units: int, segments: int) -> None:
    info = sms_info(text)
    assert (info.encoding, info.units, info.segments) == (encoding, units, segments)


def test_sms_checklist_fails_past_ten_parts() -> None:
    result = check_statement({"ar": "م" * 670, "en": "a" * 1530}, None, channels=["sms"])
    assert result.passed
    result = check_statement({"ar": "م" * 671, "en": "a"}, None, channels=["sms"])
    assert [r.id for r in result.failures] == ["channel:sms:ar"]


# --- WhatsApp ----------------------------------------------------------------------------


def test_whatsapp_text_and_template_limits() -> None:
    texts = {"ar": "م" * 4096, "en": "a" * 1024}
    assert check_statement(texts, None, channels=["whatsapp"]).passed
    assert not check_statement({"ar": "م" * 4097, "en": "a"}, None, channels=["whatsapp"]).passed
    template = check_statement(texts, None, channels=["whatsapp"], whatsapp_template=True)
    assert [r.id for r in template.failures] == ["channel:whatsapp:ar"]


def test_whatsapp_template_parameter_rules() -> None:
    assert whatsapp_param_problem("one line    four spaces") is None
    assert whatsapp_param_problem("two\nlines") is not None
    assert whatsapp_param_problem("tab\there") is not None
    assert whatsapp_param_problem("five     spaces") is not None
    result = check_statement(
        {"ar": "سطر\nسطر", "en": "ok"}, None, channels=["whatsapp"], whatsapp_template=True
    )
    assert "new lines" in result.failures[0].detail


def test_channels_without_limits_add_nothing() -> None:
    assert check_statement(GOOD, None, channels=["website", "press"]).results == ()
