"""Watch-word rules compiled for matching: terms, co-occurrence, exclusions and sources.

A rule tags a message when one of its terms is said (a word, a phrase or a hashtag), every
``all_of`` group has one of its terms said too, no ``none_of`` term is said, and the message
comes from one of the rule's ``sources`` (all sources when none are named). So ``عاجل``
alone tags nothing; "deaths" said together with "flood" by a member of the public is a
claim to check, and the same words from a government account are its news.

Terms and messages go through the same normalisation, so ``أمطار``, ``امطار`` and
``أمطـــار`` all match; the first word of a term also matches with the common Arabic clitics
in front (و، ف، ب، ل، ال، وال، بال، لل), which people type attached to the word.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from crisisdesk.playbooks.model import WatchTerms, WatchWords
from crisisdesk.text.normalise import normalise, tokens

PRIORITY_RANK = {"low": 0, "normal": 1, "high": 2, "critical": 3}
_PREFIXES = ("", "و", "ف", "ب", "ل", "ال", "وال", "بال", "فال", "لل", "ول", "وب", "وف", "ك")
_HASHTAG = re.compile(r"#[^\W_][\w]*")
_ARABIC = re.compile(r"[\u0600-\u06ff]")


def _variants(word: str) -> frozenset[str]:
    if not _ARABIC.match(word):
        return frozenset({word})
    out = {p + word for p in _PREFIXES}
    if word.startswith("ال"):  # a term written with the article also matches without it
        bare = word[2:]
        out.update(p + bare for p in _PREFIXES)
    return frozenset(out)


@dataclass(frozen=True, slots=True)
class Message:
    """What rules look at in one message: its words, in order and as a set, and hashtags."""

    words: tuple[str, ...]
    present: frozenset[str]
    hashtags: frozenset[str]
    source: str

    @classmethod
    def of(cls, normalised: str, words: list[str] | None, source: str) -> Message:
        seq = tuple(tokens(normalised) if words is None else words)
        return cls(seq, frozenset(seq), frozenset(_HASHTAG.findall(normalised)), source)


@dataclass(frozen=True, slots=True)
class Terms:
    """Any-of terms: single words (with clitic variants), phrases, hashtags."""

    words: dict[str, str]  # variant -> the term as written
    phrases: dict[str, tuple[tuple[tuple[str, ...], str], ...]]  # first word -> (rest, term)
    hashtags: dict[str, str]

    @classmethod
    def compile(cls, terms: Iterable[str], hashtags: Iterable[str] = ()) -> Terms:
        words: dict[str, str] = {}
        phrases: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for term in terms:
            parts = tokens(term)
            if len(parts) == 1:
                for variant in _variants(parts[0]):
                    words.setdefault(variant, term)
            elif parts:
                for variant in _variants(parts[0]):
                    phrases.setdefault(variant, []).append((tuple(parts[1:]), term))
        tags = {normalise(h): h for h in hashtags}
        return cls(words, {k: tuple(v) for k, v in phrases.items()}, tags)

    def find(self, message: Message) -> str | None:
        """The first term the message says, as the playbook wrote it, or ``None``."""
        # most messages say none of a rule's terms: isdisjoint answers that in C
        if not self.words.keys().isdisjoint(message.present):
            for word in message.words:
                hit = self.words.get(word)
                if hit is not None:
                    return hit
        if self.phrases and not self.phrases.keys().isdisjoint(message.present):
            seq = message.words
            for i, word in enumerate(seq):
                for rest, term in self.phrases.get(word, ()):
                    if seq[i + 1 : i + 1 + len(rest)] == rest:
                        return term
        for tag, term in self.hashtags.items():
            if tag in message.hashtags:
                return term
        return None


def _terms(value: WatchTerms) -> Terms:
    return Terms.compile((*value.ar, *value.en))


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    category: str
    priority: str
    order: int
    any_of: Terms
    all_of: tuple[Terms, ...]
    none_of: Terms | None
    sources: frozenset[str]
    spreading: tuple[int, str] | None

    @classmethod
    def compile(cls, spec: WatchWords, order: int) -> Rule:
        return cls(
            id=spec.id or f"{spec.category}-{order + 1}",
            category=spec.category,
            priority=spec.priority,
            order=order,
            any_of=Terms.compile((*spec.ar, *spec.en), spec.hashtags),
            all_of=tuple(_terms(t) for t in spec.all_of),
            none_of=_terms(spec.none_of) if spec.none_of else None,
            sources=frozenset(spec.sources),
            spreading=(spec.spreading.messages, spec.spreading.priority)
            if spec.spreading
            else None,
        )

    @property
    def rank(self) -> tuple[int, int]:
        return PRIORITY_RANK.get(self.priority, 1), -self.order

    def match(self, message: Message) -> str | None:
        """What made the rule fire (``term + other term``), or ``None`` if it does not."""
        if self.sources and message.source not in self.sources:
            return None
        hit = self.any_of.find(message)
        if hit is None:
            return None
        said = [hit]
        for group in self.all_of:
            also = group.find(message)
            if also is None:
                return None
            said.append(also)
        if self.none_of is not None and self.none_of.find(message) is not None:
            return None
        return " + ".join(said)


@dataclass(frozen=True, slots=True)
class Hit:
    """A rule that fired: its category and priority, the rule id and the words that did it."""

    rule: Rule
    said: str

    @property
    def category(self) -> str:
        return self.rule.category

    @property
    def priority(self) -> str:
        return self.rule.priority

    @property
    def explanation(self) -> str:
        """The rule, visible to the operator: ``rule-id: term + term``."""
        return f"{self.rule.id}: {self.said}"[:200]


def best_hit(rules: Iterable[Rule], message: Message) -> Hit | None:
    """The most urgent rule the message fires (playbook order breaks ties)."""
    best: Hit | None = None
    for rule in rules:
        if best is not None and rule.rank <= best.rule.rank:
            continue
        said = rule.match(message)
        if said is not None:
            best = Hit(rule, said)
    return best


def spread_priority(rule: Rule, cluster_size: int) -> str:
    """The rule's priority, raised when the story has spread to enough messages."""
    if rule.spreading is None:
        return rule.priority
    messages, raised = rule.spreading
    if cluster_size >= messages and PRIORITY_RANK[raised] > PRIORITY_RANK[rule.priority]:
        return raised
    return rule.priority


__all__ = [
    "PRIORITY_RANK",
    "Hit",
    "Message",
    "Rule",
    "Terms",
    "best_hit",
    "spread_priority",
]
