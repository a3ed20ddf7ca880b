"""Auto-tagging from a playbook's watch-words, and the response due from its targets.

Watch-words and messages go through the same normalisation, so ``أمطار``, ``امطار`` and
``أمطـــار`` all match. A single word also matches with the common Arabic clitics in front
(و، ف، ب، ل، ال، وال، بال، لل), which people type attached to the word.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from crisisdesk.playbooks.model import Playbook
from crisisdesk.text.normalise import normalise, tokens

PRIORITY_RANK = {"low": 0, "normal": 1, "high": 2, "critical": 3}
_PREFIXES = ("", "و", "ف", "ب", "ل", "ال", "وال", "بال", "فال", "لل", "ول", "وب")


@dataclass(frozen=True, slots=True)
class Tag:
    category: str
    priority: str
    matched: str


@dataclass(frozen=True, slots=True)
class _Group:
    category: str
    priority: str
    words: frozenset[str]
    phrases: tuple[str, ...]
    hashtags: tuple[str, ...]
    order: int


class Tagger:
    """Matches normalised text against one playbook's watch-words."""

    def __init__(self, playbook: Playbook | None) -> None:
        self.groups: list[_Group] = []
        self.targets: dict[tuple[str, str], timedelta] = {}
        if playbook is None:
            return
        for order, group in enumerate(playbook.watch_words):
            words: set[str] = set()
            phrases: list[str] = []
            for word in (*group.ar, *group.en):
                parts = tokens(word)
                if len(parts) == 1:
                    words.update(p + parts[0] for p in _PREFIXES)
                elif parts:
                    phrases.append(" ".join(parts))
            self.groups.append(
                _Group(
                    group.category,
                    group.priority,
                    frozenset(words),
                    tuple(phrases),
                    tuple(normalise(h) for h in group.hashtags),
                    order,
                )
            )
        for target in playbook.response_targets:
            self.targets[(target.category, target.priority)] = target.within

    def tag(self, normalised: str, words: list[str] | None = None) -> Tag | None:
        """The most urgent watch-word group the text matches (playbook order breaks ties)."""
        if not self.groups or not normalised:
            return None
        words = tokens(normalised) if words is None else words
        present = set(words)
        joined = f" {' '.join(words)} "
        best: tuple[int, int, Tag] | None = None
        for group in self.groups:
            hit = next(iter(group.words & present), None)
            if hit is None:
                hit = next((p for p in group.phrases if f" {p} " in joined), None)
            if hit is None:
                hit = next((h for h in group.hashtags if h in normalised), None)
            if hit is None:
                continue
            rank = (PRIORITY_RANK.get(group.priority, 1), -group.order)
            if best is None or rank > best[:2]:
                best = (*rank, Tag(group.category, group.priority, hit))
        return best[2] if best else None

    def within(self, category: str | None, priority: str | None) -> timedelta | None:
        """The response target for a category and priority (the category's fastest if none)."""
        if not category:
            return None
        exact = self.targets.get((category, priority or "normal"))
        if exact is not None:
            return exact
        same = [v for (c, _), v in self.targets.items() if c == category]
        return min(same) if same else None

    def due(
        self, received_at: datetime, category: str | None, priority: str | None
    ) -> datetime | None:
        within = self.within(category, priority)
        return received_at + within if within is not None else None


__all__ = ["PRIORITY_RANK", "Tag", "Tagger"]
