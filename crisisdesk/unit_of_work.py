"""One unit of work: a write transaction that must carry its decision-log entries."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from crisisdesk.clock import utc_iso
from crisisdesk.log.kinds import Kind
from crisisdesk.storage import decision_log

if TYPE_CHECKING:
    from crisisdesk.kernel import Kernel


class UnitOfWork:
    """Wraps the session of one write transaction; ``decide`` appends to the log in it."""

    def __init__(
        self, desk: Kernel, session: Session, check: Callable[[Session], None] | None = None
    ) -> None:
        self.desk = desk
        self.session = session
        self._check = check  # run once the writer lock is held, before the first append
        self.seqs: list[int] = []
        self.last_hash: str | None = None
        self._head: tuple[int, str] | None = None
        self.summaries: list[str] = []  # what this transaction decided, for a failed save

    def decide(
        self,
        kind: Kind,
        *,
        summary_ar: str,
        summary_en: str,
        subject: str | None = None,
        payload: dict[str, Any] | None = None,
        incident_id: int | None = None,
        corrects: int | None = None,
        actor: str | None = None,
        role: str | None = None,
    ) -> int:
        """Record one decision in this transaction; it commits or rolls back with the change."""
        user = self.desk.user
        # The writer lock is taken here, at the first append, not when the transaction began.
        if not self.seqs:
            self.desk.db.lock_writer(self.session)
            if self._check is not None:
                self._check(self.session)
        seq, digest = decision_log.append(
            self.session,
            self.desk.log_id,
            at=utc_iso(self.desk.clock.now()),
            incident_id=incident_id,
            actor=actor if actor is not None else (user.name if user else None),
            role=role if role is not None else (user.role if user else None),
            kind=str(kind),  # the stored text, as before the catalogue
            subject=subject,
            summary_ar=summary_ar,
            summary_en=summary_en,
            payload=payload or {},
            corrects=corrects,
            head=self._head,
        )
        self._head = (seq, digest)
        if self.desk.db.dialect == "postgresql":
            from crisisdesk.storage.change_listener import notify

            notify(self.session, seq)  # delivered to listening laptops at commit
        self.seqs.append(seq)
        self.summaries.append(summary_en)
        self.last_hash = digest
        return seq
