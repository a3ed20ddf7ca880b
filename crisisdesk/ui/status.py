"""The incident room's status bar: who is signed in, the incident clock, where the data
lives, and how fresh the last signed checkpoint of the log is."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

from crisisdesk.ui.display import (
    age,
    fingerprint,
    incident_clock,
    isolate,
    number,
    role_name,
    room_zone_note,
)
from crisisdesk.ui.room import RoomContext

translate = QCoreApplication.translate


class RoomStatusBar(QStatusBar):
    """Values arrive from the window (incident, log head); the clock ticks from there too."""

    def __init__(self, ctx: RoomContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.incident: Any = None
        self.head: Any = None
        self.user_label = QLabel(self)
        self.user_label.setObjectName("statusUser")
        self.clock_label = QLabel(self)
        self.clock_label.setObjectName("statusClock")
        self.db_label = QLabel(self)
        self.db_label.setObjectName("statusDatabase")
        self.head_label = QLabel(self)
        self.head_label.setObjectName("statusHead")
        self.zone_label = QLabel(self)  # only when the room's zone is not this computer's
        self.zone_label.setObjectName("statusZone")
        self.intake_label = QLabel(self)  # only while something waits or was set aside
        self.intake_label.setObjectName("statusIntake")
        self.intake_label.setVisible(False)
        self.intake: list[Any] = []
        for label in (
            self.intake_label,
            self.user_label,
            self.clock_label,
            self.zone_label,
            self.db_label,
            self.head_label,
        ):
            self.addPermanentWidget(label)
        self.retranslate()

    def set_incident(self, incident: Any) -> None:
        self.incident = incident
        self.update_clock()

    def set_intake(self, backlog: list[Any]) -> None:
        """Per channel: bodies waiting and items set aside (``ChannelBacklog`` rows)."""
        self.intake = list(backlog)
        self.update_intake()

    def update_intake(self) -> None:
        """Waiting and set-aside counts; red when something is set aside or waits too long."""
        from crisisdesk.ui.inbox_model import channel_name

        now = self.ctx.desk.clock.now()
        parts: list[str] = []
        alert = False
        for item in self.intake:
            if not item.waiting and not item.set_aside:
                continue
            stalled = item.stalled(now)
            text = (
                translate("StatusBar", "%1: %2 waiting · %3 set aside")
                .replace("%1", channel_name(item.channel))
                .replace("%2", number(item.waiting, self.ctx.prefs))
                .replace("%3", number(item.set_aside, self.ctx.prefs))
            )
            if stalled:
                text += " " + translate("StatusBar", "(not being processed)")
            alert = alert or stalled or item.set_aside > 0
            parts.append(text)
        self.intake_label.setText(" | ".join(parts))
        self.intake_label.setVisible(bool(parts))
        self.intake_label.setProperty("alert", alert)
        self.intake_label.setStyleSheet("color: #b3261e; font-weight: bold;" if alert else "")
        self.intake_label.setToolTip(
            translate(
                "StatusBar",
                "Messages received but not processed yet, and items intake set aside with "
                "their reason (crisisdesk quarantine list). Bodies waiting for minutes mean "
                "that webhook serve is not running.",
            )
            if parts
            else ""
        )

    def set_head(self, head: Any) -> None:
        self.head = head
        self.update_head()

    def retranslate(self) -> None:
        user = self.ctx.desk.user
        if user is None:
            self.user_label.setText(translate("StatusBar", "Not signed in"))
        else:
            self.user_label.setText(
                translate("StatusBar", "%1 · %2")
                .replace("%1", isolate(user.display_name or user.name))
                .replace("%2", role_name(user.role))
            )
        if self.ctx.desk.is_shared:
            self.db_label.setText(translate("StatusBar", "Shared server"))
        else:
            self.db_label.setText(translate("StatusBar", "Local file"))
        self.db_label.setToolTip(self.ctx.desk.location_label)
        self.update_clock()
        self.update_head()
        self.update_intake()

    def update_clock(self) -> None:
        incident = self.incident
        if incident is None:
            self.clock_label.clear()
            return
        end = incident.closed_at if incident.closed_at is not None else self.ctx.desk.clock.now()
        self.clock_label.setText(incident_clock(incident.opened_at, end, self.ctx.prefs))
        self.clock_label.setToolTip(translate("StatusBar", "Time since the incident opened"))
        note = room_zone_note(self.ctx.prefs, self.ctx.desk.clock.now())
        self.zone_label.setText(note)
        self.zone_label.setVisible(bool(note))
        self.zone_label.setToolTip(
            translate(
                "StatusBar",
                "Every time is shown in the room's time zone, which is not this computer's",
            )
            if note
            else ""
        )

    def update_head(self) -> None:
        head = self.head
        if head is None:
            self.head_label.setText(translate("StatusBar", "Log: reading…"))
            return
        checkpoint = head.last_checkpoint
        if checkpoint is None:
            signed = translate("StatusBar", "no signed checkpoint")
        else:
            elapsed = self.ctx.desk.clock.now() - checkpoint.at
            if elapsed.total_seconds() < 60:
                signed = translate("StatusBar", "signed just now")
            else:
                signed = translate("StatusBar", "signed %1 ago").replace(
                    "%1", age(elapsed, self.ctx.prefs)
                )
        self.head_label.setText(
            translate("StatusBar", "Log %1 · %2")
            .replace("%1", fingerprint(head.hash))
            .replace("%2", signed)
        )
        self.head_label.setToolTip(head.hash)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
