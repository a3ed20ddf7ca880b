"""What a message says, token by token, for near-duplicate detection.

A post is split into tokens of their own kind before anything is compared: links, @mentions,
hashtags, numbers and emoji are never words, so ``https://t.co/abc`` cannot become the words
"https t co abc" that every short post with a link shares. The words are normalised (the
search normalisation: hamza forms, taa marbuta, harakat, elongation) and lightly stemmed, so
``والأمطار``, ``الامطار`` and ``امطار`` are one word: that is how Arabic morphology is met.
Character 4-grams of long words were measured too, on the labelled near-duplicate set built
from the shared real tweets: they let posts that share one long word ("أندرويد") match, and
pairwise precision fell from 0.99 to 0.67 at the same recall, so shingles are word pairs.

The retweet prefix ``RT @user:`` and a trailing ``…`` of a cut-off copy are markers of the
channel, not content, and so are dropped.
"""

from __future__ import annotations

import hashlib
import itertools
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from crisisdesk.text.normalise import normalise

# A t.co link is always ten letters and digits long: a hashtag typed right after it is not
# part of it. Other links run to the next space.
_URL = re.compile(
    r"https?://t\.co/[A-Za-z0-9]{1,10}|(?:https?://|www\.)[^\s<>\"'\u200f\u200e]+",
    re.IGNORECASE,
)
_URL_STUB = re.compile(r"\b(?:https?|www)\b[:/.]*", re.IGNORECASE)  # what a cut left of a link
_RETWEET = re.compile(r"^\s*RT\s+@[\w.]+\s*:?\s*", re.IGNORECASE)
_TOKEN = re.compile(
    r"(?P<mention>@[^\W][\w.]*)"
    r"|(?P<hashtag>#[^\W][\w]*)"
    r"|(?P<number>\d+(?:[.,٫٬]\d+)*)"
    r"|(?P<word>[^\W\d_]+)"
    r"|(?P<other>\S)"
)
_CUT = re.compile(r"(?:…|\.\.\.)\s*$")
# Light stemming: the clitics people type attached to a word, longest first, and the
# commonest suffixes. A stem keeps at least three letters (four behind a one-letter clitic).
_PREFIXES = ("وبال", "وال", "بال", "كال", "فال", "لل", "ال", "و", "ف", "ب", "ل")
_SUFFIXES = ("هما", "كما", "ات", "ون", "ين", "ان", "ها", "هم", "كم", "نا", "ه", "ي")
# Words that tell no story: particles, pronouns, and the boilerplate of chain messages
# ("forwarded", "share it and be rewarded"). They are skipped, so the word pairs are made of
# the words around them, and two posts never match on "انشروها تؤجرون" alone.
STOP_WORDS = frozenset(
    normalise(w)
    for w in [
        "في",
        "من",
        "على",
        "عن",
        "إلى",
        "الى",
        "ان",
        "أن",
        "إن",
        "و",
        "او",
        "أو",
        "ثم",
        "يا",
        "ما",
        "لا",
        "لم",
        "لن",
        "هل",
        "قد",
        "كل",
        "بعد",
        "قبل",
        "مع",
        "عند",
        "هذا",
        "هذه",
        "ذلك",
        "تلك",
        "هو",
        "هي",
        "هم",
        "انا",
        "أنا",
        "انت",
        "نحن",
        "اللي",
        "الي",
        "اللى",
        "التي",
        "الذي",
        "الذين",
        "كان",
        "كانت",
        "يكون",
        "بس",
        "مش",
        "ده",
        "دي",
        "كده",
        "فيه",
        "فيها",
        "به",
        "بها",
        "له",
        "لها",
        "لهم",
        "منه",
        "منها",
        "عليه",
        "عليها",
        "الله",
        "منقول",
        "انشروها",
        "انشرها",
        "تؤجرون",
        "تؤجروا",
        "للامانه",
        "للأمانة",
        "عاجل",
        "rt",
        "via",
        "the",
        "a",
        "an",
        "of",
        "to",
        "in",
        "on",
        "at",
        "for",
        "and",
        "or",
        "is",
        "are",
        "was",
        "be",
        "it",
        "this",
        "that",
    ]
)


@dataclass(slots=True)
class Tokens:
    """A message cut into tokens of their own kinds (all normalised)."""

    words: list[str] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)
    mentions: list[str] = field(default_factory=list)
    hashtags: list[str] = field(default_factory=list)
    numbers: list[str] = field(default_factory=list)
    emoji: list[str] = field(default_factory=list)
    retweet: bool = False
    cut: bool = False

    @property
    def content(self) -> list[str]:
        """The sequence shingles are made from: words and numbers, in order."""
        return self.words


def _is_emoji(char: str) -> bool:
    return unicodedata.category(char) in ("So", "Sk") or 0x1F000 <= ord(char) <= 0x1FAFF


def tokenise(text: str) -> Tokens:
    """Cut ``text`` into kinds; total on any string (never raises, never splits a link)."""
    out = Tokens()
    body = text
    match = _RETWEET.match(body)
    if match:
        out.retweet = True
        body = body[match.end() :]
    if _CUT.search(body):
        out.cut = True
        body = _CUT.sub("", body)
        # the last word of a cut copy is usually cut too: it says nothing
        body = re.sub(r"\S+$", "", body)
    for url in _URL.findall(body):
        out.urls.append(url.rstrip(".,،؛;:!?)]}»\"'").lower())
    body = _URL_STUB.sub(" ", _URL.sub(" ", body))
    for token in _TOKEN.finditer(normalise(body)):
        kind = token.lastgroup
        value = token.group()
        if kind == "word":
            if value not in STOP_WORDS:
                out.words.append(stem(value))
        elif kind == "number":
            out.words.append("n:" + value.replace("٫", ".").replace("٬", ","))
            out.numbers.append(value)
        elif kind == "hashtag":
            out.hashtags.append(value)
        elif kind == "mention":
            out.mentions.append(value)
        elif kind == "other" and _is_emoji(value) and (not out.emoji or out.emoji[-1] != value):
            out.emoji.append(value)
    return out


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A light Arabic stem: clitics in front and common suffixes removed (≥ 3 letters stay)."""
    if not word or not ("\u0600" <= word[0] <= "\u06ff"):
        return word
    for prefix in _PREFIXES:
        # a one-letter clitic needs four letters behind it: وادي and فورا are words
        if word.startswith(prefix) and len(word) - len(prefix) >= (3 if len(prefix) > 1 else 4):
            word = word[len(prefix) :]
            break
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    return word


def shingle_strings(tokens: Tokens) -> set[str]:
    """Word pairs (stop words skipped), hashtags and links.

    Mentions and emoji are left out: a reply's ``@name`` and a row of 🙏 say nothing about
    which story a post tells.
    """
    words = tokens.content
    out: set[str] = set()
    for a, b in itertools.pairwise(words):
        out.add(f"w:{a} {b}")
    out.update(f"h:{h}" for h in tokens.hashtags)
    out.update(f"u:{u}" for u in tokens.urls)
    return out


def _digest(shingle: str) -> bytes:
    return hashlib.blake2b(shingle.encode("utf-8", "surrogatepass"), digest_size=8).digest()


def shingles(text: str) -> set[bytes]:
    """The shingles of a text as stable 8-byte digests (the same on every machine)."""
    return {_digest(s) for s in shingle_strings(tokenise(text))}


def story_shingles(text: str) -> tuple[set[bytes], set[bytes]]:
    """All the shingles of a text and what the post says in words: its pairs of words
    without the hashtags, links and numbers around them (spam repeats one line with a new
    number at the end), or, for a post with fewer than two words, its words and numbers
    one by one. The second set is empty only for a post of hashtags, links or emoji alone."""
    tokens = tokenise(text)
    strings = shingle_strings(tokens)
    said = {_digest(s) for s in strings if s.startswith("w:") and "n:" not in s}
    if not said:
        said = {_digest("1:" + word) for word in tokens.content}
    return {_digest(s) for s in strings}, said


def content_words(text: str) -> int:
    """How many words (and numbers) a text has: too few and it says nothing to compare."""
    return len(tokenise(text).content)


__all__ = [
    "Tokens",
    "content_words",
    "shingle_strings",
    "shingles",
    "stem",
    "story_shingles",
    "tokenise",
]
