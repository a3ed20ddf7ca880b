"""Briefings to the network's focal points over WhatsApp instead of e-mail.

Outside the 24-hour window WhatsApp delivers only approved message templates, so a briefing
names one of the templates below and fills exactly its variables. Each focal point must have
opted in (recorded as a decision). The centre sends; each recipient's result (the message id,
or why it failed) is on record in one decision; delivery and read receipts come back through
the webhook as status events and are read per recipient, whatever order they arrive in. In a
drill nothing leaves the machine (sandbox), and with no WhatsApp configured the briefing is
delivered in-app only, to users of the units who have CrisisDesk.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from crisisdesk.errors import ConflictError, CrisisDeskError, NotFoundError
from crisisdesk.intake.http import HttpClient, HttpError
from crisisdesk.network.units import Unit
from crisisdesk.storage.models import Decision, Incident, InteractionEvent
from crisisdesk.users.permissions import Action

if TYPE_CHECKING:
    from crisisdesk.desk import Desk
    from crisisdesk.network.service import NetworkService

# The template names as approved in WhatsApp Manager, and their body variables in order.
TEMPLATES: dict[str, tuple[str, ...]] = {
    "network_briefing": ("incident", "summary"),
    "unit_task": ("unit", "task", "due"),
    "sitrep_ready": ("incident", "time", "summary"),
    "network_alert": ("incident", "alert"),
}
OPTIN, SENT = "network.optin", "network.briefing"
TOKEN_SECRET = "whatsapp.token"
DEFAULT_BASE = "https://graph.facebook.com/v21.0"
RANK = {"sent": 1, "delivered": 2, "read": 3, "failed": 4}
VALUE_LIMIT = 1000


@dataclass(frozen=True)
class Receipt:
    """One recipient of a briefing: how it went out and the furthest receipt so far."""

    unit: str
    to: str
    mode: str  # whatsapp | sandbox | in_app | failed
    message_id: str | None
    status: str  # sent | delivered | read | failed | recorded
    error: str | None

    def to_json(self) -> dict[str, object]:
        return dict(self.__dict__)


def _client() -> HttpClient:
    return HttpClient(deadline=20.0, retries=0)  # a POST is never repeated by itself


class BriefingService:
    def __init__(self, desk: Desk, network: NetworkService) -> None:
        self.desk = desk
        self.network = network
        self.client_factory: Callable[[], HttpClient] = _client

    # ------------------------------------------------------------ opt-in
    def opt_in(self, unit: str, given: bool = True) -> None:
        """Record that a unit's focal point agreed (or withdrew) to get WhatsApp briefings."""
        target = self.network.unit(unit)
        number = target.contacts.get("whatsapp", "")
        if given and not number:
            raise ConflictError(f"{target.name_en} has no WhatsApp number among its contacts")
        with self.desk.transaction(Action.UNIT_EDIT) as uow:
            uow.decide(
                OPTIN,
                subject=f"unit:{target.code}",
                summary_ar=f"{'موافقة' if given else 'سحب موافقة'} منسق {target.name_ar} "
                "على إحاطات واتساب",
                summary_en=f"{target.name_en}'s focal point "
                f"{'opted in to' if given else 'opted out of'} WhatsApp briefings",
                payload={"unit": target.code, "number": number, "given": given},
            )

    def opted_in(self) -> dict[str, str]:
        """Unit code → the number that opted in (latest decision per unit wins)."""
        state: dict[str, str] = {}
        with self.desk.db.read() as session:
            for body in session.scalars(
                select(Decision.body).where(Decision.kind == OPTIN).order_by(Decision.seq)
            ):
                payload = json.loads(body)["payload"]
                if payload.get("given"):
                    state[payload["unit"]] = str(payload.get("number") or "")
                else:
                    state.pop(payload["unit"], None)
        return state

    # ------------------------------------------------------------ sending
    def send(
        self, incident_id: int, template: str, values: Mapping[str, str], units: Sequence[str]
    ) -> tuple[int, list[Receipt]]:
        """Brief the focal points of ``units`` (``affected``: every involved municipality)
        with ``template``; the decision's seq and each recipient's outcome."""
        if template not in TEMPLATES:
            raise CrisisDeskError(
                f"unknown briefing template {template!r}; choose one of {', '.join(TEMPLATES)}"
            )
        wanted = TEMPLATES[template]
        missing = [v for v in wanted if not str(values.get(v, "")).strip()]
        extra = [v for v in values if v not in wanted]
        if missing or extra:
            raise CrisisDeskError(
                f"template {template} takes exactly {', '.join(wanted)}"
                + (f"; missing {', '.join(missing)}" if missing else "")
                + (f"; unknown {', '.join(extra)}" if extra else "")
            )
        params = [_clean(values[v]) for v in wanted]
        self.network.require_centre(Action.UNIT_TASK_ASSIGN, incident_id=incident_id)
        with self.desk.db.read() as session:
            incident = session.get(Incident, incident_id)
            if incident is None:
                raise NotFoundError(f"no incident with id {incident_id}")
            drill = bool(incident.drill)
        if list(units) == ["affected"]:
            targets = [u for u in self.network.involved(incident_id) if not u.is_centre]
        else:
            targets = [self.network.unit(code) for code in units]
        if not targets:
            raise ConflictError("no unit to brief")
        optins = self.opted_in()
        config = self.desk.inbox.connectors.get("whatsapp")
        settings = config.config if config else {}
        token = self.desk.secrets.get(TOKEN_SECRET)
        phone_id = str(settings.get("phone_number_id") or "")
        base = str(settings.get("base_url") or DEFAULT_BASE).rstrip("/")
        receipts = [
            self._one(u, optins.get(u.code), template, params, drill, token, base, phone_id)
            for u in targets
        ]
        with self.desk.transaction(None, incident_id=incident_id) as uow:
            seq = uow.decide(
                SENT,
                subject=f"incident:{incident_id}",
                incident_id=incident_id,
                summary_ar=f"إحاطة {template} إلى " + "، ".join(u.name_ar for u in targets),
                summary_en=f"briefing {template} to " + ", ".join(u.name_en for u in targets),
                payload={
                    "template": template,
                    "values": dict(zip(wanted, params, strict=True)),
                    "recipients": [r.to_json() for r in receipts],
                },
            )
        return seq, receipts

    def _one(
        self, unit: Unit, number: str | None, template: str, params: list[str], drill: bool,
        token: str | None, base: str, phone_id: str,
    ) -> Receipt:  # fmt: skip
        if not number:
            return Receipt(unit.code, "", "in_app", None, "recorded", "no WhatsApp opt-in")
        if drill:
            return Receipt(unit.code, number, "sandbox", None, "recorded", None)
        if not token or not phone_id:
            return Receipt(unit.code, number, "in_app", None, "recorded", "WhatsApp not set up")
        payload: dict[str, Any] = {
            "messaging_product": "whatsapp",
            "to": number.lstrip("+"),
            "type": "template",
            "template": {
                "name": template,
                "language": {"code": "ar"},
                "components": [
                    {"type": "body", "parameters": [{"type": "text", "text": p} for p in params]}
                ],
            },
        }
        try:
            with self.client_factory() as client:
                response = client.post(
                    f"{base}/{phone_id}/messages",
                    data=json.dumps(payload, ensure_ascii=False).encode("utf-8"),
                    headers={
                        "Authorization": f"Bearer {token}",
                        "Content-Type": "application/json",
                    },
                )
                data = response.json()
        except HttpError as exc:
            return Receipt(unit.code, number, "failed", None, "failed", str(exc)[:300])
        except ValueError:
            return Receipt(unit.code, number, "failed", None, "failed", "the answer was not JSON")
        messages = data.get("messages") if isinstance(data, dict) else None
        first = messages[0] if isinstance(messages, list) and messages else None
        message_id = first.get("id") if isinstance(first, dict) else None
        if not isinstance(message_id, str):
            return Receipt(unit.code, number, "failed", None, "failed", "no message id returned")
        return Receipt(unit.code, number, "whatsapp", message_id, "sent", None)

    # ------------------------------------------------------------ receipts
    def receipts(self, seq: int) -> list[Receipt]:
        """Each recipient of the briefing at ``seq``, with the furthest status its receipts
        reached (read beats delivered beats sent, in whatever order they came; failed wins)."""
        with self.desk.db.read() as session:
            body = session.scalar(select(Decision.body).where(Decision.seq == seq))
            if body is None or json.loads(body).get("kind") != SENT:
                raise NotFoundError(f"no briefing at seq {seq}")
            recipients = json.loads(body)["payload"]["recipients"]
            ids = [r["message_id"] for r in recipients if r.get("message_id")]
            best: dict[str, tuple[str, str | None]] = {}
            if ids:
                for refers_to, flags in session.execute(
                    select(InteractionEvent.refers_to, InteractionEvent.flags).where(
                        InteractionEvent.kind == "status", InteractionEvent.refers_to.in_(ids)
                    )
                ):
                    data = json.loads(flags or "{}")
                    status = str(data.get("status") or "")
                    error = ", ".join(str(e) for e in data.get("errors") or []) or None
                    have = best.get(str(refers_to))
                    if RANK.get(status, 0) > RANK.get(have[0] if have else "", 0):
                        best[str(refers_to)] = (status, error)
        out = []
        for r in recipients:
            status, error = best.get(r.get("message_id") or "", (r["status"], r.get("error")))
            out.append(Receipt(r["unit"], r["to"], r["mode"], r.get("message_id"), status, error))
        return out


def _clean(value: str) -> str:
    """A template parameter: one line, no NUL or lone surrogates, bounded (WhatsApp refuses
    new lines and long runs of spaces in parameters)."""
    text = str(value).replace("\x00", "").encode("utf-8", "replace").decode("utf-8")
    return " ".join(text.split())[:VALUE_LIMIT]
