"""Every message gets a response due, or a visible reason why it needs no answer.

The target comes from, in order: the playbook's target for the message's category and
priority; its fastest target for the category; the playbook's default for the channel and
category (``uncategorised`` for what nobody has tagged yet); the room's default. So a
citizen's WhatsApp that no watch-word matched still goes overdue when nobody answers it.

A message needs no answer when it is a news article, a post of the room's own accounts or of
a government account, a reaction (nothing but emoji and punctuation), or a plain repost of
another post (the story is answered once, in its cluster). The rule that said so is stored
with the message and shown in the inbox.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from crisisdesk.playbooks.model import Playbook

NO_ANSWER_RULES: dict[str, tuple[str, str]] = {
    "news-article": ("مقال أو خبر من وسيلة إعلام", "a news article or report from an outlet"),
    "room-post": ("منشور من حسابات غرفة الأزمة", "a post of the crisis room's own accounts"),
    "official-post": ("منشور من حساب حكومي", "a post of a government account"),
    "reaction": ("تفاعل فقط (رموز تعبيرية أو علامات)", "a reaction only (emoji or punctuation)"),
    "repost": ("إعادة نشر لمنشور آخر", "a plain repost of another post"),
}
_SAYS_SOMETHING = re.compile(r"[^\W_]", re.UNICODE)


def no_answer_rule(
    source: str, text: str, flags: Mapping[str, Any], *, has_media: bool = False
) -> str | None:
    """Why this message needs no answer, or ``None`` when it does."""
    if source == "room":
        return "room-post"
    if source == "news":
        return "news-article"
    if source == "official":
        return "official-post"
    if flags.get("retweet_of") and not flags.get("quote_of"):
        return "repost"
    if not has_media and not _SAYS_SOMETHING.search(text or ""):
        return "reaction"
    return None


@dataclass(frozen=True, slots=True)
class Target:
    within: timedelta
    rule: str  # where it came from, shown to the operator


class ResponseTargets:
    """The targets of one playbook (or none) and the room's default."""

    def __init__(self, playbook: Playbook | None, room_default: timedelta) -> None:
        self.exact: dict[tuple[str, str], timedelta] = {}
        self.defaults: dict[tuple[str, str], timedelta] = {}
        self.room_default = room_default
        if playbook is not None:
            for target in playbook.response_targets:
                self.exact[(target.category, target.priority)] = target.within
            for default in playbook.default_targets:
                self.defaults[(default.channel, default.category)] = default.within

    def target(self, channel: str | None, category: str | None, priority: str | None) -> Target:
        if category:
            exact = self.exact.get((category, priority or "normal"))
            if exact is not None:
                return Target(exact, f"playbook: {category}/{priority or 'normal'}")
            same = [v for (c, _), v in self.exact.items() if c == category]
            if same:
                return Target(min(same), f"playbook: {category}")
        kind = category or "uncategorised"
        for key in ((channel or "any", kind), (channel or "any", "any"), ("any", kind)):
            found = self.defaults.get(key)
            if found is not None:
                return Target(found, f"playbook default: {key[0]}/{key[1]}")
        found = self.defaults.get(("any", "any"))
        if found is not None:
            return Target(found, "playbook default: any/any")
        return Target(self.room_default, "room default")

    def due(
        self,
        received_at: datetime,
        channel: str | None,
        category: str | None,
        priority: str | None,
    ) -> tuple[datetime, str]:
        target = self.target(channel, category, priority)
        return received_at + target.within, target.rule


__all__ = ["NO_ANSWER_RULES", "ResponseTargets", "Target", "no_answer_rule"]
