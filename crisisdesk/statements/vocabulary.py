"""Statement kinds and workflow states, with no dependencies (the command line offers them)."""

from __future__ import annotations

KINDS: tuple[str, ...] = ("holding", "update", "all-clear", "reply", "awareness", "condolence")
STATES: tuple[str, ...] = ("draft", "in_review", "approved", "rejected", "published", "superseded")

__all__ = ["KINDS", "STATES"]
