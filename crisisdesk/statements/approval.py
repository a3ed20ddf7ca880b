"""Submitting for review and the spokesperson's verdict, bound to one version's exact text.

Each rule is checked inside the write transaction (so two laptops cannot race past it),
and a refusal is itself recorded as a ``statement.refused`` decision in that transaction
before the error reaches the user: the log shows who tried what and why it was refused.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from crisisdesk.clock import parse_utc, utc_iso
from crisisdesk.errors import AuthError, CrisisDeskError, RefusedError
from crisisdesk.log.kinds import Kind
from crisisdesk.network.co_approval import co_side, needs_centre
from crisisdesk.statements.records import ApprovalInfo, StatementInfo
from crisisdesk.statements.states import can_submit
from crisisdesk.statements.versions import content_hash, extra_texts
from crisisdesk.storage.models import Approval, Statement, StatementVersion, User
from crisisdesk.unit_of_work import UnitOfWork
from crisisdesk.users.passwords import check_password
from crisisdesk.users.permissions import Action

if TYPE_CHECKING:
    from crisisdesk.statements.service import StatementService

__all__ = [
    "approve",
    "authors_since_approval",
    "current_approval",
    "recorded_hash_ok",
    "refuse",
    "reject",
    "submit",
]


def refuse(uow: UnitOfWork, statement: Statement, action: str, reason: str, reason_ar: str) -> None:
    """Record one refusal of ``action`` on ``statement`` in the open transaction."""
    uow.decide(
        Kind.STATEMENT_REFUSED,
        subject=f"statement:{statement.id}",
        incident_id=statement.incident_id,
        summary_ar=f"رُفض {_ACTIONS_AR.get(action, action)} للبيان رقم {statement.id}: {reason_ar}",
        summary_en=f"refused to {action} statement #{statement.id}: {reason}",
        payload={"statement": statement.id, "action": action, "reason": reason},
    )


_ACTIONS_AR = {
    "submit": "إرسال للمراجعة",
    "approve": "اعتماد",
    "reject": "رفض",
    "publish": "نشر",
    "retry": "إعادة محاولة النشر",
}


def recorded_hash_ok(version: StatementVersion) -> bool:
    """True when the stored hash still matches the stored texts and variables."""
    import json

    return version.content_hash == content_hash(
        version.text_ar,
        version.text_en,
        json.loads(version.variables),
        extra_texts(version.texts_extra),
    )


def latest_version(session: Session, statement_id: int) -> StatementVersion:
    row = session.scalars(
        select(StatementVersion)
        .where(StatementVersion.statement_id == statement_id)
        .order_by(StatementVersion.number.desc())
        .limit(1)
    ).first()
    if row is None:
        raise CrisisDeskError(f"statement {statement_id} has no version")
    return row


def authors_since_approval(
    session: Session, statement_id: int, upto: int, *, before_approval: int | None = None
) -> set[str]:
    """Who wrote a version of the statement after its last approval, up to version ``upto``.

    Four eyes: none of them may approve. Without an earlier approval, every author since
    the original draft counts (its writer too, through version 1). ``before_approval``
    looks only at approvals older than that one (to re-check a recorded approval).
    """
    query = (
        select(StatementVersion.number)
        .join(Approval, Approval.version_id == StatementVersion.id)
        .where(
            StatementVersion.statement_id == statement_id,
            Approval.verdict == "approve",
            StatementVersion.number <= upto,
        )
    )
    if before_approval is not None:
        query = query.where(Approval.id < before_approval)
    approved = [n for n in session.scalars(query) if n < upto]
    since = max(approved, default=0)
    return set(
        session.scalars(
            select(StatementVersion.author).where(
                StatementVersion.statement_id == statement_id,
                StatementVersion.number > since,
                StatementVersion.number <= upto,
            )
        )
    )


def current_approval(session: Session, version: StatementVersion) -> Approval | None:
    """The approval that lets ``version`` go out, or None.

    The last verdict on the version must be *approve*, bound to the version's hash, by
    someone who wrote none of the versions since the previous approval, and the stored
    text must still match that hash.
    """
    last = session.scalars(
        select(Approval).where(Approval.version_id == version.id).order_by(Approval.id.desc())
    ).first()
    if last is None or last.verdict != "approve":
        return None
    if last.content_hash != version.content_hash:
        return None
    authors = authors_since_approval(
        session, version.statement_id, version.number, before_approval=last.id
    )
    if last.approver in authors:
        return None
    if not recorded_hash_ok(version):
        return None
    return last


def submit(statements: StatementService, statement_id: int) -> StatementInfo:
    desk = statements.desk
    incident_id = _incident_of(statements, statement_id)
    refusal: str | None = None
    with desk.transaction(Action.STATEMENT_SUBMIT, incident_id=incident_id) as uow:
        row = _row(uow.session, statement_id)
        version = latest_version(uow.session, statement_id)
        if not can_submit(row.state):
            refusal = f"it is {row.state}, not a draft"
            refuse(uow, row, "submit", refusal, f"حالته {row.state} وليست مسودة")
        elif not version.text_ar.strip() or not version.text_en.strip():
            refusal = "both the Arabic and the English text are needed"
            refuse(uow, row, "submit", refusal, "يلزم النصان العربي والإنجليزي")
        else:
            row.state = "in_review"
            row.updated_at = utc_iso(desk.clock.now())
            uow.decide(
                Kind.STATEMENT_SUBMITTED,
                subject=f"statement:{statement_id}",
                incident_id=row.incident_id,
                summary_ar=f"إرسال الإصدار {version.number} من البيان رقم {statement_id} "
                "للمتحدث الرسمي للاعتماد",
                summary_en=f"submitted version {version.number} of statement #{statement_id} "
                "for approval",
                payload={
                    "statement": statement_id,
                    "version": version.number,
                    "content_hash": version.content_hash,
                },
            )
        info = StatementInfo.from_row(row, version.number)
    if refusal:
        raise RefusedError(f"statement {statement_id} cannot be submitted: {refusal}")
    return info


def approve(
    statements: StatementService,
    statement_id: int,
    password: str,
    *,
    override_reason: str | None = None,
    expected_hash: str | None = None,
    scripted: bool = False,
) -> ApprovalInfo:
    """Approve the version whose hash is ``expected_hash`` (the one the approver read).

    The approver confirms with their password again, or (``scripted``) with the second
    secret an admin enabled for them (``approval_secret``).
    """
    # a unit's statement is approved in the unit, a network statement only by the centre
    statements.network.cascades.require_approval_scope(statement_id)
    return _verdict(statements,
        statement_id,
        password,
        "approve",
        comment=None,
        override_reason=(override_reason or "").strip() or None,
        expected_hash=expected_hash,
        scripted=scripted,
        co_approval=needs_centre(statements, statement_id),
    )


def reject(
    statements: StatementService,
    statement_id: int,
    password: str,
    comment: str,
    *,
    expected_hash: str | None = None,
    scripted: bool = False,
) -> ApprovalInfo:
    """Reject the latest version with a comment the author will read."""
    if not comment.strip():
        raise CrisisDeskError("a rejection needs a comment for the author")
    return _verdict(statements,
        statement_id,
        password,
        "reject",
        comment=comment.strip(),
        override_reason=None,
        expected_hash=expected_hash,
        scripted=scripted,
    )


def _verdict(
    statements: StatementService,
    statement_id: int,
    password: str,
    verdict: str,
    *,
    comment: str | None,
    override_reason: str | None,
    expected_hash: str | None,
    scripted: bool = False,
    co_approval: bool = False,
) -> ApprovalInfo:
    """``co_approval``: the statement is a unit's and the playbook wants the centre's
    approval too; the version is approved once the unit and the centre both approved it,
    two different people on the same hash."""
    desk = statements.desk
    from crisisdesk.statements.approval_secret import secret_matches

    incident_id = _incident_of(statements, statement_id)
    action = Action.STATEMENT_APPROVE if verdict == "approve" else Action.STATEMENT_REJECT
    desk.require(action, incident_id=incident_id)
    user = desk.user
    assert user is not None
    refusal: tuple[str, type[CrisisDeskError]] | None = None
    with desk.transaction(None, incident_id=incident_id) as uow:
        row = _row(uow.session, statement_id)
        version = latest_version(uow.session, statement_id)
        checklist = statements.approval_checklist(
            row.incident_id,
            row.template_id,
            row.kind,
            {"ar": version.text_ar, "en": version.text_en},
            json.loads(version.variables),
            parse_utc(version.created_at),
        )
        unfit = [r.label_en for r in checklist.failures if r.kind == "channel"]
        account = uow.session.scalars(select(User).where(User.name == user.name)).first()
        verb = "approve" if verdict == "approve" else "reject"
        if scripted:
            confirmed = account is not None and secret_matches(uow.session, account.name, password)
        else:
            confirmed = account is not None and check_password(password, account.password_hash)
        authors = authors_since_approval(uow.session, statement_id, version.number)
        what = "approval secret" if scripted else "password"
        if account is None or not account.active or not confirmed:
            why = f"the {what} was not confirmed"
            why_ar = "لم يُؤكَّد سر الاعتماد" if scripted else "لم تُؤكَّد كلمة المرور"
            refuse(uow, row, verb, why, why_ar)
            refusal = (why, AuthError)
        elif row.state != "in_review":
            refuse(uow, row, verb, f"it is {row.state}, not in review", f"حالته {row.state}")
            refusal = (f"it is {row.state}, not in review", RefusedError)
        elif expected_hash is not None and expected_hash.strip().lower() != version.content_hash:
            why = "the text changed after you opened it; read the new version first"
            refuse(uow, row, verb, why, "تغيّر النص بعد فتحه؛ يُرجى قراءة الإصدار الجديد")
            refusal = (why, RefusedError)
        elif not recorded_hash_ok(version):
            why = "the stored text does not match its content hash"
            refuse(uow, row, verb, why, "النص المخزَّن لا يطابق بصمته")
            refusal = (why, RefusedError)
        elif verdict == "approve" and user.name in authors:
            why = (
                f"{user.name} wrote version {version.number} and cannot approve it"
                if version.author == user.name
                else f"{user.name} wrote a version since the last approval and cannot approve it "
                "(four eyes)"
            )
            refuse(uow, row, verb, why, "لا يعتمد أحد نصًا شارك في كتابته منذ آخر اعتماد")
            refusal = (why, RefusedError)
        elif verdict == "approve" and unfit:
            # No override: an approved text that a channel refuses cannot be published.
            why = f"channel forms do not fit ({', '.join(unfit)}); shorten them first"
            refuse(uow, row, verb, why, "نصوص القنوات تتجاوز حدودها")
            refusal = (why, RefusedError)
        elif verdict == "approve" and not checklist.passed and not override_reason:
            failed = ", ".join(r.label_en for r in checklist.failures)
            why = f"statement rules fail ({failed}); record an override reason to approve anyway"
            refuse(uow, row, verb, why, "قواعد البيان غير مستوفاة دون سبب للتجاوز")
            refusal = (why, RefusedError)
        elif (
            verdict == "approve"
            and co_approval
            and (side := co_side(statements.network, uow.session, version.id, user.name)).refusal
        ):
            refuse(uow, row, verb, side.refusal, side.refusal_ar)
            refusal = (side.refusal, RefusedError)
        else:
            pending = verdict == "approve" and co_approval and side.waiting_for is not None
            now = utc_iso(desk.clock.now())
            approval = Approval(
                version_id=version.id,
                approver=user.name,
                approver_role=user.role,
                content_hash=version.content_hash,
                decided_at=now,
                verdict=verdict,
                comment=comment,
                override_reason=override_reason if verdict == "approve" else None,
            )
            uow.session.add(approval)
            if not pending:  # the first of two approvals leaves it in review for the other
                row.state = "approved" if verdict == "approve" else "rejected"
            row.updated_at = now
            uow.session.flush()
            if verdict == "approve":
                override_ar = f"؛ مع تجاوز القواعد: {override_reason}" if override_reason else ""
                override_en = f"; rules overridden: {override_reason}" if override_reason else ""
                summary_ar = (
                    f"اعتماد الإصدار {version.number} من البيان رقم {statement_id}{override_ar}"
                )
                summary_en = (
                    f"approved version {version.number} of statement #{statement_id}{override_en}"
                )
            else:
                summary_ar = f"رفض الإصدار {version.number} من البيان رقم {statement_id}: {comment}"
                summary_en = (
                    f"rejected version {version.number} of statement #{statement_id}: {comment}"
                )
            if pending:
                assert side.waiting_for is not None
                summary_ar += f"؛ بانتظار اعتماد {side.waiting_ar}"
                summary_en += f"; waiting for the {side.waiting_for}'s approval"
            uow.decide(
                Kind.STATEMENT_CO_APPROVAL
                if pending
                else Kind.STATEMENT_APPROVED
                if verdict == "approve"
                else Kind.STATEMENT_REJECTED,
                subject=f"statement:{statement_id}",
                incident_id=row.incident_id,
                summary_ar=summary_ar,
                summary_en=summary_en,
                payload={
                    "statement": statement_id,
                    "version": version.number,
                    "content_hash": version.content_hash,
                    "author": version.author,
                    "authors_since_approval": sorted(authors),
                    "confirmed_with": "approval secret" if scripted else "password",
                    "comment": comment,
                    "override_reason": approval.override_reason,
                    "failed_rules": [r.id for r in checklist.failures],
                }
                | ({"co_approval": True} if co_approval else {}),
            )
            info = ApprovalInfo.from_row(approval, version.number)
    if refusal is not None:
        message, error = refusal
        raise error(f"statement {statement_id} cannot be {verb}d: {message}")
    return info


def _incident_of(statements: StatementService, statement_id: int) -> int:
    return statements.get(statement_id).incident_id


def _row(session: Session, statement_id: int) -> Statement:
    row = session.get(Statement, statement_id)
    if row is None:
        raise CrisisDeskError(f"no statement with id {statement_id}")
    return row
