"""Place names per unit and finding them in a message: the same Arabic normalisation as the
search, with the clitics Arabic fuses onto a word (``والراكة``, ``بالخبر``, ``للدمام``).

A gazetteer entry is written as the place is spoken; two marks change how it counts:
``^`` a general name (the city itself, weight 1; a district or landmark weighs 2) and ``~``
a name that is also an everyday word (``الخبر`` is "the news", ``عنك`` "about you"): it only
counts after a word that introduces a place (``في الخبر``, ``مدينة الخبر``), fused with
``ب`` (``بالخبر``), or joined by ``و`` to a place just named (``الدمام والخبر``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from crisisdesk.text.normalise import tokens

_PROCLITICS = frozenset("وفبكل")
_LATIN = re.compile(r"[a-z]")
_WORD = re.compile(r"[^\W_]+")  # a word of normalised text, as ``tokens`` splits it
# Latin articles are dropped from names and text alike ("Al-Khobar" is "Khobar").
_LATIN_ARTICLES = frozenset({"al", "el", "ad", "ar", "as", "ash", "at", "az"})
# Words after which an everyday word is read as a place name (normalised forms).
_CUES = frozenset(
    tokens(
        "في فى مدينة محافظة بلدية حي شارع شوارع طريق كورنيش شمال جنوب وسط شرق غرب اهالي "
        "سكان الى إلى من داخل منطقة أحياء قرب بجوار عند حول وصلت وصل in at near city"
    )
)


@dataclass(frozen=True)
class Entry:
    """One name of a place that belongs to a unit."""

    unit: str
    name: str
    words: tuple[str, ...]
    weight: int
    weak: bool


@dataclass(frozen=True)
class Mention:
    unit: str
    name: str
    weight: int
    position: int


def forms(word: str) -> tuple[str, ...]:
    """``word`` and what it is without the proclitics fused onto it (normalised input):
    one of و/ف, then one of ب/ك/ل, and ``لل`` read as ``ال``."""
    out = [word]
    rest = word
    if len(rest) > 3 and rest[0] in "وف":
        rest = rest[1:]
        out.append(rest)
    if len(rest) > 3 and rest.startswith("لل"):
        out.append("ال" + rest[2:])
    elif len(rest) > 3 and rest[0] in "بكل":
        out.append(rest[1:])
    return tuple(out)


def name_words(name: str) -> tuple[str, ...]:
    """The normalised words of a place name (Latin articles dropped)."""
    return tuple(w for w in tokens(name) if w not in _LATIN_ARTICLES)


def parse_entry(unit: str, spec: str) -> Entry | None:
    """An entry from its written form (``^~الخبر``), or None if it has no words."""
    weak = general = False
    name = spec
    while name[:1] in ("^", "~"):
        general |= name[0] == "^"
        weak |= name[0] == "~"
        name = name[1:]
    words = name_words(name)
    if not words:
        return None
    return Entry(unit, name.strip(), words, 1 if general else 2, weak)


class Gazetteer:
    """Every entry indexed by its first word, for one pass over a message's words."""

    def __init__(self, entries: Iterable[Entry]) -> None:
        self._first: dict[str, list[Entry]] = {}
        self.size = 0
        for entry in entries:
            self._first.setdefault(entry.words[0], []).append(entry)
            self.size += 1
        for bucket in self._first.values():  # longest first: "الراكة الشمالية" before "الراكة"
            bucket.sort(key=lambda e: -len(e.words))
        # a first word's entries split by their second word, so "حي ..." (dozens of entries)
        # costs one lookup per form of the next word, not one check per entry
        self._by_second: dict[str, dict[str, list[Entry]]] = {}
        self._single: dict[str, list[Entry]] = {}
        for head, bucket in self._first.items():
            for entry in bucket:
                if len(entry.words) == 1:
                    self._single.setdefault(head, []).append(entry)
                else:
                    second = self._by_second.setdefault(head, {})
                    second.setdefault(entry.words[1], []).append(entry)
        # every way a first word can be written with clitics fused on, to the forms it reads as
        self._heads: dict[str, tuple[str, ...]] = {}
        for head in self._first:
            for written in _written(head):
                if head in forms(written):
                    known = self._heads.get(written, ())
                    if head not in known:
                        self._heads[written] = (*known, head)

    def mentions(self, normalised: str) -> list[Mention]:
        """The places named in ``normalised`` (already through ``normalise``), in order."""
        words = _WORD.findall(normalised)
        if _LATIN.search(normalised) is not None:
            words = [w for w in words if w not in _LATIN_ARTICLES]
        # One set intersection (in C) finds the words that may start a place, clitics and
        # all; most messages have none and stop here.
        heads = self._heads
        if heads.keys().isdisjoint(words):
            return []
        found: list[Mention] = []
        resume = 0
        last_match = -2
        for i, word in enumerate(words):
            if i < resume or word not in heads:
                continue
            hit = self._hit(heads[word], words, i, last_match)
            if hit is not None:
                found.append(Mention(hit.unit, hit.name, hit.weight, i))
                last_match = i + len(hit.words) - 1
                resume = i + len(hit.words)
        return found

    def _hit(
        self, candidates: tuple[str, ...], words: list[str], i: int, last_match: int
    ) -> Entry | None:
        """The longest entry starting at word ``i`` that reads as a place there."""
        following = forms(words[i + 1]) if i + 1 < len(words) else ()
        for form in candidates:
            seconds = self._by_second.get(form)
            if seconds:
                for second in following:
                    for entry in seconds.get(second, ()):
                        if _rest_matches(entry.words, words, i) and _counts(
                            entry, words, i, last_match
                        ):
                            return entry
            for entry in self._single.get(form, ()):
                if _counts(entry, words, i, last_match):
                    return entry
        return None


def _written(head: str) -> set[str]:
    """``head`` as it may be written: with و/ف, then ب/ك/ل, and ``لل`` for ``ال``."""
    inner = {head} | {p + head for p in "بكل"}
    if head.startswith("ال"):
        inner.add("لل" + head[2:])
    return inner | {p + w for w in inner for p in "وف"}


def _rest_matches(entry_words: tuple[str, ...], words: list[str], i: int) -> bool:
    if len(entry_words) == 1:
        return True
    if i + len(entry_words) > len(words):
        return False
    return all(
        expected in forms(words[i + k]) for k, expected in enumerate(entry_words[1:], start=1)
    )


def _counts(entry: Entry, words: list[str], i: int, last_match: int) -> bool:
    """Whether a weak entry at ``i`` reads as a place here (a strong one always does)."""
    if not entry.weak:
        return True
    word = words[i]
    if i > 0 and words[i - 1] in _CUES:
        return True
    if word.startswith("ب") and word[1:] == entry.words[0]:
        return True
    return word.startswith("و") and last_match == i - 1
