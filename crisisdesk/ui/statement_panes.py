"""The parts the Statements screen is built from, each a small widget of its own: the two
texts side by side with the variables form beside them, the version history with its
word diff, the publications with what to do about a failed or unknown send, and the row
of workflow buttons. The screen wires them to the core; they only lay themselves out."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from crisisdesk.ui.statement_widgets import (
    LTR,
    RTL,
    ChannelFormsView,
    ChecklistView,
    DiffView,
    LanguagesView,
    VariablesForm,
    text_box,
)


class TextsPane(QWidget):
    """The variables form (scrolling on its own) and the Arabic and English texts."""

    def __init__(self, lang: str, arabic_digits: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form = VariablesForm(lang, None, arabic_digits=arabic_digits)
        self.form_area = QScrollArea(self)
        self.form_area.setWidgetResizable(True)
        self.form_area.setWidget(self.form)
        self.form_area.setMinimumWidth(300)
        self.form_area.setMaximumWidth(380)
        self.arabic = text_box(RTL)
        self.arabic.setObjectName("textArabic")
        self.english = text_box(LTR)
        self.english.setObjectName("textEnglish")
        self.arabic_label = QLabel(self)
        self.english_label = QLabel(self)
        ar_col, en_col = QVBoxLayout(), QVBoxLayout()
        ar_col.addWidget(self.arabic_label)
        ar_col.addWidget(self.arabic, 1)
        en_col.addWidget(self.english_label)
        en_col.addWidget(self.english, 1)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.form_area)
        row.addLayout(ar_col, 1)
        row.addLayout(en_col, 1)


class VersionsPane(QWidget):
    """The versions, newest first, and the word diff of the one selected."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.versions = QListWidget(self)
        self.versions.setObjectName("versions")
        self.versions.setMaximumWidth(320)
        self.diff = DiffView(self)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.versions)
        row.addWidget(self.diff, 1)


class PublicationsPane(QWidget):
    """The publications, with retry for a failed send and the person's answer for a send
    whose outcome is unknown (it waits for someone to look at the channel)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.publications = QListWidget(self)
        self.publications.setObjectName("publications")
        self.retry_button = QPushButton(self)
        self.retry_button.setObjectName("retryPublication")
        self.went_out_button = QPushButton(self)
        self.went_out_button.setObjectName("outcomeSent")
        self.not_out_button = QPushButton(self)
        self.not_out_button.setObjectName("outcomeNotSent")
        buttons = QHBoxLayout()
        buttons.addWidget(self.retry_button)
        buttons.addWidget(self.went_out_button)
        buttons.addWidget(self.not_out_button)
        buttons.addStretch(1)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.publications, 1)
        column.addLayout(buttons)


class WorkflowButtons(QWidget):
    """Save, submit for approval and publish, in the order a statement goes through them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.save_button = QPushButton(self)
        self.save_button.setObjectName("saveVersion")
        self.submit_button = QPushButton(self)
        self.submit_button.setObjectName("submitStatement")
        self.publish_button = QPushButton(self)
        self.publish_button.setObjectName("publishStatement")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.save_button)
        row.addWidget(self.submit_button)
        row.addStretch(1)
        row.addWidget(self.publish_button)


class StatementTabs(QTabWidget):
    """Under the texts: rules and limits, the preview, versions, publications, each
    channel's own text and the other languages (the screen names the tabs)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.checklist = ChecklistView(self)
        self.preview = QPlainTextEdit(self)
        self.preview.setObjectName("preview")
        self.preview.setReadOnly(True)
        self.history = VersionsPane(self)
        self.pubs = PublicationsPane(self)
        self.forms_view = ChannelFormsView(self)
        self.languages_view = LanguagesView(self)
        for page in (
            self.checklist,
            self.preview,
            self.history,
            self.pubs,
            self.forms_view,
            self.languages_view,
        ):
            self.addTab(page, "")
