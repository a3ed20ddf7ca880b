"""A native reader's sign-off of a template's text in one of the public's languages.

The bundled Urdu, Hindi, Bengali, Tagalog and Malayalam messages are marked ``needs
native review``: a machine or a non-native writer cannot vouch for them. A lead signs a
text off once a native reader has read it; the sign-off is a decision
(``playbook.language_reviewed``) bound to the SHA-256 of that exact text, so an edited
translation needs a new one. Until then a statement using the text shows it as not ready,
and approving it asks for an override reason.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

from crisisdesk.errors import NotFoundError
from crisisdesk.log.kinds import Kind
from crisisdesk.playbooks.model import LANGUAGE_NAMES, Playbook
from crisisdesk.users.permissions import Action

if TYPE_CHECKING:
    from crisisdesk.kernel import Kernel

__all__ = ["KIND", "LanguageStatus", "language_status", "sign_off", "text_sha256"]

KIND = Kind.PLAYBOOK_LANGUAGE_REVIEWED


def text_sha256(text: str) -> str:
    return hashlib.sha256(unicodedata.normalize("NFC", text).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class LanguageStatus:
    """Whether one language of one template is ready for the public, and on whose word."""

    lang: str
    ready: bool
    reviewer: str | None

    def label(self, ui_lang: str) -> str:
        names = LANGUAGE_NAMES.get(self.lang, (self.lang, self.lang))
        return names[0] if ui_lang == "ar" else names[1]


def _signed(desk: Kernel, book: Playbook, template_id: str, lang: str, digest: str) -> str | None:
    from crisisdesk.log.service import LogService
    from crisisdesk.storage.decision_log import LogFilter

    log = LogService(desk)
    seqs = log.seqs(LogFilter(kind=KIND))
    for entry in reversed(log.get_many(seqs)):
        p = entry.payload
        if (
            p.get("playbook") == book.id
            and p.get("template") == template_id
            and p.get("lang") == lang
            and p.get("text_sha256") == digest
        ):
            return entry.actor or "?"
    return None


def language_status(desk: Kernel, book: Playbook, template_id: str) -> list[LanguageStatus]:
    """Each extra language of the template: ready (reviewed in the playbook, or signed off)."""
    template = book.template(template_id)
    if template is None:
        return []
    out = []
    for lang, other in template.languages.items():
        if other.review == "reviewed":
            out.append(LanguageStatus(lang, True, None))
            continue
        who = _signed(desk, book, template_id, lang, text_sha256(other.text))
        out.append(LanguageStatus(lang, who is not None, who))
    return out


def sign_off(desk: Kernel, book: Playbook, template_id: str, lang: str) -> LanguageStatus:
    """Record that a native reader has read this text (a decision; lead or admin)."""
    template = book.template(template_id)
    if template is None or lang not in template.languages:
        raise NotFoundError(
            f"playbook {book.id!r} has no {lang!r} text for template {template_id!r}"
        )
    text = template.languages[lang].text
    name_ar, name_en = LANGUAGE_NAMES.get(lang, (lang, lang))
    with desk.transaction(Action.PLAYBOOK_ADD) as uow:
        uow.decide(
            KIND,
            subject=f"playbook:{book.id}",
            summary_ar=f"مراجعة النص {name_ar} للقالب {template_id} من قارئ أصلي واعتماده",
            summary_en=f"signed off the {name_en} text of template {template_id} "
            "after a native reader's review",
            payload={
                "playbook": book.id,
                "version": book.version,
                "template": template_id,
                "lang": lang,
                "text_sha256": text_sha256(text),
            },
        )
    user = desk.user
    return LanguageStatus(lang, True, user.name if user else None)
