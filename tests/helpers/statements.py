"""Statement fixtures: a flood incident with its playbook, statements brought to each state."""

from __future__ import annotations

from crisisdesk.desk import Desk
from crisisdesk.statements.variables import LocalizedText
from crisisdesk.storage.decision_log import LogFilter
from tests.helpers.databases import PASSWORD, sign_in_as

UPDATE_VALUES = {
    "update_number": "2",
    "teams_count": "120",
    "area": LocalizedText("الدمام والخبر", "Dammam and Khobar"),
}


def open_flood(desk: Desk, *, drill: bool = False) -> int:
    """A flood incident opened by the lead from the bundled playbook; leaves the lead signed in."""
    sign_in_as(desk, "lead")
    return desk.incidents.open(
        "تمرين سيول الدمام" if drill else "سيول الدمام والخبر",
        3,
        drill=drill,
        playbook_id="flood-urban",
    ).id


def drafted(desk: Desk, incident: int, template: str = "holding", role: str = "operator") -> int:
    sign_in_as(desk, role)
    values = UPDATE_VALUES if template == "update" else {}
    return desk.statements.draft(incident, template, values).statement.id


def in_review(desk: Desk, incident: int, template: str = "holding") -> int:
    statement = drafted(desk, incident, template)
    desk.statements.submit(statement)
    return statement


def approved(desk: Desk, incident: int, template: str = "holding", by: str = "spokesperson") -> int:
    statement = in_review(desk, incident, template)
    sign_in_as(desk, by)
    desk.statements.approve(statement, PASSWORD)
    return statement


def kinds_since(desk: Desk, seq: int) -> list[str]:
    return [d.kind for d in desk.log.since(seq)]


def count(desk: Desk, kind: str) -> int:
    return desk.log.count(LogFilter(kind=kind))
