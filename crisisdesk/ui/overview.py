"""Overview screen: what the incident is, how severe, since when; what to do next (the
playbook's next due tasks) and the figures that matter now (overdue tasks, statements
waiting for approval, messages in the last hour, when the next public update is due);
change severity with a reason and close it with a summary (both decisions of the core)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from crisisdesk.ui.changes import Changes
from crisisdesk.ui.display import (
    date_time,
    digits,
    directed,
    number,
    safe_block,
    safe_text,
    separator,
    severity_name,
)
from crisisdesk.ui.messages import fix_minimum_size
from crisisdesk.ui.operations import incidents as incident_ops
from crisisdesk.ui.operations import perform
from crisisdesk.ui.room import RoomContext
from crisisdesk.ui.screens import Screen, register_screen
from crisisdesk.ui.widgets import ok_cancel
from crisisdesk.users.permissions import Action, can

translate = QCoreApplication.translate


def set_badge(label: QLabel, kind: str) -> None:
    """Restyle a badge label (the QSS keys on the ``badge`` property)."""
    label.setProperty("badge", kind)
    label.setContentsMargins(6, 0, 6, 0)
    label.style().unpolish(label)
    label.style().polish(label)


class ReasonDialog(QDialog):
    """Asks for a required free text (a reason or a summary), optionally with a severity."""

    def __init__(
        self,
        parent: QWidget | None,
        title: str,
        prompt: str,
        severity: int | None = None,
        prefs: Any = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.severity: QComboBox | None = None
        if severity is not None:
            self.severity = QComboBox(self)
            self.severity.setObjectName("severityChoice")
            for level in (1, 2, 3, 4):
                self.severity.addItem(severity_name(level, prefs), level)
            self.severity.setCurrentIndex(severity - 1)
            form.addRow(translate("Overview", "New severity:"), self.severity)
        layout.addLayout(form)
        layout.addWidget(QLabel(prompt, self))
        self.text = QPlainTextEdit(self)
        self.text.setObjectName("reasonText")
        self.text.setTabChangesFocus(True)
        self.text.setMinimumSize(420, 100)
        layout.addWidget(self.text)
        self.buttons = ok_cancel(self)
        layout.addWidget(self.buttons)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setEnabled(False)
        self.text.textChanged.connect(
            lambda: self.ok_button.setEnabled(bool(self.text.toPlainText().strip()))
        )
        fix_minimum_size(self)

    def value(self) -> str:
        return self.text.toPlainText().strip()

    def chosen_severity(self) -> int | None:
        return None if self.severity is None else int(self.severity.currentData())


@register_screen("overview", order=10)
class OverviewScreen(Screen):
    icon_name = "overview"

    @classmethod
    def title(cls) -> str:
        return translate("Overview", "Overview")

    def __init__(self, ctx: RoomContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.incident: Any = None
        self.close_dialog: Any = None  # while the close dialog is open
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 20, 24, 20)
        header = QHBoxLayout()
        self.title_label = QLabel(self)
        self.title_label.setObjectName("incidentTitle")
        self.title_label.setTextFormat(Qt.TextFormat.PlainText)
        self.title_label.setWordWrap(True)
        self.status_badge = QLabel(self)
        self.status_badge.setObjectName("statusBadge")
        self.drill_badge = QLabel(self)
        self.drill_badge.setObjectName("drillBadge")
        set_badge(self.drill_badge, "drill")
        header.setSpacing(10)
        header.addWidget(self.status_badge)
        header.addWidget(self.drill_badge)
        header.addStretch(1)
        outer.addWidget(self.title_label)
        outer.addLayout(header)

        self.form = QFormLayout()
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignVCenter)
        self.form.setHorizontalSpacing(18)
        self.form.setVerticalSpacing(10)
        self.labels: dict[str, QLabel] = {}
        self.values: dict[str, QLabel] = {}
        for key in (
            "severity",
            "org_units",
            "opened",
            "opened_by",
            "playbook",
            "closed",
            "summary",
        ):
            label = QLabel(self)
            value = QLabel(self)
            value.setObjectName(f"value_{key}")
            value.setTextFormat(Qt.TextFormat.PlainText)
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.labels[key], self.values[key] = label, value
            self.form.addRow(label, value)
        outer.addLayout(self.form)

        buttons = QHBoxLayout()
        # Right after activation the first thing due is the holding statement: one click
        # opens it drafted from the playbook's template and pre-filled from the incident.
        self.draft_button = QPushButton(self)
        self.draft_button.setObjectName("draftHolding")
        self.draft_button.clicked.connect(self.draft_holding)
        self.draft_button.hide()
        buttons.addWidget(self.draft_button)
        self.severity_button = QPushButton(self)
        self.severity_button.setObjectName("changeSeverity")
        self.severity_button.clicked.connect(self.ask_severity)
        self.close_button = QPushButton(self)
        self.close_button.setObjectName("closeIncident")
        self.close_button.clicked.connect(self.ask_close)
        buttons.addWidget(self.severity_button)
        buttons.addWidget(self.close_button)
        buttons.addStretch(1)
        outer.addLayout(buttons)

        self.situation: Any = None
        figures = QHBoxLayout()
        figures.setSpacing(12)
        self.figures: dict[str, QLabel] = {}
        for key in ("overdue", "approvals", "messages", "next_update"):
            figure = QLabel(self)
            figure.setObjectName("figure")
            figure.setProperty("figure", key)
            figure.setTextFormat(Qt.TextFormat.PlainText)
            figure.setWordWrap(True)
            figure.setFrameShape(QLabel.Shape.StyledPanel)
            figure.setMargin(10)
            self.figures[key] = figure
            figures.addWidget(figure, 1)
        outer.addSpacing(8)
        outer.addLayout(figures)
        self.next_heading = QLabel(self)
        self.next_heading.setObjectName("sectionTitle")
        outer.addWidget(self.next_heading)
        self.next_list = QListWidget(self)
        self.next_list.setObjectName("nextTasks")
        self.next_list.setWordWrap(True)
        self.next_list.itemActivated.connect(lambda _item: self._open("checklist"))
        outer.addWidget(self.next_list, 1)
        self.retranslate()
        self.refresh()

    def retranslate(self) -> None:
        texts = {
            "severity": translate("Overview", "Severity:"),
            "org_units": translate("Overview", "Organisational units:"),
            "opened": translate("Overview", "Opened:"),
            "opened_by": translate("Overview", "Opened by:"),
            "playbook": translate("Overview", "Playbook:"),
            "closed": translate("Overview", "Closed:"),
            "summary": translate("Overview", "Closing summary:"),
        }
        for key, text in texts.items():
            self.labels[key].setText(text)
        self.draft_button.setText(translate("Overview", "Draft the holding statement"))
        self.severity_button.setText(translate("Overview", "Change severity…"))
        self.close_button.setText(translate("Overview", "Close incident…"))
        self.drill_badge.setText(translate("Overview", "DRILL"))
        self.next_heading.setText(translate("Overview", "Next from the playbook"))
        self.show_incident(self.incident)
        self.show_situation(self.situation)

    def refresh(self) -> None:
        from crisisdesk.situation import situation

        desk, incident_id = self.ctx.desk, self.ctx.incident_id
        self.ctx.ops.read(lambda: desk.incidents.get(incident_id), self.show_incident, owner=self)
        self.ctx.ops.read(lambda: situation(desk, incident_id), self.show_situation, owner=self)

    def on_changes(self, changes: Changes) -> None:
        if changes.room:
            self.refresh()

    def _open(self, key: str) -> None:
        window = self.window()
        show = getattr(window, "show_screen", None)
        if callable(show) and any(spec.key == key for spec in getattr(window, "specs", [])):
            show(key)

    def show_situation(self, now: Any) -> None:
        """The figures and next tasks; names resolved in the core (no login, no id)."""
        from crisisdesk.text.durations import duration_words

        self.situation = now
        if now is None:
            return
        prefs = self.ctx.prefs
        lang = prefs.language
        if self.incident is not None:
            self._set("opened_by", safe_text(now.opened_by))
            title = now.playbook_title.get(lang) if now.playbook_title else None
            self._set("playbook", safe_text(title) if title else translate("Overview", "None"))
        texts = {
            "overdue": translate("Overview", "%1\nTasks overdue"),
            "approvals": translate("Overview", "%1\nStatements waiting for approval"),
            "messages": translate("Overview", "%1\nMessages in the last hour"),
        }
        values = {
            "overdue": now.overdue_tasks,
            "approvals": now.pending_approvals,
            "messages": now.messages_last_hour,
        }
        for key, text in texts.items():
            self.figures[key].setText(text.replace("%1", number(values[key], prefs)))
        self.figures["overdue"].setProperty("alert", now.overdue_tasks > 0)
        self.figures["approvals"].setProperty("alert", now.pending_approvals > 0)
        if now.next_update_due is not None:
            left = now.next_update_due - now.now
            due = translate("Overview", "in %1").replace(
                "%1", digits(duration_words(left, lang), prefs)
            )
        else:
            due = translate("Overview", "not planned")
        self.figures["next_update"].setText(
            translate("Overview", "%1\nNext public update").replace("%1", due)
        )
        self.next_list.clear()
        for task in now.next_tasks:
            left = task.due_at - now.now
            if left.total_seconds() < 0:
                when = translate("Overview", "overdue by %1").replace(
                    "%1", digits(duration_words(-left, lang), prefs)
                )
            else:
                when = translate("Overview", "due in %1").replace(
                    "%1", digits(duration_words(left, lang), prefs)
                )
            item = QListWidgetItem(f"{safe_text(task.title(lang))}{separator(prefs)}{when}")
            self.next_list.addItem(item)
        if not now.next_tasks:
            self.next_list.addItem(translate("Overview", "No open task: the checklist is done."))

    def show_incident(self, incident: Any) -> None:
        self.incident = incident
        if incident is None:
            for value in self.values.values():
                value.clear()
            self.draft_button.hide()
            self.severity_button.hide()
            self.close_button.hide()
            self.drill_badge.hide()
            return
        prefs = self.ctx.prefs
        self.title_label.setText(directed(safe_text(incident.title, limit=300), prefs))
        self.drill_badge.setVisible(bool(incident.drill))
        active = incident.status == "active"
        self.status_badge.setText(
            translate("Display", "Active") if active else translate("Display", "Closed")
        )
        set_badge(self.status_badge, "active" if active else "closed")
        self._set("severity", severity_name(incident.severity, prefs))
        separator = "، " if prefs.rtl else ", "
        self._set(
            "org_units",
            separator.join(safe_text(u) for u in incident.org_units)
            or translate("Overview", "None"),
        )
        self._set("opened", date_time(incident.opened_at, prefs, seconds=False))
        known = self.situation
        self._set("opened_by", safe_text(known.opened_by) if known else "")
        title = known.playbook_title.get(prefs.language) if known and known.playbook_title else None
        self._set(
            "playbook",
            safe_text(title)
            if title
            else ""
            if incident.playbook_id
            else translate("Overview", "None"),
        )
        for key in ("closed", "summary"):
            self.labels[key].setVisible(not active)
            self.values[key].setVisible(not active)
        self._set("closed", date_time(incident.closed_at, prefs, seconds=False))
        self._set("summary", safe_block(incident.closed_summary or ""))
        role = self.ctx.desk.user.role if self.ctx.desk.user else ""
        self.draft_button.setVisible(
            active and bool(incident.playbook_id) and can(role, Action.STATEMENT_DRAFT)
        )
        self.severity_button.setVisible(active and can(role, Action.INCIDENT_SEVERITY))
        self.close_button.setVisible(active and can(role, Action.INCIDENT_CLOSE))

    def _set(self, key: str, text: str) -> None:
        self.values[key].setText(directed(text, self.ctx.prefs))

    # -- actions --------------------------------------------------------------------------

    def draft_holding(self) -> None:
        """The Statements screen, on a new holding statement from the playbook."""
        self._open("statements")
        window = self.window()
        screen = getattr(window, "built", {}).get("statements")
        if screen is not None:
            screen.draft_kind("holding")

    def ask_severity(self) -> None:
        if self.incident is None:
            return
        dialog = ReasonDialog(
            self,
            translate("Overview", "Change severity"),
            translate("Overview", "Why does the severity change?"),
            severity=self.incident.severity,
            prefs=self.ctx.prefs,
        )
        dialog.setObjectName("severityDialog")
        if dialog.exec() == QDialog.DialogCode.Accepted:
            level = dialog.chosen_severity()
            if level is not None:
                self.change_severity(level, dialog.value())
        dialog.deleteLater()

    def change_severity(self, level: int, reason: str) -> None:
        desk, incident_id = self.ctx.desk, self.ctx.incident_id
        perform(
            self.ctx,
            incident_ops.set_severity(desk, incident_id, level, reason),
            lambda done: self.show_incident(done.value),
            self._failed,
            owner=self,
        )

    def ask_close(self) -> None:
        """First what closing would cancel (the scheduled publications), then the dialog."""
        if self.incident is None:
            return
        desk, incident_id = self.ctx.desk, self.ctx.incident_id
        self.ctx.ops.read(
            lambda: desk.incidents.pending_publications(incident_id),
            self._ask_close,
            self._failed,
            owner=self,
        )

    def _ask_close(self, pending: list) -> None:
        from crisisdesk.ui.close_incident import CloseIncidentDialog

        dialog = CloseIncidentDialog(pending, self.ctx.prefs, self)
        self.close_dialog = dialog
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.close_incident(dialog.value(), cancel_scheduled=dialog.cancel_scheduled())
        self.close_dialog = None
        dialog.deleteLater()

    def close_incident(self, summary: str, *, cancel_scheduled: bool = False) -> None:
        desk, incident_id = self.ctx.desk, self.ctx.incident_id
        perform(
            self.ctx,
            incident_ops.close(desk, incident_id, summary, cancel_scheduled=cancel_scheduled),
            lambda done: self.show_incident(done.value),
            self._failed,
            owner=self,
        )

    def _failed(self, message: str) -> None:
        self.ctx.ops.error.emit(message)
