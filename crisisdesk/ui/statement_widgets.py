"""Pieces the Statements and Approvals screens share: the variables form, the rules
checklist, the word diff and the password confirmation. All text is plain text."""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from crisisdesk.statements.diff import LanguageDiff
from crisisdesk.statements.rules import Checklist
from crisisdesk.statements.variables import FieldSpec, LocalizedText
from crisisdesk.ui.display import FSI, PDI, safe_text
from crisisdesk.ui.messages import fix_minimum_size
from crisisdesk.ui.time_field import TimeField

translate = QCoreApplication.translate
_QUOTED = re.compile("([“«])([^”»]*)([”»])")

RTL = Qt.LayoutDirection.RightToLeft
LTR = Qt.LayoutDirection.LeftToRight


def text_box(direction: Qt.LayoutDirection, *, read_only: bool = False) -> QPlainTextEdit:
    """A plain-text box whose paragraphs run in ``direction`` whatever the UI language."""
    box = QPlainTextEdit()
    box.setLayoutDirection(direction)
    option = box.document().defaultTextOption()
    option.setTextDirection(direction)
    option.setAlignment(
        Qt.AlignmentFlag.AlignRight if direction == RTL else Qt.AlignmentFlag.AlignLeft
    )
    box.document().setDefaultTextOption(option)
    box.setReadOnly(read_only)
    box.setTabChangesFocus(True)
    return box


class VariablesForm(QWidget):
    """The template's variables as fields: text (Arabic and English), number, time, choice."""

    changed = Signal()

    def __init__(
        self, lang: str, parent: QWidget | None = None, *, arabic_digits: bool = False
    ) -> None:
        super().__init__(parent)
        self.lang = lang
        self.arabic_digits = arabic_digits
        self.layout_ = QFormLayout(self)
        self.layout_.setContentsMargins(0, 0, 0, 0)
        self.layout_.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.layout_.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        self.fields: list[FieldSpec] = []
        self.widgets: dict[str, tuple[QWidget, ...]] = {}

    def clear(self) -> None:
        while self.layout_.rowCount():
            self.layout_.removeRow(0)
        self.fields = []
        self.widgets = {}

    def set_fields(self, fields: list[FieldSpec], stored: dict[str, Any] | None = None) -> None:
        """Build one row per field, filled from ``stored`` values or the field's pre-fill."""
        self.clear()
        self.fields = list(fields)
        stored = stored or {}
        # Times first: the next-update time is the field changed at every update, and the
        # form scrolls (a bilingual text field takes two lines).
        for spec in sorted(fields, key=lambda f: f.type != "time"):
            value: Any = stored.get(spec.name, spec.prefill)
            label = spec.label(self.lang) + (" *" if spec.required else "")
            widgets: tuple[QWidget, ...]
            if spec.type == "time":
                edit = TimeField(self.arabic_digits, self)
                if value is not None:
                    edit.set_time(
                        value.strftime("%H:%M") if hasattr(value, "strftime") else str(value)
                    )
                edit.changed.connect(self.changed)
                widgets = (edit,)
                row: QWidget = edit
            elif spec.type == "choice":
                box = QComboBox(self)
                for choice in spec.choices:
                    box.addItem(choice, choice)
                if value is not None:
                    box.setCurrentIndex(max(0, box.findData(str(value))))
                box.currentIndexChanged.connect(self.changed)
                widgets = (box,)
                row = box
            elif spec.type == "number":
                line = QLineEdit(self)
                line.setLayoutDirection(LTR)
                line.setPlaceholderText(spec.example or "")
                if value is not None:
                    line.setText(str(value))
                line.textChanged.connect(self.changed)
                widgets = (line,)
                row = line
            else:
                arabic, english = QLineEdit(self), QLineEdit(self)
                arabic.setLayoutDirection(RTL)
                english.setLayoutDirection(LTR)
                arabic.setPlaceholderText(translate("Statements", "Arabic"))
                english.setPlaceholderText(translate("Statements", "English"))
                if isinstance(value, LocalizedText):
                    arabic.setText(value.ar)
                    english.setText(value.en)
                elif isinstance(value, dict):
                    arabic.setText(str(value.get("ar", "")))
                    english.setText(str(value.get("en", "")))
                elif value is not None:
                    arabic.setText(str(value))
                for line in (arabic, english):
                    line.setCursorPosition(0)
                    line.textChanged.connect(self.changed)
                row = QWidget(self)
                pair = QVBoxLayout(row)
                pair.setContentsMargins(0, 0, 0, 0)
                pair.setSpacing(2)
                pair.addWidget(arabic)
                pair.addWidget(english)
                widgets = (arabic, english)
            for widget in widgets:
                widget.setObjectName(f"var_{spec.name}")
            self.widgets[spec.name] = widgets
            self.layout_.addRow(label, row)

    def set_value(self, name: str, ar: str, en: str = "") -> None:
        """Type into a field (tests and restoring autosaved values)."""
        widgets = self.widgets[name]
        first = widgets[0]
        if isinstance(first, QLineEdit):
            first.setText(ar)
            if len(widgets) > 1 and isinstance(widgets[1], QLineEdit):
                widgets[1].setText(en)
        elif isinstance(first, TimeField):
            first.set_time(ar)
        elif isinstance(first, QComboBox):
            first.setCurrentIndex(max(0, first.findData(ar)))

    def raw_values(self) -> dict[str, str | LocalizedText]:
        """What was typed, for the core to check and coerce (blank stays blank)."""
        out: dict[str, str | LocalizedText] = {}
        for spec in self.fields:
            widgets = self.widgets[spec.name]
            first = widgets[0]
            if isinstance(first, TimeField):
                # a time not (yet) valid goes as typed: the core says what is wrong with it
                out[spec.name] = first.time() or first.text()
            elif isinstance(first, QComboBox):
                out[spec.name] = str(first.currentData() or "")
            elif len(widgets) == 2:
                ar = widgets[0].text().strip()  # type: ignore[attr-defined]
                en = widgets[1].text().strip()  # type: ignore[attr-defined]
                # Both sides go to the core even when equal: it asks for the missing one.
                out[spec.name] = LocalizedText(ar, en) if en or ar else ""
            else:
                out[spec.name] = first.text()  # type: ignore[attr-defined]
        return out


_FORM_NAMES = {
    "x": ("منصة X", "X"),
    "sms": ("الرسائل النصية", "SMS"),
    "whatsapp": ("قالب واتساب", "WhatsApp template"),
}


class ChannelFormsView(QPlainTextEdit):
    """Each limited channel's own text, as it will go out (a thread post by post)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("channelForms")
        self.setReadOnly(True)
        self.lang = "en"

    def show_forms(self, forms: dict[str, Any] | None) -> None:
        from crisisdesk.statements.channel_forms import split_thread

        parts: list[str] = []
        for channel, (name_ar, name_en) in _FORM_NAMES.items():
            texts = (forms or {}).get(channel)
            if not isinstance(texts, dict):
                continue
            for lang in ("ar", "en"):
                text = texts.get(lang)
                if not isinstance(text, str):
                    continue
                title = name_ar if self.lang == "ar" else name_en
                which = (
                    ("العربية" if lang == "ar" else "الإنجليزية")
                    if self.lang == "ar"
                    else ("Arabic" if lang == "ar" else "English")
                )
                posts = split_thread(text) if channel == "x" else [text]
                body = "\n— — —\n".join(
                    "\n".join(FSI + safe_text(line, limit=2000) + PDI for line in p.splitlines())
                    for p in posts
                )
                parts.append(f"■ {title} ({which})\n{body}")
        self.setPlainText(
            "\n\n".join(parts)
            or translate(
                "Statements",
                "No channel form: the statement goes to no limited channel, or the form has "
                "an error.",
            )
        )


class LanguagesView(QPlainTextEdit):
    """The statement in the public's other languages (Urdu, Hindi ...), one after another;
    whether each is signed off by a native reader shows in the rules checklist."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("otherLanguages")
        self.setReadOnly(True)
        self.lang = "en"
        self.texts: dict[str, str] = {}

    def show_texts(self, texts: dict[str, str]) -> None:
        from crisisdesk.playbooks.model import LANGUAGE_NAMES

        self.texts = dict(texts)
        parts = []
        for code, text in texts.items():
            name_ar, name_en = LANGUAGE_NAMES.get(code, (code, code))
            title = name_ar if self.lang == "ar" else name_en
            body = "\n".join(FSI + safe_text(line, limit=2000) + PDI for line in text.splitlines())
            parts.append(f"■ {title} ({code})\n{body}")
        self.setPlainText(
            "\n\n".join(parts)
            or translate("Statements", "This statement is in Arabic and English only.")
        )


class ChecklistView(QListWidget):
    """The statement rules and channel limits, one line each, passed or failed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("checklist")
        self.setWordWrap(True)
        self.checklist: Checklist | None = None

    def show_checklist(self, checklist: Checklist | None, lang: str) -> None:
        self.clear()
        self.checklist = checklist
        if checklist is None:
            return
        for result in sorted(checklist.results, key=lambda r: r.passed):
            mark = "✓" if result.passed else "✗"
            detail = result.detail_ar if lang == "ar" and result.detail_ar else result.detail
            label = _QUOTED.sub(
                lambda m: f"{m.group(1)}{FSI}{m.group(2)}{PDI}{m.group(3)}", result.label(lang)
            )
            item = QListWidgetItem(f"{mark} {label} — {safe_text(detail, limit=300)}")
            item.setData(Qt.ItemDataRole.UserRole, result.id)
            if not result.passed:
                item.setForeground(QColor("#b3261e"))
            self.addItem(item)
        if not checklist.results:
            self.addItem(translate("Statements", "This playbook has no statement rules."))


class DiffView(QPlainTextEdit):
    """Word diff per language: removed words struck through in red, added ones in green."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("diffView")
        self.setReadOnly(True)

    def show_diff(self, diffs: dict[str, LanguageDiff] | None) -> None:
        self.clear()
        if not diffs:
            return
        cursor = self.textCursor()
        plain = QTextCharFormat()
        heading = QTextCharFormat()
        heading.setFontWeight(700)
        removed = QTextCharFormat()
        removed.setForeground(QColor("#b3261e"))
        removed.setFontStrikeOut(True)
        added = QTextCharFormat()
        added.setForeground(QColor("#146c2e"))
        added.setFontUnderline(True)
        names = {"ar": translate("Statements", "Arabic"), "en": translate("Statements", "English")}
        for lang, diff in diffs.items():
            state = (
                translate("Statements", "changed")
                if diff.changed
                else translate("Statements", "unchanged")
            )
            cursor.insertText(f"{names.get(lang, lang)} ({state})\n", heading)
            for op in diff.ops:
                if op.op == "equal":
                    cursor.insertText(op.old, plain)
                    continue
                if op.old:
                    cursor.insertText(op.old, removed)
                if op.new:
                    cursor.insertText(op.new, added)
            cursor.insertText("\n\n", plain)
        self.moveCursor(QTextCursor.MoveOperation.Start)


class ConfirmDialog(QDialog):
    """Re-enter the password to approve or reject; an override reason when rules fail."""

    def __init__(self, verdict: str, failures: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.verdict = verdict
        self.setObjectName("confirmVerdict")
        self.setWindowTitle(
            translate("Statements", "Approve the statement")
            if verdict == "approve"
            else translate("Statements", "Reject the statement")
        )
        layout = QVBoxLayout(self)
        intro = QLabel(self)
        intro.setWordWrap(True)
        intro.setText(
            translate(
                "Statements",
                "Your approval binds to this exact text in both languages. "
                "Re-enter your password to confirm.",
            )
            if verdict == "approve"
            else translate(
                "Statements",
                "The author will read your comment. Re-enter your password to confirm.",
            )
        )
        layout.addWidget(intro)
        form = QFormLayout()
        self.password = QLineEdit(self)
        self.password.setObjectName("confirmPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setLayoutDirection(LTR)
        form.addRow(translate("Statements", "Password:"), self.password)
        self.reason = QLineEdit(self)
        self.reason.setObjectName("overrideReason")
        self.reason.setMinimumWidth(360)
        self.needs_reason = verdict == "approve" and bool(failures)
        if self.needs_reason:
            failed = QLabel(self)
            failed.setWordWrap(True)
            failed.setProperty("role", "error")
            failed.setText(
                translate("Statements", "Rules that fail: %1").replace("%1", "، ".join(failures))
            )
            layout.addWidget(failed)
            form.addRow(translate("Statements", "Override reason:"), self.reason)
        elif verdict == "reject":
            self.reason.setObjectName("rejectComment")
            form.addRow(translate("Statements", "Comment:"), self.reason)
        else:
            self.reason.hide()
        layout.addLayout(form)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        needs_text = self.needs_reason or verdict == "reject"

        def update() -> None:
            ok.setEnabled(
                bool(self.password.text()) and (not needs_text or bool(self.reason.text().strip()))
            )

        self.password.textChanged.connect(update)
        self.reason.textChanged.connect(update)
        update()
        fix_minimum_size(self)
        self.password.setFocus()
