"""Secrets an older version let into connector settings are moved to the keyring.

``connector add --set password=…`` used to store the value with the settings (and in the
decision that recorded them). On opening such a database each one is moved to the OS
keyring — under the name the channel reads (``imap.password``, ``x.bearer_token`` ...)
when that is still free, else ``connector.<name>.<setting>`` — and removed from the
settings, with one ``connector.secrets_moved`` decision naming the settings, never their
values. The old decision stays in the append-only log; every display and export of it
shows the value as removed (``crisisdesk.secret_fields``).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from crisisdesk.intake.connector_status import SECRET_NAMES
from crisisdesk.intake.rows import loads
from crisisdesk.log.kinds import Kind
from crisisdesk.secret_fields import secret_keys
from crisisdesk.secrets import SecretError
from crisisdesk.storage.models import ConnectorState
from crisisdesk.unit_of_work import UnitOfWork

if TYPE_CHECKING:
    from crisisdesk.kernel import Kernel


def _holding(desk: Kernel) -> list[str]:
    with desk.db.read() as session:
        rows = session.execute(select(ConnectorState.name, ConnectorState.config)).all()
    return [name for name, config in rows if secret_keys(_settings(config), values=False)]


def _settings(text: str | None) -> dict[str, Any]:
    value = loads(text, {})
    return value if isinstance(value, dict) else {}


def move_stored_secrets(desk: Kernel) -> list[str]:
    """Move secrets out of connector settings; returns the keyring names written."""
    if not _holding(desk):
        return []
    written: list[str] = []
    try:
        with desk.db.write() as session:
            uow = UnitOfWork(desk, session)
            for row in session.scalars(select(ConnectorState).order_by(ConnectorState.name)):
                settings = _settings(row.config)
                keys = secret_keys(settings, values=False)
                if not keys:
                    continue
                moved: dict[str, str] = {}
                for key in keys:
                    value = settings.pop(key)
                    if not isinstance(value, str) or not value:
                        continue
                    target = SECRET_NAMES.get(row.channel)
                    if target is None or target in written or desk.secrets.get(target):
                        target = f"connector.{row.name}.{key}"
                    desk.secrets.set(target, value)
                    written.append(target)
                    moved[key] = target
                row.config = json.dumps(settings, ensure_ascii=False, sort_keys=True)
                names = ", ".join(f"{k} → {v}" for k, v in moved.items()) or ", ".join(keys)
                uow.decide(
                    Kind.CONNECTOR_SECRETS_MOVED,
                    subject=f"connector:{row.name}",
                    incident_id=row.incident_id,
                    summary_ar=f"نقل أسرار الموصل {row.name} إلى حافظة المفاتيح: {names}",
                    summary_en=f"moved secrets of connector {row.name} to the keyring: {names}",
                    payload={
                        "name": row.name,
                        "moved": [{"setting": k, "keyring_name": v} for k, v in moved.items()],
                    },
                )
    except SecretError as exc:
        desk.secrets.announce(
            f"connector settings still hold secrets; they could not be moved to the keyring "
            f"({exc})",
            once=False,
        )
        return []
    if written:
        desk.secrets.announce(
            "secrets found in connector settings were moved to the keyring: " + ", ".join(written),
            once=False,
        )
    return written
