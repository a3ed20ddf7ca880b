"""WhatsApp Cloud API: a statement to one media contact, as text or as a template.

WhatsApp lets a business send free text only within 24 hours of the contact's last
message; outside that window only an approved message template may be sent, so the
statement goes in as the template's body parameters ({{1}} Arabic, {{2}} English). The
idempotency key travels as the ``Idempotency-Key`` header and as
``biz_opaque_callback_data`` (echoed back in status webhooks), so a retried send can be
matched to the first one.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import quote

from crisisdesk.statements.publishers.result import Publication, PublishResult, bilingual_body
from crisisdesk.statements.publishers.transport import DEFAULT_TIMEOUT, Timeout, post
from crisisdesk.statements.rules import (
    WHATSAPP_TEMPLATE_BODY_MAX,
    WHATSAPP_TEXT_MAX,
    whatsapp_param_problem,
)

__all__ = ["SERVICE_WINDOW", "WhatsAppClient", "WhatsAppRecipient", "needs_template"]

SERVICE_WINDOW = timedelta(hours=24)


@dataclass(frozen=True)
class WhatsAppRecipient:
    """A media contact's number (E.164 digits) and when they last wrote to us, if ever."""

    phone: str
    last_inbound_at: datetime | None = None


def needs_template(last_inbound_at: datetime | None, now: datetime) -> bool:
    """True when the 24-hour customer-service window is closed (or never opened)."""
    return last_inbound_at is None or now - last_inbound_at >= SERVICE_WINDOW


class WhatsAppClient:
    """``POST {base_url}/{phone_number_id}/messages`` with a bearer token."""

    def __init__(
        self,
        *,
        base_url: str,
        phone_number_id: str,
        token: str,
        template_name: str = "crisis_statement",
        template_language: str = "ar",
        timeout: Timeout = DEFAULT_TIMEOUT,
    ) -> None:
        self.url = f"{base_url.rstrip('/')}/{quote(phone_number_id, safe='')}/messages"
        self._token = token
        self.template_name = template_name
        self.template_language = template_language
        self.timeout = timeout

    def publish(
        self, publication: Publication, recipient: WhatsAppRecipient, now: datetime
    ) -> PublishResult:
        """Send the statement to one contact, choosing text or template by the window."""
        if needs_template(recipient.last_inbound_at, now):
            # The approved template carries {{1}} for the Arabic and {{2}} for the English
            # text; a parameter may not hold new lines, so the two cannot be joined.
            parameters = [publication.texts.get(lang, "").strip() or "—" for lang in ("ar", "en")]
            return self.send_template(recipient.phone, parameters, publication.key)
        return self.send_text(recipient.phone, bilingual_body(publication.texts), publication.key)

    def send_text(self, to: str, body: str, idempotency_key: str) -> PublishResult:
        if len(body) > WHATSAPP_TEXT_MAX:
            return _refused(
                f"message is {len(body)} characters; WhatsApp allows {WHATSAPP_TEXT_MAX}",
                idempotency_key,
            )
        payload = {
            "messaging_product": "whatsapp",
            "recipient_type": "individual",
            "to": to,
            "type": "text",
            "text": {"preview_url": False, "body": body},
            "biz_opaque_callback_data": idempotency_key,
        }
        return self._send(payload, idempotency_key)

    def send_template(self, to: str, parameters: list[str], idempotency_key: str) -> PublishResult:
        for value in parameters:
            if len(value) > WHATSAPP_TEMPLATE_BODY_MAX:
                return _refused(
                    f"template parameter is {len(value)} characters; "
                    f"a template body allows {WHATSAPP_TEMPLATE_BODY_MAX}",
                    idempotency_key,
                )
            problem = whatsapp_param_problem(value)
            if problem:
                return _refused(problem, idempotency_key)
        payload = {
            "messaging_product": "whatsapp",
            "recipient_type": "individual",
            "to": to,
            "type": "template",
            "template": {
                "name": self.template_name,
                "language": {"code": self.template_language},
                "components": [
                    {
                        "type": "body",
                        "parameters": [{"type": "text", "text": v} for v in parameters],
                    }
                ],
            },
            "biz_opaque_callback_data": idempotency_key,
        }
        return self._send(payload, idempotency_key)

    def _send(self, payload: dict[str, Any], key: str) -> PublishResult:
        body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        return post(
            self.url,
            body,
            {"Authorization": f"Bearer {self._token}"},
            timeout=self.timeout,
            idempotency_key=key,
            external_id=_message_id,
            error_text=_error_text,
        )


def _refused(message: str, key: str) -> PublishResult:
    return PublishResult(False, None, "rejected", message, False, idempotency_key=key)


def _message_id(data: Any) -> str | None:
    try:
        value = data["messages"][0]["id"]
    except (TypeError, KeyError, IndexError):
        return None
    return value if isinstance(value, str) and value else None


def _error_text(data: Any) -> str | None:
    if isinstance(data, dict) and isinstance(data.get("error"), dict):
        err = data["error"]
        parts = [str(err.get("message", "")).strip()]
        if "code" in err:
            parts.append(f"(code {err['code']})")
        details = err.get("error_data", {})
        if isinstance(details, dict) and details.get("details"):
            parts.append(str(details["details"]))
        return " ".join(p for p in parts if p) or None
    return None
