"""Arabic-aware search: the query goes through the same ``normalise`` as the index.

SQLite searches an FTS5 table over ``index_text`` of the normalised text, PostgreSQL a GIN
index over ``to_tsvector('simple', search_text)``. Every query word is a prefix match and all
must occur.
Query words contain only letters and digits after tokenising, so nobody can inject FTS5 or
tsquery syntax. Highlights are returned as character spans into the *original* text; the
screen paints them itself and never renders the text as HTML.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import TextClause, text

from crisisdesk.text.normalise import tokens

# A word of the original text: letters and digits plus the marks and joiners normalisation drops.
_WORD = re.compile(r"(?:[^\W_]|[\u0610-\u061a\u064b-\u065f\u0670\u0640\u06d6-\u06ed\u200c\u200d])+")


# The article and the clitics fused with it: "الأمطار", "والأمطار", "بالأمطار" are also
# indexed as "امطار", so a query typed without the article finds them.
_ARTICLES = ("وال", "بال", "فال", "كال", "لل", "ال")


# The conjunctions written onto the next word ("وإصابة", "فالماء"): as Lucene's Arabic light
# stemmer does, a word of four letters or more is also indexed without them, so "إصابة"
# finds "وإصابة". A word whose first letter is و or ف by root ("وزارة") is then also
# found by its remainder ("زارة"): the precision this costs is measured by bench/search.py.
_CONJUNCTIONS = ("و", "ف")
_MIN_STEM = 3


def _without_proclitics(word: str) -> list[str]:
    """The forms of ``word`` the index adds: without the article, without a conjunction,
    and without both ("والاصابه" → "اصابه"); each keeps at least a short stem."""
    forms: list[str] = []
    for article in _ARTICLES:
        if word.startswith(article) and len(word) - len(article) >= 2:
            forms.append(word[len(article) :])
            break
    if word.startswith(_CONJUNCTIONS) and len(word) - 1 >= _MIN_STEM:
        rest = word[1:]
        forms.append(rest)
        for article in _ARTICLES:
            if rest.startswith(article) and len(rest) - len(article) >= 2:
                forms.append(rest[len(article) :])
                break
    return forms


def index_text(normalised: str, words: list[str] | None = None) -> str:
    """What the full-text index holds: the normalised words, plus each word without its
    article and without an attached conjunction. Built from the output of ``normalise`` (the
    same function queries go through); ``words`` are its tokens when the caller has them."""
    words = tokens(normalised) if words is None else words
    extra: list[str] = []
    for word in words:
        if word.startswith(_ARTICLES) or word.startswith(_CONJUNCTIONS):
            extra.extend(_without_proclitics(word))
    return " ".join(words + extra)


def query_tokens(query: str) -> list[str]:
    """The normalised words of a query (duplicates dropped, order kept), each without its
    article: the index holds every word also without it, so "السيول" typed with the article
    finds "سيول" written without, and the other way round."""
    return list(dict.fromkeys(_without_article(w) for w in tokens(query)))


def _without_article(word: str) -> str:
    for article in _ARTICLES:
        if word.startswith(article) and len(word) - len(article) >= 3:
            return word[len(article) :]
    return word


def fts5_expression(query: str, incident_id: int | None = None) -> str | None:
    """``"word1"* "word2"*`` for FTS5 MATCH (inside one incident when given: the index holds
    the incident too), or ``None`` when the query has no words."""
    words = query_tokens(query)
    if not words:
        return None
    expression = " ".join(f'"{w}"*' for w in words)
    if incident_id is None:
        return expression
    return f'incident_id:"{int(incident_id)}" AND search_text:({expression})'


# Above this many matches, walking the incident's newest-first index and probing the matches
# finds the first page sooner than sorting every match; below it, sorting the few is faster.
WALK_THRESHOLD = 1000


def fts5_count(connection: Any, query: str, incident_id: int) -> int:
    """How many interactions of the incident match, counted inside the FTS index alone."""
    expression = fts5_expression(query, incident_id)
    if expression is None:
        return 0
    found = connection.execute(
        text("SELECT count(*) FROM interactions_fts WHERE interactions_fts MATCH :fq"),
        {"fq": expression},
    ).scalar()
    return int(found or 0)


def tsquery_expression(query: str) -> str | None:
    """``word1:* & word2:*`` for PostgreSQL ``to_tsquery('simple', ...)``."""
    words = query_tokens(query)
    if not words:
        return None
    return " & ".join(f"{w}:*" for w in words)


def search_condition(
    dialect: str, query: str, incident_id: int | None = None, *, walk: bool = False
) -> TextClause | None:
    """A WHERE condition on ``interactions`` for ``query``; ``None`` for an empty query.

    ``walk`` (SQLite) writes the id test as ``+interactions.id`` so the planner walks the
    incident's (received_at, id) index for the ORDER BY instead of sorting every match."""
    if dialect == "postgresql":
        expression = tsquery_expression(query)
        if expression is None:
            return None
        return text(
            "to_tsvector('simple', interactions.search_text) @@ to_tsquery('simple', :tsq)"
        ).bindparams(tsq=expression)
    expression = fts5_expression(query, incident_id)
    if expression is None:
        return None
    column = "+interactions.id" if walk else "interactions.id"
    return text(
        f"{column} IN (SELECT rowid FROM interactions_fts WHERE interactions_fts MATCH :fq)"
    ).bindparams(fq=expression)


def highlight_spans(original: str, query: str, limit: int = 200) -> list[tuple[int, int]]:
    """``(start, end)`` spans of the words in ``original`` that a query word matches.

    A word matches when its normalised form starts with a normalised query word (the same
    prefix rule as the index), so ``الأمطار`` is found by ``امطار`` typed without hamza.
    """
    words = query_tokens(query)
    if not words or not original:
        return []
    spans: list[tuple[int, int]] = []
    for match in _WORD.finditer(original):
        folded = tokens(match.group())
        if any(f.startswith(w) for f in folded for w in words) or any(
            w in f for f in folded for w in words if len(w) >= 3
        ):
            spans.append(match.span())
            if len(spans) >= limit:
                break
    return spans


__all__ = [
    "WALK_THRESHOLD",
    "fts5_count",
    "fts5_expression",
    "highlight_spans",
    "index_text",
    "query_tokens",
    "search_condition",
    "tsquery_expression",
]
