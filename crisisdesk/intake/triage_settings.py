"""The room's triage settings: its own accounts, the accounts it trusts, and the response
target of a message no playbook target covers.

They live in the ``meta`` table (``triage.*``) so every laptop of a crisis room shares them;
changing them is a decision.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields
from datetime import timedelta
from typing import TYPE_CHECKING

from sqlalchemy import select

from crisisdesk.errors import CrisisDeskError
from crisisdesk.intake.sources import SourceLists, handle_key
from crisisdesk.log.kinds import Kind
from crisisdesk.playbooks.model import format_duration, parse_duration
from crisisdesk.storage.models import Meta
from crisisdesk.users.permissions import Action

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from crisisdesk.kernel import Kernel

PREFIX = "triage."


@dataclass(frozen=True)
class TriageSettings:
    """``default_within`` answers any message no playbook target covers (ISO-8601);
    the handle lists are comma-separated."""

    default_within: str = "PT4H"
    own_handles: str = ""
    official_handles: str = ""
    news_handles: str = ""

    @property
    def within(self) -> timedelta:
        return parse_duration(self.default_within)

    @property
    def sources(self) -> SourceLists:
        def split(value: str) -> frozenset[str]:
            return frozenset(handle_key(h) for h in value.split(",") if handle_key(h))

        return SourceLists(
            room=split(self.own_handles),
            official=split(self.official_handles),
            news=split(self.news_handles),
        )

    def to_json(self) -> dict[str, str]:
        return asdict(self)


def read_settings(session: Session) -> TriageSettings:
    names = [f.name for f in fields(TriageSettings)]
    stored = {
        m.key[len(PREFIX) :]: m.value
        for m in session.scalars(select(Meta).where(Meta.key.in_([PREFIX + n for n in names])))
    }
    return TriageSettings(**{k: v for k, v in stored.items() if k in names})


def load_settings(desk: Kernel) -> TriageSettings:
    with desk.db.read() as session:
        return read_settings(session)


def configure(desk: Kernel, values: dict[str, str]) -> int:
    """Change settings (an admin's or the lead's decision); returns the decision's seq."""
    names = {f.name for f in fields(TriageSettings)}
    unknown = sorted(set(values) - names)
    if unknown:
        raise CrisisDeskError(
            f"unknown triage setting {unknown[0]!r}; expected {', '.join(sorted(names))}"
        )
    if "default_within" in values:
        try:
            within = parse_duration(values["default_within"])
        except ValueError as exc:
            raise CrisisDeskError(str(exc)) from exc
        if within <= timedelta(0):
            raise CrisisDeskError("default_within must be longer than zero")
        values = {**values, "default_within": format_duration(within)}
    with desk.transaction(Action.TRIAGE_SETTINGS) as uow:
        before = read_settings(uow.session)
        for name, value in values.items():
            row = uow.session.get(Meta, PREFIX + name)
            if row is None:
                uow.session.add(Meta(key=PREFIX + name, value=value))
            else:
                row.value = value
        changes = {k: [getattr(before, k), v] for k, v in values.items()}
        return uow.decide(
            Kind.TRIAGE_SETTINGS_CHANGED,
            subject="settings:triage",
            summary_ar="تغيير إعدادات الفرز: " + "، ".join(sorted(values)),
            summary_en="changed triage settings: " + ", ".join(sorted(values)),
            payload={"changes": json.loads(json.dumps(changes))},
        )


__all__ = ["TriageSettings", "configure", "load_settings", "read_settings"]
