"""The Dashboard's per-unit table: each unit with figures shows its answering, hand-offs,
board punctuality and statements, and a new board post from another laptop updates it."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from crisisdesk.desk import Desk
from crisisdesk.intake.parsers.base import IncomingMessage, ParseResult
from crisisdesk.ui.display import strip_controls
from tests.helpers.databases import PASSWORD
from tests.ui.conftest import FLOOD


def _other(db_url: str, user: str) -> Desk:
    other = Desk.open(db_url)
    other.sign_in(user, PASSWORD)
    return other


def test_the_dashboard_shows_each_unit(
    qtbot: Any, open_room: Any, db_url: str, qtmodeltester: Any
) -> None:
    other = _other(db_url, "layla")
    try:
        incident = next(i.id for i in other.incidents.list() if i.title == FLOOD)
        other.network.involve(incident, ["khobar", "qatif"])
        at = datetime.now(UTC)
        messages = [
            IncomingMessage("whatsapp", "u1", "96651", None, at, "غرق شارع كامل بالراكة"),
            IncomingMessage("whatsapp", "u2", "96652", None, at, "سيهات بدون كهرباء"),
        ]
        other.inbox.ingest(incident, ParseResult(messages=messages), source="s", format="wa")
        other.network.queues.route_pending(incident)
        other.network.queues.escalate(
            next(q.interaction_id for q in other.network.queues.queue(incident, unit="qatif")),
            "يحتاج المركز",
        )
    finally:
        other.close()
    room = open_room("layla")
    screen = room.show_screen("dashboard")
    qtbot.waitUntil(lambda: screen.loaded and screen.units_model.rowCount() >= 2, timeout=10_000)
    qtmodeltester.check(screen.units_model)
    assert screen.units_table.isVisibleTo(screen)

    def row(code: str) -> list[str]:
        model = screen.units_model
        for r in range(model.rowCount()):
            if model.data(model.index(r, 0), 256) == code:  # Qt.UserRole
                return [model.data(model.index(r, c)) for c in range(model.columnCount())]
        raise AssertionError(f"no row for {code}")

    assert strip_controls(row("khobar")[1]) == "1 (1)"
    assert strip_controls(row("qatif")[4]) == "0 / 0, 1"  # escalated once
    assert strip_controls(row("amanah")[4]) == "0 / 1, 0"  # the centre received it
    other = _other(db_url, "layla")
    try:
        other.network.board.post(incident, status="strained", unit="khobar")
    finally:
        other.close()
    qtbot.waitUntil(lambda: row("khobar")[5].endswith("(1)"), timeout=15_000)
