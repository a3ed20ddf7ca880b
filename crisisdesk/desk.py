"""`Desk`: the composition root. It opens a database as a `Kernel`, builds the feature
services on it with their peers handed in, and gives them to the GUI and the command line.

The services never import this module: each receives the kernel and the peers it names
in its constructor (``tests/unit/test_house.py`` walks the import graph to keep it so).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property

from crisisdesk.clock import Clock
from crisisdesk.exercises.service import ExerciseService
from crisisdesk.incidents.service import IncidentService
from crisisdesk.incidents.tasks import TaskService
from crisisdesk.intake.connector_secrets import move_stored_secrets
from crisisdesk.intake.inbox import InboxService
from crisisdesk.kernel import Kernel
from crisisdesk.log.service import LogService
from crisisdesk.network.service import NetworkService
from crisisdesk.playbooks.catalogue import PlaybookCatalogue
from crisisdesk.review.service import ReviewService
from crisisdesk.statements.service import StatementService
from crisisdesk.users.service import UserService


class Desk(Kernel):
    """An open CrisisDesk database (the kernel) and the services built on it."""

    @classmethod
    def open(
        cls,
        url: str | None = None,
        *,
        create: bool = False,
        clock: Clock | None = None,
        on_notice: Callable[[str], None] | None = None,
    ) -> Desk:
        """Open ``url`` (see `Kernel.open`) and move connector secrets an older version kept
        in the database to the keyring."""
        desk = super().open(url, create=create, clock=clock, on_notice=on_notice)
        move_stored_secrets(desk)
        return desk

    @cached_property
    def users(self) -> UserService:
        return UserService(self)

    @cached_property
    def log(self) -> LogService:
        return LogService(self)

    @cached_property
    def playbooks(self) -> PlaybookCatalogue:
        return PlaybookCatalogue(self)

    @cached_property
    def incidents(self) -> IncidentService:
        return IncidentService(self, playbooks=self.playbooks)

    @cached_property
    def tasks(self) -> TaskService:
        return TaskService(self)

    @cached_property
    def network(self) -> NetworkService:
        return NetworkService(
            self,
            incidents=self.incidents,
            inbox=lambda: self.inbox,
            statements=lambda: self.statements,
        )

    @cached_property
    def inbox(self) -> InboxService:
        return InboxService(self, incidents=self.incidents, network=self.network)

    @cached_property
    def statements(self) -> StatementService:
        return StatementService(self, incidents=self.incidents, network=self.network)

    @cached_property
    def review(self) -> ReviewService:
        return ReviewService(self)

    @cached_property
    def exercises(self) -> ExerciseService:
        return ExerciseService(
            self, incidents=self.incidents, inbox=self.inbox, playbooks=self.playbooks
        )
