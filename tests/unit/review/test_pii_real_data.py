"""Masking recall on the real inputs of ``../shared/data`` (issue 14: the corpus of
``test_pii.py`` is our own). What counts as personal data is found here independently of
the masker: e-mail addresses and ``@mentions`` by their plain shape, phone numbers from the
WhatsApp payloads' own ``wa_id``/``from`` fields, and author names from the structured
fields of each source, looked for again inside the bodies (signatures, quotes). The
masker is given the authors as an export gives it every author of the database.

Run ``python -m tests.unit.review.test_pii_real_data`` to print the figures.
"""

from __future__ import annotations

import csv
import json
import re
from collections import Counter
from pathlib import Path

import pytest

from crisisdesk.intake.parsers import email as email_parser
from crisisdesk.intake.parsers import whatsapp as whatsapp_parser
from crisisdesk.intake.parsers import x as x_parser
from crisisdesk.intake.parsers.base import IncomingMessage
from crisisdesk.review.pii import Masker
from tests.unit.review.test_pii import leaked

SHARED = Path(__file__).resolve().parents[3].parent / "shared" / "data"
EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
MENTION = re.compile(r"(?<![\w@])@[A-Za-z0-9_]{2,15}\b")


def _messages(root: Path) -> list[IncomingMessage]:
    found: list[IncomingMessage] = []
    for path in sorted((root / "email").glob("*.eml")):
        found.extend(email_parser.parse_file(path).messages)
    for path in sorted((root / "whatsapp-cloud").glob("*.json")):
        cases = json.loads(path.read_text(encoding="utf-8"))
        for body in cases.values():
            found.extend(whatsapp_parser.parse_body(body, path.name).messages)
    for path in sorted((root / "x-api-v2").glob("*.jsonl")):
        found.extend(x_parser.parse_file(path).messages)
    return found


def _tweets(root: Path) -> list[str]:
    with (root / "arabic-messages" / "ArSarcasm_test.csv").open(encoding="utf-8") as fh:
        texts = [row["tweet"] for row in csv.DictReader(fh)]
    astd = (root / "arabic-messages" / "ASTD_Tweets.txt").read_text(encoding="utf-8")
    texts += [line.rsplit("\t", 1)[0] for line in astd.splitlines() if line.strip()]
    return texts


def _whatsapp_phones(root: Path) -> list[str]:
    phones: set[str] = set()
    for path in sorted((root / "whatsapp-cloud").glob("*.json")):
        text = path.read_text(encoding="utf-8")
        phones.update(re.findall(r'"(?:wa_id|from)"\s*:\s*"(\d{8,15})"', text))
    return sorted(phones)


def measure(root: Path) -> tuple[Counter[str], Counter[str], list[str]]:
    """(personal data found per detector, of how many, the misses)."""
    messages = _messages(root)
    masker = Masker(b"r" * 32)
    authors = [v for m in messages for v in (m.author_name, m.author_handle) if v]
    masker.add_names(authors)
    total: Counter[str] = Counter()
    found: Counter[str] = Counter()
    misses: list[str] = []

    def check(detector: str, secret: str, text: str, masked: str) -> None:
        total[detector] += 1
        if leaked(secret, masked):
            misses.append(f"{detector}: {secret!r} in {text[:80]!r}")
        else:
            found[detector] += 1

    for message in messages:
        masked = masker.text(message.text)
        for address in set(EMAIL.findall(message.text)):
            check("e-mail in body", address, message.text, masked)
        for mention in set(MENTION.findall(message.text)):
            check("@mention", mention, message.text, masked)
        for name in {a for a in (message.author_name,) if a}:
            for other in messages:
                if name in other.text:
                    check("author name in body", name, other.text, masker.text(other.text))
        for field in (message.author_name, message.author_handle):
            if field:
                check("author field", field, field, masker.person(field) or "")
    for tweet in _tweets(root):
        mentions = set(MENTION.findall(tweet))
        if mentions:
            masked = masker.text(tweet)
            for mention in mentions:
                check("@mention", mention, tweet, masked)
    for phone in _whatsapp_phones(root):
        for form in (phone, f"+{phone}", f"+{phone[:3]} {phone[3:6]} {phone[6:]}"):
            check("whatsapp phone written in text", form, form, masker.text(f"رقمي {form} شكرا"))
    return found, total, misses


def report(found: Counter[str], total: Counter[str], misses: list[str]) -> str:
    lines = [f"{d}: {found[d]}/{total[d]} ({found[d] / total[d]:.1%})" for d in sorted(total)]
    lines.append(f"all: {sum(found.values())}/{sum(total.values())}")
    return "\n".join(lines + ["misses:"] + [f"  {m}" for m in misses[:40]])


@pytest.mark.shared_data
def test_recall_on_the_real_inputs(shared_data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    found, total, misses = measure(shared_data)
    with capsys.disabled():
        print("\nmasking recall on ../shared/data\n" + report(found, total, misses))
    assert total["e-mail in body"] >= 2 and total["@mention"] >= 700  # the inputs were read
    # Known miss, not fixed: WhatsApp's sample profile "User A" is a stop word and one
    # letter, so the name finder keeps neither word (a real name is found; see test_pii).
    assert misses == [
        "author name in body: 'User A' in 'User A changed from 972987654321 to 972912345678'"
    ]


if __name__ == "__main__":
    print(report(*measure(SHARED)))
