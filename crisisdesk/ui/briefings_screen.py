"""The Briefings screen: the network's WhatsApp messages instead of e-mail. At the top, when
the next situation report is due, a button to draft it from the board and one to send an
approved SitRep to the leadership list; below, three tabs: the briefings sent with each
recipient's furthest receipt (sent, delivered, read, failed — receipts arrive through the
webhook in any order), the WhatsApp template registry (names and parameters as approved in
WhatsApp Manager) and the people on the lists with their opt-in. Every change is a
decision; the core checks who may make it and the screen says what it refused."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from PySide6.QtCore import QCoreApplication, QModelIndex, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from crisisdesk.network.sitrep_cadence import sitrep_dues, sitrep_statement_ids
from crisisdesk.ui.briefings_models import (
    BriefingsModel,
    ReceiptsModel,
    RecipientsModel,
    TemplatesModel,
)
from crisisdesk.ui.changes import Changes
from crisisdesk.ui.display import date_time, safe_text
from crisisdesk.ui.operations import network as network_ops
from crisisdesk.ui.operations import perform
from crisisdesk.ui.room import RoomContext
from crisisdesk.ui.screens import Screen, register_screen
from crisisdesk.ui.widgets import list_table

translate = QCoreApplication.translate


@dataclass(frozen=True)
class SitRepChoice:
    statement_id: int
    title_ar: str
    title_en: str
    state: str


def load_briefings(desk: Any, incident_id: int) -> dict[str, Any]:
    """Everything the screen shows, read on a reader thread."""
    briefings = desk.network.briefings
    with desk.db.read() as session:
        ids = sitrep_statement_ids(session, incident_id)
        due = next((d for d in sitrep_dues(session) if d.incident_id == incident_id), None)
    sitreps = []
    for statement_id in reversed(ids):
        info = desk.statements.get(statement_id)
        sitreps.append(SitRepChoice(statement_id, info.title_ar, info.title_en, info.state))
    names = {u.code: (u.name_ar, u.name_en) for u in desk.network.units()}
    people = briefings.recipients()
    names.update({p.key: (p.name, p.name) for p in people})
    return {
        "history": briefings.history(incident_id),
        "templates": sorted(briefings.templates().values(), key=lambda t: t.name),
        "recipients": people,
        "sitreps": sitreps,
        "due": due.due_at if due else None,
        "names": names,
    }


def _table(parent: QWidget, name: str, model: Any, stretch: int) -> QTableView:
    return list_table(parent, model, name=name, stretch=(stretch,))


@register_screen("briefings", order=17)
class BriefingsScreen(Screen):
    icon_name = "briefings"

    @classmethod
    def title(cls) -> str:
        return translate("Briefings", "Briefings")

    def __init__(self, ctx: RoomContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.due: datetime | None = None
        self.sitreps: list[SitRepChoice] = []
        self.loaded = False
        prefs = ctx.prefs
        # -- the SitRep row
        self.due_label = QLabel(self)
        self.due_label.setObjectName("sitrepDue")
        self.draft_button = QPushButton(self)
        self.draft_button.setObjectName("draftSitrep")
        self.draft_button.clicked.connect(self.draft_sitrep)
        self.sitrep_choice = QComboBox(self)
        self.sitrep_choice.setObjectName("sitrepChoice")
        self.send_button = QPushButton(self)
        self.send_button.setObjectName("sendSitrep")
        self.send_button.clicked.connect(self.send_sitrep)
        top = QHBoxLayout()
        top.addWidget(self.due_label, 1)
        top.addWidget(self.draft_button)
        top.addWidget(self.sitrep_choice, 1)
        top.addWidget(self.send_button)
        # -- sent briefings and their receipts
        self.history_model = BriefingsModel(prefs, self)
        self.history = _table(self, "briefingHistory", self.history_model, 1)
        self.history.selectionModel().currentRowChanged.connect(self._briefing_selected)
        self.receipts_model = ReceiptsModel(prefs, self)
        self.receipts = _table(self, "briefingReceipts", self.receipts_model, 3)
        sent = QSplitter(Qt.Orientation.Vertical, self)
        sent.addWidget(self.history)
        sent.addWidget(self.receipts)
        # -- the template registry
        self.templates_model = TemplatesModel(prefs, self)
        self.templates = _table(self, "templateRegistry", self.templates_model, 2)
        self.templates.selectionModel().currentRowChanged.connect(self._template_selected)
        self.t_name = QLineEdit(self)
        self.t_name.setObjectName("templateName")
        self.t_language = QLineEdit("ar", self)
        self.t_language.setObjectName("templateLanguage")
        self.t_params = QLineEdit(self)
        self.t_params.setObjectName("templateParams")
        self.t_purpose_ar = QLineEdit(self)
        self.t_purpose_ar.setObjectName("templatePurposeAr")
        self.t_purpose_en = QLineEdit(self)
        self.t_purpose_en.setObjectName("templatePurposeEn")
        self.t_active = QCheckBox(self)
        self.t_active.setObjectName("templateActive")
        self.t_active.setChecked(True)
        self.t_save = QPushButton(self)
        self.t_save.setObjectName("saveTemplate")
        self.t_save.clicked.connect(self.save_template)
        self.t_form = QFormLayout()
        templates_page = QWidget(self)
        tl = QVBoxLayout(templates_page)
        tl.addWidget(self.templates, 1)
        tl.addLayout(self.t_form)
        # -- the people on the lists
        self.people_model = RecipientsModel(prefs, self)
        self.people = _table(self, "recipientList", self.people_model, 0)
        self.people.selectionModel().currentRowChanged.connect(self._person_selected)
        self.p_key = QLineEdit(self)
        self.p_key.setObjectName("recipientKey")
        self.p_name = QLineEdit(self)
        self.p_name.setObjectName("recipientName")
        self.p_number = QLineEdit(self)
        self.p_number.setObjectName("recipientNumber")
        self.p_lists = QLineEdit("leadership", self)
        self.p_lists.setObjectName("recipientLists")
        self.p_optin = QCheckBox(self)
        self.p_optin.setObjectName("recipientOptIn")
        self.p_active = QCheckBox(self)
        self.p_active.setObjectName("recipientActive")
        self.p_active.setChecked(True)
        self.p_save = QPushButton(self)
        self.p_save.setObjectName("saveRecipient")
        self.p_save.clicked.connect(self.save_recipient)
        self.p_form = QFormLayout()
        people_page = QWidget(self)
        pl = QVBoxLayout(people_page)
        pl.addWidget(self.people, 1)
        pl.addLayout(self.p_form)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("briefingTabs")
        self.tabs.addTab(sent, "")
        self.tabs.addTab(templates_page, "")
        self.tabs.addTab(people_page, "")
        self.message = QLabel(self)
        self.message.setObjectName("briefingMessage")
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.message)
        self._labels: list[QLabel] = []
        self.retranslate()
        self.refresh()

    def retranslate(self) -> None:
        self.draft_button.setText(translate("Briefings", "Draft situation report"))
        self.send_button.setText(translate("Briefings", "Send to the leadership"))
        self.tabs.setTabText(0, translate("Briefings", "Sent and receipts"))
        self.tabs.setTabText(1, translate("Briefings", "WhatsApp templates"))
        self.tabs.setTabText(2, translate("Briefings", "Recipients"))
        self.t_params.setPlaceholderText(translate("Briefings", "incident, summary"))
        self.t_active.setText(translate("Briefings", "In use"))
        self.t_save.setText(translate("Briefings", "Save template"))
        self.p_number.setPlaceholderText("+9665XXXXXXXX")
        self.p_optin.setText(translate("Briefings", "Agreed to receive WhatsApp messages"))
        self.p_active.setText(translate("Briefings", "Active"))
        self.p_save.setText(translate("Briefings", "Save recipient"))
        self._rebuild_forms()
        self._show_due()
        self._fill_sitreps()
        for model, last in (
            (self.history_model, 4), (self.receipts_model, 3),
            (self.templates_model, 4), (self.people_model, 4),
        ):  # fmt: skip
            model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, last)

    def _rebuild_forms(self) -> None:
        for form, rows in (
            (self.t_form, [
                (translate("Briefings", "Template name"), self.t_name),
                (translate("Briefings", "Language"), self.t_language),
                (translate("Briefings", "Parameters, in order"), self.t_params),
                (translate("Briefings", "Purpose (Arabic)"), self.t_purpose_ar),
                (translate("Briefings", "Purpose (English)"), self.t_purpose_en),
                ("", self.t_active), ("", self.t_save),
            ]),
            (self.p_form, [
                (translate("Briefings", "Key"), self.p_key),
                (translate("Briefings", "Name"), self.p_name),
                (translate("Briefings", "Number"), self.p_number),
                (translate("Briefings", "Lists"), self.p_lists),
                ("", self.p_optin), ("", self.p_active), ("", self.p_save),
            ]),
        ):  # fmt: skip
            while form.rowCount():
                form.takeRow(0)
            for label, widget in rows:
                form.addRow(label, widget)

    # ---------------------------------------------------------------- loading
    def refresh(self) -> None:
        desk, incident = self.ctx.desk, self.ctx.incident_id
        self.ctx.ops.read(
            lambda: load_briefings(desk, incident), self._loaded, self.message.setText, owner=self
        )

    def _loaded(self, data: dict[str, Any]) -> None:
        lang = self.ctx.prefs.language
        names = {k: (v[0] if lang == "ar" else v[1]) for k, v in data["names"].items()}
        keep = self._current(self.history, self.history_model)
        self.receipts_model.names = names
        self.history_model.set_items(data["history"])
        self.templates_model.set_items(data["templates"])
        self.people_model.set_items(data["recipients"])
        self.sitreps = data["sitreps"]
        self.due = data["due"]
        self._fill_sitreps()
        self._show_due()
        rows = [b.seq for b in data["history"]]
        row = rows.index(keep) if keep in rows else (0 if rows else -1)
        if row >= 0:
            self.history.setCurrentIndex(self.history_model.index(row, 0))
            self.receipts_model.set_items(list(data["history"][row].recipients))
        else:
            self.receipts_model.set_items([])
        self.loaded = True

    @staticmethod
    def _current(view: QTableView, model: Any) -> Any:
        index = view.currentIndex()
        return model.data(model.index(index.row(), 0), Qt.ItemDataRole.UserRole) if (
            index.isValid()
        ) else None  # fmt: skip

    def _show_due(self) -> None:
        if self.due is None:
            self.due_label.setText(
                translate("Briefings", "No situation report cadence: no unit is involved")
            )
            return
        when = date_time(self.due, self.ctx.prefs, seconds=False)
        self.due_label.setText(
            translate("Briefings", "Next situation report due %1").replace("%1", when)
        )

    def _fill_sitreps(self) -> None:
        keep = self.sitrep_choice.currentData()
        self.sitrep_choice.clear()
        states = {
            "draft": translate("Briefings", "draft"),
            "in_review": translate("Briefings", "in review"),
            "approved": translate("Briefings", "approved"),
            "published": translate("Briefings", "published"),
            "rejected": translate("Briefings", "rejected"),
            "superseded": translate("Briefings", "superseded"),
        }
        for choice in self.sitreps:
            title = choice.title_ar if self.ctx.prefs.language == "ar" else choice.title_en
            label = f"#{choice.statement_id} — {safe_text(title, limit=80)} " + (
                f"({states.get(choice.state, choice.state)})"
            )
            self.sitrep_choice.addItem(label, choice.statement_id)
        approved = [c.statement_id for c in self.sitreps if c.state in ("approved", "published")]
        wanted = keep if keep is not None else (approved[0] if approved else None)
        self.sitrep_choice.setCurrentIndex(max(0, self.sitrep_choice.findData(wanted)))

    def on_changes(self, changes: Changes) -> None:
        if changes.network or changes.statements or changes.intake or changes.units:
            self.refresh()

    # ---------------------------------------------------------------- selecting
    def _briefing_selected(self, current: QModelIndex, _previous: QModelIndex) -> None:
        item = self.history_model.item(current)
        self.receipts_model.set_items(list(item.recipients) if item else [])

    def _template_selected(self, current: QModelIndex, _previous: QModelIndex) -> None:
        item = self.templates_model.item(current)
        if item is None:
            return
        self.t_name.setText(item.name)
        self.t_language.setText(item.language)
        self.t_params.setText(", ".join(item.params))
        self.t_purpose_ar.setText(item.purpose_ar)
        self.t_purpose_en.setText(item.purpose_en)
        self.t_active.setChecked(item.active)

    def _person_selected(self, current: QModelIndex, _previous: QModelIndex) -> None:
        item = self.people_model.item(current)
        if item is None:
            return
        self.p_key.setText(item.key)
        self.p_name.setText(item.name)
        self.p_number.setText(item.number)
        self.p_lists.setText(", ".join(item.lists))
        self.p_optin.setChecked(item.opted_in)
        self.p_active.setChecked(item.active)

    # ---------------------------------------------------------------- acting
    def _done(self, text: str) -> None:
        self.message.setText(text)

    def draft_sitrep(self) -> None:
        perform(
            self.ctx,
            network_ops.draft_sitrep(self.ctx.desk, self.ctx.incident_id),
            lambda done: self._done(
                translate(
                    "Briefings", "Situation report drafted as statement %1: review and approve it"
                ).replace("%1", str(done.value))
            ),
            self.message.setText,
            owner=self,
        )

    def send_sitrep(self) -> None:
        statement = self.sitrep_choice.currentData()
        if statement is None:
            self.message.setText(translate("Briefings", "Draft a situation report first."))
            return
        perform(
            self.ctx,
            network_ops.send_sitrep(self.ctx.desk, int(statement), self.ctx.prefs.language),
            lambda done: self._done(
                translate("Briefings", "Situation report sent to %1 recipients").replace(
                    "%1", str(len(done.value[1]))
                )
            ),
            self.message.setText,
            owner=self,
        )

    def save_template(self) -> None:
        name, language = self.t_name.text(), self.t_language.text()
        params = self.t_params.text().replace("،", ",").split(",")
        ar, en = self.t_purpose_ar.text(), self.t_purpose_en.text()
        active = self.t_active.isChecked()
        op = network_ops.set_template(
            self.ctx.desk,
            name,
            params,
            language=language,
            purpose_ar=ar,
            purpose_en=en,
            active=active,
        )
        perform(
            self.ctx,
            op,
            lambda done: self._done(
                translate("Briefings", "Template %1 saved").replace("%1", done.value.name)
            ),
            self.message.setText,
            owner=self,
        )

    def save_recipient(self) -> None:
        key, name, phone = self.p_key.text(), self.p_name.text(), self.p_number.text()
        lists = self.p_lists.text().replace("،", ",").split(",")
        opted, active = self.p_optin.isChecked(), self.p_active.isChecked()
        op = network_ops.set_recipient(
            self.ctx.desk, key, name, phone, lists=lists, opted_in=opted, active=active
        )
        perform(
            self.ctx,
            op,
            lambda done: self._done(
                translate("Briefings", "Recipient %1 saved").replace(
                    "%1", safe_text(done.value.name, limit=80)
                )
            ),
            self.message.setText,
            owner=self,
        )

    def showcase(self) -> None:
        if self.history_model.rowCount():
            self.history.setCurrentIndex(self.history_model.index(0, 0))
