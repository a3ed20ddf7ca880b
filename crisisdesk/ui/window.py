"""The incident room: a navigation rail of registered screens, the screens, the status bar.

The window owns the change feed and passes new decisions to every screen; it remembers
its geometry separately for right-to-left and left-to-right layouts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6 import QtCore
from PySide6.QtCore import QCoreApplication, QEvent, QSize, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QPaintEvent, QShortcut
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget

from crisisdesk.ui import i18n
from crisisdesk.ui.changes import ZONE_CHANGED, changes_of
from crisisdesk.ui.display import DisplayPrefs, strip_controls
from crisisdesk.ui.resources import icon
from crisisdesk.ui.room import RoomContext
from crisisdesk.ui.screens import Screen, ScreenSpec, registered_screens
from crisisdesk.ui.settings import UiSettings
from crisisdesk.ui.start_page import StartPage
from crisisdesk.ui.status import RoomStatusBar
from crisisdesk.ui.theme import apply_theme

if TYPE_CHECKING:
    from PySide6.QtWidgets import QListWidget, QStackedWidget

    from crisisdesk.ui.room_body import RoomBody

translate = QCoreApplication.translate

CLOCK_TICK_MS = 15_000


class IncidentRoom(QMainWindow):
    """Main window for one incident. It opens on its start page (the app paints before the
    core is loaded), then ``attach`` fills it; ``switch_incident``/``sign_out`` go back to
    the start."""

    switch_incident = Signal()
    signed_out = Signal()
    first_painted = Signal()
    incident_shown = Signal()

    def __init__(
        self, settings: UiSettings, prefs: DisplayPrefs, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.settings = settings
        self.prefs = prefs
        self.ctx: RoomContext | None = None
        self.incident: Any = None
        self.setObjectName("incidentRoom")
        self.setWindowIcon(icon("app"))
        self.setMinimumSize(QSize(900, 560))

        self.body: RoomBody | None = None
        # Screens are built when first shown, and the modules of all but the first are
        # imported right after the first paint: start-up pays only for what it shows.
        self.specs: list[ScreenSpec] = []
        self.built: dict[str, Screen] = {}
        self.rail_complete = False
        self.shortcuts: list[QShortcut] = []
        self.badges: dict[str, int] = {}  # screen key → count shown on its rail item
        self.notices: Any = None  # the room's badges and notices, once attached
        self._notice_key = ""

        self.start_page = StartPage(self)
        self.setCentralWidget(self.start_page)
        self.status: RoomStatusBar | None = None

        menu = self.menuBar()
        self.room_menu = menu.addMenu("")
        self.switch_action = self.room_menu.addAction("")
        self.switch_action.triggered.connect(self.switch_incident.emit)
        self.sign_out_action = self.room_menu.addAction("")
        self.sign_out_action.triggered.connect(self._sign_out)
        self.room_menu.addSeparator()
        self.quit_action = self.room_menu.addAction("")
        self.quit_action.triggered.connect(self.close)  # its shortcut: after the first paint
        self.switch_action.setEnabled(False)
        self.sign_out_action.setEnabled(False)
        self._clock = QTimer(self)
        self._clock.setInterval(CLOCK_TICK_MS)
        self._clock.timeout.connect(self._tick)
        self._painted = False

        self.retranslate()
        self.restore_geometry()

    def attach(self, ctx: RoomContext) -> None:
        """Open the incident of ``ctx`` in this window (once): rail, screens, status, feed.

        Until then the window shows its start page, so it can appear before the core is
        loaded and host the sign-in and the incident picker.
        """
        if self.ctx is not None:
            raise RuntimeError("this window already shows an incident")
        self.ctx = ctx
        ctx.shell = self
        from crisisdesk.ui.room_body import RoomBody

        self.takeCentralWidget()  # the start page stays, hidden, for a later sign-out
        self.start_page.hide()
        self.body = RoomBody(self)
        self.setCentralWidget(self.body)
        self._set_shortcuts()
        for i in range(9):
            shortcut = QShortcut(QKeySequence(f"Ctrl+{i + 1}"), self)
            shortcut.activated.connect(lambda row=i: self._shortcut(row))
            self.shortcuts.append(shortcut)
        self._add_specs(registered_screens(first_only=True))
        self.rail.currentRowChanged.connect(self._show_row)
        self.status = RoomStatusBar(ctx, self)
        self.setStatusBar(self.status)
        self.switch_action.setEnabled(True)
        self.sign_out_action.setEnabled(True)

        ctx.feed.setParent(self)
        ctx.feed.decisions.connect(self._on_decisions)
        ctx.feed.head_changed.connect(self.status.set_head)
        ctx.feed.failed.connect(self._feed_failed)
        ctx.ops.error.connect(self.show_error)
        self._feed_error_shown = False

        self.retranslate()
        self.rail.setCurrentRow(0)
        self.load_incident()
        ctx.feed.start()
        self._clock.start()
        if self._painted:
            QTimer.singleShot(0, self.complete_rail)

    def _set_shortcuts(self) -> None:
        """The menu's key shortcut, set once the window shows: the key enums it needs
        load all of Qt's namespace (~15 ms), which the first paint does not wait for."""
        if self.quit_action.shortcut().isEmpty():
            self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)

    @property
    def rail(self) -> QListWidget:
        """The navigation rail (once an incident is attached)."""
        return self._body().rail

    @property
    def stack(self) -> QStackedWidget:
        """The screens, in rail order (once an incident is attached)."""
        return self._body().stack

    def _body(self) -> RoomBody:
        if self.body is None:
            raise RuntimeError("no incident is open in this window yet")
        return self.body

    def _attached(self) -> RoomContext:
        """The incident's context; only once ``attach`` ran."""
        if self.ctx is None:
            raise RuntimeError("no incident is open in this window yet")
        return self.ctx

    # -- screens --------------------------------------------------------------------------

    def _add_specs(self, specs: list[ScreenSpec]) -> None:
        """Put newly registered screens into the rail and the stack, in rail order."""
        from PySide6.QtWidgets import QListWidgetItem

        for spec in specs:
            if not spec.available(self._attached()) or any(s.key == spec.key for s in self.specs):
                continue
            row = sum(1 for s in self.specs if (s.order, s.key) < (spec.order, spec.key))
            self.specs.insert(row, spec)
            self.stack.insertWidget(row, QWidget(self.stack))
            item = QListWidgetItem(icon(spec.cls.icon_name), self._rail_text(spec))
            item.setData(QtCore.Qt.ItemDataRole.UserRole, spec.key)  # after the paint
            self.rail.insertItem(row, item)
        current = self.rail.currentRow()
        if current >= 0:
            self.stack.setCurrentIndex(current)
        for row, spec in enumerate(self.specs[:9]):
            self.rail.item(row).setToolTip(f"{spec.cls.title()} (Ctrl+{row + 1})")

    def _rail_text(self, spec: ScreenSpec) -> str:
        count = self.badges.get(spec.key, 0)
        if not count:
            return spec.cls.title()
        from crisisdesk.ui.display import number

        # the rail is narrow: beyond 99 the badge says "99+" (the screen has the exact count)
        shown = number(min(count, 99), self.prefs) + ("+" if count > 99 else "")
        return f"{spec.cls.title()}  ({shown})"

    def set_badge(self, key: str, count: int) -> None:
        """Show ``count`` beside the rail item of ``key`` (nothing when zero)."""
        self.badges[key] = count
        for row, spec in enumerate(self.specs):
            if spec.key == key:
                self.rail.item(row).setText(self._rail_text(spec))

    def show_notice(self, text: str, key: str) -> None:
        """A line above the screens, with a button that opens the screen ``key``."""
        body = self._body()
        self._notice_key = key
        body.notice_text.setText(text)
        spec = next((s for s in self.specs if s.key == key), None)
        body.notice_open.setText(
            translate("IncidentRoom", "Open %1").replace("%1", spec.cls.title() if spec else key)
        )
        if not getattr(body, "_notice_wired", False):
            body.notice_open.clicked.connect(self._open_notice)
            body._notice_wired = True  # type: ignore[attr-defined]
        body.notice.show()

    def _open_notice(self) -> None:
        self._body().notice.hide()
        if self._notice_key:
            self.show_screen(self._notice_key)

    def complete_rail(self) -> None:
        """Import every screen module and add the screens not in the rail yet."""
        if not self.rail_complete:
            self.rail_complete = True
            self._add_specs(registered_screens())

    def rebuild_screens(self) -> None:
        """Build the rail and every screen again (the signed-in user's role changed: each
        screen shows what the new role may do), staying on the screen in view."""
        current = self.rail.currentRow()
        key = self.specs[current].key if 0 <= current < len(self.specs) else None
        self.rail.blockSignals(True)
        self.rail.clear()
        self.rail.blockSignals(False)
        while self.stack.count():
            widget = self.stack.widget(0)
            if widget is None:
                break
            self.stack.removeWidget(widget)
            widget.deleteLater()
        self.built.clear()
        self.specs = []
        self._add_specs(registered_screens(first_only=not self.rail_complete))
        row = next((i for i, spec in enumerate(self.specs) if spec.key == key), 0)
        self.rail.setCurrentRow(row)
        self._show_row(row)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            self.first_painted.emit()
            QTimer.singleShot(0, self._set_shortcuts)
        if self.ctx is not None and not self.rail_complete:
            QTimer.singleShot(0, self.complete_rail)

    def _shortcut(self, row: int) -> None:
        self.complete_rail()
        if row < len(self.specs):
            self.rail.setCurrentRow(row)

    @property
    def screens(self) -> list[Screen]:
        """The screens built so far, in rail order."""
        return [self.built[spec.key] for spec in self.specs if spec.key in self.built]

    def screen_for(self, key: str) -> Screen:
        """The screen for ``key``, built now if it has not been shown yet."""
        if key in self.built:
            return self.built[key]
        if not any(spec.key == key for spec in self.specs):
            self.complete_rail()
        row = next(i for i, spec in enumerate(self.specs) if spec.key == key)
        spec = self.specs[row]
        screen = spec.cls(self._attached(), self.stack)
        screen.setObjectName(f"screen_{spec.key}")
        placeholder = self.stack.widget(row)
        self.stack.insertWidget(row, screen)
        if placeholder is not None:
            self.stack.removeWidget(placeholder)
            placeholder.deleteLater()
        self.built[key] = screen
        return screen

    def show_screen(self, key: str) -> Screen:
        screen = self.screen_for(key)
        self.rail.setCurrentRow(next(i for i, s in enumerate(self.specs) if s.key == key))
        return screen

    def _show_row(self, row: int) -> None:
        if 0 <= row < len(self.specs):
            self.screen_for(self.specs[row].key)
            self.stack.setCurrentIndex(row)

    # -- data -----------------------------------------------------------------------------

    def load_incident(self) -> None:
        ctx = self._attached()
        desk, incident_id = ctx.desk, ctx.incident_id
        ctx.ops.read(lambda: desk.incidents.get(incident_id), self._incident_loaded, owner=self)

    def _incident_loaded(self, incident: Any) -> None:
        self.incident = incident
        if self.status is not None:
            self.status.set_incident(incident)
            self.read_intake()
        self._update_title()
        self.incident_shown.emit()

    def _on_decisions(self, decisions: list) -> None:
        """Decisions from the feed or from this window's operations: each screen hears
        what they changed, once."""
        ctx = self._attached()
        changes = changes_of(decisions, ctx.incident_id)
        zone = next((d for d in reversed(decisions) if d.kind == ZONE_CHANGED), None)
        if changes.zone and zone is not None and zone.payload.get("zone"):
            ctx.desk.zone_name = zone.payload["zone"]
            self.prefs.zone = zone.payload["zone"]  # another laptop changed the room's zone
            self.prefs_changed()
        if changes.incident:
            self.load_incident()
        for screen in self.screens:
            screen.on_changes(changes)
        if changes.intake:
            self.read_intake()

    def read_intake(self) -> None:
        """Waiting and set-aside counts for the status bar, read off the UI thread."""
        ctx, status = self._attached(), self.status
        if status is None:
            return
        desk, incident_id = ctx.desk, ctx.incident_id
        ctx.ops.read(
            lambda: desk.inbox.quarantine.backlog(incident_id), status.set_intake, owner=self
        )

    def _tick(self) -> None:
        if self.status is not None:
            self.status.update_clock()
            self.status.update_head()
            self.read_intake()

    def _feed_failed(self, message: str) -> None:
        self.statusBar().showMessage(
            translate("IncidentRoom", "Cannot read the log: %1").replace("%1", message), 10_000
        )

    def show_status(self, message: str, msecs: int) -> None:
        """A passing line in the status bar (what a screen just did)."""
        self.statusBar().showMessage(message, msecs)

    def show_error(self, message: str) -> None:
        """One clear line for a failed action; never a traceback. Does not block."""
        from crisisdesk.ui.messages import show_error

        show_error(self, message)

    # -- preferences ----------------------------------------------------------------------

    def set_language(self, language: str) -> None:
        """Switch language and direction now, keeping a geometry per direction."""
        app = QApplication.instance()
        if language == self.prefs.language or app is None:
            return
        self.save_geometry()
        self.settings.language = language
        self.prefs.language = language
        i18n.set_language(app, language)
        self.restore_geometry()
        for screen in self.screens:
            screen.on_prefs_changed()

    def set_theme(self, theme: str) -> None:
        app = QApplication.instance()
        self.settings.theme = theme
        if isinstance(app, QApplication):
            apply_theme(app, theme)

    def prefs_changed(self) -> None:
        """Digits or Hijri changed in Settings: every screen redraws its values."""
        prefs = self.settings.display_prefs()  # the room's zone stays: it is the room's
        self.prefs.arabic_digits = prefs.arabic_digits
        self.prefs.hijri = prefs.hijri
        for screen in self.screens:
            screen.on_prefs_changed()
        if self.status is not None:
            self.status.retranslate()

    # -- texts and geometry ---------------------------------------------------------------

    def retranslate(self) -> None:
        for row, spec in enumerate(self.specs):
            item = self.rail.item(row)
            title = spec.cls.title()
            item.setText(self._rail_text(spec))
            if row < 9:
                item.setToolTip(f"{title} (Ctrl+{row + 1})")
        self.room_menu.setTitle(translate("IncidentRoom", "&Incident"))
        self.switch_action.setText(translate("IncidentRoom", "Switch incident…"))
        self.sign_out_action.setText(translate("IncidentRoom", "Sign out"))
        self.quit_action.setText(translate("IncidentRoom", "Quit"))
        self._update_title()

    def _update_title(self) -> None:
        title = translate("IncidentRoom", "CrisisDesk")
        if self.incident is not None:
            name = strip_controls(self.incident.title)
            if self.incident.drill and self._follows_exercise():
                name = translate("IncidentRoom", "EXERCISE: %1").replace("%1", name)
            elif self.incident.drill:
                name = translate("IncidentRoom", "DRILL: %1").replace("%1", name)
            title = f"{name} — {title}"
        self.setWindowTitle(title)

    def _follows_exercise(self) -> bool:
        """True in an exercise's drill (the desk then runs on the exercise clock)."""
        from crisisdesk.exercises.exercise_clock import ExerciseClock

        return self.ctx is not None and isinstance(self.ctx.desk.clock, ExerciseClock)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def restore_geometry(self) -> None:
        saved = self.settings.geometry(self.prefs.rtl)
        if saved is None or not self.restoreGeometry(saved):
            self.resize(1280, 800)
        self._onto_a_screen()

    def _onto_a_screen(self) -> None:
        """A place saved on a monitor that is gone now: centre on the screen there is."""
        from PySide6.QtGui import QGuiApplication

        screens = QGuiApplication.screens()
        centre = self.geometry().center()
        if not screens or any(s.availableGeometry().contains(centre) for s in screens):
            return
        area = QGuiApplication.primaryScreen().availableGeometry()
        self.resize(min(self.width(), area.width()), min(self.height(), area.height()))
        frame = self.frameGeometry()
        frame.moveCenter(area.center())
        self.move(frame.topLeft())

    def save_geometry(self) -> None:
        self.settings.set_geometry(self.prefs.rtl, self.saveGeometry())

    def _sign_out(self) -> None:
        self._attached().desk.sign_out()
        self.signed_out.emit()
        self.close()

    def sign_out_now(self) -> None:
        """Sign out because the account changed (the message box is already open)."""
        self._sign_out()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_geometry()
        if self.ctx is not None:
            self.ctx.feed.stop()
        self._clock.stop()
        super().closeEvent(event)
