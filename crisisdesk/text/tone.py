"""The tone of a public message: negative, neutral or positive, and anger or fear.

Offline and small: a lexicon written for CrisisDesk (`crisisdesk.text.tone_lexicon`), with
negation ("ما قصرتم", "مو زين", "not safe"), intensifiers and emoji, matched on the search
normalisation with the common Arabic clitics taken off. It runs in microseconds per message
on a laptop and ships inside the package; nothing is downloaded.

What it cannot do: read sarcasm ("شكرا يا بلدية على السباحة في الشارع" reads as thanks),
irony, or a tone carried by context rather than words. The shared ArSarcasm set measures how
often that misleads it (see ``bench/triage_quality.py``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from crisisdesk.text import tone_lexicon as lex
from crisisdesk.text.normalise import normalise

TONES: tuple[str, ...] = ("negative", "neutral", "positive")
EMOTIONS: tuple[str, ...] = ("anger", "fear")
_WORD = re.compile(r"[^\W\d_]+")
_PREFIXES = ("وبال", "وال", "بال", "فال", "كال", "لل", "ال", "و", "ف", "ب", "ل")
_SUFFIXES = ("كم", "هم", "ها", "نا", "ه", "ي", "ك")
NEGATION_SPAN = 3
_QUESTION = re.compile(r"[?؟]|^\s*(?:هل|متى|وين|ليش|كيف|is|are|when|where|can)\b")


@dataclass(frozen=True, slots=True)
class Tone:
    tone: str
    emotion: str | None
    score: float


@dataclass(frozen=True)
class _Lexicon:
    polarity: dict[str, float]
    phrases: dict[tuple[str, ...], float]
    anger: frozenset[str]
    fear: frozenset[str]
    negators: frozenset[str]
    intensifiers: frozenset[str]


def _fold(words: list[str]) -> list[str]:
    return [w for word in words for w in _WORD.findall(normalise(word))]


@cache
def _lexicon() -> _Lexicon:
    polarity: dict[str, float] = {}
    phrases: dict[tuple[str, ...], float] = {}
    for words, weight in (
        (lex.POSITIVE_2, 2.0),
        (lex.POSITIVE_1, 1.0),
        (lex.NEGATIVE_2, -2.0),
        (lex.NEGATIVE_1, -1.0),
    ):
        for word in words:
            parts = _WORD.findall(normalise(word))
            if len(parts) == 1:
                polarity.setdefault(parts[0], weight)
            elif parts:
                phrases.setdefault(tuple(parts), weight)
    for text, weight in lex.PHRASES.items():
        phrases[tuple(_WORD.findall(normalise(text)))] = weight
    return _Lexicon(
        polarity,
        phrases,
        frozenset(_fold(lex.ANGER)),
        frozenset(_fold(lex.FEAR)),
        frozenset(_fold(lex.NEGATORS)),
        frozenset(_fold(lex.INTENSIFIERS)),
    )


def _forms(words: Iterable[str]) -> dict[str, str]:
    """Every form a word is written in, with the clitics and suffixes people attach, mapped
    to the word (built once, so scoring a message is one dictionary look-up per word)."""
    out: dict[str, str] = {}
    for word in words:
        out.setdefault(word, word)
    for word in words:
        for suffix in ("", *_SUFFIXES):
            for prefix in ("", *_PREFIXES):
                out.setdefault(prefix + word + suffix, word)
    return out


@cache
def _tables() -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    lexicon = _lexicon()
    return _forms(lexicon.polarity), _forms(lexicon.anger), _forms(lexicon.fear)


@cache
def _phrase_heads() -> frozenset[str]:
    """The first word of every phrase: only a word that begins one is tried as a phrase."""
    return frozenset(phrase[0] for phrase in _lexicon().phrases if phrase)


_EMOJI = frozenset((*lex.POSITIVE_EMOJI, *lex.NEGATIVE_EMOJI, *lex.ANGER_EMOJI, *lex.FEAR_EMOJI))

_EMOTION_PHRASES = (
    frozenset(tuple(_WORD.findall(normalise(p))) for p in lex.ANGER_PHRASES),
    frozenset(tuple(_WORD.findall(normalise(p))) for p in lex.FEAR_PHRASES),
)


def score_tone(text: str, folded: str | None = None) -> Tone:
    """The tone of ``text``; total on any string (empty text is neutral).

    ``folded`` is ``normalise(text)`` when the caller has it already (ingest does)."""
    lexicon = _lexicon()
    polarity, anger_forms, fear_forms = _tables()
    heads = _phrase_heads()
    if folded is None:
        folded = normalise(text or "")
    words = _WORD.findall(folded)
    score = 0.0
    anger = fear = 0
    skip = 0
    for i, word in enumerate(words):
        if skip:
            skip -= 1
            continue
        weight = 0.0
        for length in (4, 3, 2) if word in heads else ():
            phrase = tuple(words[i : i + length])
            if len(phrase) == length and phrase in lexicon.phrases:
                weight = lexicon.phrases[phrase]
                skip = length - 1
                anger += phrase in _EMOTION_PHRASES[0]
                fear += phrase in _EMOTION_PHRASES[1]
                break
        if not weight:
            found = polarity.get(word)
            weight = lexicon.polarity[found] if found else 0.0
        if word in anger_forms:
            anger += 1
        if word in fear_forms:
            fear += 1
        if not weight:
            continue
        before = words[max(0, i - NEGATION_SPAN) : i]
        if any(b in lexicon.negators for b in before) and weight != 0:
            weight = -weight
        if any(b in lexicon.intensifiers for b in words[max(0, i - 1) : i + 2]):
            weight *= 1.5
        score += weight
    for char in set(text or "") & _EMOJI:  # each emoji once, times how often it occurs
        n = text.count(char)
        if char in lex.POSITIVE_EMOJI:
            score += 1.0 * n
        elif char in lex.NEGATIVE_EMOJI:
            score -= 1.0 * n
        if char in lex.ANGER_EMOJI:
            anger += n
        if char in lex.FEAR_EMOJI:
            fear += n
    if _QUESTION.search(folded):  # "is the road open?" asks; it does not praise
        score *= 0.5
    if score >= 1.0:
        tone = "positive"
    elif score <= -1.0:
        tone = "negative"
    else:
        tone = "neutral"
    emotion = None
    if tone == "negative" and (anger or fear):
        emotion = "anger" if anger >= fear else "fear"
    elif fear >= 2:
        emotion = "fear"
    return Tone(tone, emotion, round(score, 2))


__all__ = ["EMOTIONS", "TONES", "Tone", "score_tone"]
