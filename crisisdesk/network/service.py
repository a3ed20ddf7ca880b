"""`NetworkService`: the units of the network, who belongs to which, the units an incident
involves, and the unit scope check every network action goes through."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Sequence
from functools import cached_property
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from crisisdesk.clock import utc_iso
from crisisdesk.errors import ConflictError, CrisisDeskError, NotFoundError, RefusedError
from crisisdesk.log.kinds import Kind
from crisisdesk.network import scope
from crisisdesk.network.routing import Router
from crisisdesk.network.units import KINDS, Area, Unit, match_label
from crisisdesk.storage.models import (
    Incident,
    IncidentUnit,
    Interaction,
    InteractionRoute,
    OrgUnit,
    UnitMember,
    User,
)
from crisisdesk.text.script import bidi_controls
from crisisdesk.unit_of_work import UnitOfWork
from crisisdesk.users.permissions import Action

if TYPE_CHECKING:
    from crisisdesk.incidents.service import IncidentService
    from crisisdesk.intake.inbox import InboxService
    from crisisdesk.kernel import Kernel
    from crisisdesk.network.board import BoardService
    from crisisdesk.network.briefings import BriefingService
    from crisisdesk.network.cascade import CascadeService
    from crisisdesk.network.queues import QueueService
    from crisisdesk.statements.service import StatementService

_CODE = re.compile(r"^[a-z][a-z0-9_]{1,39}$")
# What an admin may change on a unit, and how each is kept (lists and the area as JSON).
EDITABLE = (
    "name_ar", "name_en", "parent", "kind", "focal_point", "contacts", "accounts", "aliases",
    "places", "area", "response_target_minutes", "active",
)  # fmt: skip


def unit_from_row(row: OrgUnit) -> Unit:
    def listed(text: str | None) -> tuple[str, ...]:
        try:
            value = json.loads(text or "[]")
        except ValueError:
            return ()
        return tuple(str(v) for v in value) if isinstance(value, list) else ()

    try:
        contacts = json.loads(row.contacts or "{}")
    except ValueError:
        contacts = {}
    try:
        area = Area.from_json(json.loads(row.area)) if row.area else None
    except ValueError:
        area = None
    return Unit(
        id=row.id,
        code=row.code,
        parent_id=row.parent_id,
        kind=row.kind,
        name_ar=row.name_ar,
        name_en=row.name_en,
        focal_point=row.focal_point or "",
        contacts={str(k): str(v) for k, v in contacts.items()}
        if isinstance(contacts, dict)
        else {},
        accounts=listed(row.accounts),
        aliases=listed(row.aliases),
        places=listed(row.places),
        area=area,
        response_target_minutes=row.response_target_minutes,
        active=bool(row.active),
    )


class NetworkService:
    """The media network: units, routing, queues, the board, cascades and briefings.

    The network works on the inbox and the statements, and both ask it for unit scope, so
    those two peers are handed in as providers (called when first used) to break the circle.
    """

    def __init__(
        self,
        desk: Kernel,
        *,
        incidents: IncidentService,
        inbox: Callable[[], InboxService],
        statements: Callable[[], StatementService],
    ) -> None:
        self.desk = desk
        self.incidents = incidents
        self._inbox = inbox
        self._statements = statements

    @property
    def inbox(self) -> InboxService:
        return self._inbox()

    @property
    def statements(self) -> StatementService:
        return self._statements()

    @cached_property
    def queues(self) -> QueueService:
        from crisisdesk.network.queues import QueueService

        return QueueService(self.desk, self)

    @cached_property
    def cascades(self) -> CascadeService:
        from crisisdesk.network.cascade import CascadeService

        return CascadeService(self.desk, self)

    @cached_property
    def briefings(self) -> BriefingService:
        from crisisdesk.network.briefings import BriefingService

        return BriefingService(self.desk, self)

    @cached_property
    def board(self) -> BoardService:
        from crisisdesk.network.board import BoardService

        return BoardService(self.desk, self)

    # ------------------------------------------------------------------ reading
    def units(self, *, session: Session | None = None) -> list[Unit]:
        """Every unit, the centre first, then by English name."""
        if session is None:
            with self.desk.db.read() as own:
                return self.units(session=own)
        rows = session.scalars(select(OrgUnit)).all()
        units = [unit_from_row(r) for r in rows]
        return sorted(units, key=lambda u: (not u.is_centre, u.name_en.casefold(), u.id))

    def by_id(self, *, session: Session | None = None) -> dict[int, Unit]:
        return {u.id: u for u in self.units(session=session)}

    def unit(self, code: str, *, session: Session | None = None) -> Unit:
        for unit in self.units(session=session):
            if unit.code == code:
                return unit
        raise NotFoundError(f"no unit with code {code!r} (see `crisisdesk units list`)")

    def centre(self, *, session: Session | None = None) -> Unit:
        for unit in self.units(session=session):
            if unit.is_centre and unit.active:
                return unit
        raise ConflictError("the network has no active centre unit")

    def router(self, *, session: Session | None = None) -> Router:
        return Router(self.units(session=session))

    def unit_of(self, user_name: str, *, session: Session | None = None) -> Unit | None:
        """The unit ``user_name`` belongs to: their membership, else the unit their free-text
        org unit names, else None (the centre's)."""
        if session is None:
            with self.desk.db.read() as own:
                return self.unit_of(user_name, session=own)
        user = session.scalar(select(User).where(User.name == user_name))
        if user is None:
            return None
        # asked at every triage keystroke: read the one unit a member belongs to, and the
        # whole list only to match a free-text org unit
        member = session.get(UnitMember, user.id)
        if member is not None:
            row = session.get(OrgUnit, member.unit_id)
            if row is not None:
                return unit_from_row(row)
        if user.org_unit:
            return self.match(user.org_unit, self.by_id(session=session).values())
        return None

    @staticmethod
    def match(label: str, units: Sequence[Unit] | Any) -> Unit | None:
        """The unit a free-text label names (see ``units.match_label``)."""
        by_code = {u.code: u for u in units}
        names = {u.code: [u.name_ar, u.name_en, u.code, *u.aliases] for u in by_code.values()}
        code = match_label(label, names)
        return by_code.get(code) if code else None

    def my_unit(self) -> Unit | None:
        user = self.desk.user
        return self.unit_of(user.name) if user is not None else None

    def involved(self, incident_id: int, *, session: Session | None = None) -> list[Unit]:
        """The units an incident involves (its links, and its free-text units that name one)."""
        if session is None:
            with self.desk.db.read() as own:
                return self.involved(incident_id, session=own)
        incident = session.get(Incident, incident_id)
        if incident is None:
            raise NotFoundError(f"no incident with id {incident_id}")
        units = self.by_id(session=session)
        ids = set(
            session.scalars(
                select(IncidentUnit.unit_id).where(IncidentUnit.incident_id == incident_id)
            )
        )
        try:
            labels = json.loads(incident.org_units or "[]")
        except ValueError:
            labels = []
        for label in labels if isinstance(labels, list) else []:
            found = self.match(str(label), units.values())
            if found is not None:
                ids.add(found.id)
        return [u for u in self.units(session=session) if u.id in ids]

    # ------------------------------------------------------------------ scope
    def require_scope(
        self, action: Action, target: Unit, *, incident_id: int | None
    ) -> Unit | None:
        """The acting user's unit, if their role allows ``action`` and their unit covers
        ``target``; otherwise the refusal is logged and raised."""
        user = self.desk.require(action, incident_id=incident_id)
        mine = self.unit_of(user.name)
        if scope.covers(mine, target, self.by_id()):
            return mine
        self._refuse(action, target, mine, incident_id)
        raise AssertionError("unreachable")

    def require_interaction_scope(self, action: Action, interaction_id: int) -> None:
        """Refuse (and log) ``action`` on a message routed to a unit the user's unit does
        not cover. Centre users and users with no unit pass without a lookup."""
        user = self.desk.user
        if user is None:
            return
        mine = self.unit_of(user.name)
        if scope.is_centre(mine):
            return
        with self.desk.db.read() as session:
            route = session.get(InteractionRoute, interaction_id)
            incident_id = session.scalar(
                select(Interaction.incident_id).where(Interaction.id == interaction_id)
            )
        if incident_id is None:
            return  # the caller reports the missing message
        if route is None:
            self.queues.route_pending(incident_id)
            with self.desk.db.read() as session:
                route = session.get(InteractionRoute, interaction_id)
        units = self.by_id()
        if route is None or route.unit_id not in units:
            return
        target = units[route.unit_id]
        if not scope.covers(mine, target, units):
            self._refuse(action, target, mine, incident_id)

    def require_centre(self, action: Action, *, incident_id: int | None) -> None:
        """Only the centre may take ``action`` (network-wide tasks and statements)."""
        user = self.desk.require(action, incident_id=incident_id)
        mine = self.unit_of(user.name)
        if not scope.is_centre(mine):
            self._refuse(action, self.centre(), mine, incident_id)

    def _refuse(
        self, action: Action, target: Unit, mine: Unit | None, incident_id: int | None
    ) -> None:
        user = self.desk.user
        assert user is not None and mine is not None
        with self.desk.db.write() as session:
            UnitOfWork(self.desk, session).decide(
                Kind.SECURITY_REFUSED,
                subject=f"user:{user.name}",
                incident_id=incident_id,
                summary_ar=f"رُفض إجراء {action.value} للمستخدم {user.name} من {mine.name_ar} "
                f"على {target.name_ar}",
                summary_en=f"refused {action.value} for {user.name} of {mine.name_en} "
                f"on {target.name_en}",
                payload={"action": action.value, "unit": mine.code, "target": target.code},
            )
        raise RefusedError(
            f"{user.name} ({user.role}, {mine.name_en}) may not {action.value} for {target.name_en}"
        )

    # ------------------------------------------------------------------ changing
    def add_unit(
        self, code: str, name_ar: str, name_en: str, *, parent: str | None = None,
        kind: str = "municipality", **fields: Any,
    ) -> Unit:  # fmt: skip
        """A new unit (an admin's decision)."""
        if not _CODE.match(code):
            raise CrisisDeskError(
                f"unit code {code!r} must be 2-40 lower-case letters, digits or '_'"
            )
        with self.desk.transaction(Action.UNIT_EDIT) as uow:
            if uow.session.scalar(select(OrgUnit.id).where(OrgUnit.code == code)) is not None:
                raise ConflictError(f"a unit with code {code!r} already exists")
            row = OrgUnit(
                code=code, kind="office", name_ar="", name_en="",
                created_at=utc_iso(self.desk.clock.now()), focal_point="", contacts="{}",
                accounts="[]", aliases="[]", places="[]", active=True,
            )  # fmt: skip
            _apply(
                row, {"name_ar": name_ar, "name_en": name_en, "kind": kind, **fields}, uow.session
            )
            row.parent_id = self._parent_id(uow.session, parent)
            uow.session.add(row)
            uow.session.flush()
            if row.kind == "centre":
                self._keep_one_centre(uow.session, row)
            unit = unit_from_row(row)
            uow.decide(
                Kind.UNIT_ADDED,
                subject=f"unit:{code}",
                summary_ar=f"إضافة الوحدة {unit.name_ar}",
                summary_en=f"added the unit {unit.name_en}",
                payload={"unit": unit.to_json()},
            )
        return unit

    def edit_unit(self, code: str, changes: dict[str, Any], *, reason: str = "") -> Unit:
        """Change a unit's fields (an admin's decision that lists old and new values)."""
        unknown = set(changes) - set(EDITABLE)
        if unknown:
            raise CrisisDeskError(f"a unit has no field {sorted(unknown)[0]!r}")
        if not changes:
            raise CrisisDeskError("nothing to change")
        with self.desk.transaction(Action.UNIT_EDIT) as uow:
            row = uow.session.scalar(select(OrgUnit).where(OrgUnit.code == code))
            if row is None:
                raise NotFoundError(f"no unit with code {code!r}")
            before = unit_from_row(row).to_json()
            fields = dict(changes)
            if "parent" in fields:
                parent = fields.pop("parent")
                row.parent_id = self._parent_id(uow.session, parent, child=row.id)
            _apply(row, fields, uow.session)
            if row.kind == "centre" or before["kind"] == "centre":
                self._keep_one_centre(uow.session, row)
            uow.session.flush()
            unit = unit_from_row(row)
            after = unit.to_json()
            diff = {k: [before[k], after[k]] for k in after if before[k] != after[k]}
            if not diff:
                raise ConflictError(f"unit {code} already has those values")
            uow.decide(
                Kind.UNIT_EDITED,
                subject=f"unit:{code}",
                summary_ar=f"تعديل الوحدة {unit.name_ar}: {'، '.join(diff)}",
                summary_en=f"edited the unit {unit.name_en}: {', '.join(diff)}",
                payload={"changes": diff, "reason": reason},
            )
        return unit

    def set_member(self, user_name: str, code: str | None) -> Unit | None:
        """Put a user in a unit (``None``: in none, i.e. the centre's)."""
        with self.desk.transaction(Action.UNIT_EDIT) as uow:
            user = uow.session.scalar(select(User).where(User.name == user_name))
            if user is None:
                raise NotFoundError(f"no user named {user_name!r}")
            unit = self.unit(code, session=uow.session) if code else None
            uow.session.execute(delete(UnitMember).where(UnitMember.user_id == user.id))
            if unit is not None:
                uow.session.add(UnitMember(user_id=user.id, unit_id=unit.id))
            uow.decide(
                Kind.UNIT_MEMBER,
                subject=f"user:{user_name}",
                summary_ar=f"{user_name} في {unit.name_ar if unit else 'المركز (بلا وحدة)'}",
                summary_en=f"{user_name} belongs to {unit.name_en if unit else 'no unit (centre)'}",
                payload={"user": user_name, "unit": unit.code if unit else None},
            )
        return unit

    def involve(self, incident_id: int, codes: Sequence[str]) -> list[Unit]:
        """Add units to an incident (the lead's decision); already involved ones are kept."""
        with self.desk.transaction(Action.UNIT_INVOLVE, incident_id=incident_id) as uow:
            if uow.session.get(Incident, incident_id) is None:
                raise NotFoundError(f"no incident with id {incident_id}")
            wanted = [self.unit(c, session=uow.session) for c in codes]
            have = set(
                uow.session.scalars(
                    select(IncidentUnit.unit_id).where(IncidentUnit.incident_id == incident_id)
                )
            )
            new = [u for u in wanted if u.id not in have]
            if not new:
                raise ConflictError(f"incident {incident_id} already involves those units")
            for unit in new:
                uow.session.add(IncidentUnit(incident_id=incident_id, unit_id=unit.id))
            uow.decide(
                Kind.INCIDENT_UNITS,
                subject=f"incident:{incident_id}",
                incident_id=incident_id,
                summary_ar="إشراك " + "، ".join(u.name_ar for u in new),
                summary_en="involved " + ", ".join(u.name_en for u in new),
                payload={"units": [u.code for u in new]},
            )
            from crisisdesk.network.playbook_steps import assign_unit_steps

            # the playbook's steps for "each affected municipality", one task per new unit
            assign_unit_steps(self.desk, uow, incident_id, [u for u in new if not u.is_centre])
            uow.session.flush()
            return self.involved(incident_id, session=uow.session)

    def _parent_id(
        self, session: Session, code: str | None, *, child: int | None = None
    ) -> int | None:
        if code in (None, "", "-"):
            return None
        parent = self.unit(str(code), session=session)
        if child is not None:
            units = self.by_id(session=session)
            current: Unit | None = parent
            while current is not None:
                if current.id == child:
                    raise ConflictError("a unit cannot be placed under itself or its own units")
                current = units.get(current.parent_id) if current.parent_id else None
        return parent.id

    @staticmethod
    def _keep_one_centre(session: Session, row: OrgUnit) -> None:
        centres = [
            r for r in session.scalars(select(OrgUnit).where(OrgUnit.kind == "centre"))
            if r.active
        ]  # fmt: skip
        if len(centres) != 1:
            raise ConflictError("the network must keep exactly one active centre unit")


def _apply(row: OrgUnit, fields: dict[str, Any], session: Session) -> None:
    """Set checked values on ``row`` (lists and the area as JSON, names non-empty)."""
    for key, value in fields.items():
        if key in ("name_ar", "name_en", "focal_point"):
            text = _clean(value, 300)
            if key != "focal_point" and not any(
                unicodedata.category(c) not in ("Cf", "Zs") for c in text
            ):  # nothing visible: empty, or only zero-width characters
                raise CrisisDeskError(f"a unit's {key} cannot be empty")
            controls = bidi_controls(text)
            if controls:  # the name goes into sitreps and statements the public reads
                raise CrisisDeskError(
                    f"a unit's {key} contains the direction control {', '.join(controls)}; "
                    "remove it"
                )
            setattr(row, key, text)
        elif key == "kind":
            if value not in KINDS:
                raise CrisisDeskError(
                    f"unknown unit kind {value!r}; choose one of {', '.join(KINDS)}"
                )
            row.kind = value
        elif key in ("accounts", "aliases", "places"):
            items = [_clean(v, 300) for v in (value or [])]
            setattr(row, key, json.dumps([v for v in items if v], ensure_ascii=False))
        elif key == "contacts":
            if not isinstance(value, dict):
                raise CrisisDeskError("contacts must be name=value pairs")
            row.contacts = json.dumps(
                {_clean(k, 40): _clean(v, 300) for k, v in value.items()}, ensure_ascii=False
            )
        elif key == "area":
            if value in (None, "", "-"):
                row.area = None
            else:
                area = Area.from_json(list(value) if not isinstance(value, list) else value)
                if area is None:
                    raise CrisisDeskError(
                        "an area is four numbers: south,west,north,east (degrees, south < north, "
                        "west < east)"
                    )
                row.area = json.dumps(area.to_json())
        elif key == "response_target_minutes":
            if value in (None, "", "-"):
                row.response_target_minutes = None
            else:
                try:
                    minutes = int(value)
                except (TypeError, ValueError):
                    raise CrisisDeskError(
                        f"response target {value!r} is not whole minutes"
                    ) from None
                if not 1 <= minutes <= 10_080:
                    raise CrisisDeskError("a response target is 1 to 10,080 minutes")
                row.response_target_minutes = minutes
        elif key == "active":
            row.active = bool(value)


def _clean(value: object, limit: int) -> str:
    """One line of text fit to store: no NUL, no lone surrogates, at most ``limit`` chars."""
    text = str(value).replace("\x00", "")
    text = text.encode("utf-8", "replace").decode("utf-8")
    return " ".join(text.split())[:limit]
