"""The Units screen, driven as the admin uses it: the network's hierarchy in a tree; a new
unit added under a municipality, one renamed and moved, one deactivated, each a decision
with its reason; what the core refuses (a unit under its own sub-unit, no active centre)
is shown. Only an admin has the screen; the core refuses anyone else anyway."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from crisisdesk.errors import RefusedError
from crisisdesk.log.service import LogFilter
from tests.ui.conftest import wait_loaded


def _click(qtbot: Any, room: Any, button: Any) -> None:
    wait_loaded(qtbot, room.ctx.ops)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_the_admin_edits_the_network(qtbot: Any, open_room: Any, qtmodeltester: Any) -> None:
    room = open_room("olfa")
    assert "units" not in [s.key for s in room.specs]  # an operator has no Units screen
    desk = room.ctx.desk
    try:
        desk.network.add_unit("safwa", "بلدية صفوى", "Safwa Municipality")
    except RefusedError:
        pass
    else:
        raise AssertionError("an operator added a unit")
    room.close()
    room = open_room("admin")
    screen = room.show_screen("units")
    qtbot.waitUntil(lambda: screen.loaded, timeout=10_000)
    model = screen.tree_model
    qtmodeltester.check(model)
    top = [model.index(i, 0).data(Qt.ItemDataRole.UserRole) for i in range(model.rowCount())]
    assert top[0] == "amanah"  # the centre holds the municipalities
    centre = model.index(0, 0)
    children = {
        model.index(i, 0, centre).data(Qt.ItemDataRole.UserRole)
        for i in range(model.rowCount(centre))
    }
    assert {"khobar", "qatif", "jubail"} <= children
    # a new unit under Qatif
    _click(qtbot, room, screen.new_button)
    screen.code.setText("safwa")
    screen.name_ar.setText("بلدية صفوى")
    screen.name_en.setText("Safwa Municipality")
    screen.kind.setCurrentIndex(screen.kind.findData("sub_municipality"))
    screen.parent_unit.setCurrentIndex(screen.parent_unit.findData("qatif"))
    screen.target.setText("45")
    _click(qtbot, room, screen.save_button)
    qtbot.waitUntil(lambda: "Added" in screen.message.text(), timeout=10_000)
    safwa = desk.network.unit("safwa")
    assert (safwa.parent_id, safwa.kind) == (desk.network.unit("qatif").id, "sub_municipality")
    assert safwa.response_target_minutes == 45
    # rename it: a reason is needed
    qtbot.waitUntil(lambda: screen.current == "safwa" and screen.code.isReadOnly(), timeout=10_000)
    screen.name_en.setText("Safwa Sub-municipality")
    _click(qtbot, room, screen.save_button)
    assert "reason" in screen.message.text()
    screen.reason.setText("the official name")
    _click(qtbot, room, screen.save_button)
    qtbot.waitUntil(lambda: "Saved" in screen.message.text(), timeout=10_000)
    assert desk.network.unit("safwa").name_en == "Safwa Sub-municipality"
    # Qatif cannot go under Safwa, its own sub-unit
    screen.select("qatif")
    qtbot.waitUntil(lambda: screen.current == "qatif", timeout=10_000)
    screen.parent_unit.setCurrentIndex(screen.parent_unit.findData("safwa"))
    screen.reason.setText("test")
    screen.refresh()  # another laptop's change reloads the tree: what is typed stays
    wait_loaded(qtbot, room.ctx.ops)
    assert (screen.parent_unit.currentData(), screen.reason.text()) == ("safwa", "test")
    _click(qtbot, room, screen.save_button)
    qtbot.waitUntil(lambda: "under itself" in screen.message.text(), timeout=10_000)
    # the centre cannot be deactivated: the network keeps one
    screen.select("amanah")
    qtbot.waitUntil(lambda: screen.current == "amanah", timeout=10_000)
    screen.active.setChecked(False)
    screen.reason.setText("test")
    _click(qtbot, room, screen.save_button)
    qtbot.waitUntil(lambda: "one active centre" in screen.message.text(), timeout=10_000)
    # Safwa is deactivated; the tree says so
    screen.select("safwa")
    qtbot.waitUntil(lambda: screen.current == "safwa", timeout=10_000)
    screen.active.setChecked(False)
    screen.reason.setText("merged into Qatif's office")
    _click(qtbot, room, screen.save_button)
    qtbot.waitUntil(lambda: not desk.network.unit("safwa").active, timeout=10_000)
    qtbot.waitUntil(
        lambda: screen.index_of("safwa").siblingAtColumn(3).data() == "inactive", timeout=10_000
    )
    assert screen.index_of("safwa").parent().data(Qt.ItemDataRole.UserRole) == "qatif"
    assert desk.log.count(LogFilter(kind="unit.added")) == 1
    assert desk.log.count(LogFilter(kind="unit.edited")) == 2
