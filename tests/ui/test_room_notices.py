"""The spokesperson is told: a statement submitted on another laptop raises a notice in
the window (the offscreen platform has no system tray) whose button opens Approvals, and
the rail counts what waits; the count goes when it is approved."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton

from crisisdesk.desk import Desk
from tests.helpers.databases import PASSWORD
from tests.ui.conftest import wait_loaded


def _rail_text(room: Any, key: str) -> str:
    row = next(i for i, spec in enumerate(room.specs) if spec.key == key)
    return str(room.rail.item(row).text())


def test_a_submitted_statement_is_announced_and_counted(
    qtbot: Any, open_room: Any, desk: Desk
) -> None:
    desk.sign_in("admin", PASSWORD)
    desk.users.add("sami", PASSWORD, "spokesperson", "سامي المتحدث")
    room = open_room("sami")
    room.complete_rail()
    notice = room.findChild(QAbstractButton, "openApprovals")
    assert notice is not None and not notice.isVisible()
    assert _rail_text(room, "approvals") == "Approvals"

    # another laptop: the operator drafts and submits (same database, another user)
    incident = room.ctx.incident_id
    desk.sign_in("olfa", PASSWORD)
    sid = desk.statements.draft(
        incident, None, kind="awareness", texts={"ar": "ابتعدوا", "en": "Keep away"}
    ).statement.id
    desk.statements.submit(sid)
    desk.sign_in("sami", PASSWORD)

    qtbot.waitUntil(notice.isVisible, timeout=15_000)
    qtbot.waitUntil(lambda: _rail_text(room, "approvals") == "Approvals  (1)", timeout=10_000)
    qtbot.mouseClick(notice, Qt.MouseButton.LeftButton)
    approvals = room.built["approvals"]
    assert room.stack.currentWidget() is approvals
    assert not notice.isVisible()
    qtbot.waitUntil(lambda: approvals.detail is not None, timeout=10_000)  # selected for them
    assert approvals.detail.statement.id == sid

    approvals.decide("approve", PASSWORD, "a short awareness line")
    qtbot.waitUntil(lambda: desk.statements.get(sid).state == "approved", timeout=10_000)
    qtbot.waitUntil(lambda: "approved" in room.statusBar().currentMessage().lower(), timeout=5_000)
    qtbot.waitUntil(lambda: _rail_text(room, "approvals") == "Approvals", timeout=10_000)
    wait_loaded(qtbot, room.ctx.ops)
