"""The closed word lists a playbook shares with intake and statements.

Hazards, roles, statement kinds, channels, inbox categories and priorities: the playbook
model validates against them and the command line offers them as choices, so they live
here with no dependencies (importing this module loads neither pydantic nor YAML).
"""

from __future__ import annotations

from typing import Literal

Hazard = Literal[
    "flood", "collapse", "water", "fire", "food", "sinkhole", "sandstorm", "heatwave", "other"
]
SystemRole = Literal["operator", "spokesperson", "lead", "reviewer", "admin"]
StatementKind = Literal["holding", "update", "all-clear", "reply", "awareness", "condolence"]
Channel = Literal["website", "whatsapp", "x", "sms", "press"]
Category = Literal["complaint", "observation", "suggestion", "question", "rumour"]
Priority = Literal["low", "normal", "high", "critical"]
VariableType = Literal["text", "number", "time", "choice"]
RuleLang = Literal["ar", "en", "any"]
# Who a message comes from, as triage weighs it: a government account, a verified news
# outlet, the public, or the crisis room's own accounts.
SourceKind = Literal["official", "news", "public", "room"]

# The channels a message arrives by (``any`` in a default response target means all).
IntakeChannel = Literal[
    "any", "whatsapp", "x", "email", "hotline", "rss", "meltwater", "brandwatch", "csv"
]
# A default target applies to messages of one category, or to those nobody tagged yet.
TargetCategory = Literal[
    "any", "uncategorised", "complaint", "observation", "suggestion", "question", "rumour"
]

HAZARDS: tuple[str, ...] = Hazard.__args__  # type: ignore[attr-defined]
CATEGORIES: tuple[str, ...] = Category.__args__  # type: ignore[attr-defined]
PRIORITIES: tuple[str, ...] = Priority.__args__  # type: ignore[attr-defined]
SOURCE_KINDS: tuple[str, ...] = SourceKind.__args__  # type: ignore[attr-defined]

__all__ = [
    "CATEGORIES",
    "HAZARDS",
    "PRIORITIES",
    "SOURCE_KINDS",
    "Category",
    "Channel",
    "Hazard",
    "IntakeChannel",
    "Priority",
    "RuleLang",
    "SourceKind",
    "StatementKind",
    "SystemRole",
    "TargetCategory",
    "VariableType",
]
