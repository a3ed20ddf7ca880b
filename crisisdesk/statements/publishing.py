"""Publishing an approved version: one publication row per channel target, sent once.

A publication's idempotency key is stable for (version hash, channel, target), so a retry
after a failure or an ambiguous timeout sends the same key and a server that honours it
keeps one post. Rows are written before the network call and the outcome after it, in
separate transactions: the writer lock is never held while waiting on the internet, and
a crash in between leaves a row that a retry completes with the same key. A drill
incident's publications go to the sandbox channel, never to a real one.
"""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from crisisdesk.clock import parse_utc, utc_iso
from crisisdesk.errors import ConflictError, CrisisDeskError, NotFoundError, RefusedError
from crisisdesk.log.kinds import Kind
from crisisdesk.statements.approval import current_approval, latest_version, refuse
from crisisdesk.statements.channel_forms import split_thread, whatsapp_template_name
from crisisdesk.statements.channel_settings import SECRET_NAMES, ChannelSettings, load_settings
from crisisdesk.statements.publishers import (
    Publication as Outgoing,
)
from crisisdesk.statements.publishers import (
    PublishResult,
    SandboxChannel,
    WebhookClient,
    WhatsAppClient,
    XClient,
    publication_key,
)
from crisisdesk.statements.records import PublicationInfo
from crisisdesk.statements.states import can_publish
from crisisdesk.statements.versions import content_hash, extra_texts
from crisisdesk.storage.models import (
    Decision,
    Incident,
    Publication,
    Statement,
    StatementVersion,
    User,
)
from crisisdesk.users.permissions import Action

if TYPE_CHECKING:
    from crisisdesk.kernel import Kernel
    from crisisdesk.statements.service import StatementService

__all__ = [
    "CHANNELS",
    "cancel",
    "get_publication",
    "list_publications",
    "normalise_channel",
    "publish",
    "record_outcome",
    "retry",
    "send",
]

CHANNELS = ("website", "whatsapp", "x", "press", "text", "clipboard")
_ALIASES = {"pdf": "press", "webhook": "website", "file": "text", "twitter": "x"}
CHANNEL_NAMES = {
    "website": ("الموقع الإلكتروني", "Website"),
    "whatsapp": ("واتساب", "WhatsApp"),
    "x": ("منصة X", "X"),
    "press": ("بيان صحفي PDF", "Press release PDF"),
    "text": ("ملف نصي", "Text file"),
    "clipboard": ("الحافظة", "Clipboard"),
}


def normalise_channel(name: str) -> str:
    channel = _ALIASES.get(name.strip().lower(), name.strip().lower())
    if channel not in CHANNELS:
        raise CrisisDeskError(
            f"unknown channel {name!r}; one of {', '.join(CHANNELS)} (SMS has no gateway here: "
            "copy the text instead)"
        )
    return channel


def _e164(phone: str) -> str:
    """Digits for the Cloud API; a Saudi local number (0...) gets the 966 country code."""
    digits = re.sub(r"\D", "", phone)
    if phone.strip().startswith("+"):
        return digits
    if digits.startswith("00"):
        return digits[2:]
    if digits.startswith("0"):
        return "966" + digits[1:]
    return digits


def _targets(
    statements: StatementService, channel: str, incident_id: int, settings: ChannelSettings
) -> list[str]:
    if channel == "x":
        return ["ar", "en"]
    if channel != "whatsapp":
        return [""]
    phones = list(settings.contacts)
    if not phones:
        playbook = statements.incidents.playbook(incident_id)
        phones = [c.phone for c in (playbook.contacts if playbook else ()) if c.phone]
    numbers = sorted({_e164(p) for p in phones if _e164(p)})
    if not numbers:
        raise CrisisDeskError(
            "no WhatsApp media contacts: set whatsapp_contacts or list contacts in the playbook"
        )
    return numbers


def version_problem(
    session: Session, statement: Statement, version: StatementVersion
) -> tuple[str, str] | None:
    """Why ``version`` may not go out now (English, Arabic), or None."""
    incident = session.get(Incident, statement.incident_id)
    if incident is not None and incident.status != "active":
        return f"incident {incident.id} is closed", "الحادثة مغلقة"
    if statement.state == "rejected":
        return "it was rejected", "رُفض البيان"
    if statement.state == "superseded":
        return "it was superseded by a newer statement", "استُبدل البيان ببيان أحدث"
    if not can_publish(statement.state):
        return f"it is {statement.state}, not approved", f"البيان غير معتمد ({statement.state})"
    latest = latest_version(session, statement.id)
    if latest.id != version.id:
        return (
            f"version {version.number} was edited after approval (latest is {latest.number})",
            "عُدّل النص بعد الاعتماد",
        )
    if current_approval(session, version) is None:
        return (
            f"version {version.number} has no approval bound to its text",
            "لا يوجد اعتماد مطابق لهذا النص",
        )
    return log_problem(session, statement.id, version)


def _hash_of(version: StatementVersion) -> str:
    """The hash of the texts as stored now (every language), computed here, not read."""
    return content_hash(
        version.text_ar,
        version.text_en,
        json.loads(version.variables or "{}"),
        extra_texts(version.texts_extra),
    )


def log_problem(
    session: Session, statement_id: int, version: StatementVersion
) -> tuple[str, str] | None:
    """Why the decision log does not back ``version``'s text going out, or None.

    The hash is computed here from the very texts that would be sent, and must be one an
    earlier ``statement.approved`` decision of this statement carries: the statement and
    approval rows' own hashes are never trusted on their own (a database edit can fake both).
    """
    actual = _hash_of(version)
    bodies = session.scalars(
        select(Decision.body).where(
            Decision.kind == "statement.approved", Decision.subject == f"statement:{statement_id}"
        )
    )
    for body in bodies:
        try:
            payload = json.loads(body).get("payload") or {}
        except (ValueError, AttributeError):
            continue
        if isinstance(payload, dict) and payload.get("content_hash") == actual:
            return None
    return (
        f"the text of version {version.number} (hash {actual[:12]}…) was never approved in the "
        "decision log",
        "النص لا يطابق أي اعتماد في سجل القرارات",
    )


def publish(
    statements: StatementService,
    statement_id: int,
    channel: str,
    *,
    at: datetime | None = None,
    late_ok: bool = False,
) -> list[PublicationInfo]:
    """Publish the approved latest version to ``channel`` now, or schedule it for ``at``
    (scheduling is ``schedule.schedule``)."""
    desk = statements.desk
    if at is not None:
        from crisisdesk.statements.schedule import schedule

        return schedule(statements, statement_id, channel, at)
    channel = normalise_channel(channel)
    info = statements.get(statement_id)
    settings = load_settings(desk)
    now = desk.clock.now()
    targets = _targets(statements, channel, info.incident_id, settings)
    refusal: str | None = None
    ids: list[int] = []
    to_send: list[int] = []
    with desk.transaction(Action.STATEMENT_PUBLISH, incident_id=info.incident_id) as uow:
        user = desk.user
        assert user is not None
        session = uow.session
        row = session.get(Statement, statement_id)
        assert row is not None
        version = latest_version(session, statement_id)
        problem = version_problem(session, row, version)
        if problem is not None:
            refusal = problem[0]
            refuse(uow, row, "publish", problem[0], problem[1])
        else:
            incident = session.get(Incident, row.incident_id)
            drill = bool(incident and incident.drill)
            stamp = utc_iso(now)
            for target in targets:
                # The statement and version number keep two statements with the same words
                # (an all-clear issued twice) apart; the hash binds the key to the text.
                identity = f"{row.id}/{version.number}/{version.content_hash}"
                key = publication_key(identity, channel, target)
                pub = session.scalars(
                    select(Publication).where(Publication.idempotency_key == key)
                ).first()
                if pub is not None and pub.state == "scheduled" and pub.missed_at and not late_ok:
                    raise ConflictError(
                        f"publication {pub.id} was scheduled for {pub.scheduled_at} and "
                        "missed; confirm publishing late (--late-ok)"
                    )
                if pub is None:
                    pub = Publication(
                        version_id=version.id,
                        channel=channel,
                        target=target,
                        sandbox=drill,
                        idempotency_key=key,
                        attempts=0,
                        created_by=user.name,
                        created_at=stamp,
                        state="scheduled",
                    )
                    session.add(pub)
                if pub.state in ("scheduled", "cancelled", "failed"):
                    pub.state = "sending"
                    pub.scheduled_at = stamp
                    pub.missed_at = None
                    session.flush()
                    to_send.append(pub.id)
                # A row already "sending" is in flight on another laptop (or was cut off by a
                # crash): it is not sent again here; ``retry`` completes it with the same key.
                session.flush()
                ids.append(pub.id)
            name_ar, name_en = CHANNEL_NAMES[channel]
            drill_ar = " (تمرين: إلى قناة المحاكاة)" if drill else ""
            drill_en = " (drill: to the sandbox channel)" if drill else ""
            uow.decide(
                Kind.STATEMENT_PUBLISH_REQUESTED,
                subject=f"statement:{statement_id}",
                incident_id=row.incident_id,
                summary_ar=f"طلب نشر البيان رقم {statement_id} عبر {name_ar}" + drill_ar,
                summary_en=f"publishing statement #{statement_id} on {name_en}" + drill_en,
                payload={
                    "statement": statement_id,
                    "version": version.number,
                    "content_hash": version.content_hash,
                    "channel": channel,
                    "publications": ids,
                    "late": late_ok,
                    "sandbox": drill,
                },
            )
    if refusal is not None:
        raise RefusedError(f"statement {statement_id} cannot be published: {refusal}")
    for pub_id in to_send:
        send(statements, pub_id, late=late_ok)
    return [get_publication(desk, pub_id) for pub_id in ids]


def retry(statements: StatementService, publication_id: int) -> PublicationInfo:
    """Send a failed publication again with the same idempotency key."""
    desk = statements.desk
    current = get_publication(desk, publication_id)
    info = statements.get(current.statement_id)
    refusal: str | None = None
    with desk.transaction(Action.STATEMENT_PUBLISH, incident_id=info.incident_id) as uow:
        pub = _publication_row(uow.session, publication_id)
        version = uow.session.get(StatementVersion, pub.version_id)
        row = uow.session.get(Statement, info.id)
        assert version is not None and row is not None
        if pub.state == "sending":
            refusal = (
                f"publication {publication_id} is being sent now (or was cut off while "
                "sending); if it stays so, check the channel and record what it shows "
                f"(`statement outcome {publication_id} --sent|--not-sent`)"
            )
            refuse(uow, row, "retry", refusal, "النشر قيد الإرسال الآن")
        elif pub.state == "unknown":
            refusal = (
                f"the outcome of publication {publication_id} is unknown: check the channel and "
                f"record what it shows first (`statement outcome {publication_id} "
                "--sent|--not-sent`)"
            )
            refuse(uow, row, "retry", refusal, "نتيجة النشر غير معروفة: تحقّق من القناة أولًا")
        elif pub.state != "failed":
            refusal = f"publication {publication_id} is {pub.state}; only a failed one is retried"
            refuse(uow, row, "retry", refusal, f"حالة النشر {pub.state}")
        else:
            problem = version_problem(uow.session, row, version)
            if problem is not None:
                refusal = problem[0]
                refuse(uow, row, "retry", problem[0], problem[1])
            else:
                pub.state = "sending"
                pub.scheduled_at = utc_iso(desk.clock.now())  # sending since
                uow.decide(
                    Kind.STATEMENT_PUBLISH_RETRIED,
                    subject=f"statement:{info.id}",
                    incident_id=info.incident_id,
                    summary_ar=f"إعادة محاولة النشر رقم {publication_id} عبر "
                    f"{CHANNEL_NAMES[pub.channel][0]} بالمفتاح نفسه",
                    summary_en=f"retrying publication #{publication_id} on "
                    f"{CHANNEL_NAMES[pub.channel][1]} with the same key",
                    payload={
                        "publication": publication_id,
                        "idempotency_key": pub.idempotency_key,
                        "attempts": pub.attempts,
                    },
                )
    if refusal is not None:
        raise RefusedError(f"cannot retry: {refusal}")
    return send(statements, publication_id)


STALE_SENDING = timedelta(minutes=2)
"""A row ``sending`` for longer than any exchange's deadline was cut off (a crash)."""


def record_outcome(
    statements: StatementService,
    publication_id: int,
    *,
    sent: bool,
    external_id: str | None = None,
    note: str | None = None,
) -> PublicationInfo:
    """What a person found on the channel for a publication whose outcome is unknown.

    ``sent``: it is there (recorded as published, with the post's id if given). Otherwise
    it did not go out and becomes ``failed``, which ``retry`` may send again. A row still
    being sent is not touched until it is older than :data:`STALE_SENDING`.
    """
    desk = statements.desk
    current = get_publication(desk, publication_id)
    info = statements.get(current.statement_id)
    note = (note or "").strip() or None
    external_id = (external_id or "").strip() or None
    with desk.transaction(Action.STATEMENT_PUBLISH, incident_id=info.incident_id) as uow:
        user = desk.user
        assert user is not None
        pub = _publication_row(uow.session, publication_id)
        now = desk.clock.now()
        if pub.state == "sending":
            since = parse_utc(pub.scheduled_at) if pub.scheduled_at else None
            if since is not None and now - since < STALE_SENDING:
                raise ConflictError(
                    f"publication {publication_id} is being sent now; wait for its outcome"
                )
        elif pub.state != "unknown":
            raise ConflictError(
                f"publication {publication_id} is {pub.state}; only one whose outcome is "
                "unknown is checked"
            )
        version = uow.session.get(StatementVersion, pub.version_id)
        row = uow.session.get(Statement, info.id)
        assert version is not None and row is not None
        was = pub.state
        name_ar, name_en = CHANNEL_NAMES[pub.channel]
        payload: dict[str, object] = {
            "statement": info.id,
            "version": version.number,
            "publication": publication_id,
            "channel": pub.channel,
            "target": pub.target,
            "idempotency_key": pub.idempotency_key,
            "was": was,
            "checked_by": user.name,
            "note": note,
        }
        stamp = utc_iso(now)
        if sent:
            pub.state, pub.result, pub.error = "sent", "sent", None
            pub.sent_at = stamp
            pub.external_id = external_id or pub.external_id
            if row.state == "approved":
                row.state = "published"
                row.updated_at = stamp
            payload["external_id"] = pub.external_id
            payload["content_hash"] = _hash_of(version)
            uow.decide(
                Kind.STATEMENT_PUBLISHED,
                subject=f"statement:{info.id}",
                incident_id=info.incident_id,
                summary_ar=f"نُشر الإصدار {version.number} من البيان رقم {info.id} عبر {name_ar} "
                f"(تحقّق {user.name} من القناة)",
                summary_en=f"published version {version.number} of statement #{info.id} on "
                f"{name_en} (checked on the channel by {user.name})",
                payload=payload,
            )
        else:
            pub.state, pub.result = "failed", "failed"
            pub.error = f"did not go out (checked on the channel by {user.name})" + (
                f": {note}" if note else ""
            )
            uow.decide(
                Kind.STATEMENT_PUBLISH_CHECKED,
                subject=f"statement:{info.id}",
                incident_id=info.incident_id,
                summary_ar=f"لم يُنشر البيان رقم {info.id} عبر {name_ar} (تحقّق {user.name} "
                "من القناة)؛ يمكن إعادة المحاولة",
                summary_en=f"statement #{info.id} did not go out on {name_en} (checked on the "
                f"channel by {user.name}); it may be retried",
                payload=payload,
            )
    return get_publication(desk, publication_id)


def cancel(statements: StatementService, publication_id: int) -> PublicationInfo:
    desk = statements.desk
    current = get_publication(desk, publication_id)
    info = statements.get(current.statement_id)
    with desk.transaction(Action.STATEMENT_PUBLISH, incident_id=info.incident_id) as uow:
        pub = _publication_row(uow.session, publication_id)
        if pub.state not in ("scheduled", "failed"):
            raise ConflictError(
                f"publication {publication_id} is {pub.state}; it cannot be cancelled"
            )
        pub.state = "cancelled"
        uow.decide(
            Kind.STATEMENT_PUBLICATION_CANCELLED,
            subject=f"statement:{info.id}",
            incident_id=info.incident_id,
            summary_ar=f"إلغاء النشر رقم {publication_id} عبر {CHANNEL_NAMES[pub.channel][0]}",
            summary_en=f"cancelled publication #{publication_id} on "
            f"{CHANNEL_NAMES[pub.channel][1]}",
            payload={"publication": publication_id},
        )
    return get_publication(desk, publication_id)


def send(
    statements: StatementService,
    publication_id: int,
    *,
    actor: str | None = None,
    late: bool = False,
) -> PublicationInfo:
    """Deliver one publication row and record the outcome as a decision.

    Permission and approval were checked when the row was made (or will be re-checked by
    the scheduler); ``actor`` names who the decision belongs to when no one is signed in.
    """
    desk = statements.desk
    with desk.db.read() as session:
        pub = _publication_row(session, publication_id)
        if pub.state == "sent":
            version = session.get(StatementVersion, pub.version_id)
            assert version is not None
            return PublicationInfo.from_row(pub, version)
        version = session.get(StatementVersion, pub.version_id)
        assert version is not None
        statement = session.get(Statement, version.statement_id)
        assert statement is not None
        incident = session.get(Incident, statement.incident_id)
        if incident is not None and incident.status != "active":
            from crisisdesk.statements.schedule import refuse_closed

            return refuse_closed(desk, publication_id)
        drill = bool(incident and incident.drill) or pub.sandbox
        outgoing = Outgoing(
            key=pub.idempotency_key,
            texts={"ar": version.text_ar, "en": version.text_en},
            title={"ar": statement.title_ar, "en": statement.title_en},
            statement_id=str(statement.id),
            version_hash=version.content_hash,
            drill=drill,
        )
        channel, target, number = pub.channel, pub.target, version.number
        statement_id, incident_id = statement.id, statement.incident_id
        created_by = pub.created_by
        template_id, stored = statement.template_id, json.loads(version.variables)
        created_at = parse_utc(version.created_at)
        sent_hash = _hash_of(version)
        retried = pub.attempts > 0
        unbacked = log_problem(session, statement.id, version)
    if unbacked is not None:
        return _refuse_unbacked(desk, publication_id, unbacked)
    settings = load_settings(desk)
    forms: dict[str, Any] = {}
    if channel in ("x", "whatsapp") and template_id:
        # The channel's own form, as approved with this version (see channel_forms).
        forms = statements.channel_forms(incident_id, template_id, stored, created_at) or {}
        book = statements.incidents.playbook(incident_id)
        if book is not None:
            forms["template_name"] = {
                lang: whatsapp_template_name(book.id, template_id, lang) for lang in ("ar", "en")
            }
    result = _deliver(
        desk, channel, target, outgoing, drill, settings, statement_id, number, forms,
        retried=retried,
    )  # fmt: skip
    role: str | None = None
    if actor is None and desk.user is None:
        actor = created_by
    if actor is not None:
        with desk.db.read() as session:
            role = session.scalars(select(User.role).where(User.name == actor)).first()
    with desk.transaction(None, incident_id=incident_id) as uow:
        pub = _publication_row(uow.session, publication_id)
        row = uow.session.get(Statement, statement_id)
        assert row is not None
        pub.attempts += 1
        now = utc_iso(desk.clock.now())
        name_ar, name_en = CHANNEL_NAMES[channel]
        where_en = f"{name_en}{' ' + target if target else ''}"
        where_ar = f"{name_ar}{' ' + target if target else ''}"
        sandbox_ar = " (قناة المحاكاة)" if drill else ""
        sandbox_en = " (sandbox)" if drill else ""
        payload = {
            "statement": statement_id,
            "version": number,
            "publication": publication_id,
            "channel": channel,
            "target": target,
            "idempotency_key": pub.idempotency_key,
            "attempt": pub.attempts,
            "external_id": result.external_id,
            "status": result.status,
            "http_status": result.http_status,
            "error": result.error,
            "retryable": result.retryable,
            "delivery_unknown": result.delivery_unknown,
            "sandbox": drill,
            "late": late,
        }
        if result.ok or result.delivery_unknown:
            # What went (or may have gone) out, hashed from the very texts that were sent.
            payload["content_hash"] = sent_hash
        if result.ok:
            pub.state = "sent"
            pub.sent_at = now
            pub.external_id = result.external_id
            pub.result = result.status
            pub.error = None
            if row.state == "approved":
                row.state = "published"
                row.updated_at = now
            uow.decide(
                Kind.STATEMENT_PUBLISHED,
                subject=f"statement:{statement_id}",
                incident_id=incident_id,
                summary_ar=f"نشر الإصدار {number} من البيان رقم {statement_id} عبر {where_ar}"
                + sandbox_ar
                + (" (بعد موعده)" if late else ""),
                summary_en=f"published version {number} of statement #{statement_id} on "
                f"{where_en}{sandbox_en}" + (" (late)" if late else ""),
                payload=payload,
                actor=actor,
                role=role,
            )
        elif result.delivery_unknown and pub.state != "sent":
            pub.state = "unknown"
            pub.result = result.status
            pub.error = result.error
            uow.decide(
                Kind.STATEMENT_PUBLISH_UNKNOWN,
                subject=f"statement:{statement_id}",
                incident_id=incident_id,
                summary_ar=f"نتيجة نشر البيان رقم {statement_id} عبر {where_ar} غير معروفة: "
                f"{result.error}. تحقّق من القناة قبل أي إعادة",
                summary_en=f"the outcome of publishing statement #{statement_id} on {where_en} "
                f"is unknown: {result.error}; check the channel before any retry",
                payload=payload,
                actor=actor,
                role=role,
            )
        else:
            if pub.state != "sent":
                pub.state = "failed"
            pub.result = result.status
            pub.error = result.error
            uow.decide(
                Kind.STATEMENT_PUBLISH_FAILED,
                subject=f"statement:{statement_id}",
                incident_id=incident_id,
                summary_ar=f"تعذّر نشر البيان رقم {statement_id} عبر {where_ar}: {result.error}",
                summary_en=f"publishing statement #{statement_id} on {where_en} failed: "
                f"{result.error}",
                payload=payload,
                actor=actor,
                role=role,
            )
        uow.session.flush()
        version_row = uow.session.get(StatementVersion, pub.version_id)
        assert version_row is not None
        return PublicationInfo.from_row(pub, version_row)


def _refuse_unbacked(desk: Kernel, publication_id: int, why: tuple[str, str]) -> PublicationInfo:
    """The text about to go out has no approval in the log: cancel, record, send nothing."""
    with desk.transaction(None) as uow:
        pub = _publication_row(uow.session, publication_id)
        version = uow.session.get(StatementVersion, pub.version_id)
        assert version is not None
        row = uow.session.get(Statement, version.statement_id)
        assert row is not None
        pub.state = "cancelled"
        pub.error = f"not sent: {why[0]}"
        refuse(uow, row, "publish", f"publication #{publication_id}: {why[0]}", why[1])
        uow.session.flush()
        return PublicationInfo.from_row(pub, version)


def _flat(text: str) -> str:
    """One line for a WhatsApp template parameter (no new lines, tabs or runs of spaces)."""
    return " ".join(text.split())


def _deliver(
    desk: Kernel,
    channel: str,
    target: str,
    outgoing: Outgoing,
    drill: bool,
    settings: ChannelSettings,
    statement_id: int,
    number: int,
    forms: dict[str, Any] | None = None,
    *,
    retried: bool = False,
) -> PublishResult:
    key = outgoing.key
    forms = forms or {}
    if drill:
        return SandboxChannel(channel).publish(outgoing, target)
    if channel == "clipboard":
        return PublishResult(True, "clipboard", "recorded", idempotency_key=key)
    if channel in ("press", "text"):
        return _write_file(desk, channel, outgoing, settings, statement_id, number)
    secret = desk.secrets.get(SECRET_NAMES[channel])
    if channel == "website":
        if not settings.website_url or not secret:
            return _not_configured(key, "the website webhook URL or secret is not configured")
        return WebhookClient(
            url=settings.website_url, secret=secret, timeout=settings.timeout
        ).publish(outgoing)
    if channel == "x":
        if not secret:
            return _not_configured(key, "no X token in the keyring")
        client = XClient(base_url=settings.x_base_url, token=secret, timeout=settings.timeout)
        form = forms.get("x", {}).get(target)
        posts = split_thread(form) if isinstance(form, str) else [outgoing.texts.get(target, "")]
        # X ignores idempotency keys: a retry first looks for each post on the account.
        return _post_thread(client, posts, key, look_first=retried)
    if not secret or not settings.whatsapp_phone_number_id:
        return _not_configured(key, "the WhatsApp token or phone number id is not configured")
    whatsapp = WhatsAppClient(
        base_url=settings.whatsapp_base_url,
        phone_number_id=settings.whatsapp_phone_number_id,
        token=secret,
        template_name=settings.whatsapp_template,
        template_language=settings.whatsapp_template_language,
        timeout=settings.timeout,
    )
    lang = (
        settings.whatsapp_template_language
        if settings.whatsapp_template_language
        in (
            "ar",
            "en",
        )
        else "ar"
    )
    params = forms.get("whatsapp_params", {}).get(lang)
    if isinstance(params, list):
        # The template's WhatsApp form is registered at Meta under its own name, its line
        # breaks in the body; only the values travel, one per parameter.
        whatsapp.template_name = forms["template_name"][lang]
        return whatsapp.send_template(target, [str(p) for p in params], key)
    # A statement without a template: the generic template carries the Arabic and the
    # English text as its two body parameters.
    params = [_flat(outgoing.texts.get("ar", "")), _flat(outgoing.texts.get("en", ""))]
    return whatsapp.send_template(target, params, key)


def _post_thread(
    client: XClient, posts: list[str], key: str, *, look_first: bool = False
) -> PublishResult:
    """Post an X form: one post, or a thread each post replying to the one before.

    ``look_first`` (a retry): each post already on the account's timeline is taken as
    posted, never posted again; a timeline that cannot be read stops the retry.
    """
    if not posts:
        return client.post_text("", key)  # refused as an empty post, with that reason
    first: PublishResult | None = None
    previous: str | None = None
    for index, text in enumerate(posts):
        if look_first and text.strip():
            try:
                found = client.find_recent(text)
            except CrisisDeskError as exc:
                return PublishResult(
                    False,
                    None,
                    "failed",
                    f"not sent again: cannot read the account's recent posts to check ({exc})",
                    True,
                    idempotency_key=key,
                )
            if found is not None:
                seen = PublishResult(True, found, "sent", None, False, idempotency_key=key)
                first = first or seen
                previous = found
                continue
        result = client.post_text(text, key if index == 0 else f"{key}-{index}", previous)
        if not result.ok:
            return result
        first = first or result
        previous = result.external_id
    assert first is not None, "an X form has at least one post"
    return first


def _not_configured(key: str, message: str) -> PublishResult:
    return PublishResult(False, None, "failed", message, True, idempotency_key=key)


def _write_file(
    desk: Kernel,
    channel: str,
    outgoing: Outgoing,
    settings: ChannelSettings,
    statement_id: int,
    number: int,
) -> PublishResult:
    digest = outgoing.version_hash or ""
    stem = f"statement-{statement_id}-v{number}-{digest[:8]}"
    try:
        folder = settings.exports_path
        if channel == "text":
            path = folder / f"{stem}.txt"
            body = "\n\n".join(
                part
                for part in (
                    outgoing.title.get("ar", ""),
                    outgoing.texts.get("ar", ""),
                    outgoing.title.get("en", ""),
                    outgoing.texts.get("en", ""),
                    f"sha256 {digest}",
                )
                if part
            )
            path.write_text(body + "\n", encoding="utf-8")
        else:
            from crisisdesk.statements.pdf import PressRelease, write_press_release

            path = write_press_release(
                PressRelease(
                    title=dict(outgoing.title),
                    texts=dict(outgoing.texts),
                    issued_at=desk.clock.now(),
                    reference=f"{statement_id}/{number}",
                    content_hash=digest or None,
                ),
                folder / f"{stem}.pdf",
            )
    except (OSError, CrisisDeskError) as exc:
        return PublishResult(False, None, "failed", str(exc), True, idempotency_key=outgoing.key)
    return PublishResult(True, str(Path(path)), "sent", idempotency_key=outgoing.key)


def _publication_row(session: Session, publication_id: int) -> Publication:
    row = session.get(Publication, publication_id)
    if row is None:
        raise NotFoundError(f"no publication with id {publication_id}")
    return row


def get_publication(desk: Kernel, publication_id: int) -> PublicationInfo:
    with desk.db.read() as session:
        row = _publication_row(session, publication_id)
        version = session.get(StatementVersion, row.version_id)
        assert version is not None
        return PublicationInfo.from_row(row, version)


def list_publications(
    desk: Kernel, *, incident_id: int | None = None, state: str | None = None
) -> list[PublicationInfo]:
    with desk.db.read() as session:
        stmt = (
            select(Publication, StatementVersion)
            .join(StatementVersion, StatementVersion.id == Publication.version_id)
            .join(Statement, Statement.id == StatementVersion.statement_id)
            .order_by(Publication.id)
        )
        if incident_id is not None:
            stmt = stmt.where(Statement.incident_id == incident_id)
        if state is not None:
            stmt = stmt.where(Publication.state == state)
        return [PublicationInfo.from_row(p, v) for p, v in session.execute(stmt)]
