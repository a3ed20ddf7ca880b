"""The first triage of a message as it arrives: who it is from, which watch-word rule tags
it, when it must be answered (or why it needs no answer), and its tone.

One function for ingest to call per message; it reads nothing from the database.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from crisisdesk.clock import utc_iso
from crisisdesk.intake.response_due import no_answer_rule
from crisisdesk.intake.sources import source_kind
from crisisdesk.text.tone import score_tone

if TYPE_CHECKING:
    from crisisdesk.intake.parsers.base import IncomingMessage
    from crisisdesk.intake.tagging import Tagger


def first_triage(
    message: IncomingMessage, normalised: str, words: list[str], tagger: Tagger
) -> dict[str, Any]:
    """The triage columns of a new interaction row."""
    source = source_kind(message.channel, message.author_handle, message.flags, tagger.sources)
    category = message.flags.get("category") if message.channel == "hotline" else None
    category = category if isinstance(category, str) and category else None
    priority: str | None = None
    tag = tagger.tag(normalised, words, source)
    if tag is not None:
        category = category or tag.category
        priority = tag.priority if category == tag.category else None
    if category and priority is None:
        priority = "normal"
    reason = no_answer_rule(
        source, message.text, message.flags, has_media=bool(message.media or message.location)
    )
    if reason is None:
        due, due_rule = tagger.due_and_rule(
            message.received_at, category, priority, message.channel
        )
        response_due: str | None = utc_iso(due)
    else:
        response_due, due_rule = None, f"no answer needed: {reason}"
    tone = score_tone(message.text, normalised)
    return {
        "category": category,
        "priority": priority,
        "response_due": response_due,
        "due_rule": due_rule,
        "needs_answer": reason is None,
        "source_kind": source,
        "tag_rule": tag.rule if tag is not None else None,
        "tone": tone.tone,
        "emotion": tone.emotion,
    }


__all__ = ["first_triage"]
