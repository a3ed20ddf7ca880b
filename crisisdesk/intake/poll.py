"""``crisisdesk poll``: run every configured connector of an incident once.

Each connector resumes from its stored cursor; its messages, its new cursor and its status
commit together with one ``intake.polled`` decision, so a crash can neither skip messages
(the cursor never runs ahead of what was stored) nor store them twice (idempotent keys). A
failing connector keeps its old cursor, counts its failures and shows its last error.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from crisisdesk.errors import CrisisDeskError
from crisisdesk.intake.connector_status import SECRET_NAMES, ConnectorInfo
from crisisdesk.intake.connectors.base import PollResult
from crisisdesk.intake.http import HttpClient
from crisisdesk.intake.store import IngestReport
from crisisdesk.log.kinds import Kind
from crisisdesk.users.permissions import Action

if TYPE_CHECKING:
    from crisisdesk.intake.inbox import InboxService
    from crisisdesk.kernel import Kernel


@dataclass(frozen=True, slots=True)
class PollOutcome:
    name: str
    channel: str
    new: int
    duplicate: int
    rejected: int
    error: str | None

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "channel": self.channel,
            "new": self.new,
            "duplicate": self.duplicate,
            "rejected": self.rejected,
            "error": self.error,
        }


def _run_one(desk: Kernel, connector: ConnectorInfo, client: HttpClient) -> PollResult:
    config = connector.config
    secret = (
        desk.secrets.get(SECRET_NAMES[connector.channel])
        if connector.channel in SECRET_NAMES
        else None
    )
    if connector.channel == "x":
        from crisisdesk.intake.connectors.x_search import (
            DEFAULT_BASE_URL,
            XSearchConfig,
            poll_x_search,
        )

        search = XSearchConfig(
            query=str(config.get("query") or ""),
            base_url=str(config.get("base_url") or DEFAULT_BASE_URL),
        )
        return poll_x_search(client, search, secret or "", connector.cursor)
    if connector.channel == "rss":
        from crisisdesk.intake.connectors.rss_feed import poll_feed

        return poll_feed(client, str(config.get("url") or ""), connector.cursor, clock=desk.clock)
    if connector.channel == "imap":
        from crisisdesk.intake.connectors.imap import ImapConfig, poll_imap

        try:
            imap = ImapConfig.from_settings(config)
        except CrisisDeskError as exc:
            refused = PollResult(state=dict(connector.cursor))
            refused.error = f"{connector.name}: {exc}"
            return refused
        return poll_imap(imap, secret or "", connector.cursor, clock=desk.clock)
    result = PollResult(state=dict(connector.cursor))
    result.error = f"{connector.channel} has no poller"
    return result


def poll_incident(
    inbox: InboxService,
    incident_id: int,
    *,
    client_factory: Callable[[], HttpClient] | None = None,
) -> list[PollOutcome]:
    """Poll every connector configured for ``incident_id`` once, in name order."""
    desk = inbox.desk
    desk.require(Action.CONNECTOR_RUN, incident_id=incident_id)
    factory = client_factory or (lambda: HttpClient(deadline=60.0))
    outcomes = []
    service = inbox.connectors
    for connector in service.list(incident_id):
        if connector.channel == "whatsapp":
            continue  # WhatsApp pushes to the webhook; its entry holds reply settings
        with factory() as client:
            poll = _run_one(desk, connector, client)
        now = desk.clock.now()

        def bookkeeping(
            session: Session,
            _report: IngestReport,
            poll: PollResult = poll,
            name: str = connector.name,
            now: datetime = now,
        ) -> None:
            service.record(session, name, cursor=poll.state, error=poll.error, now=now)

        report = inbox.ingest(
            incident_id,
            poll.result,
            source=f"connector {connector.name}",
            format=connector.channel,
            action=Action.CONNECTOR_RUN,
            kind=Kind.INTAKE_POLLED,
            extra={"connector": connector.name, "error": poll.error, "requests": poll.requests},
            also=bookkeeping,
        )
        outcomes.append(
            PollOutcome(
                connector.name,
                connector.channel,
                report.new,
                report.duplicate,
                len(report.rejected),
                poll.error,
            )
        )
    return outcomes


__all__ = ["PollOutcome", "poll_incident"]
