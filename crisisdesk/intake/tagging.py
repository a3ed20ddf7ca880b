"""Auto-tagging from a playbook's watch-word rules, and the response due from its targets.

The rules (`crisisdesk.intake.watch_rules`) say what a message must say, what it must not,
and from whom; the targets (`crisisdesk.intake.response_due`) give every message a due
unless it needs no answer. ``Tagger`` is the one object ingest and triage ask, built once
per incident playbook and room settings.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from crisisdesk.intake.response_due import ResponseTargets
from crisisdesk.intake.sources import SourceLists
from crisisdesk.intake.watch_rules import PRIORITY_RANK, Message, Rule, best_hit
from crisisdesk.playbooks.model import Playbook

DEFAULT_ROOM_TARGET = timedelta(hours=4)


@dataclass(frozen=True, slots=True)
class Tag:
    category: str
    priority: str
    matched: str  # the words that made the rule fire
    rule: str = ""  # ``rule-id: words``, shown to the operator
    rule_id: str = ""


class Tagger:
    """Matches messages against one playbook's watch-word rules and knows its targets."""

    def __init__(
        self,
        playbook: Playbook | None,
        *,
        room_default: timedelta = DEFAULT_ROOM_TARGET,
        sources: SourceLists | None = None,
    ) -> None:
        self.rules: list[Rule] = []
        self.sources = sources or SourceLists()
        if playbook is not None:
            self.rules = [Rule.compile(spec, i) for i, spec in enumerate(playbook.watch_words)]
        self.by_id = {rule.id: rule for rule in self.rules}
        self.targets = ResponseTargets(playbook, room_default)

    def tag(
        self, normalised: str, words: list[str] | None = None, source: str = "public"
    ) -> Tag | None:
        """The most urgent rule the text fires (playbook order breaks ties)."""
        if not self.rules or not normalised:
            return None
        hit = best_hit(self.rules, Message.of(normalised, words, source))
        if hit is None:
            return None
        return Tag(hit.category, hit.priority, hit.said, hit.explanation, hit.rule.id)

    def within(self, category: str | None, priority: str | None) -> timedelta | None:
        """The playbook's target for a category and priority (the category's fastest if
        none); ``None`` for no category (`due` then uses the defaults)."""
        if not category:
            return None
        return self.targets.target(None, category, priority).within

    def due(
        self,
        received_at: datetime,
        category: str | None,
        priority: str | None,
        channel: str | None = None,
    ) -> datetime | None:
        """When the message must be answered; every message has one (see `response_due`)."""
        return self.targets.due(received_at, channel, category, priority)[0]

    def due_and_rule(
        self,
        received_at: datetime,
        category: str | None,
        priority: str | None,
        channel: str | None = None,
    ) -> tuple[datetime, str]:
        return self.targets.due(received_at, channel, category, priority)


__all__ = ["PRIORITY_RANK", "Tag", "Tagger"]
