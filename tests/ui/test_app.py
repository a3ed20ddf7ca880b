"""The start: the window paints on its start page while the desk opens in the background,
then sign-in, the picker and the room; "switch incident" and "sign out" come back."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest
import shiboken6

from crisisdesk.desk import Desk
from crisisdesk.ui.app import StartFlow, open_desk
from crisisdesk.ui.picker import IncidentPickerDialog
from crisisdesk.ui.signin import SignInDialog
from crisisdesk.ui.window import IncidentRoom
from tests.helpers.databases import PASSWORD
from tests.ui.conftest import DRILL

HEAVY = (
    "sqlalchemy",
    "alembic",
    "pydantic",
    "jinja2",
    "yaml",
    "keyring",
    "cryptography",
    "apscheduler",
    "feedparser",
    "requests",
)


def quiet(dialog: Any) -> None:
    """Cut what closing ``dialog`` would do (quit the app, enter a room)."""
    dialog.blockSignals(True)


@pytest.fixture
def flows(qtbot: Any) -> Any:
    """Flows made by a test; their background work is finished before the desk closes."""
    made: list[StartFlow] = []
    yield made
    for flow in made:
        for dialog in (flow.dialog, flow.message):
            if dialog is not None and shiboken6.isValid(dialog) and dialog.isVisible():
                quiet(dialog)  # closing them at teardown must not quit the app
                dialog.done(0)
        if shiboken6.isValid(flow.window):
            flow.window.close()
            flow.window.deleteLater()
        qtbot.waitUntil(lambda f=flow: not f.ops.busy, timeout=10_000)
        flow.ops.wait_idle()


def start(
    qtbot: Any, flows: list[StartFlow], ui_settings: Any, english: Any, opener: Any
) -> StartFlow:
    window = IncidentRoom(ui_settings, english)  # the flow may replace and delete it
    flow = StartFlow(window, opener)
    flows.append(flow)
    flow.start()
    return flow


def sign_in(qtbot: Any, flow: StartFlow, user: str = "layla") -> IncidentPickerDialog | None:
    """Sign ``user`` in; the picker that opens, or None when the only active incident was
    entered directly."""
    qtbot.waitUntil(lambda: isinstance(flow.dialog, SignInDialog), timeout=10_000)
    dialog = flow.dialog
    assert isinstance(dialog, SignInDialog)
    assert dialog.parent() is flow.window and dialog.isModal()
    qtbot.waitUntil(lambda: dialog.user_box.count() == 3)
    dialog.user_box.setCurrentIndex(dialog.user_box.findData(user))
    qtbot.keyClicks(dialog.password, PASSWORD)
    dialog.try_sign_in()
    qtbot.waitUntil(
        lambda: isinstance(flow.dialog, IncidentPickerDialog) or flow.room is not None,
        timeout=10_000,
    )
    picker = flow.dialog
    if not isinstance(picker, IncidentPickerDialog):
        return None
    qtbot.waitUntil(lambda: picker.loaded)
    return picker


def choose(picker: IncidentPickerDialog, title: str) -> None:
    row = next(
        r for r in range(picker.model.rowCount()) if title in str(picker.model.index(r, 0).data())
    )
    picker.table.selectRow(row)
    picker.enter()


def test_window_paints_before_the_desk_is_open(
    qtbot: Any, flows: Any, db_url: str, ui_settings: Any, english: Any
) -> None:
    release = threading.Event()
    opened: list[Desk] = []

    def slow_open() -> Desk:
        assert release.wait(20), "the test never let the desk open"
        desk = Desk.open(db_url)
        opened.append(desk)
        return desk

    flow = start(qtbot, flows, ui_settings, english, slow_open)
    window = flow.window
    qtbot.waitUntil(lambda: window._painted, timeout=5000)
    # painted and answering while the desk is still opening
    assert flow.desk is None and flow.dialog is None
    assert window.start_page.status_text == "Opening the incident database…"
    assert window.start_page.busy.isVisible()
    assert not window.switch_action.isEnabled() and window.status is None
    release.set()
    qtbot.waitUntil(lambda: isinstance(flow.dialog, SignInDialog), timeout=10_000)
    assert window.start_page.status_text == "Sign in to continue."
    assert not window.start_page.busy.isVisible()
    assert window.start_page.location.text() == opened[0].location_label
    quiet(flow.dialog)
    flow.dialog.done(0)
    opened[0].close()


def test_sign_in_pick_enter_switch_and_cancel(
    qtbot: Any, flows: Any, desk: Desk, ui_settings: Any, english: Any
) -> None:
    flow = start(qtbot, flows, ui_settings, english, lambda: desk)
    first = flow.window
    # one active incident: sign-in goes straight into its room, no picker to click through
    picker = sign_in(qtbot, flow)
    assert picker is None
    assert ui_settings.last_user == "layla"
    qtbot.waitUntil(lambda: flow.room is first and first.incident is not None, timeout=10_000)
    assert first.centralWidget() is first.body and first.status is not None
    assert not first.start_page.isVisible()
    assert first.windowTitle().startswith("سيول")
    assert first.switch_action.isEnabled()

    # switching opens the picker over the room; cancelling keeps the room as it was
    first.switch_action.trigger()
    qtbot.waitUntil(lambda: isinstance(flow.dialog, IncidentPickerDialog))
    again = flow.dialog
    assert isinstance(again, IncidentPickerDialog) and again.parent() is first
    qtbot.waitUntil(lambda: again.loaded)
    again.reject()
    assert first.isVisible() and flow.room is first

    # switching to the drill: a new window in the same place, the old one closes
    first.switch_action.trigger()
    qtbot.waitUntil(lambda: flow.dialog is not again)
    third = flow.dialog
    assert isinstance(third, IncidentPickerDialog)
    qtbot.waitUntil(lambda: third.loaded)
    choose(third, DRILL)
    qtbot.waitUntil(
        lambda: flow.window is not first and flow.window.incident is not None, timeout=10_000
    )
    second = flow.window
    qtbot.waitUntil(lambda: not shiboken6.isValid(first))  # closed, then deleted
    assert second.isVisible() and second.incident.drill
    assert second.windowTitle().startswith("DRILL: ")


def test_sign_out_asks_to_sign_in_again(
    qtbot: Any, flows: Any, desk: Desk, ui_settings: Any, english: Any
) -> None:
    flow = start(qtbot, flows, ui_settings, english, lambda: desk)
    assert sign_in(qtbot, flow) is None  # the only active incident, entered directly
    room = flow.window
    qtbot.waitUntil(lambda: room.incident is not None, timeout=10_000)
    room.setGeometry(140, 90, 1100, 700)  # where the person put it
    where = room.geometry()
    room.sign_out_action.trigger()
    assert desk.user is None
    assert not room.isVisible()
    fresh = flow.window
    assert fresh is not room and fresh.isVisible() and fresh.ctx is None
    assert fresh.geometry() == where  # issue 17: it came back elsewhere, even off-screen
    assert fresh.start_page.location.text() == desk.location_label
    sign_in(qtbot, flow, "olfa")
    assert desk.user is not None and desk.user.name == "olfa"


def test_a_desk_that_cannot_open_is_one_line_on_the_page(
    qtbot: Any, flows: Any, tmp_path: Path, ui_settings: Any, english: Any, capsys: Any
) -> None:
    notes = tmp_path / "notes.db"
    notes.write_bytes(b"minutes of the morning meeting, not a database\n" * 40)
    before = notes.read_bytes()
    flow = start(qtbot, flows, ui_settings, english, open_desk(f"sqlite:///{notes}"))
    qtbot.waitUntil(lambda: flow.message is not None, timeout=10_000)
    page = flow.window.start_page
    assert str(notes) in page.status_text and "\n" not in page.status_text
    assert page.status.property("role") == "error" and not page.busy.isVisible()
    assert flow.message.text() == page.status_text
    assert flow.exit_code == 1
    assert capsys.readouterr().err.strip() == f"crisisdesk: {page.status_text}"
    assert notes.read_bytes() == before


def test_the_window_module_does_not_load_the_core() -> None:
    """What the first paint needs is Qt and the shell: the database layer comes later."""
    code = (
        "import sys, json; import crisisdesk.ui.app; "
        f"print(json.dumps(sorted({{m.split('.')[0] for m in sys.modules}} & {set(HEAVY)!r})))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    assert json.loads(out.strip().splitlines()[-1]) == []


def test_the_start_reports_its_moments_when_asked(
    qtbot: Any,
    flows: Any,
    desk: Desk,
    ui_settings: Any,
    english: Any,
    monkeypatch: pytest.MonkeyPatch,
    capsys: Any,
) -> None:
    monkeypatch.setenv("CRISISDESK_TRACE_START", "1")
    flow = start(qtbot, flows, ui_settings, english, lambda: desk)
    window = flow.window
    qtbot.waitUntil(lambda: window._painted)
    assert sign_in(qtbot, flow) is None  # the only active incident, entered directly
    qtbot.waitUntil(lambda: window.incident is not None, timeout=10_000)
    moments = [
        json.loads(line) for line in capsys.readouterr().err.splitlines() if line.startswith("{")
    ]
    assert [m["start"] for m in moments] == [
        "window_painted",
        "sign_in_ready",
        "signed_in",
        "incident_chosen",
        "room_ready",
    ]
    assert [m["at"] for m in moments] == sorted(m["at"] for m in moments)


def test_no_trace_unless_asked(
    qtbot: Any,
    flows: Any,
    desk: Desk,
    ui_settings: Any,
    english: Any,
    monkeypatch: pytest.MonkeyPatch,
    capsys: Any,
) -> None:
    monkeypatch.delenv("CRISISDESK_TRACE_START", raising=False)
    flow = start(qtbot, flows, ui_settings, english, lambda: desk)
    sign_in(qtbot, flow)
    assert capsys.readouterr().err == ""


def test_a_saved_place_off_every_screen_is_brought_back(
    qtbot: Any, ui_settings: Any, english: Any
) -> None:
    """A window saved on a monitor that is gone since opens on the screen there is."""
    window = IncidentRoom(ui_settings, english)
    qtbot.addWidget(window)
    window.setGeometry(9000, 7000, 1100, 700)
    window.save_geometry()
    again = IncidentRoom(ui_settings, english)
    qtbot.addWidget(again)
    screen = again.screen().availableGeometry()
    assert screen.intersects(again.frameGeometry())
    assert screen.contains(again.geometry().center())
