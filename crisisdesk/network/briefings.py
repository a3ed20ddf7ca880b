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
from crisisdesk.log.kinds import Kind
from crisisdesk.network import recipients as people
from crisisdesk.network import templates as registry
from crisisdesk.network.sitrep_cadence import sitrep_statement_ids
from crisisdesk.network.templates import SHIPPED, Template
from crisisdesk.storage.models import Decision, Incident, InteractionEvent
from crisisdesk.users.permissions import Action

if TYPE_CHECKING:
    from crisisdesk.kernel import Kernel
    from crisisdesk.network.service import NetworkService

# The shipped template names and their body variables in order (the registry in
# ``templates.py`` adds the admin's changes).
TEMPLATES: dict[str, tuple[str, ...]] = {name: spec[1] for name, spec in SHIPPED.items()}
OPTIN, SENT = Kind.NETWORK_OPTIN, Kind.NETWORK_BRIEFING
TOKEN_SECRET = "whatsapp.token"
DEFAULT_BASE = "https://graph.facebook.com/v21.0"
RANK = {"sent": 1, "delivered": 2, "read": 3, "failed": 4}
VALUE_LIMIT = 1000


@dataclass(frozen=True)
class Briefing:
    """One briefing on record: what went out, to how many, and the furthest receipts."""

    seq: int
    at: str
    actor: str
    template: str
    values: dict[str, str]
    statement: int | None
    recipients: tuple[Receipt, ...]


@dataclass(frozen=True)
class Receipt:
    """One recipient of a briefing: how it went out and the furthest receipt so far.
    ``unit`` is the unit's code, or the key of a person on a list (the leadership)."""

    unit: str
    to: str
    mode: str  # whatsapp | sandbox | in_app | failed | skipped
    message_id: str | None
    status: str  # sent | delivered | read | failed | recorded
    error: str | None

    def to_json(self) -> dict[str, object]:
        return dict(self.__dict__)


def _client() -> HttpClient:
    return HttpClient(deadline=20.0, retries=0)  # a POST is never repeated by itself


class BriefingService:
    def __init__(self, desk: Kernel, network: NetworkService) -> None:
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

    # ------------------------------------------------------------ the template registry
    def templates(self) -> dict[str, Template]:
        """The WhatsApp templates the room knows, by name (retired ones included)."""
        with self.desk.db.read() as session:
            return registry.registry(session)

    def _template(self, name: str) -> Template:
        known = self.templates()
        spec = known.get(name)
        if spec is None or not spec.active:
            usable = ", ".join(n for n, t in known.items() if t.active)
            raise CrisisDeskError(f"unknown briefing template {name!r}; choose one of {usable}")
        return spec

    def set_template(
        self, name: str, params: Sequence[str], *, language: str = "ar", purpose_ar: str = "",
        purpose_en: str = "", active: bool = True,
    ) -> Template:  # fmt: skip
        """Add or change a template as registered in WhatsApp Manager (an admin's decision)."""
        spec = registry.checked(name, language, list(params), purpose_ar, purpose_en, active)
        with self.desk.transaction(Action.UNIT_EDIT) as uow:
            before = registry.registry(uow.session).get(spec.name)
            if before is not None and before.to_json() == spec.to_json():
                raise ConflictError(f"template {spec.name} already reads so")
            verb_ar = "تعديل" if before else "تسجيل"
            verb_en = "changed" if before else "registered"
            if not active:
                verb_ar, verb_en = "إيقاف", "retired"
            uow.decide(
                registry.EDITED,
                subject=f"template:{spec.name}",
                summary_ar=f"{verb_ar} قالب واتساب {spec.name} ({'، '.join(spec.params)})",
                summary_en=f"{verb_en} the WhatsApp template {spec.name} "
                f"({', '.join(spec.params)})",
                payload={**spec.to_json(), "before": before.to_json() if before else None},
            )
        return spec

    # ------------------------------------------------------------ people on lists
    def recipients(self, list_name: str | None = None) -> list[people.Recipient]:
        """The recipients (on ``list_name`` only, when given), by name."""
        with self.desk.db.read() as session:
            found = people.recipients(session).values()
        return sorted(
            (r for r in found if list_name is None or list_name in r.lists),
            key=lambda r: (not r.active, r.name.casefold(), r.key),
        )

    def set_recipient(
        self, key: str, name: str, number: str, *, lists: Sequence[str] = (people.LEADERSHIP,),
        opted_in: bool = False, active: bool = True,
    ) -> people.Recipient:  # fmt: skip
        """Add or change a person the network messages, with their opt-in (an admin's
        decision: the opt-in is on record with who recorded it)."""
        person = people.checked(key, name, number, list(lists), opted_in, active)
        with self.desk.transaction(Action.UNIT_EDIT) as uow:
            before = people.recipients(uow.session).get(person.key)
            if before is not None and before == person:
                raise ConflictError(f"recipient {person.key} already reads so")
            uow.decide(
                people.EDITED,
                subject=f"recipient:{person.key}",
                summary_ar=f"المستلم {person.name} على {'، '.join(person.lists)}"
                + ("، موافق على واتساب" if person.opted_in else "، بلا موافقة على واتساب")
                + ("" if person.active else "، موقوف"),
                summary_en=f"recipient {person.name} on {', '.join(person.lists)}"
                + (", opted in to WhatsApp" if person.opted_in else ", no WhatsApp opt-in")
                + ("" if person.active else ", inactive"),
                payload={**person.to_json(), "before": before.to_json() if before else None},
            )
        return person

    # ------------------------------------------------------------ the SitRep to leadership
    def send_sitrep(
        self, statement_id: int, *, list_name: str = people.LEADERSHIP, lang: str = "ar"
    ) -> tuple[int, list[Receipt]]:
        """Send an approved SitRep to everyone active on ``list_name`` as the
        ``sitrep_ready`` template; the decision's seq and each recipient's outcome.
        Only the centre sends; a draft, a rejected or a superseded SitRep does not go."""
        statement = self.network.statements.get(statement_id)
        incident_id = statement.incident_id
        self.network.require_centre(Action.UNIT_TASK_ASSIGN, incident_id=incident_id)
        with self.desk.db.read() as session:
            if statement_id not in sitrep_statement_ids(session, incident_id):
                raise ConflictError(f"statement {statement_id} is not a situation report")
            drafted = session.scalar(
                select(Decision.body).where(
                    Decision.kind == "sitrep.drafted",
                    Decision.subject == f"statement:{statement_id}",
                )
            )
            incident = session.get(Incident, incident_id)
            assert incident is not None
            drill = bool(incident.drill)
            title = incident.title
        if statement.state not in ("approved", "published"):
            raise ConflictError(
                f"situation report {statement_id} is {statement.state}: only an approved one "
                "goes to the leadership"
            )
        version = self.network.statements.version(statement_id)
        text = version.text_ar if lang == "ar" else version.text_en
        at = str(json.loads(drafted or "{}").get("payload", {}).get("at") or "")
        spec = self._template("sitrep_ready")
        values = {"incident": title, "time": at or "-", "summary": text}
        missing = [p for p in spec.params if p not in values]
        if missing:
            raise ConflictError(
                f"the sitrep_ready template now takes {', '.join(spec.params)}; "
                f"a SitRep fills only incident, time and summary"
            )
        params = [_clean(values[p]) for p in spec.params]
        listed = [r for r in self.recipients(list_name) if r.active]
        if not listed:
            raise ConflictError(f"nobody is on the {list_name} list")
        receipts = [
            self._one(r.key, r.number, spec, params, drill)
            if r.opted_in
            else Receipt(r.key, r.number, "skipped", None, "recorded", "no WhatsApp opt-in")
            for r in listed
        ]
        with self.desk.transaction(None, incident_id=incident_id) as uow:
            seq = uow.decide(
                SENT,
                subject=f"statement:{statement_id}",
                incident_id=incident_id,
                summary_ar=f"إرسال تقرير الموقف رقم {statement_id} إلى قائمة {list_name} "
                f"({len(listed)})",
                summary_en=f"sent situation report #{statement_id} to the {list_name} list "
                f"({len(listed)})",
                payload={
                    "template": spec.name,
                    "values": dict(zip(spec.params, params, strict=True)),
                    "recipients": [r.to_json() for r in receipts],
                    "statement": statement_id,
                    "version": version.number,
                    "content_hash": version.content_hash,
                    "list": list_name,
                },
            )
        return seq, receipts

    def history(self, incident_id: int) -> list[Briefing]:
        """Every briefing of the incident, newest first, each recipient at its furthest
        receipt."""
        with self.desk.db.read() as session:
            rows = session.execute(
                select(Decision.seq, Decision.body)
                .where(Decision.kind == SENT, Decision.incident_id == incident_id)
                .order_by(Decision.seq.desc())
            ).all()
        out = []
        for seq, body in rows:
            entry = json.loads(body)
            payload = entry["payload"]
            out.append(
                Briefing(
                    seq, str(entry.get("at") or ""), str(entry.get("actor") or ""),
                    str(payload["template"]), dict(payload.get("values") or {}),
                    payload.get("statement"), tuple(self.receipts(seq)),
                )
            )  # fmt: skip
        return out

    # ------------------------------------------------------------ sending
    def send(
        self, incident_id: int, template: str, values: Mapping[str, str], units: Sequence[str]
    ) -> tuple[int, list[Receipt]]:
        """Brief the focal points of ``units`` (``affected``: every involved municipality)
        with ``template``; the decision's seq and each recipient's outcome."""
        spec = self._template(template)
        wanted = spec.params
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
        receipts = [self._one(u.code, optins.get(u.code), spec, params, drill) for u in targets]
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
        self, key: str, number: str | None, spec: Template, params: list[str], drill: bool
    ) -> Receipt:
        """Send one template message (or say why it was not sent)."""
        if not number:
            return Receipt(key, "", "in_app", None, "recorded", "no WhatsApp opt-in")
        if drill:
            return Receipt(key, number, "sandbox", None, "recorded", None)
        config = self.network.inbox.connectors.get("whatsapp")
        settings = config.config if config else {}
        token = self.desk.secrets.get(TOKEN_SECRET)
        phone_id = str(settings.get("phone_number_id") or "")
        base = str(settings.get("base_url") or DEFAULT_BASE).rstrip("/")
        if not token or not phone_id:
            return Receipt(key, number, "in_app", None, "recorded", "WhatsApp not set up")
        template = spec.name
        payload: dict[str, Any] = {
            "messaging_product": "whatsapp",
            "to": number.lstrip("+"),
            "type": "template",
            "template": {
                "name": template,
                "language": {"code": spec.language},
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
            return Receipt(key, number, "failed", None, "failed", str(exc)[:300])
        except ValueError:
            return Receipt(key, number, "failed", None, "failed", "the answer was not JSON")
        messages = data.get("messages") if isinstance(data, dict) else None
        first = messages[0] if isinstance(messages, list) and messages else None
        message_id = first.get("id") if isinstance(first, dict) else None
        if not isinstance(message_id, str):
            return Receipt(key, number, "failed", None, "failed", "no message id returned")
        return Receipt(key, number, "whatsapp", message_id, "sent", None)

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
