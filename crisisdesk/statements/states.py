"""What each state of a statement allows: one answer, asked by the core when it acts and by
the screens when they offer the action (they never copy these lists)."""

from __future__ import annotations

EDITABLE_STATES = ("draft", "in_review", "approved", "rejected")  # saving makes a new version
SUBMITTABLE_STATES = ("draft", "rejected")  # may go to the spokesperson for approval
PUBLISHABLE_STATES = ("approved", "published")  # an approved text may go out (again)


def can_edit(state: str) -> bool:
    """A new version may be saved (editing an approved text needs a new approval)."""
    return state in EDITABLE_STATES


def can_submit(state: str) -> bool:
    """The statement may be submitted for approval."""
    return state in SUBMITTABLE_STATES


def can_publish(state: str) -> bool:
    """The statement's approved text may be published (the core checks the version too)."""
    return state in PUBLISHABLE_STATES
