"""A labelled near-duplicate set built from the shared real tweets, and pairwise scoring.

Families: a real tweet and the copies people really make of such a post — a forward with
"منقول", a line of emoji, a hashtag or a link added, a word dropped, hamza and taa marbuta
respelt, letters stretched, a retweet cut at 140 characters, a WhatsApp forward with a plea
to share. Every other real tweet is a distractor. Real tweets that are themselves copies of
one another (the same retweet twice in the data) are labelled one family by an independent
yardstick (the words a reader sees overlap by 80 % or more); pairs between 50 % and 80 % are
ambiguous and left out of the score rather than counted either way.
"""

from __future__ import annotations

import random
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from tests.helpers.real_messages import Tweet, plain_words

EMOJI = ["🙏", "😱", "💔", "⚠️", "🔴", "😢", "‼️"]
TAGS = ["#الدمام_الآن", "#الشرقية", "#عاجل", "#أمطار_الشرقية", "#ترند"]
ADDED = ["الله يستر", "انشروها تؤجرون", "صح الكلام؟", "حسبي الله", "وش السالفة"]


@dataclass(frozen=True)
class Item:
    id: str
    text: str
    family: str


def _respell(text: str, rng: random.Random) -> str:
    swaps = [("أ", "ا"), ("إ", "ا"), ("ة ", "ه "), ("ى ", "ي "), ("ا", "اا")]
    a, b = rng.choice(swaps)
    return text.replace(a, b, 2)


def _drop_word(text: str, rng: random.Random) -> str:
    words = text.split()
    if len(words) < 7:
        return text + " " + rng.choice(ADDED)
    del words[rng.randrange(1, len(words) - 1)]
    return " ".join(words)


def _cut_retweet(text: str, rng: random.Random) -> str:
    full = f"RT @user{rng.randrange(1000)}: {text}"
    return full if len(full) <= 140 else full[:139] + "…"


def variants(text: str, rng: random.Random) -> list[str]:
    """Three to five realistic copies of one post."""
    makers = [
        lambda t: "منقول: " + t,
        lambda t: t + " " + "".join(rng.choice(EMOJI) for _ in range(rng.randrange(1, 4))),
        lambda t: t + " " + rng.choice(TAGS),
        lambda t: t + f" https://t.co/{rng.randrange(16**10):010x}",
        lambda t: _drop_word(t, rng),
        lambda t: _respell(t, rng),
        lambda t: _cut_retweet(t, rng),
        lambda t: "*Forwarded*\n" + t + "\n" + rng.choice(ADDED),
        lambda t: rng.choice(ADDED) + "\n" + t,
    ]
    chosen = rng.sample(makers, rng.randrange(3, 6))
    return [make(text) for make in chosen]


def _usable(tweet: Tweet) -> bool:
    words = plain_words(tweet.text)
    return len(words) >= 6


def build(
    tweets: Sequence[Tweet], *, families: int, distractors: int, seed: int = 18
) -> list[Item]:
    """``families`` real posts with their copies, and ``distractors`` other real posts."""
    rng = random.Random(seed)
    pool = [t for t in tweets if _usable(t)]
    rng.shuffle(pool)
    bases, others = pool[:families], pool[families : families + distractors]
    items: list[Item] = []
    for base in bases:
        items.append(Item(base.id, base.text, base.id))
        for n, text in enumerate(variants(base.text, rng)):
            items.append(Item(f"{base.id}~{n}", text, base.id))
    items.extend(Item(t.id, t.text, t.id) for t in others)
    rng.shuffle(items)
    return _join_real_copies(items)


def _join_real_copies(items: list[Item]) -> list[Item]:
    """Real posts that are copies of each other (≥ 80 % of their words) are one family."""
    words = {i.id: plain_words(i.text) for i in items}
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.get(x, x) != x:
            x = parent[x]
        return x

    for a, b in _candidate_pairs(items, words):
        fa, fb = a.family, b.family
        if fa != fb and _overlap(words[a.id], words[b.id]) >= 0.8:
            parent[find(fa)] = find(fb)
    return [Item(i.id, i.text, find(i.family)) for i in items]


def _overlap(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def _candidate_pairs(
    items: Sequence[Item], words: dict[str, set[str]]
) -> Iterable[tuple[Item, Item]]:
    """Pairs that share a rarer word (an inverted index; all pairs would be quadratic)."""
    frequency: dict[str, int] = defaultdict(int)
    for item in items:
        for word in words[item.id]:
            frequency[word] += 1
    index: dict[str, list[Item]] = defaultdict(list)
    for item in items:
        rare = sorted(words[item.id], key=lambda w: (frequency[w], w))[:3]
        for word in rare:
            index[word].append(item)
    seen: set[tuple[str, str]] = set()
    for group in index.values():
        if len(group) > 200:
            continue
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                key = (a.id, b.id) if a.id < b.id else (b.id, a.id)
                if key not in seen:
                    seen.add(key)
                    yield a, b


@dataclass(frozen=True)
class PairScore:
    precision: float
    recall: float
    true_pairs: int
    predicted_pairs: int
    ambiguous_pairs: int

    def to_json(self) -> dict[str, float | int]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "true_pairs": self.true_pairs,
            "predicted_pairs": self.predicted_pairs,
            "ambiguous_pairs_left_out": self.ambiguous_pairs,
        }


def pairwise(items: Sequence[Item], cluster_of: dict[str, int | None]) -> PairScore:
    """Pairwise precision and recall of a clustering against the families."""
    words = {i.id: plain_words(i.text) for i in items}
    by_family: dict[str, list[Item]] = defaultdict(list)
    by_cluster: dict[int, list[Item]] = defaultdict(list)
    for item in items:
        by_family[item.family].append(item)
        cid = cluster_of.get(item.id)
        if cid is not None:
            by_cluster[cid].append(item)
    true_pairs = sum(len(m) * (len(m) - 1) // 2 for m in by_family.values())
    hit = wrong = ambiguous = 0
    for members in by_cluster.values():
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                if a.family == b.family:
                    hit += 1
                elif _overlap(words[a.id], words[b.id]) >= 0.5:
                    ambiguous += 1
                else:
                    wrong += 1
    predicted = hit + wrong
    return PairScore(
        precision=hit / predicted if predicted else 1.0,
        recall=hit / true_pairs if true_pairs else 1.0,
        true_pairs=true_pairs,
        predicted_pairs=predicted,
        ambiguous_pairs=ambiguous,
    )


def purity(clusters: dict[int, list[str]], texts: dict[str, str]) -> float:
    """Share of clustered messages whose words overlap their cluster's first message by at
    least 30 % (the yardstick finding 3 used): 1.0 is a clustering with no stray member."""
    from tests.helpers.real_messages import word_jaccard

    total = good = 0
    for members in clusters.values():
        head = texts[members[0]]
        for member in members:
            total += 1
            good += member == members[0] or word_jaccard(head, texts[member]) >= 0.3
    return good / total if total else 1.0


_SPACE = re.compile(r"\s+")
