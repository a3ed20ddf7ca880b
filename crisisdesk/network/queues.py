"""Unit queues: routing what arrived to its unit, each unit's queue, the centre's per-unit
breakdown, and hand-offs and escalations that carry a note and keep the response due.

Automatic routing is data: one ``network.routed`` decision per batch with the counts per
unit, never one per message. A person moving a message is a decision of its own. The
response due never moves with a message: the public waited from the moment it wrote.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from sqlalchemy import select, update

from crisisdesk.clock import parse_utc, utc_iso
from crisisdesk.errors import ConflictError, CrisisDeskError, NotFoundError
from crisisdesk.intake.vocabulary import OPEN_STATUSES
from crisisdesk.log.kinds import Kind
from crisisdesk.network.routing import Route, accounts_of
from crisisdesk.network.units import Unit
from crisisdesk.storage.models import Interaction, InteractionRoute
from crisisdesk.users.permissions import Action

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from crisisdesk.kernel import Kernel
    from crisisdesk.network.indicators import UnitIndicators
    from crisisdesk.network.service import NetworkService

NOTE_LIMIT = 2000
_BATCH = 2000


@dataclass(frozen=True)
class QueueItem:
    interaction_id: int
    received_at: str
    channel: str
    text: str
    status: str
    priority: str | None
    response_due: str | None
    overdue: bool
    unit: str
    method: str
    detail: str
    routed_by: str | None
    note: str | None

    def route(self) -> Route:
        return Route(self.unit, self.method, self.detail)

    def to_json(self) -> dict[str, object]:
        return {
            "interaction_id": self.interaction_id,
            "received_at": self.received_at,
            "channel": self.channel,
            "text": self.text,
            "status": self.status,
            "priority": self.priority,
            "response_due": self.response_due,
            "overdue": self.overdue,
            "unit": self.unit,
            "method": self.method,
            "detail": self.detail,
            "routed_by": self.routed_by,
            "note": self.note,
        }


@dataclass(frozen=True)
class UnitCounts:
    """One line of the centre's breakdown."""

    unit: Unit
    open: int
    overdue: int
    total: int
    involved: bool

    def to_json(self) -> dict[str, object]:
        return {
            "unit": self.unit.code,
            "name_ar": self.unit.name_ar,
            "name_en": self.unit.name_en,
            "open": self.open,
            "overdue": self.overdue,
            "total": self.total,
            "involved": self.involved,
        }


COORDINATION = "coordination"


def _digits(number: str) -> str:
    """A phone number as WhatsApp ids write it: its digits only (``+966 13`` is ``96613``)."""
    return "".join(ch for ch in number if ch.isdigit())


class _NothingLeft(Exception):
    """Rolls back a routing pass that found every message already routed."""


def clean_note(note: str | None) -> str:
    """A hand-off note as stored: required, plain, no NUL or lone surrogates, bounded."""
    text = (note or "").replace("\x00", "").encode("utf-8", "replace").decode("utf-8").strip()
    if not text:
        raise CrisisDeskError("a hand-off or escalation needs a note saying why")
    return text[:NOTE_LIMIT]


class QueueService:
    def __init__(self, desk: Kernel, network: NetworkService) -> None:
        self.desk = desk
        self.network = network

    # ---------------------------------------------------------------- routing
    def route_pending(self, incident_id: int) -> dict[str, int]:
        """Route every message of the incident that has no unit yet; the counts per unit."""
        with self.desk.db.read() as session:
            pending = self._pending_ids(session, incident_id)
        if not pending:
            return {}
        counts: dict[str, int] = {}
        try:
            self._route(incident_id, pending, counts)
        except _NothingLeft:
            return {}
        return counts

    def _route(self, incident_id: int, pending: list[int], counts: dict[str, int]) -> None:
        # a focal point who opted in to briefings writes to the unit's coordination thread
        focal = {_digits(n): c for c, n in self.network.briefings.opted_in().items() if n}
        coordination = 0
        tightened = 0
        with self.desk.transaction(None, incident_id=incident_id) as uow:
            units = {u.code: u for u in self.network.units(session=uow.session)}
            router = self.network.router(session=uow.session)
            now = utc_iso(self.desk.clock.now())
            for start in range(0, len(pending), _BATCH):
                part = pending[start : start + _BATCH]
                rows = uow.session.execute(
                    select(
                        Interaction.id, Interaction.text, Interaction.normalised,
                        Interaction.location, Interaction.channel, Interaction.reply_address,
                        Interaction.author_handle, Interaction.received_at,
                        Interaction.response_due, Interaction.needs_answer, Interaction.status,
                    ).where(Interaction.id.in_(part))
                ).all()  # fmt: skip
                taken = set(
                    uow.session.scalars(
                        select(InteractionRoute.interaction_id).where(
                            InteractionRoute.interaction_id.in_(part)
                        )
                    )
                )
                for (
                    iid, text, normalised, location, channel, address, author, received, due,
                    needs_answer, status,
                ) in rows:  # fmt: skip
                    if iid in taken:  # another laptop routed it meanwhile
                        continue
                    thread = focal.get(_digits(author or "")) if channel == "whatsapp" else None
                    if thread is not None:
                        route = Route(thread, COORDINATION, "from the unit's focal point")
                        # on record in the unit's thread, not waiting in the public inbox
                        uow.session.execute(
                            update(Interaction)
                            .where(Interaction.id == iid)
                            .values(status="closed", needs_answer=False, overdue=False)
                        )
                        coordination += 1
                    else:
                        route = router.route(
                            text or "",
                            location=location,
                            accounts=accounts_of(channel or "", address, text or ""),
                            normalised=normalised,
                        )
                    target = units[route.unit].response_target_minutes
                    if target and needs_answer and status in OPEN_STATUSES and thread is None:
                        # the unit's own target, when stricter: a due only ever comes earlier
                        sooner = utc_iso(parse_utc(received) + timedelta(minutes=target))
                        if due is None or sooner < due:
                            uow.session.execute(
                                update(Interaction)
                                .where(Interaction.id == iid)
                                .values(response_due=sooner, due_rule=f"unit:{route.unit}")
                            )
                            tightened += 1
                    uow.session.add(
                        InteractionRoute(
                            interaction_id=iid, incident_id=incident_id,
                            unit_id=units[route.unit].id, method=route.method,
                            detail=route.detail[:500], routed_at=now, routed_by=None,
                        )
                    )  # fmt: skip
                    counts[route.unit] = counts.get(route.unit, 0) + 1
            if not counts:  # another laptop routed them all: nothing to record
                raise _NothingLeft
            total = sum(counts.values())
            uow.decide(
                Kind.NETWORK_ROUTED,
                subject=f"incident:{incident_id}",
                incident_id=incident_id,
                summary_ar=f"توجيه {total} رسالة إلى الوحدات: "
                + "، ".join(f"{units[c].name_ar} {n}" for c, n in sorted(counts.items())),
                summary_en=f"routed {total} messages to units: "
                + ", ".join(f"{units[c].name_en} {n}" for c, n in sorted(counts.items())),
                payload={
                    "counts": counts,
                    "coordination": coordination,
                    "due_tightened": tightened,
                },
            )

    @staticmethod
    def _pending_ids(session: Session, incident_id: int) -> list[int]:
        return list(
            session.scalars(
                select(Interaction.id)
                .outerjoin(InteractionRoute, InteractionRoute.interaction_id == Interaction.id)
                .where(Interaction.incident_id == incident_id)
                .where(InteractionRoute.interaction_id.is_(None))
                .order_by(Interaction.id)
            )
        )

    # ---------------------------------------------------------------- reading
    def queue(
        self,
        incident_id: int,
        *,
        unit: str | None = None,
        all_units: bool = False,
        open_only: bool = True,
        limit: int = 500,
        route: bool = True,
    ) -> list[QueueItem]:
        """A unit's queue (the signed-in user's unit by default), or every unit's with
        permission to widen; the most urgent first (overdue, then by response due).
        ``route=False`` only reads (the app routes on its writer first)."""
        if route:
            self.route_pending(incident_id)
        mine = self.network.my_unit()
        target: Unit | None
        if all_units:
            if mine is not None and not mine.is_centre:
                self.desk.require(Action.NETWORK_VIEW_ALL, incident_id=incident_id)
            target = None
        else:
            target = self.network.unit(unit) if unit else (mine or self.network.centre())
            if mine is not None and not mine.is_centre and target.id != mine.id:
                self.network.require_scope(Action.NETWORK_VIEW_ALL, target, incident_id=incident_id)
        now = utc_iso(self.desk.clock.now())
        with self.desk.db.read() as session:
            units = self.network.by_id(session=session)
            query = (
                select(Interaction, InteractionRoute)
                .join(InteractionRoute, InteractionRoute.interaction_id == Interaction.id)
                .where(Interaction.incident_id == incident_id, Interaction.deleted.is_(False))
            )
            if target is not None:
                query = query.where(InteractionRoute.unit_id == target.id)
            if open_only:
                query = query.where(Interaction.status.in_(OPEN_STATUSES))
            rows = session.execute(query).all()
            items = [
                QueueItem(
                    interaction_id=i.id,
                    received_at=i.received_at,
                    channel=i.channel,
                    text=(i.edited_text or i.text)[:1000],
                    status=i.status,
                    priority=i.priority,
                    response_due=i.response_due,
                    overdue=bool(
                        i.status in OPEN_STATUSES and i.response_due and i.response_due < now
                    ),
                    unit=units[r.unit_id].code,
                    method=r.method,
                    detail=r.detail or "",
                    routed_by=r.routed_by,
                    note=r.note,
                )
                for i, r in rows
            ]
        items.sort(key=lambda q: (not q.overdue, q.response_due or "9999", q.interaction_id))
        return items[:limit]

    def item(self, interaction_id: int) -> QueueItem:
        with self.desk.db.read() as session:
            incident_id = session.scalar(
                select(Interaction.incident_id).where(Interaction.id == interaction_id)
            )
        if incident_id is None:
            raise NotFoundError(f"no interaction with id {interaction_id}")
        self.route_pending(incident_id)
        now = utc_iso(self.desk.clock.now())
        with self.desk.db.read() as session:
            i = session.get(Interaction, interaction_id)
            r = session.get(InteractionRoute, interaction_id)
            assert i is not None and r is not None
            units = self.network.by_id(session=session)
            return QueueItem(
                interaction_id=i.id, received_at=i.received_at, channel=i.channel,
                text=(i.edited_text or i.text)[:1000], status=i.status, priority=i.priority,
                response_due=i.response_due,
                overdue=bool(i.status in OPEN_STATUSES and i.response_due and i.response_due < now),
                unit=units[r.unit_id].code, method=r.method, detail=r.detail or "",
                routed_by=r.routed_by, note=r.note,
            )  # fmt: skip

    def breakdown(self, incident_id: int, *, route: bool = True) -> list[UnitCounts]:
        """Open, overdue and total messages per unit (every involved unit listed, even at 0)."""
        if route:
            self.route_pending(incident_id)
        now = utc_iso(self.desk.clock.now())
        with self.desk.db.read() as session:
            units = self.network.by_id(session=session)
            involved = {u.id for u in self.network.involved(incident_id, session=session)}
            rows = session.execute(
                select(InteractionRoute.unit_id, Interaction.status, Interaction.response_due)
                .join(Interaction, Interaction.id == InteractionRoute.interaction_id)
                .where(Interaction.incident_id == incident_id, Interaction.deleted.is_(False))
            ).all()
        counts: dict[int, list[int]] = {uid: [0, 0, 0] for uid in involved}
        for unit_id, status, due in rows:
            c = counts.setdefault(unit_id, [0, 0, 0])
            c[2] += 1
            if status in OPEN_STATUSES:
                c[0] += 1
                if due and due < now:
                    c[1] += 1
        out = [
            UnitCounts(units[uid], c[0], c[1], c[2], uid in involved)
            for uid, c in counts.items()
            if uid in units
        ]
        out.sort(key=lambda u: (not u.unit.is_centre, -u.overdue, -u.open, u.unit.name_en))
        return out

    def thread(self, incident_id: int, unit: str) -> list[QueueItem]:
        """The unit's coordination thread: what its focal point wrote back, oldest first."""
        target = self.network.unit(unit)
        self.network.require_scope(Action.NETWORK_ROUTE, target, incident_id=incident_id)
        self.route_pending(incident_id)
        items = self.queue(incident_id, unit=unit, open_only=False, route=False, limit=10_000)
        return sorted((i for i in items if i.method == COORDINATION), key=lambda i: i.received_at)

    def indicators(self, incident_id: int) -> list[UnitIndicators]:
        """Per-unit indicators of the incident (see ``indicators``)."""
        from crisisdesk.network.indicators import unit_indicators

        self.route_pending(incident_id)
        with self.desk.db.read() as session:
            units = self.network.by_id(session=session)
            return unit_indicators(session, incident_id, units, self.desk.clock.now())

    # ---------------------------------------------------------------- moving
    def hand_off(
        self, interaction_id: int, to: str, note: str, *, expected_from: str | None = None
    ) -> QueueItem:
        """Give a message to another unit, with a note; its response due stays as it was."""
        return self._move(interaction_id, to, clean_note(note), "handoff", expected_from)

    def escalate(
        self, interaction_id: int, note: str, *, expected_from: str | None = None
    ) -> QueueItem:
        """Send a message up to the centre with a note; it is marked escalated."""
        centre = self.network.centre()
        return self._move(
            interaction_id, centre.code, clean_note(note), "escalation", expected_from
        )

    def _move(
        self, interaction_id: int, to: str, note: str, method: str, expected_from: str | None
    ) -> QueueItem:
        current = self.item(interaction_id)  # routes it first if it was not yet
        target = self.network.unit(to)
        if not target.active:
            raise ConflictError(f"unit {target.code} is inactive")
        units = {u.code: u for u in self.network.units()}
        source = units[current.unit]
        with self.desk.db.read() as session:
            incident_id = session.scalar(
                select(Interaction.incident_id).where(Interaction.id == interaction_id)
            )
        self.network.require_scope(Action.NETWORK_ROUTE, source, incident_id=incident_id)
        with self.desk.transaction(None, incident_id=incident_id) as uow:
            route = uow.session.get(InteractionRoute, interaction_id)
            row = uow.session.get(Interaction, interaction_id)
            assert route is not None and row is not None
            now_unit = self.network.by_id(session=uow.session)[route.unit_id]
            if expected_from is not None and now_unit.code != expected_from:
                raise ConflictError(
                    f"interaction {interaction_id} was already moved to {now_unit.name_en}"
                    f" by {route.routed_by or 'routing'}; look again before moving it"
                )
            if now_unit.code != source.code:
                raise ConflictError(
                    f"interaction {interaction_id} moved to {now_unit.name_en} meanwhile"
                )
            if target.id == route.unit_id and method == "handoff":
                raise ConflictError(
                    f"interaction {interaction_id} is already with {target.name_en}"
                )
            if method == "escalation" and row.status == "escalated" and target.id == route.unit_id:
                raise ConflictError(f"interaction {interaction_id} is already escalated")
            user = self.desk.user
            route.unit_id = target.id
            route.method = method
            route.detail = source.code
            route.routed_at = utc_iso(self.desk.clock.now())
            route.routed_by = user.name if user else None
            route.note = note
            old_status = row.status
            if method == "escalation" and row.status in OPEN_STATUSES:
                row.status = "escalated"
            kind = (
                Kind.INTERACTION_HANDED_OFF if method == "handoff" else Kind.INTERACTION_ESCALATED
            )
            due = row.response_due or "-"
            verb_en = "handed" if method == "handoff" else "escalated"
            uow.decide(
                kind,
                subject=f"interaction:{interaction_id}",
                incident_id=incident_id,
                summary_ar=(
                    f"{'أحال' if method == 'handoff' else 'صعّد'} الرسالة {interaction_id} من "
                    f"{source.name_ar} إلى {target.name_ar}: {note} (موعد الرد باقٍ {due})"
                ),
                summary_en=(
                    f"{verb_en} interaction {interaction_id} from {source.name_en} to "
                    f"{target.name_en}: {note} (response due kept at {due})"
                ),
                payload={
                    "from": source.code, "to": target.code, "note": note,
                    "response_due": row.response_due, "status": [old_status, row.status],
                },
            )  # fmt: skip
        return self.item(interaction_id)
