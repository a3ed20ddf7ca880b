"""Where statements are published: base URLs, ids and limits in the database, tokens in the keyring.

Settings live in the ``meta`` table so every laptop of a crisis room shares them; the
tokens and the webhook secret never touch the database (``desk.secrets`` only).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlparse

from sqlalchemy import select

from crisisdesk.errors import CrisisDeskError
from crisisdesk.log.kinds import Kind
from crisisdesk.secret_fields import secret_in_value
from crisisdesk.storage import location
from crisisdesk.storage.models import Meta
from crisisdesk.users.permissions import Action

if TYPE_CHECKING:
    from crisisdesk.kernel import Kernel

__all__ = ["SECRET_NAMES", "ChannelSettings", "configure", "load_settings"]

PREFIX = "statements."
SECRET_NAMES = {
    "whatsapp": "statements.whatsapp.token",
    "x": "statements.x.token",
    "website": "statements.website.secret",
}


@dataclass(frozen=True)
class ChannelSettings:
    whatsapp_base_url: str = "https://graph.facebook.com/v21.0"
    whatsapp_phone_number_id: str = ""
    whatsapp_template: str = "crisis_statement"
    whatsapp_template_language: str = "ar"
    whatsapp_contacts: str = ""  # comma-separated numbers; empty: the playbook's contacts
    x_base_url: str = "https://api.x.com"
    website_url: str = ""
    exports_dir: str = ""
    connect_timeout: str = "5"
    read_timeout: str = "15"

    @property
    def timeout(self) -> tuple[float, float]:
        return float(self.connect_timeout), float(self.read_timeout)

    @property
    def exports_path(self) -> Path:
        path = Path(self.exports_dir) if self.exports_dir else location.data_dir() / "exports"
        path.mkdir(parents=True, exist_ok=True)
        return path

    @property
    def contacts(self) -> tuple[str, ...]:
        return tuple(c.strip() for c in self.whatsapp_contacts.split(",") if c.strip())

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


_NAMES = {f.name for f in fields(ChannelSettings)}


def load_settings(desk: Kernel) -> ChannelSettings:
    with desk.db.read() as session:
        rows = session.scalars(select(Meta).where(Meta.key.like(PREFIX + "%"))).all()
        stored = {r.key[len(PREFIX) :]: r.value for r in rows}
    return ChannelSettings(**{k: v for k, v in stored.items() if k in _NAMES})


def _check(name: str, value: str) -> str:
    value = value.strip()
    if name not in _NAMES:
        raise CrisisDeskError(
            f"unknown channel setting {name!r}; one of {', '.join(sorted(_NAMES))}"
        )
    if secret_in_value(value):
        raise CrisisDeskError(
            f"{name}: a password or token is never stored with the settings; keep it in "
            "the keyring (crisisdesk secrets set NAME)"
        )
    if name.endswith("_url") and value:
        parsed = urlparse(value)
        if parsed.scheme not in ("http", "https") or not parsed.netloc:
            raise CrisisDeskError(f"{name}: not an http(s) URL: {value!r}")
    if name.endswith("_timeout"):
        try:
            seconds = float(value)
        except ValueError:
            raise CrisisDeskError(f"{name}: not a number of seconds: {value!r}") from None
        if not 0 < seconds <= 120:
            raise CrisisDeskError(f"{name}: must be between 0 and 120 seconds")
    return value


def configure(desk: Kernel, **changes: str | None) -> ChannelSettings:
    """Change channel settings (an administrator's decision, logged)."""
    checked = {name: _check(name, value) for name, value in changes.items() if value is not None}
    if not checked:
        return load_settings(desk)
    with desk.transaction(Action.SECRETS_SET) as uow:
        for name, value in checked.items():
            row = uow.session.get(Meta, PREFIX + name)
            if row is None:
                uow.session.add(Meta(key=PREFIX + name, value=value))
            else:
                row.value = value
        uow.decide(
            Kind.STATEMENT_CHANNELS_CONFIGURED,
            subject="settings:statements",
            summary_ar="تعديل إعدادات قنوات النشر: " + "، ".join(sorted(checked)),
            summary_en="changed publishing channel settings: " + ", ".join(sorted(checked)),
            payload={"settings": json.loads(json.dumps(checked))},
        )
    return load_settings(desk)
