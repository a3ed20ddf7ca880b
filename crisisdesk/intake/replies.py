"""Replies from the inbox with a playbook canned reply, through the interaction's own channel.

WhatsApp replies go out as ``POST {base}/{phone_number_id}/messages`` with the token from the
keyring. Inside the 24-hour customer-service window (since the citizen's last message) free
text may be sent; outside it only an approved template, configured on the ``whatsapp``
connector; without one the reply is refused and that refusal is recorded. Channels we cannot
answer automatically (X, e-mail, news, hotline, CSV exports) get the text recorded for the
operator to send by hand. Every attempt is a decision, whatever its result.

A reply that goes over the network is written down before it leaves: the ``Reply`` row is
committed as ``sending`` with an ``interaction.reply_sending`` decision naming its idempotency
key, then the request goes out carrying that key, then a second transaction records the result
(``interaction.replied`` or ``interaction.reply_failed``). A crash or a database failure in
between leaves the row ``sending``: nothing that reached the public goes unrecorded. Once such a
row is older than any request could take, the reply service marks it ``unknown`` with an
``interaction.reply_unknown`` decision the next time it is used; it is never sent again by
itself. ``crisisdesk inbox pending-replies`` lists these replies until an operator has checked
the conversation and recorded what they found (``interaction.reply_checked``); until then a new
reply to the same interaction is refused unless the operator asks to send again.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from crisisdesk.clock import parse_utc, utc_iso
from crisisdesk.errors import ConflictError, CrisisDeskError, NotFoundError
from crisisdesk.intake.conversation import ConversationLine, conversation
from crisisdesk.intake.http import HttpClient, HttpError
from crisisdesk.intake.rows import loads
from crisisdesk.intake.vocabulary import OPEN_REPLY_RESULTS
from crisisdesk.log.kinds import Kind
from crisisdesk.storage.models import Incident, Interaction, Reply, User
from crisisdesk.text.script import bidi_controls
from crisisdesk.users.permissions import Action

if TYPE_CHECKING:
    from crisisdesk.intake.inbox import InboxService
    from crisisdesk.kernel import Kernel
    from crisisdesk.unit_of_work import UnitOfWork

SERVICE_WINDOW = timedelta(hours=24)
_ALLOWED = frozenset({"U+0009", "U+000A", "U+000D"})  # tab and line breaks
# Nothing a reader sees: spaces, zero-width and format characters (ZWSP, BOM, word joiner).
_INVISIBLE = frozenset({"Zs", "Zl", "Zp", "Cf", "Cc"})
# A WhatsApp text body holds at most 4,096 characters; a free-text reply longer than that
# would be cut by the channel, so it is refused before anything is recorded.
FREE_TEXT_LIMIT = 4096

# The results of a reply whose fate is not known yet: written before the request left, and
# cut off before the answer was recorded.
OPEN_RESULTS = OPEN_REPLY_RESULTS
SENDING, UNKNOWN = OPEN_RESULTS
# A reply's POST gives up after 20 seconds; a row still "sending" long after that was cut off
# (the margin also covers laptops whose clocks differ a little).
STALE_AFTER = timedelta(minutes=5)
UNKNOWN_ERROR = "CrisisDesk stopped between sending and recording; check the channel"


def _reply_client() -> HttpClient:
    """POSTs are never retried (the first may have been delivered)."""
    return HttpClient(deadline=20.0, retries=0)


DEFAULT_WHATSAPP_BASE = "https://graph.facebook.com/v21.0"
TOKEN_SECRET = "whatsapp.token"


def reply_key(log_id: str, reply_id: int) -> str:
    """The idempotency key of one reply, stable for (database, reply): a second try of the
    same reply carries the same key, and a server that honours it keeps one message."""
    digest = hashlib.sha256(
        b"crisisdesk-reply\x00" + log_id.encode() + b"\x00" + str(reply_id).encode()
    )
    return digest.hexdigest()[:40]


@dataclass(frozen=True, slots=True)
class ReplyOutcome:
    interaction_id: int
    reply_id: int
    text: str
    mode: str  # text, template, manual, blocked
    result: str  # sent, recorded, refused, failed, unknown (no answer: it may have gone out)
    external_id: str | None
    error: str | None
    decision_seq: int

    def to_json(self) -> dict[str, Any]:
        return {
            "interaction_id": self.interaction_id,
            "reply_id": self.reply_id,
            "text": self.text,
            "mode": self.mode,
            "result": self.result,
            "external_id": self.external_id,
            "error": self.error,
            "decision": self.decision_seq,
        }


@dataclass(frozen=True, slots=True)
class ReplyPreview:
    """What a canned reply would say, in both languages, and which one the citizen gets.

    A variable not filled in yet shows as ``[name]`` and is listed in ``missing``: the reply
    cannot be sent until it is given."""

    texts: dict[str, str]
    lang: str
    missing: tuple[str, ...]

    @property
    def text(self) -> str:
        return self.texts[self.lang]


@dataclass(frozen=True, slots=True)
class PendingReply:
    """A reply whose outcome is not known: going out right now, or cut off while it was."""

    reply_id: int
    interaction_id: int
    incident_id: int
    channel: str
    mode: str
    text: str
    sent_at: datetime
    sent_by: str
    result: str  # sending, unknown
    idempotency_key: str

    def to_json(self) -> dict[str, Any]:
        return {
            "reply_id": self.reply_id,
            "interaction_id": self.interaction_id,
            "incident_id": self.incident_id,
            "channel": self.channel,
            "mode": self.mode,
            "text": self.text,
            "sent_at": utc_iso(self.sent_at),
            "sent_by": self.sent_by,
            "result": self.result,
            "idempotency_key": self.idempotency_key,
        }


@dataclass(frozen=True, slots=True)
class _Plan:
    """How one reply goes out: a request to make, or a result known without the network."""

    mode: str
    result: str
    error: str | None = None
    url: str | None = None
    token: str | None = None
    payload: dict[str, Any] | None = None


class _NothingToMark(Exception):
    """Rolls back a recovery transaction that found nothing left to mark."""


def refusal_of(text: str) -> str | None:
    """Why ``text`` cannot go to a citizen, or None: a lone surrogate (half of an emoji from a
    broken copy) cannot be encoded for the channel or the database, and control characters
    other than line breaks and tabs (NUL, terminal escapes) are invisible or refused by
    PostgreSQL."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return "the reply holds half of a character (a broken emoji) and cannot be sent; retype it"
    bad = sorted({f"U+{ord(c):04X}" for c in text if unicodedata.category(c) == "Cc"} - _ALLOWED)
    if bad:
        return f"the reply contains the control character {', '.join(bad)}; remove it"
    return None


def visible(value: object) -> bool:
    """Whether a value shows anything to a reader (not only spaces or zero-width characters)."""
    return isinstance(value, str) and any(unicodedata.category(c) not in _INVISIBLE for c in value)


def within_window(last_inbound: datetime | None, now: datetime) -> bool:
    return last_inbound is not None and now - last_inbound < SERVICE_WINDOW


class ReplyService:
    def __init__(self, desk: Kernel, inbox: InboxService) -> None:
        self.desk = desk
        self.inbox = inbox
        self.client_factory: Callable[[], HttpClient] = _reply_client

    # --------------------------------------------------------------- rendering
    def render(
        self,
        interaction_id: int,
        template_id: str,
        values: Mapping[str, str],
        lang: str | None = None,
    ) -> tuple[str, str]:
        """The canned reply's text in the interaction's language; returns (text, lang)."""
        from crisisdesk.templating.sandbox import render

        with self.desk.db.read() as session:
            row = session.get(Interaction, interaction_id)
            if row is None:
                raise NotFoundError(f"no interaction with id {interaction_id}")
            incident_id, language = row.incident_id, row.language
        playbook = self.inbox.incidents.playbook(incident_id)
        if playbook is None:
            raise CrisisDeskError(f"incident {incident_id} has no playbook with canned replies")
        canned = playbook.canned_reply(template_id)
        if canned is None:
            known = ", ".join(r.id for r in playbook.canned_replies) or "none"
            raise NotFoundError(f"no canned reply {template_id!r} (known: {known})")
        lang = lang or ("ar" if language in (None, "ar") else "en")
        context: dict[str, Any] = {}
        for name, value in playbook.defaults.items():
            context[name] = value if isinstance(value, str) else value.get(lang)
        context.update(values)
        missing = [
            v.name for v in canned.variables if v.required and not visible(context.get(v.name))
        ]
        if missing:
            raise CrisisDeskError(
                f"canned reply {template_id!r} needs {', '.join(missing)} (use --set NAME=VALUE)"
            )
        return render(canned.text.get(lang), context), lang

    def preview(
        self, interaction_id: int, template_id: str, values: Mapping[str, str]
    ) -> ReplyPreview:
        """The canned reply rendered through the same sandbox as the sent text, in Arabic and
        English, with the language the citizen would receive; missing variables as [name]."""
        from crisisdesk.templating.sandbox import render

        with self.desk.db.read() as session:
            row = session.get(Interaction, interaction_id)
            if row is None:
                raise NotFoundError(f"no interaction with id {interaction_id}")
            incident_id, language = row.incident_id, row.language
        playbook = self.inbox.incidents.playbook(incident_id)
        canned = playbook.canned_reply(template_id) if playbook is not None else None
        if playbook is None or canned is None:
            raise NotFoundError(f"no canned reply {template_id!r}")
        given = {k: v for k, v in values.items() if visible(v)}
        missing = tuple(
            v.name
            for v in canned.variables
            if v.required and not given.get(v.name) and v.name not in playbook.defaults
        )
        texts = {}
        for lang in ("ar", "en"):
            context: dict[str, Any] = {}
            for name, value in playbook.defaults.items():
                context[name] = value if isinstance(value, str) else value.get(lang)
            context.update({name: f"[{name}]" for name in missing})
            context.update(given)
            texts[lang] = render(canned.text.get(lang), context)
        return ReplyPreview(texts, "ar" if language in (None, "ar") else "en", missing)

    def conversation(self, interaction_id: int) -> list[ConversationLine]:
        """The person's messages and our replies on every channel (see ``conversation``)."""
        with self.desk.db.read() as session:
            return conversation(session, interaction_id)

    def cluster_recipients(self, cluster_id: int) -> list[int]:
        """The members of a cluster a "reply to all" would answer: still open, and with no
        reply whose outcome is unknown (those wait for an operator to check the chat)."""
        ids = self.inbox.clusters.member_ids(cluster_id)
        if not ids:
            return []
        with self.desk.db.read() as session:
            shut = set(
                session.scalars(
                    select(Interaction.id).where(
                        Interaction.id.in_(ids), Interaction.status.in_(("answered", "closed"))
                    )
                )
            )
            waiting = set(
                session.scalars(
                    select(Reply.interaction_id).where(
                        Reply.interaction_id.in_(ids), Reply.result.in_(OPEN_RESULTS)
                    )
                )
            )
        return [i for i in ids if i not in shut and i not in waiting]

    # ----------------------------------------------------------------- sending
    def free_text(self, interaction_id: int, text: str, *, again: bool = False) -> ReplyOutcome:
        """A reply the operator wrote: the same permission and unit scope as a canned reply,
        the same decisions (their text in full, marked "free text"), never an empty or
        over-long message. Only to one person: a cluster is answered with a canned reply."""
        self.desk.require(Action.INTERACTION_REPLY)
        body = text.strip()
        if not body:
            raise CrisisDeskError("the reply is empty")
        refusal = refusal_of(body)
        if refusal:
            raise CrisisDeskError(refusal)
        if not visible(body):
            raise CrisisDeskError("the reply has nothing visible (only zero-width characters)")
        controls = bidi_controls(body)
        if controls:  # as in the playbook's canned replies: they reorder what the public reads
            raise CrisisDeskError(
                f"the reply contains the direction control {', '.join(controls)}, which "
                "reorders what the citizen reads; remove it"
            )
        if len(body) > FREE_TEXT_LIMIT:
            raise CrisisDeskError(
                f"the reply has {len(body):,} characters; a message holds at most "
                f"{FREE_TEXT_LIMIT:,}"
            )
        return self.send_text(interaction_id, body, again=again)

    def reply(
        self,
        interaction_id: int,
        template_id: str,
        values: Mapping[str, str] | None = None,
        *,
        lang: str | None = None,
        again: bool = False,
    ) -> ReplyOutcome:
        self.desk.require(Action.INTERACTION_REPLY)
        text, lang = self.render(interaction_id, template_id, values or {}, lang)
        return self.send_text(interaction_id, text, template_id=template_id, again=again)

    def send_text(
        self,
        interaction_id: int,
        text: str,
        *,
        template_id: str | None = None,
        again: bool = False,
    ) -> ReplyOutcome:
        """Answer one interaction; ``again`` sends even though an earlier reply's outcome is
        not known (the operator has looked at the conversation)."""
        refusal = refusal_of(text)
        if refusal:
            raise CrisisDeskError(refusal)
        with self.desk.db.read() as session:
            row = session.get(Interaction, interaction_id)
            if row is None:
                raise NotFoundError(f"no interaction with id {interaction_id}")
            channel = row.channel
            incident_id = row.incident_id
            address = loads(row.reply_address, None)
            drill = bool(session.scalar(select(Incident.drill).where(Incident.id == incident_id)))
            last_inbound = None
            if channel == "whatsapp" and row.author_handle:
                latest = session.scalar(
                    select(func.max(Interaction.received_at)).where(
                        Interaction.channel == "whatsapp",
                        Interaction.author_handle == row.author_handle,
                    )
                )
                last_inbound = parse_utc(latest) if latest else None
        self.desk.require(Action.INTERACTION_REPLY, incident_id=incident_id)
        # a municipal operator replies only for their unit (the centre: for any)
        self.inbox.network.require_interaction_scope(Action.INTERACTION_REPLY, interaction_id)
        self.recover_interrupted()
        now = self.desk.clock.now()
        plan = _Plan("manual", "recorded")
        if drill:
            # A drill (an exercise) answers its simulated public: nothing leaves the machine.
            plan = _Plan("sandbox", "recorded")
        elif channel == "whatsapp" and address and (address.get("wa_id") or address.get("user_id")):
            plan = self._whatsapp_plan(address, text, last_inbound, now)
        if plan.url is None:
            # Nothing leaves the machine: the attempt and its result are one transaction.
            with self.desk.transaction(Action.INTERACTION_REPLY, incident_id=incident_id) as uow:
                self._refuse_if_open(uow.session, interaction_id, again)
                reply = self._new_reply(interaction_id, template_id, text, channel, plan, now)
                uow.session.add(reply)
                uow.session.flush()
                seq = self._record(uow, reply, incident_id, plan.result, None, plan.error)
                return self._outcome(reply, seq)
        reply_id, key = self._record_sending(
            interaction_id, incident_id, template_id, text, channel, plan, now, again
        )
        result, external_id, error = self._post(plan, key)
        try:
            return self._finish(reply_id, incident_id, result, external_id, error)
        except Exception as exc:
            # The row stays "sending": listed as pending, later marked unknown, never lost.
            how = (
                "went out but could not be recorded"
                if result == "sent"
                else f"did not go out ({error}) and that could not be recorded"
            )
            raise CrisisDeskError(
                f"reply {reply_id} to interaction {interaction_id} {how} ({exc}); "
                "`crisisdesk inbox pending-replies` lists it"
                + (" — do not send it again" if result == "sent" else "")
            ) from exc

    def _new_reply(
        self,
        interaction_id: int,
        template_id: str | None,
        text: str,
        channel: str,
        plan: _Plan,
        now: datetime,
    ) -> Reply:
        user = self.desk.user
        assert user is not None
        return Reply(
            interaction_id=interaction_id,
            template_id=template_id,
            text=text,
            channel=channel,
            mode=plan.mode,
            sent_at=utc_iso(now),
            sent_by=user.name,
            external_id=None,
            result=plan.result,
            error=plan.error,
        )

    def _refuse_if_open(self, session: Session, interaction_id: int, again: bool) -> None:
        """No second reply while an earlier one may already have reached the citizen."""
        if again:
            return
        row = session.scalars(
            select(Reply)
            .where(Reply.interaction_id == interaction_id, Reply.result.in_(OPEN_RESULTS))
            .order_by(Reply.id)
        ).first()
        if row is None:
            return
        if row.result == SENDING:
            raise ConflictError(
                f"reply {row.id} to interaction {interaction_id} is being sent (since "
                f"{row.sent_at}, by {row.sent_by}); wait for its result before replying again "
                "(`crisisdesk inbox pending-replies` lists it)"
            )
        raise ConflictError(
            f"reply {row.id} to interaction {interaction_id} may already have reached the "
            f"citizen (outcome unknown): check the {row.channel} conversation, then record it "
            f"with `crisisdesk inbox reply-outcome {row.id} --sent` or `--not-sent`"
        )

    def _record_sending(
        self,
        interaction_id: int,
        incident_id: int,
        template_id: str | None,
        text: str,
        channel: str,
        plan: _Plan,
        now: datetime,
        again: bool,
    ) -> tuple[int, str]:
        """Transaction 1: the reply and its key are on record before anything is sent."""
        with self.desk.transaction(Action.INTERACTION_REPLY, incident_id=incident_id) as uow:
            self._refuse_if_open(uow.session, interaction_id, again)
            reply = self._new_reply(interaction_id, template_id, text, channel, plan, now)
            uow.session.add(reply)
            uow.session.flush()
            key = reply_key(self.desk.log_id, reply.id)
            uow.decide(
                Kind.INTERACTION_REPLY_SENDING,
                subject=f"interaction:{interaction_id}",
                incident_id=incident_id,
                summary_ar=(
                    f"بدء إرسال الرد رقم {reply.id} على الرسالة {interaction_id} عبر {channel}"
                ),
                summary_en=(
                    f"sending reply {reply.id} to interaction {interaction_id} by {channel} "
                    f"({plan.mode}) with {template_id or 'free text'}"
                ),
                payload={
                    "reply_id": reply.id,
                    "idempotency_key": key,
                    "template": template_id,
                    "text": text,
                    "channel": channel,
                    "mode": plan.mode,
                    "again": again,
                },
            )
            return reply.id, key

    def _finish(
        self,
        reply_id: int,
        incident_id: int,
        result: str,
        external_id: str | None,
        error: str | None,
    ) -> ReplyOutcome:
        """Transaction 2: what the channel answered. It records whatever happened, so it is not
        refused: the permission was checked before the reply went out."""
        with self.desk.transaction(None, incident_id=incident_id) as uow:
            reply = uow.session.get(Reply, reply_id)
            assert reply is not None
            seq = self._record(uow, reply, incident_id, result, external_id, error)
            return self._outcome(reply, seq)

    def _record(
        self,
        uow: UnitOfWork,
        reply: Reply,
        incident_id: int,
        result: str,
        external_id: str | None,
        error: str | None,
    ) -> int:
        """Set the reply's result, answer the interaction if it went out, and decide it."""
        was = reply.result
        reply.result, reply.external_id, reply.error = result, external_id, error
        if result in ("sent", "recorded"):
            _mark_answered(uow.session, reply.interaction_id, reply.sent_at)
        uow.session.flush()
        channel, mode, interaction_id = reply.channel, reply.mode, reply.interaction_id
        template_id = reply.template_id
        how_en = {
            "sent": f"sent by {channel} ({mode})",
            "recorded": "recorded to send by hand",
            "refused": "refused: outside the 24-hour window and no approved template",
            "failed": f"failed: {error}",
            UNKNOWN: f"outcome unknown ({error}): check the chat before replying again",
        }[result]
        how_ar = {
            "sent": f"أُرسل عبر {channel}",
            "recorded": "سُجّل للإرسال يدويًا",
            "refused": "رُفض: خارج نافذة الـ24 ساعة ولا يوجد قالب معتمد",
            "failed": f"تعذّر الإرسال: {error}",
            UNKNOWN: f"النتيجة غير معروفة ({error}): راجع المحادثة قبل الرد مجددًا",
        }[result]
        answered = result in ("sent", "recorded")
        kind = (
            Kind.INTERACTION_REPLIED
            if answered
            else Kind.INTERACTION_REPLY_UNKNOWN
            if result == UNKNOWN
            else Kind.INTERACTION_REPLY_FAILED
        )
        payload: dict[str, Any] = {
            "template": template_id,
            "text": reply.text,
            "channel": channel,
            "mode": mode,
            "result": result,
            "external_id": external_id,
            "error": error,
            "reply_id": reply.id,
        }
        if was in OPEN_RESULTS:
            payload["idempotency_key"] = reply_key(self.desk.log_id, reply.id)
        if was == UNKNOWN:
            # Marked unknown while the request was still out (a suspended laptop); the
            # channel's own answer settles it.
            payload["was"] = was
        return uow.decide(
            kind,
            subject=f"interaction:{interaction_id}",
            incident_id=incident_id,
            summary_ar=(
                f"رد على الرسالة {interaction_id} بالرد الجاهز {template_id or '-'}: {how_ar}"
            ),
            summary_en=(
                f"reply to interaction {interaction_id} with {template_id or 'free text'}: {how_en}"
            ),
            payload=payload,
        )

    @staticmethod
    def _outcome(reply: Reply, seq: int) -> ReplyOutcome:
        return ReplyOutcome(
            reply.interaction_id,
            reply.id,
            reply.text,
            reply.mode,
            reply.result,
            reply.external_id,
            reply.error,
            seq,
        )

    def _whatsapp_plan(
        self, address: dict[str, Any], text: str, last_inbound: datetime | None, now: datetime
    ) -> _Plan:
        config = self.inbox.connectors.get("whatsapp")
        settings = config.config if config else {}
        base = str(settings.get("base_url") or DEFAULT_WHATSAPP_BASE).rstrip("/")
        phone_id = str(address.get("phone_number_id") or settings.get("phone_number_id") or "")
        to = address.get("wa_id") or address.get("user_id")
        token = self.desk.secrets.get(TOKEN_SECRET)
        if not token or not phone_id:
            return _Plan("manual", "recorded")
        payload: dict[str, Any] = {
            "messaging_product": "whatsapp",
            "recipient_type": "individual",
            "to": to,
        }
        if within_window(last_inbound, now):
            mode = "text"
            payload.update(type="text", text={"preview_url": False, "body": text})
        else:
            template = settings.get("template")
            if not template:
                return _Plan(
                    "blocked", "refused", "outside the 24-hour window; no approved template"
                )
            mode = "template"
            payload.update(
                type="template",
                template={
                    "name": template,
                    "language": {"code": settings.get("template_language", "ar")},
                    "components": [
                        {"type": "body", "parameters": [{"type": "text", "text": text}]}
                    ],
                },
            )
        return _Plan(mode, SENDING, url=f"{base}/{phone_id}/messages", token=token, payload=payload)

    def _post(self, plan: _Plan, key: str) -> tuple[str, str | None, str | None]:
        """POST once; returns (result, external id, error). The key travels as the
        ``Idempotency-Key`` header and as ``biz_opaque_callback_data``, which the Cloud API
        echoes in its status webhooks, as statements publishing does."""
        assert plan.url is not None and plan.payload is not None
        payload = {**plan.payload, "biz_opaque_callback_data": key}
        try:
            with self.client_factory() as client:
                response = client.post(
                    plan.url,
                    data=json.dumps(payload, ensure_ascii=False).encode("utf-8"),
                    headers={
                        "Authorization": f"Bearer {plan.token}",
                        "Content-Type": "application/json",
                        "Idempotency-Key": key,
                    },
                )
                data = response.json()
        except HttpError as exc:
            # no answer, but the message may have gone out: the operator checks the chat
            return (UNKNOWN if exc.maybe_delivered else "failed"), None, str(exc)
        messages = data.get("messages") if isinstance(data, dict) else None
        message_id = messages[0].get("id") if isinstance(messages, list) and messages else None
        return "sent", message_id, None

    # ---------------------------------------------------------------- recovery
    def recover_interrupted(self) -> list[int]:
        """Mark replies cut off between sending and recording as of unknown outcome.

        A row still ``sending`` well past any request's deadline was cut off (a crash, a lost
        database connection). Whether the citizen got it is not known, so it is never sent again
        by itself: it becomes ``unknown``, with a decision, and waits for an operator to check
        the conversation. Returns the ids marked.
        """
        cutoff = utc_iso(self.desk.clock.now() - STALE_AFTER)
        stale = select(Reply).where(Reply.result == SENDING, Reply.sent_at < cutoff)
        with self.desk.db.read() as session:
            if session.scalars(stale.limit(1)).first() is None:
                return []
        marked: list[int] = []
        try:
            with self.desk.transaction(None) as uow:
                # Again under the writer lock: another laptop may have finished or marked them.
                rows = list(uow.session.scalars(stale.order_by(Reply.id)))
                if not rows:
                    raise _NothingToMark
                for row in rows:
                    self._mark_unknown(uow, row)
                    marked.append(row.id)
        except _NothingToMark:
            return []
        return marked

    def _mark_unknown(self, uow: UnitOfWork, row: Reply) -> None:
        interaction = uow.session.get(Interaction, row.interaction_id)
        assert interaction is not None
        row.result, row.error = UNKNOWN, UNKNOWN_ERROR
        actor = role = None
        if self.desk.user is None:  # no one signed in: the decision is the sender's
            actor = row.sent_by
            role = uow.session.scalars(select(User.role).where(User.name == actor)).first()
        uow.decide(
            Kind.INTERACTION_REPLY_UNKNOWN,
            subject=f"interaction:{row.interaction_id}",
            incident_id=interaction.incident_id,
            summary_ar=(
                f"نتيجة الرد رقم {row.id} على الرسالة {row.interaction_id} غير معروفة: توقف "
                f"البرنامج أثناء إرساله عبر {row.channel}. تحقّق من المحادثة قبل إعادة الإرسال"
            ),
            summary_en=(
                f"reply {row.id} to interaction {row.interaction_id} has an unknown outcome: "
                f"CrisisDesk stopped while sending it by {row.channel} at {row.sent_at}; check "
                "the conversation before sending it again"
            ),
            payload={
                "reply_id": row.id,
                "idempotency_key": reply_key(self.desk.log_id, row.id),
                "channel": row.channel,
                "mode": row.mode,
                "text": row.text,
                "sent_at": row.sent_at,
                "sent_by": row.sent_by,
            },
            actor=actor,
            role=role,
        )

    def pending(self, incident_id: int | None = None) -> list[PendingReply]:
        """Replies whose outcome is not known (``sending`` or ``unknown``), oldest first."""
        query = (
            select(Reply, Interaction.incident_id)
            .join(Interaction, Interaction.id == Reply.interaction_id)
            .where(Reply.result.in_(OPEN_RESULTS))
            .order_by(Reply.id)
        )
        if incident_id is not None:
            query = query.where(Interaction.incident_id == incident_id)
        with self.desk.db.read() as session:
            return [
                PendingReply(
                    reply_id=row.id,
                    interaction_id=row.interaction_id,
                    incident_id=incident,
                    channel=row.channel,
                    mode=row.mode,
                    text=row.text,
                    sent_at=parse_utc(row.sent_at),
                    sent_by=row.sent_by,
                    result=row.result,
                    idempotency_key=reply_key(self.desk.log_id, row.id),
                )
                for row, incident in session.execute(query)
            ]

    def record_outcome(self, reply_id: int, *, sent: bool, note: str | None = None) -> int:
        """What an operator found on the channel for a reply whose outcome was not known:
        ``sent`` answers the interaction, otherwise the reply is recorded as failed (and may be
        sent again). Returns the decision's seq."""
        with self.desk.db.read() as session:
            found = session.execute(
                select(Reply.id, Interaction.incident_id)
                .join(Interaction, Interaction.id == Reply.interaction_id)
                .where(Reply.id == reply_id)
            ).first()
        if found is None:
            raise NotFoundError(f"no reply with id {reply_id}")
        incident_id = found[1]
        with self.desk.transaction(Action.INTERACTION_REPLY, incident_id=incident_id) as uow:
            row = uow.session.get(Reply, reply_id)
            assert row is not None
            if row.result not in OPEN_RESULTS:
                raise ConflictError(
                    f"reply {reply_id} is already {row.result}; only a reply whose outcome is "
                    "not known is checked"
                )
            user = self.desk.user
            assert user is not None
            was = row.result
            if sent:
                row.result, row.error = "sent", None
                _mark_answered(uow.session, row.interaction_id, row.sent_at)
                how_en, how_ar = "it went out", "وصل الرد"
            else:
                row.result = "failed"
                row.error = f"did not go out (checked on the channel by {user.name})" + (
                    f": {note}" if note else ""
                )
                how_en, how_ar = "it did not go out", "لم يُرسل الرد"
            return uow.decide(
                Kind.INTERACTION_REPLY_CHECKED,
                subject=f"interaction:{row.interaction_id}",
                incident_id=incident_id,
                summary_ar=(
                    f"تحقّق من الرد رقم {row.id} على الرسالة {row.interaction_id} عبر "
                    f"{row.channel}: {how_ar}"
                ),
                summary_en=(
                    f"checked reply {row.id} to interaction {row.interaction_id} on "
                    f"{row.channel}: {how_en}"
                ),
                payload={
                    "reply_id": row.id,
                    "idempotency_key": reply_key(self.desk.log_id, row.id),
                    "was": was,
                    "result": row.result,
                    "note": note,
                },
            )

    def reply_cluster(
        self, cluster_id: int, template_id: str, values: Mapping[str, str] | None = None
    ) -> list[ReplyOutcome]:
        """The same canned reply to every still-open member of a cluster.

        A member with a reply whose outcome is not known is left out, not sent to twice: it is
        listed by ``pending`` until an operator has checked it."""
        return [self.reply(iid, template_id, values) for iid in self.cluster_recipients(cluster_id)]


def _mark_answered(session: Session, interaction_id: int, at: str) -> None:
    target = session.get(Interaction, interaction_id)
    assert target is not None
    if target.first_response_at is None:
        target.first_response_at = at
    if target.status in ("new", "in_progress", "escalated"):
        target.status = "answered"
    target.overdue = False


__all__ = [
    "FREE_TEXT_LIMIT",
    "OPEN_RESULTS",
    "SENDING",
    "SERVICE_WINDOW",
    "STALE_AFTER",
    "UNKNOWN",
    "PendingReply",
    "ReplyOutcome",
    "ReplyPreview",
    "ReplyService",
    "reply_key",
    "within_window",
]
