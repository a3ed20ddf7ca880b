"""What every part of the demo story is handed: the desk, the story's clock, the flood.

The stories used to reach back into the demo builder for the flood incident and the demo
password; handing them this context keeps the dependency one way (the builder calls the
stories, never the reverse).
"""

from __future__ import annotations

from dataclasses import dataclass

from crisisdesk.clock import ManualClock
from crisisdesk.demo.acting import act_as
from crisisdesk.desk import Desk
from crisisdesk.users.records import UserInfo


@dataclass(frozen=True)
class Story:
    """The running demo: its desk, its clock, the flood incident and the users' password."""

    desk: Desk
    clock: ManualClock
    password: str
    flood: int  # the flood incident's id (the drill before it has another)

    def act_as(self, name: str) -> UserInfo:
        """Sign the demo user ``name`` in (the password checked once per desk and user)."""
        return act_as(self.desk, name, self.password)
