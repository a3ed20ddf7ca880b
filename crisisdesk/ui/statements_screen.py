"""Statements: the list by state, and the editor — template variables as a form, Arabic
(right to left) and English (left to right) side by side, live rules checklist and channel
limits, autosave, version history with a word diff, and publishing.

Every core call runs through ``ctx.ops``; the texts are plain text only.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QCoreApplication, QDateTime, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from crisisdesk.statements.publication_errors import publication_error_ar
from crisisdesk.statements.publishers import bilingual_body
from crisisdesk.statements.publishing import CHANNELS
from crisisdesk.statements.records import KINDS, STATES, PublicationInfo, StatementDetail
from crisisdesk.statements.states import can_edit, can_publish, can_submit
from crisisdesk.ui.cascade_line import CascadeLine
from crisisdesk.ui.changes import Changes
from crisisdesk.ui.display import date_time, number, safe_text
from crisisdesk.ui.messages import fix_minimum_size
from crisisdesk.ui.people import person
from crisisdesk.ui.room import RoomContext
from crisisdesk.ui.room_notices import confirm
from crisisdesk.ui.screens import Screen, register_screen
from crisisdesk.ui.statement_panes import StatementTabs, TextsPane, WorkflowButtons
from crisisdesk.ui.statement_widgets import (
    LTR,
)
from crisisdesk.ui.statements_model import (
    TITLE,
    StatementsModel,
    channel_label,
    kind_name,
    publication_state_name,
    state_name,
)
from crisisdesk.users.permissions import Action, can

translate = QCoreApplication.translate

PREVIEW_DELAY_MS = 250
AUTOSAVE_DELAY_MS = 3000
DEFAULT_CHANNELS = ("website", "x", "whatsapp", "sms")


class NewStatementDialog(QDialog):
    """Pick a playbook template, or a blank statement of a kind."""

    def __init__(self, templates: list[Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("newStatementDialog")
        self.setWindowTitle(translate("Statements", "New statement"))
        form = QFormLayout()
        self.template = QComboBox(self)
        self.template.setObjectName("templateChoice")
        for spec in templates:
            self.template.addItem(f"{kind_name(spec.kind)} — {spec.id}", spec.id)
        self.template.addItem(translate("Statements", "Blank statement"), None)
        self.kind = QComboBox(self)
        self.kind.setObjectName("kindChoice")
        for kind in KINDS:
            self.kind.addItem(kind_name(kind), kind)
        form.addRow(translate("Statements", "Template:"), self.template)
        form.addRow(translate("Statements", "Kind (blank only):"), self.kind)
        self.template.currentIndexChanged.connect(
            lambda _i: self.kind.setEnabled(self.template.currentData() is None)
        )
        self.kind.setEnabled(self.template.currentData() is None)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        fix_minimum_size(self)


class PublishDialog(QDialog):
    """A channel, and optionally a time to publish at (in the room's time zone)."""

    def __init__(
        self,
        drill: bool,
        parent: QWidget | None = None,
        zone: str | None = None,
        *,
        now: datetime,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("publishDialog")
        self.setWindowTitle(translate("Statements", "Publish the approved statement"))
        form = QFormLayout()
        self.channel = QComboBox(self)
        self.channel.setObjectName("channelChoice")
        for channel in CHANNELS:
            self.channel.addItem(channel_label(channel), channel)
        form.addRow(translate("Statements", "Channel:"), self.channel)
        self.later = QCheckBox(translate("Statements", "Publish later, at:"), self)
        self.later.setObjectName("publishLater")
        self.zone = ZoneInfo(zone) if zone else None
        in_an_hour = (now + timedelta(hours=1)).astimezone(self.zone)
        start = QDateTime.fromString(in_an_hour.strftime("%Y-%m-%d %H:%M"), "yyyy-MM-dd HH:mm")
        self.when = QDateTimeEdit(start, self)
        self.when.setObjectName("publishAt")
        self.when.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.when.setCalendarPopup(True)
        self.when.setLayoutDirection(LTR)
        self.when.setMinimumWidth(self.fontMetrics().horizontalAdvance("0000-00-00 00:00") + 60)
        self.when.setEnabled(False)
        self.later.toggled.connect(self.when.setEnabled)
        form.addRow(self.later, self.when)
        layout = QVBoxLayout(self)
        if drill:
            note = QLabel(
                translate(
                    "Statements",
                    "Drill incident: publications go to the sandbox channel, never to the public.",
                ),
                self,
            )
            note.setWordWrap(True)
            layout.addWidget(note)
        layout.addLayout(form)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        fix_minimum_size(self)

    def at(self) -> datetime | None:
        if not self.later.isChecked():
            return None
        value = self.when.dateTime().toPython()
        assert isinstance(value, datetime)
        # The wall time typed is the room's; a time that has passed is the core's to refuse.
        if self.zone is not None:
            value = value.replace(tzinfo=self.zone)
        return value.astimezone(UTC)


@register_screen("statements", order=40)
class StatementsScreen(Screen):
    icon_name = "statements"

    @classmethod
    def title(cls) -> str:
        return translate("Statements", "Statements")

    def __init__(self, ctx: RoomContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.loaded = False
        self.detail: StatementDetail | None = None
        self.statement_id: int | None = None
        self.template: Any = None
        self.kind = "holding"
        self.channels: tuple[str, ...] = DEFAULT_CHANNELS
        self.templates: list[Any] = []
        self.drill = False
        self.hand_edited = False
        self._setting_text = False
        self._restore: Any = None
        role = ctx.desk.user.role if ctx.desk.user is not None else ""
        self.may_draft = can(role, Action.STATEMENT_DRAFT)
        self.may_submit = can(role, Action.STATEMENT_SUBMIT)
        self.may_publish = can(role, Action.STATEMENT_PUBLISH)

        self.model = StatementsModel(ctx.prefs, self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        top = QHBoxLayout()
        self.heading = QLabel(self)
        self.heading.setObjectName("screenTitle")
        self.state_box = QComboBox(self)
        self.state_box.setObjectName("stateFilter")
        self.new_button = QPushButton(self)
        self.new_button.setObjectName("newStatement")
        self.new_button.setVisible(self.may_draft)
        top.addWidget(self.heading, 1)
        top.addWidget(self.state_box)
        top.addWidget(self.new_button)
        layout.addLayout(top)

        split = QSplitter(Qt.Orientation.Vertical, self)
        self.table = QTableView(split)
        self.table.setObjectName("statementsTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)
        self.editor = QWidget(split)
        split.addWidget(self.table)
        split.addWidget(self.editor)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 4)
        split.setSizes([120, 610])  # a few rows of the list; the editor gets the rest
        layout.addWidget(split, 1)

        ed = QVBoxLayout(self.editor)
        ed.setContentsMargins(0, 6, 0, 0)
        self.caption = QLabel(self.editor)
        self.caption.setObjectName("statementCaption")
        self.caption.setTextFormat(Qt.TextFormat.PlainText)
        self.caption.setWordWrap(True)
        ed.addWidget(self.caption)
        self.cascade = CascadeLine(ctx, self.editor)  # the network cascade, when there is one
        ed.addWidget(self.cascade)
        banner = QHBoxLayout()
        self.restore_label = QLabel(self.editor)
        self.restore_button = QPushButton(self.editor)
        self.restore_button.setObjectName("restoreAutosave")
        banner.addWidget(self.restore_label, 1)
        banner.addWidget(self.restore_button)
        ed.addLayout(banner)
        self.restore_label.hide()
        self.restore_button.hide()

        texts = TextsPane(ctx.prefs.language, ctx.prefs.arabic_digits, self.editor)
        self.form, self.form_area = texts.form, texts.form_area
        self.arabic, self.english = texts.arabic, texts.english
        self.arabic_label, self.english_label = texts.arabic_label, texts.english_label
        ed.addWidget(texts, 4)  # the texts get most of the height: more lines per language
        notes = QHBoxLayout()
        self.note = QLabel(self.editor)
        self.note.setObjectName("editorNote")
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self.note.setWordWrap(True)
        self.rerender_button = QPushButton(self.editor)
        self.rerender_button.setObjectName("rerender")
        self.rerender_button.hide()
        notes.addWidget(self.note, 1)
        notes.addWidget(self.rerender_button)
        ed.addLayout(notes)

        tabs = StatementTabs(self.editor)
        self.tabs, self.checklist, self.preview = tabs, tabs.checklist, tabs.preview
        self.versions, self.diff = tabs.history.versions, tabs.history.diff
        pubs = tabs.pubs
        self.publications, self.retry_button = pubs.publications, pubs.retry_button
        self.went_out_button, self.not_out_button = pubs.went_out_button, pubs.not_out_button
        self.forms_view, self.languages_view = tabs.forms_view, tabs.languages_view
        ed.addWidget(self.tabs, 2)

        workflow = WorkflowButtons(self.editor)
        self.save_button, self.submit_button = workflow.save_button, workflow.submit_button
        self.publish_button = workflow.publish_button
        ed.addWidget(workflow)

        self._make_timers()
        self._connect()
        self.retranslate()
        self._set_editing(False)
        self._load_templates()
        self.refresh()

    def _make_timers(self) -> None:
        """The live preview and checklist wait for a pause in typing; autosave for longer."""
        self._preview_timer = QTimer(self)
        self._preview_timer.setSingleShot(True)
        self._preview_timer.setInterval(PREVIEW_DELAY_MS)
        self._preview_timer.timeout.connect(self.render_form)
        self._check_timer = QTimer(self)
        self._check_timer.setSingleShot(True)
        self._check_timer.setInterval(PREVIEW_DELAY_MS)
        self._check_timer.timeout.connect(self.check_texts)
        self._autosave_timer = QTimer(self)
        self._autosave_timer.setSingleShot(True)
        self._autosave_timer.setInterval(AUTOSAVE_DELAY_MS)
        self._autosave_timer.timeout.connect(self.autosave)

    def _connect(self) -> None:
        """Every button and field of the screen to what it does."""
        self.state_box.currentIndexChanged.connect(lambda _i: self.refresh())
        self.new_button.clicked.connect(self.ask_new)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.form.changed.connect(self._preview_timer.start)
        self.arabic.textChanged.connect(self._text_changed)
        self.english.textChanged.connect(self._text_changed)
        self.rerender_button.clicked.connect(self._rerender_clicked)
        self.save_button.clicked.connect(lambda: self.save())
        self.submit_button.clicked.connect(lambda: self.submit())
        self.publish_button.clicked.connect(self.ask_publish)
        self.retry_button.clicked.connect(self.retry_selected)
        self.went_out_button.clicked.connect(lambda: self.record_outcome(True))
        self.not_out_button.clicked.connect(lambda: self.record_outcome(False))
        self.restore_button.clicked.connect(self.restore_autosave)
        self.versions.currentRowChanged.connect(self._version_selected)

    # -- texts ------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.heading.setText(translate("Statements", "Public statements"))
        current = self.state_box.currentData()
        self.state_box.blockSignals(True)
        self.state_box.clear()
        self.state_box.addItem(translate("Statements", "All states"), None)
        for state in STATES:
            self.state_box.addItem(state_name(state), state)
        self.state_box.setCurrentIndex(max(0, self.state_box.findData(current)))
        self.state_box.blockSignals(False)
        self.new_button.setText(translate("Statements", "New statement…"))
        self.arabic_label.setText(translate("Statements", "Arabic text"))
        self.english_label.setText(translate("Statements", "English text"))
        self.rerender_button.setText(translate("Statements", "Rewrite from the form"))
        self.tabs.setTabText(0, translate("Statements", "Rules and limits"))
        self.tabs.setTabText(1, translate("Statements", "Preview"))
        self.tabs.setTabText(2, translate("Statements", "Versions"))
        self.tabs.setTabText(3, translate("Statements", "Publications"))
        self.tabs.setTabText(4, translate("Statements", "Channel forms"))
        self.tabs.setTabText(5, translate("Statements", "Other languages"))
        self.languages_view.lang = self.ctx.prefs.language
        self.forms_view.lang = self.ctx.prefs.language
        self.retry_button.setText(translate("Statements", "Retry the selected publication"))
        self.went_out_button.setText(translate("Statements", "It is on the channel"))
        self.not_out_button.setText(translate("Statements", "It is not on the channel"))
        self.save_button.setText(translate("Statements", "Save version"))
        self.submit_button.setText(translate("Statements", "Submit for approval"))
        self.publish_button.setText(translate("Statements", "Publish…"))
        self.restore_button.setText(translate("Statements", "Restore unsaved text"))
        self.restore_label.setText(
            translate("Statements", "You have unsaved text from an earlier session.")
        )
        self.model.refresh_texts()
        self._update_caption()

    # -- loading ----------------------------------------------------------------------
    def _load_templates(self) -> None:
        desk, incident = self.ctx.desk, self.ctx.incident_id

        def load() -> tuple[list[Any], bool]:
            return desk.statements.templates(incident), desk.incidents.get(incident).drill

        def done(result: tuple[list[Any], bool]) -> None:
            self.templates, self.drill = result
            if self._wanted_kind is not None:
                self.draft_kind(self._wanted_kind)

        self.ctx.ops.read(load, done, owner=self)

    def refresh(self) -> None:
        desk, incident = self.ctx.desk, self.ctx.incident_id
        state = self.state_box.currentData()
        self.ctx.ops.read(
            lambda: desk.statements.list(incident, state), self._show_rows, owner=self
        )

    def _show_rows(self, rows: list[Any]) -> None:
        keep = self.statement_id
        self.model.set_rows(rows)
        self.loaded = True
        if keep is not None:
            row = self.model.row_of(keep)
            if row is not None:
                self.table.blockSignals(True)
                self.table.selectRow(row)
                self.table.blockSignals(False)

    def on_changes(self, changes: Changes) -> None:
        if changes.statements:
            self.refresh()
            if self.statement_id is not None and any(
                d.subject == f"statement:{self.statement_id}" and d.actor != self._me()
                for d in changes.decisions
            ):
                self.open_statement(self.statement_id)

    def on_prefs_changed(self) -> None:
        self.model.refresh_texts()
        self._update_caption()

    def showcase(self) -> None:
        if self.model.rows and self.statement_id is None:
            target = next((r for r in self.model.rows if r.state == "approved"), self.model.rows[0])
            self.open_statement(target.id)

    def _me(self) -> str:
        return self.ctx.desk.user.name if self.ctx.desk.user else ""

    def _row_changed(self, current: Any, _previous: Any) -> None:
        if current.isValid():
            self.open_statement(self.model.rows[current.row()].id)

    def open_statement(self, statement_id: int) -> None:
        desk = self.ctx.desk

        def load() -> tuple[StatementDetail, list[Any], Any]:
            detail = desk.statements.detail(statement_id)
            template_id = detail.statement.template_id
            fields = (
                desk.statements.form(detail.statement.incident_id, template_id)
                if (template_id)
                else []
            )
            return detail, fields, desk.statements.autosaved(statement_id)

        self.ctx.ops.read(load, self._show_statement, self.ctx.ops.error.emit, owner=self)

    def _show_statement(self, loaded: tuple[StatementDetail, list[Any], Any]) -> None:
        detail, fields, autosaved = loaded
        self.detail = detail
        self.statement_id = detail.statement.id
        self.kind = detail.statement.kind
        self.template = next(
            (t for t in self.templates if t.id == detail.statement.template_id), None
        )
        self.channels = tuple(self.template.channels) if self.template else DEFAULT_CHANNELS
        latest = detail.latest
        self.form.set_fields(fields, latest.variables)
        self.form_area.setVisible(bool(fields))
        self._set_texts(latest.text_ar, latest.text_en)
        self.languages_view.show_texts(latest.extra)
        self.hand_edited = False
        self._restore = autosaved
        self.restore_label.setVisible(autosaved is not None)
        self.restore_button.setVisible(autosaved is not None)
        self._show_versions(detail)
        self._show_publications(detail.publications)
        self.cascade.show_for(detail.statement.id)
        self._set_editing(True)
        self._update_caption()
        self.note.setText("")
        self.rerender_button.hide()
        self.check_texts()

    def _update_caption(self) -> None:
        detail = self.detail
        if detail is None:
            if self.editor.isEnabled():
                self.caption.setText(translate("Statements", "New statement (not saved yet)"))
            else:
                self.caption.setText(
                    translate("Statements", "Select a statement, or start a new one.")
                )
            return
        info, latest = detail.statement, detail.latest
        prefs = self.ctx.prefs
        self.caption.setText(
            translate("Statements", "No. %1 · %2 · %3 · version %4 by %5, %6")
            .replace("%1", number(info.id, prefs))
            .replace("%2", kind_name(info.kind))
            .replace("%3", state_name(info.state))
            .replace("%4", number(latest.number, prefs))
            .replace("%5", safe_text(person(self.ctx.desk, latest.author)))
            .replace("%6", date_time(latest.created_at, prefs, seconds=False))
            + "\n"
            + safe_text(info.title(prefs.language), limit=300)
        )

    def _set_editing(self, on: bool) -> None:
        state = self.detail.statement.state if self.detail else "draft"
        editable = on and self.may_draft and can_edit(state)
        self.editor.setEnabled(on)
        self.arabic.setReadOnly(not editable)
        self.english.setReadOnly(not editable)
        self.form.setEnabled(editable)
        self.save_button.setEnabled(editable)
        # Submit saves first what is on screen (a new statement, or edits not saved yet).
        self.submit_button.setEnabled(
            on and self.may_submit and self.may_draft and can_submit(state)
            if self.detail is None
            else on and self.may_submit and can_submit(state)
        )
        self.publish_button.setEnabled(on and self.may_publish and can_publish(state))

    # -- new statement, form and preview ----------------------------------------------------
    def ask_new(self) -> None:
        dialog = NewStatementDialog(self.templates, self)
        dialog.accepted.connect(
            lambda: self.start_new(dialog.template.currentData(), dialog.kind.currentData())
        )
        dialog.finished.connect(lambda _code: dialog.deleteLater())
        dialog.open()

    _wanted_kind: str | None = None

    def draft_kind(self, kind: str) -> None:
        """A new statement from the playbook's first template of ``kind`` (a blank one of
        that kind when the playbook has none), once the templates are known."""
        if not self.templates and self._wanted_kind is None:
            self._wanted_kind = kind  # the templates are still loading
            return
        self._wanted_kind = None
        template = next((t for t in self.templates if t.kind == kind), None)
        self.start_new(template.id if template else None, kind)

    def start_new(self, template_id: str | None, kind: str = "holding") -> None:
        """Open the editor on a statement not saved yet: the form first, then the text."""
        self.detail = None
        self.statement_id = None
        self.table.clearSelection()
        self.template = next((t for t in self.templates if t.id == template_id), None)
        self.kind = self.template.kind if self.template else kind
        self.channels = tuple(self.template.channels) if self.template else DEFAULT_CHANNELS
        self._set_texts("", "")
        self.hand_edited = False
        self._show_versions(None)
        self._show_publications(())
        self.restore_label.hide()
        self.restore_button.hide()
        self._set_editing(True)
        self.publish_button.setEnabled(False)
        self._update_caption()
        if self.template is None:
            self.form.set_fields([])
            self.form_area.hide()
            self.check_texts()
            return
        desk, incident, tid = self.ctx.desk, self.ctx.incident_id, self.template.id

        def fields_loaded(fields: list[Any]) -> None:
            self.form.set_fields(fields)
            self.form_area.show()
            self.render_form()

        self.ctx.ops.read(lambda: desk.statements.form(incident, tid), fields_loaded, owner=self)

    def render_form(self) -> None:
        """Render the template with the form's values (in the background)."""
        if self.template is None or (self.hand_edited and not self._force_render):
            self._force_render = False
            return
        self._force_render = False
        desk, incident, tid = self.ctx.desk, self.ctx.incident_id, self.template.id
        raw = self.form.raw_values()

        def rendered(result: tuple[dict[str, str], Any]) -> None:
            texts = result[0]
            self._set_texts(texts["ar"], texts["en"])
            self.languages_view.show_texts(
                {k: v for k, v in texts.items() if k not in ("ar", "en")}
            )
            self.hand_edited = False
            self.note.setText("")
            self.rerender_button.hide()

        self.ctx.ops.read(
            lambda: desk.statements.render(incident, tid, raw),
            rendered,
            lambda message: self.note.setText(message),
            owner=self,
        )

    _force_render = False

    def _rerender_clicked(self) -> None:
        self._force_render = True
        self.render_form()

    def _set_texts(self, ar: str, en: str) -> None:
        self._setting_text = True
        try:
            self.arabic.setPlainText(ar)
            self.english.setPlainText(en)
        finally:
            self._setting_text = False
        self._update_preview()
        self._check_timer.start()

    def _text_changed(self) -> None:
        self._update_preview()
        self._check_timer.start()
        if self._setting_text:
            return
        if self.template is not None and not self.hand_edited:
            self.hand_edited = True
            self.note.setText(
                translate("Statements", "Edited by hand: the form no longer rewrites the text.")
            )
            self.rerender_button.show()
        self._autosave_timer.start()

    def texts(self) -> dict[str, str]:
        return {"ar": self.arabic.toPlainText(), "en": self.english.toPlainText()}

    def _update_preview(self) -> None:
        self.preview.setPlainText(bilingual_body(self.texts()))

    def check_texts(self) -> None:
        desk, incident = self.ctx.desk, self.ctx.incident_id
        texts, kind, channels = self.texts(), self.kind, self.channels
        template_id = self.template.id if self.template is not None else None
        raw = self.form.raw_values() if template_id else {}

        def checked(result: tuple[Any, dict[str, Any]]) -> None:
            checklist, forms = result
            self.checklist.show_checklist(checklist, self.ctx.prefs.language)
            self.forms_view.show_forms(forms)

        self.ctx.ops.read(
            lambda: desk.statements.editor_checklist(
                incident, template_id, texts, kind, channels, raw
            ),
            checked,
            owner=self,
        )

    # -- autosave ---------------------------------------------------------------------
    def autosave(self) -> None:
        if self.statement_id is None or not self.editor.isEnabled():
            return
        desk, sid = self.ctx.desk, self.statement_id
        texts = self.texts()
        raw = {k: (v.ar if hasattr(v, "ar") else v) for k, v in self.form.raw_values().items()}
        self.ctx.ops.write(
            lambda: desk.statements.autosave(sid, texts["ar"], texts["en"], raw), owner=self
        )

    def restore_autosave(self) -> None:
        if self._restore is not None:
            self._set_texts(self._restore.text_ar, self._restore.text_en)
            self.hand_edited = self.template is not None
        self.restore_label.hide()
        self.restore_button.hide()

    # -- saving and the workflow ---------------------------------------------------------
    def save(self, then: Any = None) -> None:
        """Save a version (a new statement's first); ``then(statement_id)`` after it."""
        desk, incident = self.ctx.desk, self.ctx.incident_id

        def saved(statement_id: int) -> None:
            self._saved(statement_id)
            if then is not None:
                then(statement_id)

        texts = self.texts()
        raw = self.form.raw_values() if self.template is not None else None
        if self.statement_id is None:
            tid, kind = (self.template.id if self.template else None), self.kind

            def create() -> int:
                detail = desk.statements.draft(incident, tid, raw or {}, kind=kind, texts=texts)
                return detail.statement.id

            self.ctx.ops.write(create, saved, self.ctx.ops.error.emit, owner=self)
            return
        sid = self.statement_id
        base = self.detail.latest.number if self.detail else None
        self.ctx.ops.write(
            lambda: (
                desk.statements.save(
                    sid, text_ar=texts["ar"], text_en=texts["en"], variables=raw, base_version=base
                ).statement_id
            ),
            saved,
            self.ctx.ops.error.emit,
            owner=self,
        )

    def _saved(self, statement_id: int) -> None:
        self._autosave_timer.stop()
        self.statement_id = statement_id
        self.refresh()
        self.open_statement(statement_id)

    def _unsaved(self) -> bool:
        """True when the screen shows text or values that are not the latest version."""
        if self.detail is None:
            return True
        latest = self.detail.latest
        return self.texts() != {"ar": latest.text_ar, "en": latest.text_en}

    def submit(self) -> None:
        """Submit for approval, saving first what is on screen (one click, not two)."""
        if self.statement_id is not None and not self._unsaved():
            self._submit(self.statement_id)
            return
        self.save(then=self._submit)

    def _submit(self, statement_id: int) -> None:
        self.statement_id = statement_id
        desk = self.ctx.desk
        self.ctx.ops.write(
            lambda: desk.statements.submit(statement_id).id,
            self._submitted,
            self.ctx.ops.error.emit,
            owner=self,
        )

    def _submitted(self, statement_id: int) -> None:
        self._saved(statement_id)
        confirm(self, translate("Statements", "Submitted for approval: the approvers are told."))

    def ask_publish(self) -> None:
        if self.statement_id is None:
            return
        dialog = PublishDialog(self.drill, self, self.ctx.prefs.zone, now=self.ctx.desk.clock.now())
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.publish(dialog.channel.currentData(), dialog.at())
        dialog.deleteLater()

    def publish(self, channel: str, at: datetime | None = None) -> None:
        if self.statement_id is None:
            return
        desk, sid = self.ctx.desk, self.statement_id
        if channel == "clipboard" and self.detail is not None:
            QGuiApplication.clipboard().setText(bilingual_body(self.detail.latest.texts))
        self.ctx.ops.write(
            lambda: desk.statements.publish(sid, channel, at=at),
            lambda _pubs: self._published(sid, channel, at),
            self.ctx.ops.error.emit,
            owner=self,
        )

    def _published(self, statement_id: int, channel: str, at: datetime | None) -> None:
        self._saved(statement_id)
        text = (
            translate("Statements", "Scheduled on %1 for %2.")
            .replace("%1", channel_label(channel))
            .replace("%2", date_time(at, self.ctx.prefs, seconds=False))
            if at is not None
            else translate(
                "Statements", "Sent to %1: see the Publications tab for its state."
            ).replace("%1", channel_label(channel))
        )
        confirm(self, text)

    # -- versions and publications --------------------------------------------------------
    def _show_versions(self, detail: StatementDetail | None) -> None:
        self.versions.blockSignals(True)
        self.versions.clear()
        self.diff.clear()
        if detail is not None:
            prefs = self.ctx.prefs
            for version in reversed(detail.versions):
                item = QListWidgetItem(
                    translate("Statements", "Version %1 · %2 · %3")
                    .replace("%1", number(version.number, prefs))
                    .replace("%2", safe_text(person(self.ctx.desk, version.author)))
                    .replace("%3", date_time(version.created_at, prefs, seconds=False))
                )
                item.setData(Qt.ItemDataRole.UserRole, version.number)
                self.versions.addItem(item)
        self.versions.blockSignals(False)
        if detail is not None and len(detail.versions) > 1:
            self.versions.setCurrentRow(0)

    def _version_selected(self, row: int) -> None:
        item = self.versions.item(row)
        if item is None or self.statement_id is None:
            return
        new = int(item.data(Qt.ItemDataRole.UserRole))
        if new <= 1:
            self.diff.setPlainText(
                translate("Statements", "The first version: nothing to compare with.")
            )
            return
        desk, sid = self.ctx.desk, self.statement_id
        self.ctx.ops.read(
            lambda: desk.statements.diff(sid, new - 1, new), self.diff.show_diff, owner=self
        )

    def _show_publications(self, pubs: tuple[PublicationInfo, ...] | list[PublicationInfo]) -> None:
        self.publications.clear()
        prefs = self.ctx.prefs
        for pub in pubs:
            when = pub.sent_at or pub.scheduled_at
            parts = [
                channel_label(pub.channel) + (f" {pub.target}" if pub.target else ""),
                publication_state_name(pub.state),
                date_time(when, prefs, seconds=False),
            ]
            if pub.sandbox:
                parts.append(translate("Statements", "sandbox (drill)"))
            if pub.missed:
                parts.append(translate("Statements", "missed: waits for confirmation"))
            if pub.external_id:
                parts.append(safe_text(pub.external_id, limit=80))
            if pub.error and prefs.language == "ar":  # our frames in Arabic, theirs kept
                parts.append(publication_error_ar(pub.error, lambda t: safe_text(t, limit=200)))
            elif pub.error:
                parts.append(safe_text(pub.error, limit=200))
            item = QListWidgetItem(" · ".join(p for p in parts if p))
            item.setData(Qt.ItemDataRole.UserRole, pub.id)
            item.setData(Qt.ItemDataRole.UserRole + 1, pub.state)
            self.publications.addItem(item)
        self.retry_button.setEnabled(self.may_publish and any(p.state == "failed" for p in pubs))
        unknown = self.may_publish and any(p.state == "unknown" for p in pubs)
        self.went_out_button.setVisible(unknown)
        self.not_out_button.setVisible(unknown)

    def record_outcome(self, sent: bool) -> None:
        """What the person saw on the channel for the selected (or first) unknown send."""
        item: QListWidgetItem | None = self.publications.currentItem()
        if item is None or item.data(Qt.ItemDataRole.UserRole + 1) != "unknown":
            unknown = [
                self.publications.item(i)
                for i in range(self.publications.count())
                if self.publications.item(i).data(Qt.ItemDataRole.UserRole + 1) == "unknown"
            ]
            item = unknown[0] if unknown else None
        if item is None or self.statement_id is None:
            return
        desk, pub_id, sid = (
            self.ctx.desk,
            int(item.data(Qt.ItemDataRole.UserRole)),
            self.statement_id,
        )
        self.ctx.ops.write(
            lambda: desk.statements.record_outcome(pub_id, sent=sent),
            lambda _p: self._saved(sid),
            self.ctx.ops.error.emit,
            owner=self,
        )

    def retry_selected(self) -> None:
        item = self.publications.currentItem()
        if item is None:
            failed = [
                self.publications.item(i)
                for i in range(self.publications.count())
                if self.publications.item(i).data(Qt.ItemDataRole.UserRole + 1) == "failed"
            ]
            item = failed[0] if failed else None
        if item is None or self.statement_id is None:
            return
        desk, pub_id, sid = (
            self.ctx.desk,
            int(item.data(Qt.ItemDataRole.UserRole)),
            self.statement_id,
        )
        self.ctx.ops.write(
            lambda: desk.statements.retry(pub_id),
            lambda _p: self._saved(sid),
            self.ctx.ops.error.emit,
            owner=self,
        )
