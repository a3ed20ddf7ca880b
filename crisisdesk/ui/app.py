"""Starting the desktop app. The main window paints first, on its start page; the core
(database layer, migrations, the demo crisis) loads on a background thread meanwhile;
then sign-in and the incident picker open over the window and the incident fills it.
``run_gui`` is what ``crisisdesk gui`` and ``crisisdesk demo`` call.

Nothing here imports the database layer (SQLAlchemy, the models, the services) at module
level: that is what lets the window appear in about the time a bare Qt window takes.
"""

from __future__ import annotations

import importlib
import json
import logging
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QTimer
from PySide6.QtWidgets import QApplication, QDialog

from crisisdesk.errors import CrisisDeskError
from crisisdesk.ui import i18n
from crisisdesk.ui.display import DisplayPrefs
from crisisdesk.ui.ops import Ops, error_line
from crisisdesk.ui.resources import icon
from crisisdesk.ui.room import RoomContext
from crisisdesk.ui.settings import UiSettings
from crisisdesk.ui.theme import app_font, application, apply_theme, load_fonts
from crisisdesk.ui.window import IncidentRoom

translate = QCoreApplication.translate
log = logging.getLogger(__name__)

Opener = Callable[[], Any]
"""Returns an open ``Desk``; runs on a worker thread while the window shows its start page."""

# UI modules the next steps need; importing them on the loader thread keeps the GUI free.
WARM_MODULES = (
    "crisisdesk.ui.signin",
    "crisisdesk.ui.picker",
    "crisisdesk.ui.feed",
    "crisisdesk.ui.room_jobs",
    "crisisdesk.ui.task_reminders",
)
# Start loading this long after show() even if no paint came (a minimised window).
UNPAINTED_START_MS = 500

TRACE_ENV = "CRISISDESK_TRACE_START"


class StartTrace:
    """The moments of the start (window painted, sign-in ready, room showing its incident)
    as JSON lines with wall-clock times on standard error, when ``CRISISDESK_TRACE_START``
    is set: what to ask for when the app is slow to open on somebody's laptop."""

    def __init__(self) -> None:
        self.enabled = bool(os.environ.get(TRACE_ENV))
        self.seen: set[str] = set()

    def mark(self, moment: str) -> None:
        if self.enabled and moment not in self.seen:
            self.seen.add(moment)
            print(json.dumps({"start": moment, "at": time.time()}), file=sys.stderr, flush=True)


@dataclass(frozen=True)
class StartFailure:
    """Why the desk could not be opened: the one line to show and the exit code."""

    message: str
    exit_code: int


def open_desk(
    url: str | None, *, demo: bool = False, reset: bool = False, demo_path: Path | None = None
) -> Opener:
    """The loader for ``run_gui``: the demo database (built if needed) or ``url``."""

    def load() -> Any:
        from crisisdesk.desk import Desk

        target = url
        if demo:
            from crisisdesk.demo.crisis import build_demo

            target = build_demo(demo_path, reset=reset)
        return Desk.open(target)

    return load


def prepare_app(
    app: QApplication, settings: UiSettings, language: str | None = None
) -> DisplayPrefs:
    """Apply the stored look and language (``language`` overrides it for this run)."""
    app.setApplicationName("CrisisDesk")
    app.setOrganizationName("CrisisDesk")
    app.setWindowIcon(icon("app"))
    load_fonts()
    app.setFont(app_font())
    apply_theme(app, settings.theme)
    prefs = settings.display_prefs()
    if language is not None:
        prefs.language = language
        if settings.store.value("ui/arabic_digits") is None:
            prefs.arabic_digits = language == "ar"
    i18n.set_language(app, prefs.language)
    return prefs


def make_room(
    desk: Any, ops: Ops, settings: UiSettings, prefs: DisplayPrefs, incident_id: int
) -> IncidentRoom:
    """A main window opened straight on ``incident_id`` (the desk is signed in)."""
    room = IncidentRoom(settings, prefs)
    enter_room(room, desk, ops, incident_id)
    return room


def enter_room(room: IncidentRoom, desk: Any, ops: Ops, incident_id: int) -> None:
    """Fill ``room`` with the incident: change feed, screens, publication and task watch."""
    from crisisdesk.room_zone import load as room_zone
    from crisisdesk.ui.feed import LogFeed
    from crisisdesk.ui.room_jobs import start_room_jobs

    room.prefs.zone = room_zone(desk).name  # every time on screen in the room's zone
    # In an exercise's drill every timer, due and schedule follows the exercise clock;
    # in any other incident the desk is back on the wall clock.
    from crisisdesk.exercises.following import follow_incident

    follow_incident(desk, incident_id)
    feed = LogFeed(desk, ops)
    # A write waiting for another laptop says so in the status bar, never silently.
    feed.waiting.connect(lambda message: room.statusBar().showMessage(message, 15_000))
    room.attach(
        RoomContext(
            desk=desk,
            ops=ops,
            settings=room.settings,
            prefs=room.prefs,
            incident_id=incident_id,
            feed=feed,
        )
    )
    start_room_jobs(room)
    from crisisdesk.ui.account_watch import watch_account
    from crisisdesk.ui.secret_notice import show_secret_notices

    watch_account(room)
    show_secret_notices(room)
    from crisisdesk.ui.room_notices import watch_notices

    watch_notices(room)


class StartFlow(QObject):
    """Start page, sign-in, picker, room; "switch incident" and "sign out" come back here.

    ``window`` is shown at once; ``opener`` runs in the background after its first paint.
    """

    def __init__(
        self,
        window: IncidentRoom,
        opener: Opener,
        *,
        demo: bool = False,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.window = window
        self.settings = window.settings
        self.prefs = window.prefs
        self.opener = opener
        self.demo = demo
        self.ops = Ops(self)
        self.desk: Any = None
        self.dialog: QDialog | None = None
        self.message: QDialog | None = None
        self.exit_code = 0
        self.trace = StartTrace()
        self._loading = False
        self._watch(window)

    @property
    def room(self) -> IncidentRoom | None:
        """The window once it shows an incident."""
        return self.window if self.window.ctx is not None else None

    def _watch(self, window: IncidentRoom) -> None:
        window.switch_incident.connect(self._switch)
        window.signed_out.connect(self._signed_out)

    def start(self) -> None:
        page = self.window.start_page
        if self.demo:
            page.set_status(lambda: translate("StartPage", "Preparing the demo crisis…"))
        self.window.first_painted.connect(self._load)
        if self.trace.enabled:
            self.window.first_painted.connect(lambda: self.trace.mark("window_painted"))
        self.window.show()
        QTimer.singleShot(UNPAINTED_START_MS, self._load)

    def _load(self) -> None:
        if self._loading:
            return
        self._loading = True
        self.ops.read(self._open, self._opened, owner=self)

    def _open(self) -> Any:
        """Worker thread: open the desk, then import what the next steps show (sign-in,
        picker, the room's first screen)."""
        try:
            desk = self.opener()
        except CrisisDeskError as exc:
            return StartFailure(error_line(exc), exc.exit_code)
        except Exception as exc:  # a bug or an unreadable file: one line, never a traceback
            log.exception("cannot open the desk")
            return StartFailure(error_line(exc), 1)
        from crisisdesk.ui.screens import SCREEN_MODULES

        for name in (*WARM_MODULES, SCREEN_MODULES[0]):
            importlib.import_module(name)
        return desk

    def _opened(self, result: Any) -> None:
        if isinstance(result, StartFailure):
            self._fail(result)
            return
        self.desk = result
        self.window.start_page.set_location(result.location_label)
        self.sign_in()

    def _fail(self, failure: StartFailure) -> None:
        """Say why on the page and in a message box; the app ends when it is closed."""
        print(f"crisisdesk: {failure.message}", file=sys.stderr)
        self.exit_code = failure.exit_code
        self.window.start_page.set_error(failure.message)
        from crisisdesk.ui.messages import show_error

        box = show_error(self.window, failure.message)
        box.finished.connect(lambda _result: QCoreApplication.exit(failure.exit_code))
        self.message = box

    def sign_in(self) -> None:
        from crisisdesk.ui.signin import SignInDialog

        hint = ""
        last = self.settings.last_user
        if self.demo:
            from crisisdesk.demo.crisis import DEMO_PASSWORD

            hint = translate("SignIn", "Demo: every user's password is “%1”.").replace(
                "%1", DEMO_PASSWORD
            )
            last = last or "lead"
        self.window.start_page.set_status(
            lambda: translate("StartPage", "Sign in to continue."), busy=False
        )
        dialog = SignInDialog(self.desk, self.ops, last_user=last, hint=hint, parent=self.window)
        self.dialog = dialog
        dialog.accepted.connect(self._signed_in)
        dialog.rejected.connect(self._quit)
        if self.trace.enabled:
            dialog.users_loaded.connect(lambda: self.trace.mark("sign_in_ready"))
        dialog.open()

    def _signed_in(self) -> None:
        self.trace.mark("signed_in")
        if self.desk.user is not None:
            self.settings.last_user = self.desk.user.name
        self._signed_in_pick()

    def _signed_in_pick(self) -> None:
        """After sign-in: straight into the room when one incident is active (the picker
        would offer only that one); the picker otherwise."""
        desk = self.desk

        def chosen(incidents: list[Any]) -> None:
            active = [i for i in incidents if i.status == "active"]
            if len(active) == 1 and self.room is None:
                self.enter(active[0].id)
            else:
                self.pick()

        self.ops.read(desk.incidents.list, chosen, lambda _message: self.pick(), owner=self)

    def pick(self) -> None:
        from crisisdesk.ui.picker import IncidentPickerDialog

        switching = self.room is not None
        if not switching:
            self.window.start_page.set_status(
                lambda: translate("StartPage", "Choose the incident to work on."), busy=False
            )
        dialog = IncidentPickerDialog(self.desk, self.ops, self.prefs, parent=self.window)
        self.dialog = dialog
        dialog.accepted.connect(lambda: self.enter(dialog.incident_id))
        # Cancelling a switch keeps the room that is open; cancelling the first pick quits.
        dialog.rejected.connect(lambda: None if switching else self._quit())
        dialog.open()

    def enter(self, incident_id: int | None) -> None:
        if incident_id is None:
            if self.room is None:
                self._quit()
            return
        old: IncidentRoom | None = None
        if self.window.ctx is not None:  # switching: a fresh window where the old one was
            old = self.window
            old.save_geometry()
            self.window = IncidentRoom(self.settings, self.prefs)
            self._watch(self.window)
        if self.trace.enabled:
            self.trace.mark("incident_chosen")
            self.window.incident_shown.connect(lambda: self.trace.mark("room_ready"))
        enter_room(self.window, self.desk, self.ops, incident_id)
        # Signing in, whoever approves opens the room where statements wait for them.
        self.window.notices.open_approvals_first = True
        self.window.show()
        if old is not None:
            old.close()
            old.deleteLater()

    def _switch(self) -> None:
        self.pick()

    def _signed_out(self) -> None:
        """The room closes itself; sign-in opens again over a fresh start page."""
        old = self.window
        old.deleteLater()  # after its close(), which follows this signal
        old.save_geometry()
        self.window = IncidentRoom(self.settings, self.prefs)
        self.window.setGeometry(old.geometry())  # where the person left it, not elsewhere
        self._watch(self.window)
        self.window.start_page.set_location(self.desk.location_label)
        self.window.show()
        self.sign_in()

    def _quit(self) -> None:
        if self.room is None or not self.window.isVisible():
            QTimer.singleShot(0, QCoreApplication.quit)


def run_gui(
    desk_url: str | None = None,
    lang: str | None = None,
    demo: bool = False,
    reset: bool = False,
    demo_path: Path | None = None,
) -> int:
    """Open the desktop app on ``desk_url`` (None: the stored choice or the default file);
    ``demo`` opens the demo database instead (rebuilt first with ``reset``)."""
    app = application(sys.argv[0] if sys.argv else "crisisdesk")
    from crisisdesk.templating.render_worker import warm_up

    warm_up()  # the template worker starts while the window opens: the first draft is quick
    settings = UiSettings()
    prefs = prepare_app(app, settings, lang)
    window = IncidentRoom(settings, prefs)
    opener = open_desk(
        desk_url or settings.database or None, demo=demo, reset=reset, demo_path=demo_path
    )
    flow = StartFlow(window, opener, demo=demo)
    try:
        flow.start()
        code = int(app.exec())
        return flow.exit_code or code
    finally:
        flow.ops.wait_idle(10_000)
