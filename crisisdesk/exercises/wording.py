"""Realistic Arabic variation of a seed text: how one message mutates as the public repeats it.

Spelling variants (taa marbuta/haa, alef forms, yaa/alef maqsura), dialect openers and
closers from the Gulf, emoji, forward markers, repeated letters and dropped diacritics; X
copies may be ``RT @user:`` retweets. Everything derives from the seed the author wrote and
a seeded random generator, so a run is reproducible and nothing is copied from real people.
"""

from __future__ import annotations

import random
import re

_OPENERS = (
    "عاجل: ", "يا جماعة ", "انتبهوا ", "الحين وصلني: ", "صحيح الكلام هذا؟ ", "منقول: ",
    "الله يستر، ", "تكفون انشروا: ", "خبر مؤكد: ", "سمعت إن ", "⚠️ ", "🚨 عاجل ",
)  # fmt: skip
_CLOSERS = (
    " الله يحفظنا", " انشروها", " وش السالفة؟", " احد يأكد؟", " 💔", " 😱", " 🙏",
    " يا ساتر", " والله خوف", " #الشرقية", " #الدمام", " #أمطار_الشرقية", " ؟؟",
)  # fmt: skip
_FORWARD = ("*منقول*\n", "↪️ Forwarded\n", "تم تحويل الرسالة\n", "")
_DIACRITICS = re.compile(r"[\u064b-\u0652]")


def _spelling(text: str, rng: random.Random) -> str:
    words = text.split(" ")
    out = []
    stretched = False
    for word in words:
        roll = rng.random()
        if roll < 0.15 and word.endswith("ة"):
            word = word[:-1] + "ه"
        elif roll < 0.25 and word[:1] in "أإآ":
            word = "ا" + word[1:]
        elif roll < 0.32 and word.endswith("ى"):
            word = word[:-1] + "ي"
        elif roll < 0.36 and word.endswith("ي") and len(word) > 2:
            word = word[:-1] + "ى"
        elif roll < 0.38 and len(word) > 3 and not stretched:
            i = rng.randrange(1, len(word) - 1)
            if "\u0621" <= word[i] <= "\u064a":
                word = word[:i] + word[i] * rng.randint(2, 4) + word[i + 1 :]
                stretched = True
        out.append(word)
    return " ".join(out)


def vary(seed: str, rng: random.Random, *, channel: str) -> str:
    """One copy of ``seed`` as the public would re-post it on ``channel``."""
    text = _DIACRITICS.sub("", seed) if rng.random() < 0.5 else seed
    text = _spelling(text, rng)
    opener = rng.choice(_OPENERS)
    if rng.random() < 0.55 and opener.split()[0].strip(":،") not in text[:20]:
        text = opener + text
    if rng.random() < 0.5:
        text += rng.choice(_CLOSERS)
    if channel == "whatsapp" and rng.random() < 0.35:
        text = rng.choice(_FORWARD) + text
    if rng.random() < 0.1:
        text += "!!"
    return text[:4000]


__all__ = ["vary"]
