"""Unified statements: the centre issues a network statement, each involved unit receives
it and may localise only the variables the centre declared local (affected area, local
hotline, local shelter); everything else stays the centre's text. A unit's localised
version is an ordinary statement, approved in the unit on its hash; a network statement is
approved only by the centre. A unit may also draft a statement of its own.

Which unit owns a statement is read from the decision log (``statement.localised``,
``statement.unit``): the log is the record of the cascade, and the schema does not change.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from crisisdesk.clock import utc_iso
from crisisdesk.errors import ConflictError, CrisisDeskError, NotFoundError
from crisisdesk.log.kinds import Kind
from crisisdesk.network import scope
from crisisdesk.network.units import Unit
from crisisdesk.storage.models import Decision
from crisisdesk.users.permissions import Action

if TYPE_CHECKING:
    from crisisdesk.kernel import Kernel
    from crisisdesk.network.service import NetworkService

CASCADED, LOCALISED, OWNED = Kind.STATEMENT_CASCADED, Kind.STATEMENT_LOCALISED, Kind.STATEMENT_UNIT
RELEASED = ("approved", "published")


@dataclass(frozen=True)
class CascadeLine:
    """One unit of a cascade: its localised statement (if any), its state and when it went out."""

    unit: Unit
    statement_id: int | None
    state: str | None
    published_at: str | None

    def to_json(self) -> dict[str, object]:
        return {
            "unit": self.unit.code,
            "name_ar": self.unit.name_ar,
            "name_en": self.unit.name_en,
            "statement_id": self.statement_id,
            "state": self.state,
            "published_at": self.published_at,
        }


class CascadeService:
    def __init__(self, desk: Kernel, network: NetworkService) -> None:
        self.desk = desk
        self.network = network

    # ------------------------------------------------------------ the record
    def _entries(self, kind: str, subject: str | None = None) -> list[dict[str, Any]]:
        with self.desk.db.read() as session:
            query = select(Decision.body).where(Decision.kind == kind)
            if subject is not None:
                query = query.where(Decision.subject == subject)
            return [json.loads(b) for b in session.scalars(query.order_by(Decision.seq))]

    def cascade_of(self, network_statement_id: int) -> dict[str, Any] | None:
        """The latest cascade decision's payload for a network statement."""
        found = self._entries(CASCADED, f"statement:{network_statement_id}")
        return found[-1]["payload"] if found else None

    def owner(self, statement_id: int) -> tuple[str, int | None] | None:
        """The unit that owns a statement and the network statement it localises, if any."""
        for kind in (LOCALISED, OWNED):
            found = self._entries(kind, f"statement:{statement_id}")
            if found:
                payload = found[-1]["payload"]
                return str(payload["unit"]), payload.get("network_statement")
        return None

    # ------------------------------------------------------------ the centre
    def cascade(
        self, network_statement_id: int, units: Sequence[str], local: Sequence[str]
    ) -> list[Unit]:
        """Send an approved network statement to units (``affected``: every involved
        municipality), naming the variables they may localise."""
        detail = self.network.statements.detail(network_statement_id)
        info = detail.statement
        self.network.require_centre(Action.STATEMENT_SUBMIT, incident_id=info.incident_id)
        if self.owner(network_statement_id) is not None:
            raise ConflictError(f"statement {network_statement_id} is a unit's, not the network's")
        if info.state not in RELEASED:
            raise ConflictError(
                f"statement {network_statement_id} is {info.state}; cascade it once approved"
            )
        if not info.template_id:
            raise ConflictError("only a statement made from a template can be localised")
        declared = set(detail.latest.variables)
        unknown = [name for name in local if name not in declared]
        if unknown:
            raise CrisisDeskError(f"the template has no variable {unknown[0]!r}")
        if list(units) == ["affected"]:
            targets = [u for u in self.network.involved(info.incident_id) if not u.is_centre]
        else:
            targets = [self.network.unit(code) for code in units]
        if not targets:
            raise ConflictError("no unit to cascade to")
        with self.desk.transaction(None, incident_id=info.incident_id) as uow:
            uow.decide(
                CASCADED,
                subject=f"statement:{network_statement_id}",
                incident_id=info.incident_id,
                summary_ar=f"تعميم البيان {network_statement_id} على "
                + "، ".join(u.name_ar for u in targets),
                summary_en=f"cascaded statement {network_statement_id} to "
                + ", ".join(u.name_en for u in targets),
                payload={
                    "units": [u.code for u in targets],
                    "local": sorted(set(local)),
                    "template_id": info.template_id,
                    "version": detail.latest.number,
                    "content_hash": detail.latest.content_hash,
                },
            )
        return targets

    # ------------------------------------------------------------ the units
    def localise(self, network_statement_id: int, unit: str, values: Mapping[str, str]) -> int:
        """A unit's version of a cascaded statement: the centre's variables with only the
        declared local ones replaced. Its statement id (a draft to submit and approve)."""
        cascade = self.cascade_of(network_statement_id)
        if cascade is None:
            raise NotFoundError(f"statement {network_statement_id} was not cascaded")
        target = self.network.unit(unit)
        if target.code not in cascade["units"]:
            raise ConflictError(
                f"statement {network_statement_id} was not sent to {target.name_en}"
            )
        detail = self.network.statements.detail(network_statement_id)
        info = detail.statement
        self.network.require_scope(Action.STATEMENT_DRAFT, target, incident_id=info.incident_id)
        from crisisdesk.statements.variables import by_language
        from crisisdesk.statements.versions import values_from_data

        given = by_language({k: v for k, v in values.items() if isinstance(v, str)})
        given.update({k: v for k, v in values.items() if not isinstance(v, str)})
        locked = [name for name in given if name not in cascade["local"]]
        if locked:
            raise CrisisDeskError(
                f"{locked[0]!r} is the centre's and locked; a unit may set only "
                + (", ".join(cascade["local"]) or "nothing")
            )
        merged: dict[str, Any] = dict(values_from_data(detail.latest.variables))
        merged.update(given)
        title = {
            "ar": f"{info.title_ar} — {target.name_ar}",
            "en": f"{info.title_en} — {target.name_en}",
        }
        local = self.network.statements.draft(
            info.incident_id, info.template_id, merged, kind=info.kind, title=title
        )
        statement_id = local.statement.id
        with self.desk.transaction(None, incident_id=info.incident_id) as uow:
            uow.decide(
                LOCALISED,
                subject=f"statement:{statement_id}",
                incident_id=info.incident_id,
                summary_ar=f"{target.name_ar} تُوطّن البيان {network_statement_id} "
                f"(البيان {statement_id})",
                summary_en=f"{target.name_en} localised statement {network_statement_id} "
                f"as statement {statement_id}",
                payload={
                    "unit": target.code,
                    "network_statement": network_statement_id,
                    "local_values": {k: str(v) for k, v in values.items()},
                },
            )
        return statement_id

    def claim(self, statement_id: int, unit: str) -> None:
        """Record a statement as a unit's own (drafted in the unit, approved in the unit)."""
        info = self.network.statements.get(statement_id)
        target = self.network.unit(unit)
        self.network.require_scope(Action.STATEMENT_DRAFT, target, incident_id=info.incident_id)
        if self.owner(statement_id) is not None:
            raise ConflictError(f"statement {statement_id} already belongs to a unit")
        if info.state != "draft":
            raise ConflictError(f"statement {statement_id} is {info.state}; claim it as a draft")
        with self.desk.transaction(None, incident_id=info.incident_id) as uow:
            uow.decide(
                OWNED,
                subject=f"statement:{statement_id}",
                incident_id=info.incident_id,
                summary_ar=f"البيان {statement_id} بيان خاص بـ{target.name_ar}",
                summary_en=f"statement {statement_id} is {target.name_en}'s own",
                payload={"unit": target.code},
            )

    # ------------------------------------------------------------ approval
    def require_approval_scope(self, statement_id: int) -> None:
        """A unit's statement is approved in the unit (or by the centre); a network statement
        only by the centre. A localised text must be the centre's with only local values."""
        user = self.desk.user
        if user is None:
            return
        owned = self.owner(statement_id)
        mine = self.network.unit_of(user.name)
        info = self.network.statements.get(statement_id)
        if owned is None:
            if not scope.is_centre(mine):
                self.network.require_centre(Action.STATEMENT_APPROVE, incident_id=info.incident_id)
            return
        unit = self.network.unit(owned[0])
        self.network.require_scope(Action.STATEMENT_APPROVE, unit, incident_id=info.incident_id)
        if owned[1] is not None:
            self._check_locked(statement_id, owned[1])

    def _check_locked(self, statement_id: int, network_statement_id: int) -> None:
        cascade = self.cascade_of(network_statement_id) or {"local": []}
        centre = self.network.statements.detail(network_statement_id).latest
        local = self.network.statements.detail(statement_id)
        changed = [
            k for k, v in local.latest.variables.items()
            if k not in cascade["local"] and centre.variables.get(k) != v
        ]  # fmt: skip
        info = local.statement
        if changed or info.template_id is None:
            raise ConflictError(
                f"statement {statement_id} changes the centre's locked text "
                f"({', '.join(changed) or 'template'}); only {', '.join(cascade['local'])} "
                "may differ"
            )
        from crisisdesk.statements.versions import values_from_data

        rendered, _ = self.network.statements.render(
            info.incident_id, info.template_id, values_from_data(local.latest.variables)
        )
        if (rendered["ar"].strip(), rendered["en"].strip()) != (
            local.latest.text_ar.strip(),
            local.latest.text_en.strip(),
        ):
            raise ConflictError(
                f"statement {statement_id} was edited outside its local variables; "
                "localise the centre's statement again"
            )

    # ------------------------------------------------------------ the view
    def status(self, network_statement_id: int) -> list[CascadeLine]:
        """Which units received the statement, what each has made of it, and when it went out."""
        cascade = self.cascade_of(network_statement_id)
        if cascade is None:
            return []
        locals_: dict[str, int] = {}
        for entry in self._entries(LOCALISED):
            payload = entry["payload"]
            if payload.get("network_statement") == network_statement_id:
                locals_[str(payload["unit"])] = int(entry["subject"].split(":", 1)[1])
        out = []
        for code in cascade["units"]:
            unit = self.network.unit(code)
            sid = locals_.get(code)
            if sid is None:
                out.append(CascadeLine(unit, None, None, None))
                continue
            detail = self.network.statements.detail(sid)
            sent = [p.sent_at for p in detail.publications if p.sent_at is not None]
            published = utc_iso(min(sent)) if sent else None
            out.append(CascadeLine(unit, sid, detail.statement.state, published))
        return out
