"""Guess whether a message is Arabic, English (Latin script) or mixed, to route replies."""

from __future__ import annotations

import unicodedata

AR = "ar"
EN = "en"
MIXED = "mixed"

# Handles, links, mail addresses and hashtags are Latin even in Arabic tweets; they say
# nothing of the language. Tested per whitespace-separated word: linear in the text (a
# regular expression such as ``\S+@\S+`` is quadratic on one long word without spaces).
_NOISE_STARTS = ("http://", "https://", "www.", "@", "#")


def _is_noise(word: str) -> bool:
    return word.startswith(_NOISE_STARTS) or "@" in word


_DOMINANT = 0.8


def _script(ch: str) -> str | None:
    if not ch.isalpha():
        return None
    code = ord(ch)
    if 0x0600 <= code <= 0x06FF or 0x0750 <= code <= 0x077F or 0x08A0 <= code <= 0x08FF:
        return AR
    if 0xFB50 <= code <= 0xFDFF or 0xFE70 <= code <= 0xFEFF:
        return AR
    if unicodedata.name(ch, "").startswith("LATIN"):
        return EN
    return None


def detect_language(text: str | None) -> str | None:
    """``"ar"``, ``"en"``, ``"mixed"``, or ``None`` when there are no Arabic or Latin letters."""
    if not text:
        return None
    counts = {AR: 0, EN: 0}
    for word in text.split():
        if _is_noise(word):
            continue
        for ch in word:
            script = _script(ch)
            if script is not None:
                counts[script] += 1
    total = counts[AR] + counts[EN]
    if total == 0:
        return None
    if counts[AR] / total >= _DOMINANT:
        return AR
    if counts[EN] / total >= _DOMINANT:
        return EN
    return MIXED


__all__ = ["AR", "EN", "MIXED", "detect_language"]
