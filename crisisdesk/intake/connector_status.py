"""Configured live connectors and their status: cursor, last success, last error.

A connector that fails keeps its old cursor and its error until a poll succeeds, so the
status bar shows it failing and the next poll resumes where the last good one stopped.
Secrets are never stored here: only their names in the keyring.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from crisisdesk.clock import utc_iso
from crisisdesk.errors import CrisisDeskError
from crisisdesk.intake.rows import loads, when
from crisisdesk.intake.vocabulary import CONNECTOR_CHANNELS as CHANNELS
from crisisdesk.log.kinds import Kind
from crisisdesk.secret_fields import secret_keys
from crisisdesk.storage.models import ConnectorState
from crisisdesk.users.permissions import Action

if TYPE_CHECKING:
    from crisisdesk.kernel import Kernel

SECRET_NAMES = {
    "x": "x.bearer_token",
    "imap": "imap.password",
    "whatsapp": "whatsapp.token",
}
WEBHOOK_SECRETS = ("whatsapp.app_secret", "whatsapp.verify_token")


@dataclass(frozen=True, slots=True)
class ConnectorInfo:
    name: str
    channel: str
    incident_id: int | None
    config: dict[str, Any]
    cursor: dict[str, Any]
    last_run: datetime | None
    last_success: datetime | None
    last_error: str | None
    failures: int

    @property
    def state(self) -> str:
        """``ok``, ``failing`` or ``idle`` (never run)."""
        if self.last_error and self.failures:
            return "failing"
        return "ok" if self.last_success else "idle"

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "channel": self.channel,
            "incident_id": self.incident_id,
            "config": self.config,
            "state": self.state,
            "last_run": utc_iso(self.last_run) if self.last_run else None,
            "last_success": utc_iso(self.last_success) if self.last_success else None,
            "last_error": self.last_error,
            "failures": self.failures,
        }


def _info(row: ConnectorState) -> ConnectorInfo:
    return ConnectorInfo(
        name=row.name,
        channel=row.channel,
        incident_id=row.incident_id,
        config=loads(row.config, {}),
        cursor=loads(row.cursor, {}),
        last_run=when(row.last_run),
        last_success=when(row.last_success),
        last_error=row.last_error,
        failures=row.failures or 0,
    )


class ConnectorService:
    def __init__(self, desk: Kernel) -> None:
        self.desk = desk

    def list(self, incident_id: int | None = None) -> list[ConnectorInfo]:
        with self.desk.db.read() as session:
            stmt = select(ConnectorState).order_by(ConnectorState.name)
            if incident_id is not None:
                stmt = stmt.where(ConnectorState.incident_id == incident_id)
            return [_info(r) for r in session.scalars(stmt)]

    def get(self, name: str) -> ConnectorInfo | None:
        with self.desk.db.read() as session:
            row = session.get(ConnectorState, name)
            return _info(row) if row else None

    def configure(
        self, name: str, channel: str, incident_id: int | None, config: dict[str, Any]
    ) -> ConnectorInfo:
        """Add or change a connector (a decision); the cursor is kept when it exists."""
        if channel not in CHANNELS:
            raise CrisisDeskError(
                f"unknown connector channel {channel!r}; expected {', '.join(CHANNELS)}"
            )
        secrets = secret_keys(config)
        if secrets:
            where = SECRET_NAMES.get(channel, f"{channel}.{secrets[0]}")
            inside = [k for k in secrets if k not in secret_keys(config, values=False)]
            what = (
                "holds a password or token; give the address without it. A secret"
                if inside
                else "is a secret: it"
            )
            raise CrisisDeskError(
                f"{', '.join(secrets)} {what} is never stored with the settings; "
                f"store it in the OS keyring with `crisisdesk secrets set {where}`"
            )
        if channel == "imap":  # a bad deadline, batch or port is refused now, not at a poll
            from crisisdesk.intake.connectors.imap import ImapConfig

            ImapConfig.from_settings(config)
        with self.desk.transaction(Action.CONNECTOR_RUN, incident_id=incident_id) as uow:
            row = uow.session.get(ConnectorState, name)
            if row is None:
                row = ConnectorState(name=name, channel=channel, cursor="{}", failures=0)
                uow.session.add(row)
            row.channel = channel
            row.incident_id = incident_id
            row.config = json.dumps(config, ensure_ascii=False, sort_keys=True)
            uow.decide(
                Kind.CONNECTOR_CONFIGURED,
                subject=f"connector:{name}",
                incident_id=incident_id,
                summary_ar=f"ضبط الموصل {name} ({channel})",
                summary_en=f"configured connector {name} ({channel})",
                payload={"name": name, "channel": channel, "config": config},
            )
            uow.session.flush()
            return _info(row)

    def record(
        self,
        uow_session: Any,
        name: str,
        *,
        cursor: dict[str, Any] | None,
        error: str | None,
        now: datetime,
    ) -> None:
        """Store a poll's outcome in the caller's transaction (cursor only advances if given)."""
        row = uow_session.get(ConnectorState, name)
        if row is None:
            return
        row.last_run = utc_iso(now)
        if cursor is not None:
            row.cursor = json.dumps(cursor, ensure_ascii=False, sort_keys=True)
        if error:
            row.last_error = error
            row.last_error_at = utc_iso(now)
            row.failures = (row.failures or 0) + 1
        else:
            row.last_success = utc_iso(now)
            row.last_error = None
            row.failures = 0


__all__ = ["CHANNELS", "SECRET_NAMES", "WEBHOOK_SECRETS", "ConnectorInfo", "ConnectorService"]
