"""Incident picker: active first with severity and age, drills marked, a new incident."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from crisisdesk.ui.app import prepare_app
from crisisdesk.ui.display import DisplayPrefs
from crisisdesk.ui.ops import Ops
from crisisdesk.ui.picker import AGE, SEVERITY, STATUS, TITLE, IncidentPickerDialog
from tests.helpers.databases import PASSWORD
from tests.ui.conftest import DRILL, FLOOD


def make_picker(
    qtbot: Any, desk: Any, ops: Ops, prefs: DisplayPrefs, user: str = "layla"
) -> IncidentPickerDialog:
    desk.sign_in(user, PASSWORD)
    picker = IncidentPickerDialog(desk, ops, prefs)
    qtbot.addWidget(picker)
    picker.show()
    qtbot.waitUntil(lambda: picker.loaded)
    return picker


def test_active_first_and_drill_marked(
    qtbot: Any, qtmodeltester: Any, desk: Any, ops: Ops, english: DisplayPrefs
) -> None:
    picker = make_picker(qtbot, desk, ops, english)
    model = picker.model
    qtmodeltester.check(model)
    assert model.rowCount() == 2
    text = [[model.index(r, c).data() for c in range(5)] for r in range(2)]
    assert FLOOD in text[0][TITLE] and text[0][SEVERITY] == "3 · High"
    assert text[0][STATUS] == "Active" and text[0][AGE]
    assert text[1][TITLE].startswith("[DRILL]") and DRILL in text[1][TITLE]
    assert text[1][STATUS] == "Closed"
    assert model.index(1, TITLE).data(Qt.ItemDataRole.BackgroundRole) is not None


def test_enter_selected_incident(qtbot: Any, desk: Any, ops: Ops, english: DisplayPrefs) -> None:
    picker = make_picker(qtbot, desk, ops, english)
    flood = next(i for i in desk.incidents.list() if i.title == FLOOD)
    with qtbot.waitSignal(picker.accepted):
        picker.enter_button.click()
    assert picker.incident_id == flood.id


def test_open_new_incident(qtbot: Any, desk: Any, ops: Ops, english: DisplayPrefs) -> None:
    picker = make_picker(qtbot, desk, ops, english)
    assert picker.new_button.isVisibleTo(picker)
    with qtbot.waitSignal(picker.accepted, timeout=10_000):
        picker.open_incident("Water outage in Al-Khobar", 2, drill=True, org_units=("بلدية الخبر",))
    opened = desk.incidents.get(picker.incident_id)
    assert opened.title == "Water outage in Al-Khobar" and opened.drill
    assert opened.org_units == ("بلدية الخبر",)


def test_operator_cannot_open_incidents(
    qtbot: Any, desk: Any, ops: Ops, english: DisplayPrefs
) -> None:
    picker = make_picker(qtbot, desk, ops, english, user="olfa")
    assert not picker.new_button.isVisibleTo(picker)


def test_return_opens_the_first_incident_in_arabic(
    qtbot: Any, qapp: Any, desk: Any, ops: Ops, ui_settings: Any, english: DisplayPrefs
) -> None:
    """Right to left, the first row is current before the table is laid out, so Return
    opens it without a click (``english`` puts the language back afterwards)."""
    arabic = prepare_app(qapp, ui_settings, "ar")
    desk.sign_in("layla", PASSWORD)
    picker = IncidentPickerDialog(desk, ops, arabic)
    qtbot.addWidget(picker)
    qtbot.waitUntil(lambda: picker.loaded)  # the list arrives before the first layout
    picker.show()
    assert picker.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert picker.table.currentIndex().row() == 0
    flood = next(i for i in desk.incidents.list() if i.title == FLOOD)
    with qtbot.waitSignal(picker.accepted):
        qtbot.keyClick(picker.table, Qt.Key.Key_Return)
    assert picker.incident_id == flood.id
