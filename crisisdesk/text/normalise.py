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
_DIGIT_FOLDS = {0x0660 + i: str(i) for i in range(10)} | {0x06F0 + i: str(i) for i in range(10)}

# Harakat, Quranic annotation marks, superscript alef and tatweel carry no meaning for search.
_MARKS = re.compile(
    "[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed\u0640]"
)
# A letter written three or more times in a row is elongation (ضاااايع); digits are never folded.
_ELONGATION = re.compile(r"([^\W\d_])\1{2,}")
_SPACES = re.compile(r"\s+")
_TOKEN = re.compile(r"[^\W_]+")

_TABLE = str.maketrans({**_LETTER_FOLDS, **{chr(k): v for k, v in _DIGIT_FOLDS.items()}})


def _strip_format_chars(text: str) -> str:
    """Drop invisible format characters (bidi controls, zero-width, BOM) that split words."""
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cf")


def normalise(text: str) -> str:
    """Fold ``text`` to its search form; idempotent, total on any ``str``."""
    out = unicodedata.normalize("NFKC", text)
    out = unicodedata.normalize("NFKC", out.casefold())
    out = _strip_format_chars(out)
    out = out.translate(_TABLE)
    out = _MARKS.sub("", out)
    out = _ELONGATION.sub(r"\1", out)
    out = _SPACES.sub(" ", out).strip()
    # Removing marks can leave a sequence that NFKC composes differently: settle it once more.
    again = unicodedata.normalize("NFKC", out)
    if again != out:
        return normalise(again)
    return out


def tokens(text: str) -> list[str]:
    """Search tokens of ``text`` after normalisation (letters and digits; ``_`` splits)."""
    return _TOKEN.findall(normalise(text))


__all__ = ["normalise", "tokens"]
