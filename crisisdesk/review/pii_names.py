"""Person names in the public's text: the authors' own names, names from a gazetteer of
common Arabic given and family names shipped with the package, kunyas (أبو سعيد, أم خالد),
compounds (عبد الله) and chains (محمد بن فهد), in Arabic and Latin letters.

Arabic glues clitics to the word (بمحمد, وللقحطاني), so each word is looked up as written and
without them; family names also without the article. A given name that is also an ordinary
word (سالم "safe", أمل "hope") counts only next to another name. A name after a title or a
place word (طريق الملك فهد, King Fahd Road, Prince … Street) is a place or a public office,
not a member of the public, and is kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from crisisdesk.text.normalise import FOLD_TABLE

# Word characters plus the marks, tatweel and invisible characters that may sit inside an
# Arabic word; digits and underscores end a name.
TOKEN = re.compile(
    "(?:[^\\W\\d_]|[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640\u200b-\u200f\u2060])+"
)
# Between two words of one name: spaces, a hyphen (Al-Shehri), an apostrophe.
JOIN = re.compile("^[ \t\u00a0\u200c\u200f\u200e'\u2019-]{1,3}$")
CUE_JOIN = re.compile("^\\.?[ \t\u00a0:\u200f\u200e]{1,3}$")  # "Mr. Smith", "اسمي: ريان"
# Folding for names keeps alef maqsura: على (on) must not read as علي (Ali).
NAME_FOLD: dict[int, str | None] = {k: v for k, v in FOLD_TABLE.items() if k != ord("ى")}

PREFIXES = ("وبال", "فبال", "وال", "فال", "بال", "كال", "ولل", "فلل", "لل", "وب", "فب", "ول",
            "فل", "وك", "فك", "و", "ف", "ب", "ل", "ك")  # fmt: skip
KUNYA = frozenset({"ابو", "ابا", "ابي", "ام", "بو", "abu", "abou", "umm", "um", "oum"})
BIN = frozenset({"بن", "بنت", "ابن", "bin", "bint", "ibn", "ben"})
ABD = frozenset({"عبد", "abd", "abdul", "abdel"})
LATIN_ARTICLE = frozenset({"al", "el"})
# Words after which a name follows (السيد فلان, اسمي فلان, Mr Smith): the next word is a name
# even when no list knows it.
CUES = frozenset(
    {
        "اسمي", "السيد", "السيده", "الاستاذ", "الاستاذه", "الدكتور", "الدكتوره", "الاخ",
        "الاخت", "المواطن", "المواطنه", "المهندس", "المهندسه", "الحاج", "الحاجه", "الشيخ",
        "mr", "mrs", "ms", "miss", "dr", "eng", "sheikh",
    }
)  # fmt: skip
TITLES = frozenset(
    {
        "الملك", "ملك", "الامير", "امير", "الاميره", "اميره", "الملكه", "شارع", "طريق", "حي",
        "مسجد", "جامع", "مستشفي", "مستشفى", "مدرسه", "جامعه", "مدينه", "مركز", "ميدان",
        "دوار", "مطار", "ميناء", "برج", "قاعده", "كليه", "مجمع", "حديقه", "جسر", "نفق",
        "king", "prince", "princess", "queen", "street", "road", "st", "rd", "avenue", "ave",
        "mosque", "hospital", "university", "school", "district", "bridge", "tower",
        "airport", "port", "college", "center", "centre", "park", "tunnel", "highway",
    }
)  # fmt: skip
# Never a name, whatever an author called themself.
STOP = frozenset(
    {
        "الله", "لله", "الحمد", "من", "في", "على", "الى", "إلى", "عن", "مع", "هذا", "هذه", "ان",
        "لا", "ما", "هل", "يا", "تم", "قد", "كل", "او", "the", "and", "of", "in", "on", "to",
        "for", "news", "official", "user", "admin", "info",
    }
)  # fmt: skip
NOT_AFTER_KUNYA = frozenset({"ظبي", "dhabi", "لا", "انا", "انت"})

CACHE = 100_000
NAME, AMBIGUOUS, KUNYA_MARK, BIN_MARK, ABD_MARK, ARTICLE, TITLE, NONE = 1, 2, 3, 4, 5, 6, 7, 0
CUE = 8


def fold_name(word: str) -> str:
    """A word as names compare: marks and hamza forms folded, lower case, alef maqsura kept."""
    return word.translate(NAME_FOLD).casefold()


def name_key(value: str) -> str:
    """The key that makes two writings of one name one person (author field or text)."""
    return " ".join(fold_name(t) for t in TOKEN.findall(value)) or value.strip().casefold()


@dataclass(frozen=True)
class Gazetteer:
    given: frozenset[str]
    ambiguous: frozenset[str]
    family: frozenset[str]


def _lines(name: str) -> list[str]:
    text = resources.files("crisisdesk.resources").joinpath(f"names/{name}").read_text("utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and line[0] != "#"]


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The shipped lists, folded; a name ending in ى also in its common ي spelling."""
    given: set[str] = set()
    family: set[str] = set()
    section = given
    for line in _lines("latin.txt"):
        if line.startswith("["):
            section = family if line == "[family]" else given
            continue
        section.add(fold_name(line))
    for line in _lines("given.txt"):
        given.add(fold_name(line))
    for line in _lines("family.txt"):
        family.add(fold_name(line))
    ambiguous = {fold_name(line) for line in _lines("ambiguous.txt")} | {"علي", "ali"}
    for word in list(given):
        if word.endswith("ى"):
            given.add(word[:-1] + "ي")
    return Gazetteer(
        frozenset(given - ambiguous), frozenset(ambiguous), frozenset(family | {"قحطانى"})
    )


def candidates(word: str) -> list[str]:
    """A folded word as written and without its clitics (and article, for family names)."""
    out = [word]
    for prefix in PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 2:
            rest = word[len(prefix) :]
            out.append("ال" + rest if prefix.endswith(("لل", "ال")) else rest)
    return out


class NameFinder:
    """Classifies words once (a cache per export) and finds the runs that are names."""

    def __init__(self) -> None:
        self.gaz = gazetteer()
        self.authors: set[str] = set()
        self._kinds: dict[str, tuple[int, str]] = {}
        self._seen: set[str] = set()
        self._interesting: set[str] = set()

    def add_author(self, value: str) -> None:
        for word in TOKEN.findall(value):
            folded = fold_name(word)
            if len(folded) >= 3 and folded not in STOP and folded not in TITLES:
                self.authors.add(folded)
        self._kinds.clear()
        self._seen.clear()
        self._interesting.clear()

    def kind(self, word: str) -> tuple[int, str]:
        """(class, the name form found) of one word as written; cached."""
        found = self._kinds.get(word)
        if found is None:
            found = self._classify(fold_name(word))
            if len(self._kinds) < CACHE:
                self._kinds[word] = found
        return found

    def _classify(self, folded: str) -> tuple[int, str]:
        if folded in TITLES:
            return TITLE, folded
        if folded in STOP:
            return NONE, folded
        if folded in KUNYA:
            return KUNYA_MARK, folded
        if folded in BIN:
            return BIN_MARK, folded
        if folded in ABD:
            return ABD_MARK, folded
        if folded in LATIN_ARTICLE:
            return ARTICLE, folded
        if folded in CUES:
            return CUE, folded
        gaz = self.gaz
        ambiguous = None
        for form in candidates(folded):
            if form in gaz.ambiguous:
                # an ordinary word, even when someone is called so: only next to a name
                ambiguous = ambiguous or form
                continue
            if form in self.authors or form in gaz.given:
                return NAME, form
            bare = form[2:] if form.startswith("ال") and len(form) > 4 else form
            if bare in gaz.family or form in gaz.family:
                return NAME, bare
        if ambiguous is not None:
            return AMBIGUOUS, ambiguous
        for form in candidates(folded)[1:]:
            if form in TITLES:
                return TITLE, form
        return NONE, folded

    def _maybe(self, text: str) -> bool:
        """Whether any word of ``text`` can start a name: set operations on words seen
        before, so most texts of an export cost one ``findall``."""
        words = set(TOKEN.findall(text))
        new = words - self._seen
        if new:
            if len(self._seen) > CACHE:
                self._seen.clear()
                self._interesting.clear()
            for word in new:
                if self.kind(word)[0] not in (NONE, TITLE):
                    self._interesting.add(word)
            self._seen |= new
        return not words.isdisjoint(self._interesting)

    def runs(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, key) of every name in ``text``, neighbours joined into one run."""
        if not self._maybe(text):
            return []
        words = [(m.start(), m.end(), *self.kind(m.group(0))) for m in TOKEN.finditer(text)]
        n = len(words)
        joined = [
            i + 1 < n
            and bool(
                (CUE_JOIN if words[i][2] == CUE else JOIN).match(
                    text[words[i][1] : words[i + 1][0]]
                )
            )
            for i in range(n)
        ]
        mark = _marks(text, words, joined)
        out: list[tuple[int, int, str]] = []
        i = 0
        while i < n:
            if not mark[i]:
                i += 1
                continue
            j = i
            while j + 1 < n and joined[j] and mark[j + 1]:
                j += 1
            after_title = i > 0 and joined[i - 1] and words[i - 1][2] == TITLE
            if not after_title:
                key = " ".join(words[k][3] for k in range(i, j + 1))
                out.append((words[i][0], words[j][1], key))
            i = j + 1
        return out


Word = tuple[int, int, int, str]
NEAR_NAME = (NAME, AMBIGUOUS, KUNYA_MARK, BIN_MARK, ABD_MARK, CUE)


def _marks(text: str, words: list[Word], joined: list[bool]) -> list[bool]:
    """Which words belong to a name, from each word's class and its neighbours'."""
    n = len(words)
    mark = [False] * n
    for i, word in enumerate(words):
        cls = word[2]
        nxt = i + 1 < n and joined[i]
        prv = i > 0 and joined[i - 1]
        if cls == NAME:
            mark[i] = True
        elif cls == AMBIGUOUS:
            near = ([words[i + 1][2]] if nxt else []) + ([words[i - 1][2]] if prv else [])
            mark[i] = any(c in NEAR_NAME for c in near)
        elif cls in (KUNYA_MARK, ABD_MARK) and nxt:
            follower = fold_name(text[words[i + 1][0] : words[i + 1][1]])
            if len(follower) >= 3 and follower not in NOT_AFTER_KUNYA and words[i + 1][2] != TITLE:
                mark[i] = mark[i + 1] = True
        elif cls == BIN_MARK and nxt and prv and words[i - 1][2] in (NAME, AMBIGUOUS):
            if words[i + 1][2] != TITLE:
                mark[i] = mark[i + 1] = True
        elif cls == ARTICLE and nxt and words[i + 1][2] == NAME:
            mark[i] = True
        elif cls == CUE and nxt and words[i + 1][2] not in (TITLE, CUE):
            follower = fold_name(text[words[i + 1][0] : words[i + 1][1]])
            if len(follower) >= 2 and follower not in STOP:
                mark[i + 1] = True
    # an ambiguous word next to a confirmed one, and a family name no list knows right after
    # a name (محمد المحمدي, Faisal Smith), settle in a second pass
    for i in range(n):
        left = i > 0 and joined[i - 1] and mark[i - 1]
        right = i + 1 < n and joined[i] and mark[i + 1]
        if mark[i] or words[i][2] in (TITLE, CUE):
            continue
        if (words[i][2] == AMBIGUOUS and (left or right)) or (
            left and _family_like(text[words[i][0] : words[i][1]])
        ):
            mark[i] = True
    return mark


def _family_like(word: str) -> bool:
    """A nisba (ال…ي) or a capitalised Latin word: how a family name looks after a name."""
    folded = fold_name(word)
    if folded.startswith("ال") and folded.endswith("ي") and len(folded) >= 5:
        return folded not in STOP
    return word[:1].isupper() and word.isascii() and word.isalpha() and len(word) >= 3
