from __future__ import annotations

from crisisdesk.text.language import detect_language


def test_detects_arabic_english_and_mixed() -> None:
    assert detect_language("انقطاع المياه في حي الفيصلية منذ الصباح") == "ar"
    assert detect_language("Water outage in Al Faisaliyah since morning") == "en"
    assert detect_language("Water outage انقطاع المياه في الحي") == "mixed"


def test_handles_and_links_do_not_make_arabic_mixed() -> None:
    assert detect_language("@AbuEmad74241481 هههههه حزب الله https://t.co/AbCdEf #Flood") == "ar"


def test_no_letters_means_unknown() -> None:
    assert detect_language("") is None
    assert detect_language(None) is None
    assert detect_language("123 !!! 😀") is None
