"""Replies from the inbox with a playbook canned reply, through the interaction's own channel.

WhatsApp replies go out as ``POST {base}/{phone_number_id}/messages`` with the token from the
keyring. Inside the 24-hour customer-service window (since the citizen's last message) free
text may be sent; outside it only an approved template, configured on the ``whatsapp``
connector; without one the reply is refused and that refusal is recorded. Channels we cannot
answer automatically (X, e-mail, news, hotline, CSV exports) get the text recorded for the
operator to send by hand. Every attempt is a decision, whatever its result.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select

from crisisdesk.clock import parse_utc, utc_iso
from crisisdesk.errors import CrisisDeskError, NotFoundError
from crisisdesk.intake.http import HttpClient, HttpError
from crisisdesk.intake.rows import loads
from crisisdesk.storage.models import Interaction, Reply
from crisisdesk.users.permissions import Action

if TYPE_CHECKING:
    from crisisdesk.desk import Desk
    from crisisdesk.intake.inbox import InboxService

SERVICE_WINDOW = timedelta(hours=24)


def _reply_client() -> HttpClient:
    """POSTs are never retried (the first may have been delivered)."""
    return HttpClient(deadline=20.0, retries=0)


DEFAULT_WHATSAPP_BASE = "https://graph.facebook.com/v21.0"
TOKEN_SECRET = "whatsapp.token"


@dataclass(frozen=True, slots=True)
class ReplyOutcome:
    interaction_id: int
    reply_id: int
    text: str
    mode: str  # text, template, manual, blocked
    result: str  # sent, recorded, refused, failed
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


def within_window(last_inbound: datetime | None, now: datetime) -> bool:
    return last_inbound is not None and now - last_inbound < SERVICE_WINDOW


class ReplyService:
    def __init__(self, desk: Desk, inbox: InboxService) -> None:
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
        from crisisdesk.statements.sandbox import render

        with self.desk.db.read() as session:
            row = session.get(Interaction, interaction_id)
            if row is None:
                raise NotFoundError(f"no interaction with id {interaction_id}")
            incident_id, language = row.incident_id, row.language
        playbook = self.inbox.playbook(incident_id)
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
        missing = [v.name for v in canned.variables if v.required and not context.get(v.name)]
        if missing:
            raise CrisisDeskError(
                f"canned reply {template_id!r} needs {', '.join(missing)} (use --set NAME=VALUE)"
            )
        return render(canned.text.get(lang), context), lang

    # ----------------------------------------------------------------- sending
    def reply(
        self,
        interaction_id: int,
        template_id: str,
        values: Mapping[str, str] | None = None,
        *,
        lang: str | None = None,
    ) -> ReplyOutcome:
        self.desk.require(Action.INTERACTION_REPLY)
        text, lang = self.render(interaction_id, template_id, values or {}, lang)
        return self.send_text(interaction_id, text, template_id=template_id)

    def send_text(
        self, interaction_id: int, text: str, *, template_id: str | None = None
    ) -> ReplyOutcome:
        with self.desk.db.read() as session:
            row = session.get(Interaction, interaction_id)
            if row is None:
                raise NotFoundError(f"no interaction with id {interaction_id}")
            channel = row.channel
            incident_id = row.incident_id
            address = loads(row.reply_address, None)
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
        now = self.desk.clock.now()
        mode, result, external_id, error = "manual", "recorded", None, None
        if channel == "whatsapp" and address and (address.get("wa_id") or address.get("user_id")):
            mode, result, external_id, error = self._send_whatsapp(address, text, last_inbound, now)
        with self.desk.transaction(Action.INTERACTION_REPLY, incident_id=incident_id) as uow:
            user = self.desk.user
            assert user is not None
            reply = Reply(
                interaction_id=interaction_id,
                template_id=template_id,
                text=text,
                channel=channel,
                mode=mode,
                sent_at=utc_iso(now),
                sent_by=user.name,
                external_id=external_id,
                result=result,
                error=error,
            )
            uow.session.add(reply)
            if result in ("sent", "recorded"):
                target = uow.session.get(Interaction, interaction_id)
                assert target is not None
                if target.first_response_at is None:
                    target.first_response_at = utc_iso(now)
                if target.status in ("new", "in_progress", "escalated"):
                    target.status = "answered"
                target.overdue = False
            uow.session.flush()
            how_en = {
                "sent": f"sent by {channel} ({mode})",
                "recorded": "recorded to send by hand",
                "refused": "refused: outside the 24-hour window and no approved template",
                "failed": f"failed: {error}",
            }[result]
            how_ar = {
                "sent": f"أُرسل عبر {channel}",
                "recorded": "سُجّل للإرسال يدويًا",
                "refused": "رُفض: خارج نافذة الـ24 ساعة ولا يوجد قالب معتمد",
                "failed": f"تعذّر الإرسال: {error}",
            }[result]
            kind = (
                "interaction.replied"
                if result in ("sent", "recorded")
                else "interaction.reply_failed"
            )
            seq = uow.decide(
                kind,
                subject=f"interaction:{interaction_id}",
                incident_id=incident_id,
                summary_ar=(
                    f"رد على الرسالة {interaction_id} بالرد الجاهز {template_id or '-'}: {how_ar}"
                ),
                summary_en=(
                    f"reply to interaction {interaction_id} with "
                    f"{template_id or 'free text'}: {how_en}"
                ),
                payload={
                    "template": template_id,
                    "text": text,
                    "channel": channel,
                    "mode": mode,
                    "result": result,
                    "external_id": external_id,
                    "error": error,
                    "reply_id": reply.id,
                },
            )
            return ReplyOutcome(
                interaction_id, reply.id, text, mode, result, external_id, error, seq
            )

    def _send_whatsapp(
        self, address: dict[str, Any], text: str, last_inbound: datetime | None, now: datetime
    ) -> tuple[str, str, str | None, str | None]:
        config = self.inbox.connectors.get("whatsapp")
        settings = config.config if config else {}
        base = str(settings.get("base_url") or DEFAULT_WHATSAPP_BASE).rstrip("/")
        phone_id = str(address.get("phone_number_id") or settings.get("phone_number_id") or "")
        to = address.get("wa_id") or address.get("user_id")
        token = self.desk.secrets.get(TOKEN_SECRET)
        if not token or not phone_id:
            return "manual", "recorded", None, None
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
                return (
                    "blocked",
                    "refused",
                    None,
                    "outside the 24-hour window; no approved template",
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
        key = uuid.uuid4().hex
        try:
            with self.client_factory() as client:
                response = client.post(
                    f"{base}/{phone_id}/messages",
                    data=json.dumps(payload, ensure_ascii=False).encode("utf-8"),
                    headers={
                        "Authorization": f"Bearer {token}",
                        "Content-Type": "application/json",
                        "Idempotency-Key": key,
                    },
                )
                data = response.json()
        except HttpError as exc:
            return mode, "failed", None, str(exc)
        messages = data.get("messages") if isinstance(data, dict) else None
        message_id = messages[0].get("id") if isinstance(messages, list) and messages else None
        return mode, "sent", message_id, None

    def reply_cluster(
        self, cluster_id: int, template_id: str, values: Mapping[str, str] | None = None
    ) -> list[ReplyOutcome]:
        """The same canned reply to every still-open member of a cluster."""
        outcomes = []
        for iid in self.inbox.clusters.member_ids(cluster_id):
            with self.desk.db.read() as session:
                status = session.scalar(select(Interaction.status).where(Interaction.id == iid))
            if status in ("answered", "closed"):
                continue
            outcomes.append(self.reply(iid, template_id, values))
        return outcomes


__all__ = ["SERVICE_WINDOW", "ReplyOutcome", "ReplyService", "within_window"]
