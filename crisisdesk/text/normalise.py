"""One normalisation for both indexing and queries, so any spelling variant finds the same rows.

SQLite FTS5 ``unicode61`` splits Arabic words at every haraka and treats أ/ا, ة/ه, ى/ي,
tatweel and ٣/3 as different letters; folding in Python before indexing and applying the very
same function to the query removes those differences.
"""

from __future__ import annotations

import re
import unicodedata

_LETTER_FOLDS = {
    "أ": "ا",  # alef with hamza above
    "إ": "ا",  # alef with hamza below
    "آ": "ا",  # alef with madda
    "ٱ": "ا",  # alef wasla
    "ٲ": "ا",
    "ٳ": "ا",
    "ة": "ه",  # taa marbuta
    "ى": "ي",  # alef maqsura
    "ی": "ي",  # Persian yeh, common in keyboards of the region
    "ک": "ك",  # Persian keheh
}
_DIGITS = {0x0660 + i: str(i) for i in range(10)} | {0x06F0 + i: str(i) for i in range(10)}

# Harakat, Quranic annotation marks, superscript alef and tatweel carry no meaning for search.
_MARK_RANGES = (
    (0x0610, 0x061A),
    (0x064B, 0x065F),
    (0x0670, 0x0670),
    (0x06D6, 0x06DC),
    (0x06DF, 0x06E8),
    (0x06EA, 0x06ED),
    (0x0640, 0x0640),  # tatweel
)
# Every format character (Unicode category Cf, as of Unicode 14/15): bidi controls, zero-width
# joiners, BOM, tags. They are invisible and would split or disguise words.
FORMAT_RANGES = (
    (0x00AD, 0x00AD), (0x0600, 0x0605), (0x061C, 0x061C), (0x06DD, 0x06DD), (0x070F, 0x070F),
    (0x0890, 0x0891), (0x08E2, 0x08E2), (0x180E, 0x180E), (0x200B, 0x200F), (0x202A, 0x202E),
    (0x2060, 0x2064), (0x2066, 0x206F), (0xFEFF, 0xFEFF), (0xFFF9, 0xFFFB), (0x110BD, 0x110BD),
    (0x110CD, 0x110CD), (0x13430, 0x1343F), (0x1BCA0, 0x1BCA3), (0x1D173, 0x1D17A),
    (0xE0001, 0xE0001), (0xE0020, 0xE007F),
)  # fmt: skip

FOLD_TABLE: dict[int, str | None] = {ord(k): v for k, v in _LETTER_FOLDS.items()}
FOLD_TABLE.update(_DIGITS)
for _low, _high in _MARK_RANGES + FORMAT_RANGES:
    FOLD_TABLE.update(dict.fromkeys(range(_low, _high + 1)))

# A letter written three or more times in a row is elongation (ضاااايع); digits are never folded.
_ELONGATION = re.compile(r"([^\W\d_])\1{2,}")
_TRIPLE = re.compile(r"(.)\1\1", re.DOTALL)  # cheap pre-check: most texts have no elongation
_TOKEN = re.compile(r"[^\W_]+")


def _nfkc(text: str) -> str:
    return text if unicodedata.is_normalized("NFKC", text) else unicodedata.normalize("NFKC", text)


def normalise(text: str) -> str:
    """Fold ``text`` to its search form; idempotent, total on any ``str``.

    NFKC and case folding, then one translation table (hamza forms, taa marbuta, alef maqsura,
    Arabic-Indic and Persian digits, harakat, tatweel and invisible format characters), then
    elongation and whitespace runs collapse.
    """
    out = _nfkc(_nfkc(text).casefold())
    out = out.translate(FOLD_TABLE)
    if _TRIPLE.search(out):
        out = _ELONGATION.sub(r"\1", out)
    out = " ".join(out.split())
    # Removing marks can leave a sequence that NFKC composes differently: settle it once more.
    if not unicodedata.is_normalized("NFKC", out):
        return normalise(unicodedata.normalize("NFKC", out))
    return out


def tokens(text: str) -> list[str]:
    """Search tokens of ``text`` after normalisation (letters and digits; ``_`` splits)."""
    return _TOKEN.findall(normalise(text))


__all__ = ["FOLD_TABLE", "FORMAT_RANGES", "normalise", "tokens"]
