"""The shared real Arabic messages (ArSarcasm, ASTD, X API pages) as plain rows, and an
independent measure of how alike two posts are, for tests and benchmarks.

The files are third-party data kept outside the project (``../shared/data``); every loader
returns nothing when they are absent, and the tests that need them skip.
"""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHARED_DATA = ROOT.parent / "shared" / "data"
ARSARCASM = SHARED_DATA / "arabic-messages" / "ArSarcasm_test.csv"
ASTD = SHARED_DATA / "arabic-messages" / "ASTD_Tweets.txt"
X_PAGES = SHARED_DATA / "x-api-v2" / "media_policy_violation_off.jsonl"


@dataclass(frozen=True)
class Tweet:
    id: str
    text: str
    label: str  # sentiment: negative|neutral|positive (ASTD's OBJ counts as neutral)
    sarcastic: bool | None = None
    dialect: str | None = None
    source: str | None = None
    kind: str | None = None  # ASTD's own label (OBJ, NEUTRAL, NEG, POS)


def arsarcasm() -> list[Tweet]:
    if not ARSARCASM.is_file():
        return []
    with ARSARCASM.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return [
        Tweet(
            id=f"arsarcasm-{i}",
            text=_unquote(row["tweet"]),
            label=row["sentiment"],
            sarcastic=row["sarcasm"] == "True",
            dialect=row["dialect"],
            source=row["source"],
        )
        for i, row in enumerate(rows)
    ]


_ASTD_LABELS = {"NEG": "negative", "POS": "positive", "NEUTRAL": "neutral", "OBJ": "neutral"}


def astd() -> list[Tweet]:
    if not ASTD.is_file():
        return []
    out = []
    for i, line in enumerate(ASTD.read_text(encoding="utf-8").splitlines()):
        text, _, label = line.rpartition("\t")
        if label in _ASTD_LABELS and text.strip():
            out.append(Tweet(f"astd-{i}", text, _ASTD_LABELS[label], kind=label))
    return out


def _unquote(text: str) -> str:
    """ArSarcasm wraps many tweets in a second layer of CSV quotes."""
    if len(text) >= 2 and text.startswith('"') and text.endswith('"'):
        return text[1:-1].replace('""', '"')
    return text


def x_pages() -> list[dict[str, object]]:
    if not X_PAGES.is_file():
        return []
    return [json.loads(line) for line in X_PAGES.read_text(encoding="utf-8").splitlines() if line]


_LINK = re.compile(r"https?://\S+|www\.\S+|@\w+|#", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]+")


def plain_words(text: str) -> set[str]:
    """The words a reader sees, links, mentions and hashtag signs left out, folded."""
    from crisisdesk.text.normalise import normalise

    body = re.sub(r"^\s*RT\s+", "", text)
    return {w for w in _WORD.findall(normalise(_LINK.sub(" ", body))) if len(w) > 1}


def word_jaccard(a: str, b: str) -> float:
    """How alike two posts are by the words a reader sees: an independent yardstick."""
    wa, wb = plain_words(a), plain_words(b)
    if not wa or not wb:
        return 0.0
    return len(wa & wb) / len(wa | wb)
