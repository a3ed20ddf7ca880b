"""Drafting and versioning public statements; the facade ``desk.statements``.

A statement is drafted from a playbook template (rendered in the sandbox with the form's
values) or blank; every save is a new, immutable version with its author, time, variables
and content hash. Approval (``approval.py``) binds to that hash, publishing
(``publishing.py``, ``schedule.py``) only sends a version whose approval still matches.
"""

from __future__ import annotations

import builtins
import json
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from crisisdesk.clock import parse_utc, utc_iso
from crisisdesk.errors import ConflictError, CrisisDeskError, NotFoundError
from crisisdesk.log.kinds import Kind
from crisisdesk.statements.channel_forms import RenderedForms, forms_checks, render_forms
from crisisdesk.statements.diff import LanguageDiff, diff_statement
from crisisdesk.statements.records import (
    KIND_TITLES,
    KINDS,
    STATES,
    ApprovalInfo,
    PublicationInfo,
    StatementDetail,
    StatementInfo,
    VersionInfo,
)
from crisisdesk.statements.rules import Checklist, RuleResult, check_statement
from crisisdesk.statements.states import EDITABLE_STATES
from crisisdesk.statements.variables import (
    FieldSpec,
    IncidentFacts,
    LocalizedText,
    Value,
    context_for,
    form_fields,
    render_template,
    validate_values,
)
from crisisdesk.statements.versions import content_hash, values_from_data, values_to_data
from crisisdesk.storage.models import (
    Approval,
    Incident,
    Publication,
    Statement,
    StatementAutosave,
    StatementVersion,
    Task,
)
from crisisdesk.templating.sandbox import TemplateRenderer
from crisisdesk.users.permissions import Action

if TYPE_CHECKING:
    from crisisdesk.incidents.service import IncidentService
    from crisisdesk.kernel import Kernel
    from crisisdesk.network.service import NetworkService
    from crisisdesk.playbooks.model import Playbook, TemplateSpec
    from crisisdesk.statements.channel_settings import ChannelSettings

RawValue = str | LocalizedText | time | int | Decimal
MAX_TEXT_CHARS = 20_000
_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")


@dataclass(frozen=True)
class Autosave:
    """The unsaved editor text of one user, newer than the statement's latest version."""

    statement_id: int
    user: str
    text_ar: str
    text_en: str
    variables: dict[str, Any]
    saved_at: datetime


def _title_both(title: str, playbook: Playbook | None) -> str | LocalizedText:
    """The incident's title in both languages: as typed in its own language, the playbook's
    title in the other (an Arabic title never lands inside the English statement)."""
    if playbook is None:
        return title
    if _ARABIC.search(title):
        return LocalizedText(title, playbook.title.en)
    return LocalizedText(playbook.title.ar, title)


def clean_text(text: str, lang: str) -> str:
    """NFC, Windows line ends folded, trailing space trimmed; bounded in size."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n")).strip()
    if len(text) > MAX_TEXT_CHARS:
        raise CrisisDeskError(
            f"the {'Arabic' if lang == 'ar' else 'English'} text is longer than "
            f"{MAX_TEXT_CHARS} characters"
        )
    return text


class StatementService:
    """Everything a screen or a script does with statements goes through here."""

    def __init__(
        self, desk: Kernel, *, incidents: IncidentService, network: NetworkService
    ) -> None:
        self.desk = desk
        self.incidents = incidents
        self.network = network
        self.renderer = TemplateRenderer()

    # ------------------------------------------------------------- playbook side
    def templates(self, incident_id: int) -> list[TemplateSpec]:
        playbook = self.incidents.playbook(incident_id)
        return list(playbook.templates) if playbook else []

    def template(self, incident_id: int, template_id: str) -> TemplateSpec:
        playbook = self.incidents.playbook(incident_id)
        found = playbook.template(template_id) if playbook else None
        if found is None:
            names = ", ".join(t.id for t in self.templates(incident_id)) or "none"
            raise NotFoundError(
                f"incident {incident_id} has no statement template {template_id!r} "
                f"(templates: {names})"
            )
        return found

    def facts(self, incident_id: int) -> IncidentFacts:
        """What the incident already knows: title, municipality, hotline, next update due."""
        playbook = self.incidents.playbook(incident_id)
        defaults = dict(playbook.defaults) if playbook else {}
        with self.desk.db.read() as session:
            incident = session.get(Incident, incident_id)
            if incident is None:
                raise NotFoundError(f"no incident with id {incident_id}")
            now = utc_iso(self.desk.clock.now())
            due = session.scalars(
                select(Task.due_at)
                .where(
                    Task.incident_id == incident_id,
                    Task.done_at.is_(None),
                    Task.step_id.like("%update%"),
                    Task.due_at > now,
                )
                .order_by(Task.due_at)
                .limit(1)
            ).first()
            title = incident.title
        municipality = defaults.get("municipality")
        hotline = defaults.get("hotline")
        from crisisdesk.room_zone import load

        return IncidentFacts(
            municipality=_localized(municipality),
            incident_title=_title_both(title, playbook),
            next_update=parse_utc(due) if due else None,
            hotline=hotline if isinstance(hotline, str) else None,
            timezone=load(self.desk).name,
        )

    def form(self, incident_id: int, template_id: str) -> list[FieldSpec]:
        """The template's variables as form fields, pre-filled from the incident."""
        template = self.template(incident_id, template_id)
        playbook = self.incidents.playbook(incident_id)
        defaults = dict(playbook.defaults) if playbook else {}
        return form_fields(template, self.facts(incident_id), defaults)

    def render(
        self, incident_id: int, template_id: str, raw: Mapping[str, RawValue]
    ) -> tuple[dict[str, str], dict[str, Value]]:
        """Both texts rendered in the sandbox; a bad or missing value is a one-line error."""
        template = self.template(incident_id, template_id)
        values, errors = validate_values(self.form(incident_id, template_id), raw)
        if errors:
            listed = "; ".join(f"{name}: {why}" for name, why in sorted(errors.items()))
            raise CrisisDeskError(f"template {template_id!r}: {listed}")
        now = self.room_now()
        both = render_template(template, values, self.renderer, now)
        texts: dict[str, str] = {"ar": both["ar"], "en": both["en"]}
        for lang, other in template.languages.items():
            texts[lang] = self.renderer.render(other.text, context_for(values, lang, now))
        return texts, values

    def room_now(self) -> datetime:
        """Now in the room's zone: the day a time in a statement is read against."""
        from crisisdesk.room_zone import load

        return load(self.desk).local(self.desk.clock.now())

    def checklist(
        self,
        incident_id: int,
        texts: Mapping[str, str],
        kind: str,
        channels: tuple[str, ...] | None = None,
    ) -> Checklist:
        """The playbook's statement rules, plus channel length checks when ``channels``."""
        playbook = self.incidents.playbook(incident_id)
        rules = playbook.statement_rules if playbook else None
        return check_statement(texts, rules, kind=kind, channels=channels or ())

    def editor_checklist(
        self,
        incident_id: int,
        template_id: str | None,
        texts: Mapping[str, str],
        kind: str,
        channels: tuple[str, ...],
        raw: Mapping[str, RawValue],
    ) -> tuple[Checklist, RenderedForms]:
        """What the editor shows while typing: the rules, and each channel form rendered
        with the form's current values and checked against its channel (the same check
        that gates approval). A blank statement gets the full text's channel limits."""
        if not template_id:
            return self.checklist(incident_id, texts, kind, channels), {}
        rules = self.checklist(incident_id, texts, kind)
        template = self.template(incident_id, template_id)
        values, errors = validate_values(self.form(incident_id, template_id), raw)
        if errors:
            return rules, {}
        forms = render_forms(template, values, self.renderer, self.room_now())
        lines = forms_checks(forms, channels) + self.language_checks(incident_id, template_id)
        return Checklist(rules.results + tuple(lines)), forms

    def rules_checklist(self, statement_id: int) -> Checklist:
        """The rules that gate approval, for the latest version of ``statement_id``:
        the playbook's statement rules and every channel form of its template."""
        info = self.get(statement_id)
        latest = self.version(statement_id)
        return self.approval_checklist(
            info.incident_id,
            info.template_id,
            info.kind,
            latest.texts,
            latest.variables,
            latest.created_at,
        )

    def approval_checklist(
        self,
        incident_id: int,
        template_id: str | None,
        kind: str,
        texts: Mapping[str, str],
        variables: Mapping[str, Any],
        created_at: datetime,
    ) -> Checklist:
        """Statement rules plus each channel form's fit (X, SMS, WhatsApp), for approval."""
        rules = self.checklist(incident_id, texts, kind)
        forms = self.channel_forms(incident_id, template_id, variables, created_at)
        if forms is None:
            return rules
        template = self.template(incident_id, template_id or "")
        return Checklist(
            rules.results
            + tuple(forms_checks(forms, template.channels))
            + tuple(self.language_checks(incident_id, template_id or ""))
        )

    def language_checks(self, incident_id: int, template_id: str) -> list[RuleResult]:
        """One line per language beyond Arabic and English: signed off by a native reader,
        or still waiting for one (approval then needs an override reason)."""
        from crisisdesk.playbooks.language_review import language_status

        playbook = self.incidents.playbook(incident_id)
        if playbook is None:
            return []
        out = []
        for status in language_status(self.desk, playbook, template_id):
            who = f" ({status.reviewer})" if status.reviewer else ""
            out.append(
                RuleResult(
                    f"language:{status.lang}",
                    "language",
                    f"النص {status.label('ar')}: مراجعة قارئ أصلي",
                    f"{status.label('en')} text: native review",
                    status.ready,
                    f"signed off{who}" if status.ready else "needs native review",
                    f"اعتُمد{who}" if status.ready else "يحتاج إلى مراجعة قارئ أصلي",
                    status.lang,
                )
            )
        return out

    def channel_forms(
        self,
        incident_id: int,
        template_id: str | None,
        variables: Mapping[str, Any],
        created_at: datetime,
    ) -> RenderedForms | None:
        """A version's X, SMS and WhatsApp forms, rendered from its template and stored
        values as of the moment it was saved (its content hash binds both, so the approval
        of a version covers its forms); None for a statement without a template."""
        if not template_id:
            return None
        template = self.template(incident_id, template_id)
        fields = self.form(incident_id, template_id)
        values, errors = validate_values(fields, values_from_data(variables))
        if errors:
            return {}
        from crisisdesk.room_zone import load

        when = load(self.desk).local(created_at)
        return render_forms(template, values, self.renderer, when)

    # ------------------------------------------------------------------- reads
    def list(self, incident_id: int, state: str | None = None) -> list[StatementInfo]:
        if state is not None and state not in STATES:
            raise CrisisDeskError(f"unknown statement state {state!r}; one of {', '.join(STATES)}")
        with self.desk.db.read() as session:
            latest = (
                select(
                    StatementVersion.statement_id,
                    func.max(StatementVersion.number).label("n"),
                )
                .group_by(StatementVersion.statement_id)
                .subquery()
            )
            stmt = (
                select(Statement, latest.c.n)
                .outerjoin(latest, latest.c.statement_id == Statement.id)
                .where(Statement.incident_id == incident_id)
                .order_by(Statement.updated_at.desc(), Statement.id.desc())
            )
            if state:
                stmt = stmt.where(Statement.state == state)
            return [StatementInfo.from_row(row, n or 0) for row, n in session.execute(stmt)]

    def review_queue(self, incident_id: int | None = None) -> builtins.list[StatementInfo]:
        """Statements waiting for the spokesperson, oldest first."""
        with self.desk.db.read() as session:
            stmt = select(Statement).where(Statement.state == "in_review")
            if incident_id is not None:
                stmt = stmt.where(Statement.incident_id == incident_id)
            rows = list(session.scalars(stmt.order_by(Statement.updated_at, Statement.id)))
            return [StatementInfo.from_row(r, _latest_number(session, r.id)) for r in rows]

    def get(self, statement_id: int) -> StatementInfo:
        with self.desk.db.read() as session:
            row = _statement(session, statement_id)
            return StatementInfo.from_row(row, _latest_number(session, statement_id))

    def detail(self, statement_id: int) -> StatementDetail:
        with self.desk.db.read() as session:
            row = _statement(session, statement_id)
            versions = list(
                session.scalars(
                    select(StatementVersion)
                    .where(StatementVersion.statement_id == statement_id)
                    .order_by(StatementVersion.number)
                )
            )
            numbers = {v.id: v for v in versions}
            approvals = [
                ApprovalInfo.from_row(a, numbers[a.version_id].number)
                for a in session.scalars(
                    select(Approval).where(Approval.version_id.in_(numbers)).order_by(Approval.id)
                )
            ]
            publications = [
                PublicationInfo.from_row(p, numbers[p.version_id])
                for p in session.scalars(
                    select(Publication)
                    .where(Publication.version_id.in_(numbers))
                    .order_by(Publication.id)
                )
            ]
            info = StatementInfo.from_row(row, versions[-1].number if versions else 0)
            return StatementDetail(
                info,
                tuple(VersionInfo.from_row(v) for v in versions),
                tuple(approvals),
                tuple(publications),
            )

    def version(self, statement_id: int, number: int | None = None) -> VersionInfo:
        """Version ``number`` of a statement (default: the latest)."""
        with self.desk.db.read() as session:
            _statement(session, statement_id)
            stmt = select(StatementVersion).where(StatementVersion.statement_id == statement_id)
            if number is None:
                stmt = stmt.order_by(StatementVersion.number.desc()).limit(1)
            else:
                stmt = stmt.where(StatementVersion.number == number)
            row = session.scalars(stmt).first()
            if row is None:
                raise NotFoundError(f"statement {statement_id} has no version {number}")
            return VersionInfo.from_row(row)

    def diff(self, statement_id: int, old: int, new: int) -> dict[str, LanguageDiff]:
        """Per-language word diff between two versions of one statement."""
        a = self.version(statement_id, old)
        b = self.version(statement_id, new)
        return diff_statement(a.texts, b.texts)

    # ------------------------------------------------------------------ writes
    def draft(
        self,
        incident_id: int,
        template_id: str | None = None,
        values: Mapping[str, RawValue] | None = None,
        *,
        kind: str | None = None,
        texts: Mapping[str, str] | None = None,
        title: Mapping[str, str] | None = None,
    ) -> StatementDetail:
        """A new statement: rendered from ``template_id`` with ``values``, or blank.

        ``texts`` (both languages) replaces the rendered text, e.g. a blank statement typed
        by hand; the template's variables are still stored with the version.
        """
        stored_vars: dict[str, Any] = {}
        rendered: dict[str, str] = {"ar": "", "en": ""}
        extra: dict[str, str] = {}
        if template_id:
            spec = self.template(incident_id, template_id)
            rendered, typed = self.render(incident_id, template_id, values or {})
            stored_vars = values_to_data(typed)
            kind = kind or spec.kind
        elif values:
            raise CrisisDeskError("variables need a template (--template NAME)")
        if kind not in KINDS:
            raise CrisisDeskError(f"a statement kind is one of {', '.join(KINDS)}, not {kind!r}")
        if texts is not None:
            rendered = {lang: texts.get(lang, rendered[lang]) for lang in ("ar", "en")}
        text_ar, text_en = clean_text(rendered["ar"], "ar"), clean_text(rendered["en"], "en")
        extra = {k: clean_text(v, k) for k, v in rendered.items() if k not in ("ar", "en")}
        with self.desk.transaction(Action.STATEMENT_DRAFT, incident_id=incident_id) as uow:
            user = self.desk.user
            assert user is not None
            incident = uow.session.get(Incident, incident_id)
            if incident is None:
                raise NotFoundError(f"no incident with id {incident_id}")
            if incident.status != "active":
                raise ConflictError(f"incident {incident_id} is closed")
            kind_ar, kind_en = KIND_TITLES[kind]
            title_ar = (title or {}).get("ar") or f"{kind_ar}: {incident.title}"
            # An Arabic incident title is not repeated in the English title: the English
            # column of a press release is set in a Latin face.
            english_incident = (
                f"incident {incident_id}" if _ARABIC.search(incident.title) else incident.title
            )
            title_en = (title or {}).get("en") or f"{kind_en}: {english_incident}"
            now = utc_iso(self.desk.clock.now())
            row = Statement(
                incident_id=incident_id,
                kind=kind,
                template_id=template_id,
                title_ar=title_ar,
                title_en=title_en,
                state="draft",
                created_by=user.name,
                created_at=now,
                updated_at=now,
            )
            uow.session.add(row)
            uow.session.flush()
            version = _add_version(
                uow.session, row.id, 1, text_ar, text_en, stored_vars, user.name, now, extra
            )
            uow.decide(
                Kind.STATEMENT_DRAFTED,
                subject=f"statement:{row.id}",
                incident_id=incident_id,
                summary_ar=f"إعداد مسودة {kind_ar} رقم {row.id}"
                + (f" من القالب {template_id}" if template_id else ""),
                summary_en=f"drafted {kind_en.lower()} #{row.id}"
                + (f" from template {template_id}" if template_id else " (blank)"),
                payload={
                    "statement": row.id,
                    "kind": kind,
                    "template": template_id,
                    "version": 1,
                    "content_hash": version.content_hash,
                    "variables": stored_vars,
                },
            )
            statement_id = row.id
        return self.detail(statement_id)

    def save(
        self,
        statement_id: int,
        *,
        text_ar: str | None = None,
        text_en: str | None = None,
        variables: Mapping[str, RawValue] | None = None,
        base_version: int | None = None,
    ) -> VersionInfo:
        """A new version; unchanged languages are carried over from the latest version.

        With ``variables`` and no text, the template is rendered again with them. Any new
        version sends an approved or in-review statement back to draft: the approval was
        for other words. ``base_version`` guards against overwriting someone else's save.
        """
        info = self.get(statement_id)
        latest = self.version(statement_id)
        stored_vars = dict(latest.variables)
        extra = dict(latest.extra)
        if variables is not None:
            if info.template_id is None:
                raise CrisisDeskError("a blank statement has no template variables")
            rendered, typed = self.render(info.incident_id, info.template_id, variables)
            stored_vars = values_to_data(typed)
            extra = {k: clean_text(v, k) for k, v in rendered.items() if k not in ("ar", "en")}
            if text_ar is None:
                text_ar = rendered["ar"]
            if text_en is None:
                text_en = rendered["en"]
        new_ar = clean_text(text_ar, "ar") if text_ar is not None else latest.text_ar
        new_en = clean_text(text_en, "en") if text_en is not None else latest.text_en
        new_hash = content_hash(new_ar, new_en, stored_vars, extra)
        with self.desk.transaction(Action.STATEMENT_DRAFT, incident_id=info.incident_id) as uow:
            user = self.desk.user
            assert user is not None
            row = _statement(uow.session, statement_id, lock=True)
            number = _latest_number(uow.session, statement_id)
            if base_version is not None and base_version != number:
                raise ConflictError(
                    f"statement {statement_id} was saved by someone else (version {number}); "
                    "reload it before saving"
                )
            if row.state not in EDITABLE_STATES:
                raise ConflictError(
                    f"statement {statement_id} is {row.state}; draft a new statement instead"
                )
            current = _version_row(uow.session, statement_id, number)
            if current.content_hash == new_hash:
                raise ConflictError(f"no change to save in statement {statement_id}")
            now = utc_iso(self.desk.clock.now())
            version = _add_version(
                uow.session,
                statement_id,
                number + 1,
                new_ar,
                new_en,
                stored_vars,
                user.name,
                now,
                extra,
            )
            previous_state = row.state
            row.state = "draft"
            row.updated_at = now
            cancelled = _cancel_scheduled(uow.session, statement_id, now)
            changed = [
                lang
                for lang, old, new in (
                    ("ar", current.text_ar, new_ar),
                    ("en", current.text_en, new_en),
                )
                if old != new
            ]
            uow.decide(
                Kind.STATEMENT_VERSION_SAVED,
                subject=f"statement:{statement_id}",
                incident_id=info.incident_id,
                summary_ar=f"حفظ الإصدار {number + 1} من البيان رقم {statement_id}"
                + ("؛ يلزم اعتماد جديد" if previous_state == "approved" else ""),
                summary_en=f"saved version {number + 1} of statement #{statement_id}"
                + ("; it needs a new approval" if previous_state == "approved" else ""),
                payload={
                    "statement": statement_id,
                    "version": number + 1,
                    "content_hash": version.content_hash,
                    "previous_hash": current.content_hash,
                    "previous_state": previous_state,
                    "changed": changed,
                    "variables": stored_vars,
                    "cancelled_publications": cancelled,
                },
            )
            uow.session.query(StatementAutosave).filter(
                StatementAutosave.statement_id == statement_id,
                StatementAutosave.user_name == user.name,
            ).delete()
            return VersionInfo.from_row(version)

    def supersede(self, statement_id: int, by: int | None = None) -> StatementInfo:
        """Withdraw a statement (a newer one replaces it); its pending schedules are cancelled."""
        info = self.get(statement_id)
        if by is not None:
            newer = self.get(by)
            if newer.incident_id != info.incident_id or by == statement_id:
                raise CrisisDeskError(
                    f"statement {by} cannot supersede {statement_id}: not a newer statement "
                    "of the same incident"
                )
        with self.desk.transaction(Action.STATEMENT_APPROVE, incident_id=info.incident_id) as uow:
            row = _statement(uow.session, statement_id, lock=True)
            if row.state == "superseded":
                raise ConflictError(f"statement {statement_id} is already superseded")
            now = utc_iso(self.desk.clock.now())
            previous = row.state
            row.state = "superseded"
            row.superseded_by = by
            row.updated_at = now
            cancelled = _cancel_scheduled(uow.session, statement_id, now)
            by_ar = f" بالبيان رقم {by}" if by else ""
            by_en = f" by statement #{by}" if by else ""
            uow.decide(
                Kind.STATEMENT_SUPERSEDED,
                subject=f"statement:{statement_id}",
                incident_id=info.incident_id,
                summary_ar=f"استبدال البيان رقم {statement_id}{by_ar}",
                summary_en=f"statement #{statement_id} superseded{by_en}",
                payload={
                    "statement": statement_id,
                    "by": by,
                    "previous_state": previous,
                    "cancelled_publications": cancelled,
                },
            )
            return StatementInfo.from_row(row, _latest_number(uow.session, statement_id))

    # ----------------------------------------------------------------- autosave
    def autosave(
        self,
        statement_id: int,
        text_ar: str,
        text_en: str,
        variables: Mapping[str, Any] | None = None,
    ) -> None:
        """Keep the editor's unsaved text for the signed-in user.

        Not a decision: nothing public changes and nobody else sees it; the log records
        the save that makes it a version.
        """
        user = self.desk.user
        if user is None:
            return
        now = utc_iso(self.desk.clock.now())
        data = json.dumps(dict(variables or {}), ensure_ascii=False, sort_keys=True, default=str)
        with self.desk.db.write() as session:
            _statement(session, statement_id)
            row = session.scalars(
                select(StatementAutosave).where(
                    StatementAutosave.statement_id == statement_id,
                    StatementAutosave.user_name == user.name,
                )
            ).first()
            if row is None:
                session.add(
                    StatementAutosave(
                        statement_id=statement_id,
                        user_name=user.name,
                        text_ar=text_ar,
                        text_en=text_en,
                        variables=data,
                        saved_at=now,
                    )
                )
            else:
                row.text_ar, row.text_en, row.variables, row.saved_at = (
                    text_ar,
                    text_en,
                    data,
                    now,
                )

    def autosaved(self, statement_id: int) -> Autosave | None:
        """The signed-in user's unsaved text, if it differs from the latest version."""
        user = self.desk.user
        if user is None:
            return None
        with self.desk.db.read() as session:
            row = session.scalars(
                select(StatementAutosave).where(
                    StatementAutosave.statement_id == statement_id,
                    StatementAutosave.user_name == user.name,
                )
            ).first()
            if row is None:
                return None
            found = Autosave(
                statement_id,
                user.name,
                row.text_ar,
                row.text_en,
                json.loads(row.variables),
                parse_utc(row.saved_at),
            )
        latest = self.version(statement_id)
        if (found.text_ar, found.text_en) == (latest.text_ar, latest.text_en):
            return None
        return found

    def discard_autosave(self, statement_id: int) -> None:
        user = self.desk.user
        if user is None:
            return
        with self.desk.db.write() as session:
            session.query(StatementAutosave).filter(
                StatementAutosave.statement_id == statement_id,
                StatementAutosave.user_name == user.name,
            ).delete()

    # ------------------------------------------------ approval and publishing
    def submit(self, statement_id: int) -> StatementInfo:
        from crisisdesk.statements import approval

        return approval.submit(self, statement_id)

    def approve(
        self,
        statement_id: int,
        password: str,
        *,
        override_reason: str | None = None,
        content_hash: str | None = None,
        scripted: bool = False,
    ) -> ApprovalInfo:
        from crisisdesk.statements import approval

        return approval.approve(
            self,
            statement_id,
            password,
            override_reason=override_reason,
            expected_hash=content_hash,
            scripted=scripted,
        )

    def reject(
        self,
        statement_id: int,
        password: str,
        comment: str,
        *,
        content_hash: str | None = None,
        scripted: bool = False,
    ) -> ApprovalInfo:
        from crisisdesk.statements import approval

        return approval.reject(
            self,
            statement_id,
            password,
            comment,
            expected_hash=content_hash,
            scripted=scripted,
        )

    def publish(
        self,
        statement_id: int,
        channel: str,
        *,
        at: datetime | None = None,
        late_ok: bool = False,
    ) -> builtins.list[PublicationInfo]:
        from crisisdesk.statements import publishing

        return publishing.publish(self, statement_id, channel, at=at, late_ok=late_ok)

    def schedule(
        self,
        statement_id: int,
        channel: str,
        at: datetime | None,
        *,
        every: timedelta | None = None,
        until: datetime | None = None,
        repeat: bool = False,
    ) -> builtins.list[PublicationInfo]:
        """Schedule the approved version (once, again as an explicit repeat, or as a series)."""
        from crisisdesk.statements import schedule

        return schedule.schedule(
            self, statement_id, channel, at, every=every, until=until, repeat=repeat
        )

    def retry(self, publication_id: int) -> PublicationInfo:
        from crisisdesk.statements import publishing

        return publishing.retry(self, publication_id)

    def record_outcome(
        self,
        publication_id: int,
        *,
        sent: bool,
        external_id: str | None = None,
        note: str | None = None,
    ) -> PublicationInfo:
        """What the channel shows for a publication whose outcome is unknown."""
        from crisisdesk.statements import publishing

        return publishing.record_outcome(
            self, publication_id, sent=sent, external_id=external_id, note=note
        )

    def cancel(self, publication_id: int) -> PublicationInfo:
        from crisisdesk.statements import publishing

        return publishing.cancel(self, publication_id)

    def publications(
        self, *, incident_id: int | None = None, state: str | None = None
    ) -> builtins.list[PublicationInfo]:
        from crisisdesk.statements import publishing

        return publishing.list_publications(self.desk, incident_id=incident_id, state=state)

    def publication(self, publication_id: int) -> PublicationInfo:
        from crisisdesk.statements import publishing

        return publishing.get_publication(self.desk, publication_id)

    def run_due(self) -> tuple[builtins.list[PublicationInfo], builtins.list[PublicationInfo]]:
        """Send what is due now; returns (sent or failed, newly missed)."""
        from crisisdesk.statements import schedule

        return schedule.run_due(self)

    def due_count(self) -> int:
        from crisisdesk.statements import schedule

        return schedule.due_count(self.desk)

    def missed(self, incident_id: int | None = None) -> builtins.list[PublicationInfo]:
        from crisisdesk.statements import schedule

        return schedule.missed(self.desk, incident_id=incident_id)

    def publish_late(self, statement_id: int) -> builtins.list[PublicationInfo]:
        """Send the missed schedules of a statement now, after a person said yes."""
        from crisisdesk.statements import schedule

        return schedule.publish_late(self, statement_id)

    def channel_settings(self) -> ChannelSettings:
        from crisisdesk.statements.channel_settings import load_settings

        return load_settings(self.desk)

    def configure_channels(self, **changes: str | None) -> ChannelSettings:
        from crisisdesk.statements.channel_settings import configure

        return configure(self.desk, **changes)


# ------------------------------------------------------------------ row helpers
def _localized(value: Any) -> str | LocalizedText | None:
    if value is None:
        return None
    if isinstance(value, str):
        return value
    return LocalizedText(str(value.ar), str(value.en))


def _statement(session: Session, statement_id: int, *, lock: bool = False) -> Statement:
    row = session.get(Statement, statement_id, with_for_update=lock or None)
    if row is None:
        raise NotFoundError(f"no statement with id {statement_id}")
    return row


def _latest_number(session: Session, statement_id: int) -> int:
    number = session.scalar(
        select(func.max(StatementVersion.number)).where(
            StatementVersion.statement_id == statement_id
        )
    )
    return int(number or 0)


def _version_row(session: Session, statement_id: int, number: int) -> StatementVersion:
    row = session.scalars(
        select(StatementVersion).where(
            StatementVersion.statement_id == statement_id, StatementVersion.number == number
        )
    ).first()
    if row is None:
        raise NotFoundError(f"statement {statement_id} has no version {number}")
    return row


def _add_version(
    session: Session,
    statement_id: int,
    number: int,
    text_ar: str,
    text_en: str,
    variables: dict[str, Any],
    author: str,
    now: str,
    extra: dict[str, str] | None = None,
) -> StatementVersion:
    row = StatementVersion(
        statement_id=statement_id,
        number=number,
        text_ar=text_ar,
        text_en=text_en,
        variables=json.dumps(variables, ensure_ascii=False, sort_keys=True),
        texts_extra=json.dumps(extra, ensure_ascii=False, sort_keys=True) if extra else None,
        author=author,
        created_at=now,
        content_hash=content_hash(text_ar, text_en, variables, extra),
    )
    session.add(row)
    session.flush()
    return row


def _cancel_scheduled(session: Session, statement_id: int, now: str) -> builtins.list[int]:
    """Cancel every pending schedule of a statement (its approved words are gone)."""
    rows = session.scalars(
        select(Publication)
        .join(StatementVersion, StatementVersion.id == Publication.version_id)
        .where(StatementVersion.statement_id == statement_id, Publication.state == "scheduled")
    ).all()
    for row in rows:
        row.state = "cancelled"
        row.error = f"cancelled at {now}: the statement changed"
    return [r.id for r in rows]
