"""Search recall per spelling class on the real Arabic tweets (ArSarcasm + ASTD), with and
without the proclitic handling, and the precision the proclitic forms cost.

A pair (message, query) is made from a word of a real message, spelled the way a person
might type it: as written, without the article, with bare alef for hamza, with ه for ة,
with ي for ى, and — the proclitic classes — the word without a و/ف written onto it, with
ال for بال/كال/لل ("الدمام" for "بالدمام"), and without ب/ل/ك alone (not stripped by the
index, shown so the recall it leaves is visible). A pair is
recalled when the message is among the matches, decided with the index's own rule (every
query word, normalised, is a prefix of an indexed form: what FTS5 ``"word"*`` and tsquery
``word:*`` do) over the very ``index_text`` and ``query_tokens`` that storage and search use.

Precision of the proclitic forms: a message matched only through a word stripped of a
leading و/ف (not by the same query without proclitic forms) counts as right when what is
left is itself a word written alone somewhere in the corpus ("اصابه" for "واصابه") and as
wrong otherwise ("زاره" for "وزاره": there the و is part of the word).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from crisisdesk.intake import search
from crisisdesk.text.normalise import normalise, tokens

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.helpers.real_messages import arsarcasm, astd  # noqa: E402

_ARABIC_WORD = re.compile(r"[\u0621-\u064a]{4,}")
PER_CLASS = 3000


def _old_index(normalised: str) -> list[str]:
    """The index before proclitics: words, plus each word without its article only."""
    words = tokens(normalised)
    extra = []
    for word in words:
        for article in search._ARTICLES:
            if word.startswith(article) and len(word) - len(article) >= 2:
                extra.append(word[len(article) :])
                break
    return words + extra


def _found(index: list[str], query: str) -> bool:
    return all(any(t.startswith(q) for t in index) for q in search.query_tokens(query))


def _variants(word: str, alone: set[str]) -> dict[str, str]:
    out = {"as written": word}
    folded = normalise(word)
    if word.startswith("ال") and len(word) > 4:
        out["without the article"] = word[2:]
    if any(c in word for c in "أإآ"):
        out["bare alef for hamza"] = re.sub("[أإآ]", "ا", word)
    if word.endswith("ة"):
        out["ه for ة"] = word[:-1] + "ه"
    if word.endswith("ى"):
        out["ي for ى"] = word[:-1] + "ي"
    if word[0] in "وف" and len(folded) >= 5 and folded[1:] in alone:
        out["without و/ف written on"] = word[1:]
    if folded.startswith(("بال", "كال")) and len(folded) > 5:
        out["ال for بال/كال written on"] = "ال" + word[3:]
    elif folded.startswith("لل") and len(folded) > 4:
        out["ال for لل written on"] = "ال" + word[2:]
    elif word[0] in "بلك" and len(folded) >= 5 and folded[1:] in alone:
        # left out on purpose: alone, ب/ل/ك are too often the word's own letter (كتاب)
        out["without ب/ل/ك alone (kept)"] = word[1:]
    return out


def measure() -> dict[str, object] | None:
    texts = [t.text for t in arsarcasm() + astd()]
    if not texts:
        return None
    normalised = [normalise(t) for t in texts]
    alone: set[str] = set()
    for n in normalised:
        alone.update(tokens(n))
    new_index = [search.index_text(n).split() for n in normalised]
    old_index = [_old_index(n) for n in normalised]
    pairs: dict[str, list[tuple[int, str]]] = {}
    for i, text in enumerate(texts):
        for word in _ARABIC_WORD.findall(text):
            for name, query in _variants(word, alone).items():
                bucket = pairs.setdefault(name, [])
                if len(bucket) < PER_CLASS:
                    bucket.append((i, query))
    table: dict[str, dict[str, float]] = {}
    for name, items in pairs.items():
        table[name] = {
            "pairs": len(items),
            "recall_before": round(sum(_found(old_index[i], q) for i, q in items) / len(items), 3),
            "recall_now": round(sum(_found(new_index[i], q) for i, q in items) / len(items), 3),
        }
    # precision: the extra messages that proclitic forms bring to 300 queries of the class
    queries = list(dict.fromkeys(q for _, q in pairs.get("without و/ف written on", [])))[:300]
    extra = right = matched = 0
    for query in queries:
        words = search.query_tokens(query)
        for i in range(len(texts)):
            if not _found(new_index[i], query):
                continue
            matched += 1
            if _found(old_index[i], query):
                continue
            extra += 1
            stripped = [
                t[1:]
                for t in tokens(normalised[i])
                if t[:1] in "وف"
                and any(f.startswith(w) for f in search._without_proclitics(t) for w in words)
            ]
            right += any(s in alone or search._without_article(s) in alone for s in stripped)
    return {
        "messages": len(texts),
        "classes": table,
        "proclitic_queries": len(queries),
        "matches": matched,
        "matches_only_through_proclitic_forms": extra,
        "of_them_right": right,
        "precision_of_those": round(right / extra, 3) if extra else 1.0,
        "precision_overall": round((matched - extra + right) / matched, 3) if matched else 1.0,
    }


def lines(result: dict[str, object]) -> list[str]:
    out = [f"search recall on {result['messages']} real tweets (before → now):"]
    classes = result["classes"]
    assert isinstance(classes, dict)
    for name, row in classes.items():
        out.append(
            f"  {name:<26} {row['recall_before']:.3f} → {row['recall_now']:.3f}"
            f"  ({row['pairs']} pairs)"
        )
    out.append(
        f"  proclitic forms: {result['matches_only_through_proclitic_forms']} of "
        f"{result['matches']} matches come only through them, {result['of_them_right']} right "
        f"(precision {result['precision_of_those']}, overall {result['precision_overall']})"
    )
    return out
