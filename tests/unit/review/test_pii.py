"""Masking finds the personal data of the corpus (recall per detector, printed) and leaves
ordinary text alone (issue 14, points 2 and 3)."""

from __future__ import annotations

import re
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from crisisdesk.review.pii import Masker
from crisisdesk.review.pii_names import fold_name
from crisisdesk.review.pii_patterns import DIGITS
from tests.unit.review.pii_corpus import PLANTED, UNCHANGED

NON_DIGIT = re.compile(r"[^0-9]")


def leaked(secret: str, masked: str) -> bool:
    """Whether ``secret`` survives in ``masked``: digits compared through any separators,
    words compared folded."""
    if any(ch.isdigit() for ch in secret) and not any(ch.isalpha() for ch in secret):
        digits = NON_DIGIT.sub("", secret.translate(DIGITS))
        # the digits of each number-like stretch of the output, separators removed
        stretches = re.findall(r"[0-9٠-٩۰-۹][0-9٠-٩۰-۹\s\u00a0\u2009\u2014\u2212().\-–/]*", masked)
        return any(digits in NON_DIGIT.sub("", s.translate(DIGITS)) for s in stretches)
    return fold_name(secret) in fold_name(masked)


def test_recall_per_detector() -> None:
    masker = Masker(b"k" * 32)
    total: Counter[str] = Counter()
    found: Counter[str] = Counter()
    misses: list[str] = []
    for detector, text, secrets in PLANTED:
        masked = masker.text(text)
        total[detector] += 1
        if any(leaked(s, masked) for s in secrets):
            misses.append(f"{detector}: {text!r} -> {masked!r}")
        else:
            found[detector] += 1
    for detector in sorted(total):
        print(f"recall {detector}: {found[detector]}/{total[detector]}")
    assert not misses, "\n".join(misses)


def test_ordinary_text_is_left_alone() -> None:
    masker = Masker(b"k" * 32)
    masker.add_names(["سعود", "Prince", "أمل"])  # one-word authors that collide with words
    changed = [(t, masker.text(t)) for t in UNCHANGED if masker.text(t) != t]
    assert not changed


def test_reported_survivors_are_masked() -> None:
    """The eight forms of point 2 that survived, each on its own."""
    masker = Masker(b"k" * 32)
    for text, digits in [
        ("جوالي0551230116", "0551230116"),
        ("0551230117شكرا", "0551230117"),
        ("رقمي_0551230119", "0551230119"),
        ("055\u00a0123\u00a00122", "0551230122"),
        ("٠٥٥–١٢٣–٠١٣٥", "0551230135"),
        ("(055) 1230109", "0551230109"),
    ]:
        assert not leaked(digits, masker.text(text)), text
    masker.add_names(["محمد القحطاني"])
    out = masker.text("بمحمد … القحطاني")
    assert "محمد" not in out and "القحطاني" not in out
    assert "Faisal" not in masker.text("Faisal Al-Shehri")
    assert "سعيد" not in masker.text("منزل أبو سعيد")
    assert "user1007" not in masker.text("مرحبا @user1007")


def test_same_person_same_pseudonym_in_fields_and_text() -> None:
    masker = Masker(b"k" * 32)
    masker.add_names(["Fatima Zahrani", "@user1007"])
    assert masker.person("Fatima Zahrani") in masker.text("Fatima Zahrani called")
    assert masker.person("@user1007") == masker.person("user1007")
    assert masker.person("@user1007") in masker.text("قال @user1007")
    assert masker.person("+966 55 111 2222") == masker.person("0551112222")
    assert masker.text("0551112222") == masker.person("0551112222")


def test_reply_address_keeps_the_business_number() -> None:
    masker = Masker(b"k" * 32)
    address = '{"phone_number_id": "106540352242922", "wa_id": "966551230150", "user_id": null}'
    out = masker.reply_address(address) or ""
    assert "106540352242922" in out and "551230150" not in out
    mail = '{"email": "a@example.sa", "name": "Ahmad", "subject": "الدمام", "message_id": null}'
    out = masker.reply_address(mail) or ""
    assert "الدمام" in out and "a@example.sa" not in out and "Ahmad" not in out


@settings(max_examples=300, deadline=None)
@given(
    before=st.text(max_size=20),
    after=st.text(max_size=20),
    number=st.sampled_from(["0551230199", "٠٥٥١٢٣٠١٩٩", "+966 55 123 0199", "055-123-0199"]),
)
def test_a_phone_anywhere_is_masked(before: str, after: str, number: str) -> None:
    """Whatever surrounds it (letters, marks, other scripts): only a digit glued to it can
    make it a longer number, which is masked too."""
    masked = Masker(b"k" * 32).text(before + number + after)
    assert not leaked("0551230199" if number[0] != "+" else "551230199", masked)


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=200))
def test_masking_is_total(text: str) -> None:
    out = Masker(b"k" * 32).text(text)
    assert isinstance(out, str)
