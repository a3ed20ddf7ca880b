"""Starting the desktop app: set up Qt (language, theme, fonts), then sign-in, the incident
picker and the incident room, in that order. ``run_gui`` is what ``crisisdesk gui`` and
``crisisdesk demo`` call."""

from __future__ import annotations

import sys
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from crisisdesk.errors import CrisisDeskError
from crisisdesk.ui import i18n
from crisisdesk.ui.display import DisplayPrefs
from crisisdesk.ui.feed import LogFeed
from crisisdesk.ui.ops import Ops, error_line
from crisisdesk.ui.picker import IncidentPickerDialog
from crisisdesk.ui.resources import icon
from crisisdesk.ui.room import RoomContext
from crisisdesk.ui.settings import UiSettings
from crisisdesk.ui.signin import SignInDialog
from crisisdesk.ui.theme import app_font, apply_theme, load_fonts
from crisisdesk.ui.window import IncidentRoom

translate = QCoreApplication.translate


def prepare_app(app: QApplication, settings: UiSettings, language: str | None = None
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


def make_room(desk: Any, ops: Ops, settings: UiSettings, prefs: DisplayPrefs,
              incident_id: int) -> IncidentRoom:
    feed = LogFeed(desk, ops)
    ctx = RoomContext(desk=desk, ops=ops, settings=settings, prefs=prefs,
                      incident_id=incident_id, feed=feed)
    room = IncidentRoom(ctx)
    from crisisdesk.ui.statement_schedule import watch_schedule

    watch_schedule(room)
    from crisisdesk.ui.task_reminders import watch_tasks

    watch_tasks(room)
    return room


class StartFlow(QObject):
    """Sign-in, then picker, then room; "switch incident" and "sign out" come back here."""

    def __init__(self, desk: Any, settings: UiSettings, prefs: DisplayPrefs,
                 demo: bool = False, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.settings = settings
        self.prefs = prefs
        self.demo = demo
        self.ops = Ops(self)
        self.room: IncidentRoom | None = None
        self.dialog: QDialog | None = None

    def start(self) -> None:
        self.sign_in()

    def sign_in(self) -> None:
        hint = ""
        last = self.settings.last_user
        if self.demo:
            hint = translate("SignIn", "Demo: every user's password is “demo”.")
            last = last or "lead"
        dialog = SignInDialog(self.desk, self.ops, last_user=last, hint=hint)
        self.dialog = dialog
        dialog.accepted.connect(self._signed_in)
        dialog.rejected.connect(self._quit)
        dialog.show()

    def _signed_in(self) -> None:
        if self.desk.user is not None:
            self.settings.last_user = self.desk.user.name
        self.pick()

    def pick(self) -> None:
        dialog = IncidentPickerDialog(self.desk, self.ops, self.prefs)
        self.dialog = dialog
        dialog.accepted.connect(lambda: self.enter(dialog.incident_id))
        dialog.rejected.connect(self._quit)
        dialog.show()

    def enter(self, incident_id: int | None) -> None:
        if incident_id is None:
            self._quit()
            return
        old = self.room
        room = make_room(self.desk, self.ops, self.settings, self.prefs, incident_id)
        room.switch_incident.connect(self._switch)
        room.signed_out.connect(self._signed_out)
        self.room = room
        room.show()
        if old is not None:
            old.deleteLater()

    def _switch(self) -> None:
        self.pick()
        if self.room is not None:
            self.room.close()

    def _signed_out(self) -> None:
        self.sign_in()

    def _quit(self) -> None:
        if self.room is None or not self.room.isVisible():
            QTimer.singleShot(0, QCoreApplication.quit)


def run_gui(desk_url: str | None = None, lang: str | None = None, demo: bool = False) -> int:
    """Open the desktop app on ``desk_url`` (None: the stored choice or the default file)."""
    from crisisdesk.desk import Desk

    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(sys.argv[:1])
    settings = UiSettings()
    prefs = prepare_app(app, settings, lang)
    try:
        desk = Desk.open(desk_url or settings.database or None)
    except Exception as exc:  # a one-line message, never a traceback dialog
        message = error_line(exc)
        print(f"crisisdesk: {message}", file=sys.stderr)
        QMessageBox.critical(None, translate("Messages", "CrisisDesk"), message)
        return exc.exit_code if isinstance(exc, CrisisDeskError) else 1
    flow = StartFlow(desk, settings, prefs, demo=demo)
    try:
        flow.start()
        return int(app.exec())
    finally:
        flow.ops.wait_idle(10_000)
        settings.sync()
        desk.close()
