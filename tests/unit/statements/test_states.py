"""The rules a screen shows come from the core: what each statement state allows."""

from __future__ import annotations

from crisisdesk.statements import states
from crisisdesk.statements.vocabulary import STATES


def test_every_state_has_one_answer_per_action() -> None:
    allowed = {s: (states.can_edit(s), states.can_submit(s), states.can_publish(s)) for s in STATES}
    assert allowed == {
        "draft": (True, True, False),
        "in_review": (True, False, False),
        "approved": (True, False, True),
        "rejected": (True, True, False),
        "published": (False, False, True),
        "superseded": (False, False, False),
    }
    assert set(states.EDITABLE_STATES) | set(states.PUBLISHABLE_STATES) <= set(STATES)
