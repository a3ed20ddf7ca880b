"""Which script a text is written in, and the direction controls a template must not hold.

A playbook's Arabic text must carry Arabic *letters*: Arabic-Indic digits (``٩٤٠``), the
Arabic comma or a byte-order mark are in the Arabic blocks but say nothing in Arabic.
Direction controls (RLO, LRI, RLM ...) reorder what the public reads — an override
around ``940`` shows ``049`` — so template text may not contain them; zero-width joiners
stay allowed, Urdu, Hindi and Malayalam need them.
"""

from __future__ import annotations

import unicodedata

__all__ = ["BIDI_CONTROLS", "bidi_controls", "has_arabic_letters", "has_letters"]

BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)

_ARABIC_BLOCKS = (
    (0x0600, 0x06FF),
    (0x0750, 0x077F),
    (0x0870, 0x089F),
    (0x08A0, 0x08FF),
    (0xFB50, 0xFDFF),
    (0xFE70, 0xFEFF),
)


def _is_arabic_letter(ch: str) -> bool:
    cp = ord(ch)
    return unicodedata.category(ch).startswith("L") and any(
        lo <= cp <= hi for lo, hi in _ARABIC_BLOCKS
    )


def has_arabic_letters(text: str) -> bool:
    """True when ``text`` holds at least one Arabic letter (not only digits or marks)."""
    return any(_is_arabic_letter(ch) for ch in text)


def has_letters(text: str) -> bool:
    """True when ``text`` holds a letter of any script (``940`` and ``013-000`` do not)."""
    return any(unicodedata.category(ch).startswith("L") for ch in text)


def bidi_controls(text: str) -> list[str]:
    """The direction controls in ``text`` as ``U+202E`` names, in order, each once."""
    seen: list[str] = []
    for ch in text:
        if ch in BIDI_CONTROLS:
            name = f"U+{ord(ch):04X}"
            if name not in seen:
                seen.append(name)
    return seen
