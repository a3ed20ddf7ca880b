"""Near-duplicate fingerprints and watch-word tagging, on their own."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from crisisdesk.intake.similarity import band_keys, jaccard
from crisisdesk.intake.tagging import Tagger
from crisisdesk.playbooks import find_playbook
from crisisdesk.text.normalise import normalise

CHAIN = "عاجل انتشر خبر انهيار سد وادي الدمام وعلى سكان الأحياء القريبة الإخلاء فورا قبل وصول السيل"


def test_forwarded_and_edited_copies_share_a_band() -> None:
    variants = [
        CHAIN,
        CHAIN + " انشروها",
        "منقول: " + CHAIN,
        CHAIN.replace("فورا", "فوراً").replace("الأحياء", "الاحياء"),
        "RT @someone: " + CHAIN,
    ]
    base = set(band_keys(normalise(CHAIN)))
    for variant in variants:
        assert jaccard(normalise(CHAIN), normalise(variant)) >= 0.75
        assert base & set(band_keys(normalise(variant))), variant


def test_unrelated_and_short_texts_do_not() -> None:
    other = "متى يرجع الدوام في مدارس الخبر بعد الأمطار الغزيرة اليوم يا جماعة الخير"
    assert not set(band_keys(normalise(CHAIN))) & set(band_keys(normalise(other)))
    assert band_keys(normalise("شكرا جزيلا")) == []  # too short to say anything


def test_bands_are_stable_across_processes() -> None:
    # CRC-32 based, never Python's salted hash: stored bands must match after a restart
    assert band_keys(normalise("واحد اثنان ثلاثة اربعة خمسة ستة"))[0].startswith("0:")
    assert band_keys("a b c d e f") == band_keys("a b c d e f")


def test_tagging_prefers_the_most_urgent_group_and_sees_through_spelling() -> None:
    tagger = Tagger(find_playbook("flood-urban"))
    rumour = tagger.tag(normalise("يقولون الموية غرقت البيوت وفيه وفيات"))
    assert rumour is not None and (rumour.category, rumour.priority) == ("rumour", "critical")
    assert rumour.rule.startswith("harm-claim: ")
    complaint = tagger.tag(normalise("والبيارة طفحت عندنا"))  # clitic و + ال in front
    assert complaint is not None and complaint.category == "complaint"
    question = tagger.tag(normalise("هل الطريق سالك؟"))
    assert question is not None and question.category == "question"
    hashtag = tagger.tag(normalise("الوضع الآن #أمطار_الشرقية"))
    assert hashtag is not None and hashtag.category == "observation"
    assert tagger.tag(normalise("مرحبا")) is None
    received = datetime(2026, 11, 26, 6, 0, tzinfo=UTC)
    assert tagger.due(received, "rumour", "critical") == received + timedelta(minutes=15)
    assert tagger.due(received, "question", "critical") == received + timedelta(hours=1)
    # nobody tagged it: the playbook's default for the channel, else for any channel
    assert tagger.due(received, None, None, "whatsapp") == received + timedelta(hours=1)
    assert tagger.due(received, None, None) == received + timedelta(hours=4)
    assert Tagger(None).tag(normalise("غرق")) is None
