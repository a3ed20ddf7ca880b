"""Publishing clients: WhatsApp Cloud API, X API v2, a signed website webhook, and the
sandbox channel drills use. Tokens come in as arguments (the caller reads the keyring);
nothing here touches the database or the decision log."""

from crisisdesk.statements.publishers.drill import RecordedPublication, SandboxChannel
from crisisdesk.statements.publishers.result import (
    Publication,
    PublishResult,
    PublishStatus,
    bilingual_body,
    publication_key,
)
from crisisdesk.statements.publishers.transport import DEFAULT_TIMEOUT, Timeout
from crisisdesk.statements.publishers.webhook import (
    SIGNATURE_HEADER,
    WebhookClient,
    sign,
    verify_signature,
    webhook_body,
)
from crisisdesk.statements.publishers.whatsapp import (
    WhatsAppClient,
    WhatsAppRecipient,
    needs_template,
)
from crisisdesk.statements.publishers.x import XClient

__all__ = [
    "DEFAULT_TIMEOUT",
    "SIGNATURE_HEADER",
    "Publication",
    "PublishResult",
    "PublishStatus",
    "RecordedPublication",
    "SandboxChannel",
    "Timeout",
    "WebhookClient",
    "WhatsAppClient",
    "WhatsAppRecipient",
    "XClient",
    "bilingual_body",
    "needs_template",
    "publication_key",
    "sign",
    "verify_signature",
    "webhook_body",
]
