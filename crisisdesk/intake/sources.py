"""Who a message comes from, as triage weighs it: ``official``, ``news``, ``public``, ``room``.

The room names its own accounts and the government and news accounts it trusts (room
settings, `crisisdesk.intake.triage_settings`); beyond those lists the channel says what it
can: a feed or a media-monitoring export of a news page is news, an X account verified as a
government account is official, a mail from a government domain too. Everyone else is the
public — which is whom the room answers, and whose claims need checking.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

NEWS_CHANNELS = frozenset({"rss"})
SOCIAL_SOURCES = frozenset(
    {"twitter", "x", "facebook", "instagram", "tiktok", "youtube", "reddit", "snapchat"}
)
NEWS_PAGE_TYPES = frozenset({"news", "blog", "print", "broadcast", "online news"})
GOVERNMENT_DOMAINS = (".gov.sa", ".gov", ".gov.uk", ".gov.ae", ".gov.bh", ".gov.kw", ".gov.qa")


def handle_key(handle: str | None) -> str:
    """A handle as the lists hold it: no ``@``, case-folded, trimmed."""
    return (handle or "").strip().lstrip("@").casefold()


@dataclass(frozen=True, slots=True)
class SourceLists:
    """Accounts the room has named: its own, government accounts, news outlets."""

    room: frozenset[str] = field(default_factory=frozenset)
    official: frozenset[str] = field(default_factory=frozenset)
    news: frozenset[str] = field(default_factory=frozenset)


def source_kind(
    channel: str, handle: str | None, flags: Mapping[str, Any], lists: SourceLists
) -> str:
    """The kind of source of one message (see the module docstring)."""
    key = handle_key(handle)
    if key and key in lists.room:
        return "room"
    if key and key in lists.official:
        return "official"
    if key and key in lists.news:
        return "news"
    if channel in NEWS_CHANNELS:
        return "news"
    if channel == "x" and str(flags.get("author_verified_type") or "") == "government":
        return "official"
    if channel == "email" and key.endswith(GOVERNMENT_DOMAINS):
        return "official"
    if channel == "meltwater":
        source = str(flags.get("source") or "").strip().casefold()
        if source and source not in SOCIAL_SOURCES:
            return "news"
    if channel == "brandwatch":
        page = str(flags.get("page_type") or "").strip().casefold()
        if page in NEWS_PAGE_TYPES:
            return "news"
    return "public"


__all__ = ["SourceLists", "handle_key", "source_kind"]
