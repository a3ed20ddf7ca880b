"""The centre's co-approval of a municipality's statement, when the incident's playbook asks
for it (``statement_rules: {centre_co_approval: true}``): a unit's statement is approved
once its unit and the centre have both approved the same version — two different people,
each on their side, bound to the same hash. Four eyes still hold (no author approves, and
nobody approves twice)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from crisisdesk.network import scope
from crisisdesk.storage.models import Approval

if TYPE_CHECKING:
    from crisisdesk.network.service import NetworkService
    from crisisdesk.statements.service import StatementService

SIDES = {"centre": "المركز", "unit": "الوحدة"}


@dataclass(frozen=True)
class CoSide:
    """Whether this approver may approve now, and whose approval is still missing after."""

    refusal: str | None = None
    refusal_ar: str = ""
    waiting_for: str | None = None  # "centre" | "unit" | None (complete)

    @property
    def waiting_ar(self) -> str:
        return SIDES.get(self.waiting_for or "", "")


def needs_centre(statements: StatementService, statement_id: int) -> bool:
    """True for a unit's statement in an incident whose playbook wants the centre too."""
    if statements.network.cascades.owner(statement_id) is None:
        return False
    playbook = statements.incidents.playbook(statements.get(statement_id).incident_id)
    return bool(playbook and playbook.statement_rules.centre_co_approval)


def co_side(network: NetworkService, session: Session, version_id: int, approver: str) -> CoSide:
    """Check a co-approval of ``version_id`` by ``approver`` against the approvals so far."""

    def side(name: str) -> str:
        unit = network.unit_of(name, session=session)
        return "centre" if scope.is_centre(unit) else "unit"

    before = list(
        session.scalars(
            select(Approval.approver).where(
                Approval.version_id == version_id, Approval.verdict == "approve"
            )
        )
    )
    if approver in before:
        return CoSide(
            f"{approver} has approved this version already; the other approval must be "
            "someone else's (four eyes)",
            "سبق لك اعتماد هذا الإصدار؛ يعتمده شخص آخر",
        )
    mine = side(approver)
    done = {side(name) for name in before}
    if mine in done:
        other = "unit" if mine == "centre" else "centre"
        return CoSide(
            f"the {mine} has approved this version already; it waits for the {other}'s approval",
            f"اعتمد {SIDES[mine]} هذا الإصدار؛ بانتظار اعتماد {SIDES[other]}",
        )
    missing = {"centre", "unit"} - done - {mine}
    return CoSide(waiting_for=missing.pop() if missing else None)
