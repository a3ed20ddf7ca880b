"""The reply composer: a canned reply or the operator's own words, the exact text the citizen
will receive, and the conversation with that person beside it.

The preview is the core's own rendering (the same sandbox and defaults as the reply that goes
out), in Arabic and English, with the language the citizen gets first; a variable not filled
in yet shows as ``[name]`` and holds the Send button back. A free-text reply is sent under the
same permission, unit scope and decision as a canned one, its whole text on the record. The
cluster "reply to all" uses a canned reply only, shows the same preview and says how many
people it goes to before anything is sent.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from crisisdesk.intake.conversation import ConversationLine
from crisisdesk.intake.replies import FREE_TEXT_LIMIT, ReplyPreview
from crisisdesk.text.display import display_line
from crisisdesk.text.script import bidi_controls
from crisisdesk.ui.display import DisplayPrefs, date_time, digits, safe_text
from crisisdesk.ui.inbox_model import category_name, channel_name, reply_result_name

translate = QCoreApplication.translate

PREVIEW_DELAY_MS = 150
_PLACEHOLDER = re.compile(r"\{\{\s*(\w+)[^}]*\}\}")  # {{ location }} shows as [location]
FREE = ""  # the choice's data for "write my own reply"
Preview = Callable[[str, dict[str, str], Callable[[ReplyPreview], None]], None]


def _label(text: str = "", parent: QWidget | None = None) -> QLabel:
    label = QLabel(text, parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    return label


def _reader(parent: QWidget, lines: int) -> QPlainTextEdit:
    box = QPlainTextEdit(parent)
    box.setReadOnly(True)
    box.setMinimumHeight(box.fontMetrics().lineSpacing() * lines + 12)
    return box


def conversation_text(lines: Sequence[ConversationLine], prefs: DisplayPrefs) -> str:
    """Their messages (‹) and our replies (›), oldest first; ● marks the one being answered."""
    when = replace(prefs, hijri=False)
    out = []
    for line in lines:
        at = date_time(line.at, when, seconds=False)
        channel = channel_name(line.channel)
        text = safe_text(line.text, limit=400)
        if line.inbound:
            mark = "● ‹" if line.current else "‹"
            out.append(f"{mark} {at} · {channel} · {safe_text(line.by or '—', limit=40)}: {text}")
        else:
            how = reply_result_name(line.result or "")
            who = safe_text(line.by or "—", limit=40)
            out.append(f"› {at} · {channel} · {who} ({how}): {text}")
    return "\n".join(out)


class CannedChoice(QWidget):
    """A canned reply chosen by what it says (not its id) and its variables' fields; for the
    composer, a last choice "Write my own reply"."""

    def __init__(
        self,
        replies: Sequence[Any],
        preferred: str | None,
        lang: str,
        *,
        free: bool,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.replies = list(replies)
        self.lang = lang
        self.choice = QComboBox(self)
        for reply in self.replies:
            gist = display_line(_PLACEHOLDER.sub(r"[\1]", reply.text.get(lang)), limit=48)
            self.choice.addItem(f"{category_name(reply.category)} — {gist}", reply.id)
        if free:
            self.choice.addItem(translate("Reply", "Write my own reply…"), FREE)
        index = next((i for i, r in enumerate(self.replies) if r.category == preferred), 0)
        self.choice.setCurrentIndex(index)
        self.form = QFormLayout()
        self.form.setContentsMargins(0, 0, 0, 0)
        self.fields: dict[str, QLineEdit] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.choice)
        layout.addLayout(self.form)
        self.choice.currentIndexChanged.connect(self._rebuild)
        self._rebuild()

    def current(self) -> Any:
        data = self.choice.currentData()
        return next((r for r in self.replies if r.id == data), None)

    def template_id(self) -> str | None:
        data = self.choice.currentData()
        return None if data in (None, FREE) else str(data)

    def values(self) -> dict[str, str]:
        return {k: e.text() for k, e in self.fields.items() if e.text().strip()}

    def _rebuild(self) -> None:
        while self.form.rowCount():
            self.form.removeRow(0)
        self.fields = {}
        reply = self.current()
        if reply is None:
            return
        for variable in reply.variables:
            edit = QLineEdit(self)
            if variable.example is not None:
                example = variable.example
                edit.setPlaceholderText(
                    example.get(self.lang) if hasattr(example, "get") else str(example)
                )
            self.fields[variable.name] = edit
            self.form.addRow(variable.label.get(self.lang), edit)


class PreviewPane(QWidget):
    """What the citizen receives, in their language first, and the other language under it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = _label("", self)
        self.heading.setObjectName("previewHeading")
        self.main = _reader(self, 4)
        self.main.setObjectName("replyPreview")
        self.other_heading = _label("", self)
        self.other = _reader(self, 3)
        self.note = _label("", self)
        self.note.setObjectName("replyNote")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.heading, self.main, self.other_heading, self.other, self.note):
            layout.addWidget(widget)

    def show_preview(self, preview: ReplyPreview | None) -> None:
        self.other_heading.setVisible(preview is not None)
        self.other.setVisible(preview is not None)
        if preview is None:
            return
        names = {"ar": translate("Reply", "Arabic"), "en": translate("Reply", "English")}
        other = "en" if preview.lang == "ar" else "ar"
        self.heading.setText(
            translate("Reply", "The citizen receives (%1):").replace("%1", names[preview.lang])
        )
        self.main.setPlainText(preview.texts[preview.lang])
        self.other_heading.setText(
            translate("Reply", "The same reply in %1:").replace("%1", names[other])
        )
        self.other.setPlainText(preview.texts[other])
        if preview.missing:
            self.note.setText(
                translate("Reply", "Fill in %1 before sending.").replace(
                    "%1", "، ".join(f"[{m}]" for m in preview.missing)
                )
            )
        else:
            self.note.clear()


class _Composing(QDialog):
    """What the person and the cluster dialogs share: the choice, the preview, OK/Cancel."""

    def __init__(
        self,
        replies: Sequence[Any],
        preferred: str | None,
        lang: str,
        preview: Preview,
        *,
        free: bool,
        parent: QWidget | None,
    ) -> None:
        super().__init__(parent)
        self._preview = preview
        self.latest: ReplyPreview | None = None
        self.canned = CannedChoice(replies, preferred, lang, free=free, parent=self)
        self.choice = self.canned.choice
        self.pane = PreviewPane(self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.send_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.send_button.setText(translate("Reply", "Send"))
        self.send_button.setEnabled(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(PREVIEW_DELAY_MS)
        self._timer.timeout.connect(self.update_preview)
        self.choice.currentIndexChanged.connect(self._changed)

    @property
    def fields(self) -> dict[str, QLineEdit]:
        return self.canned.fields

    def template_id(self) -> str | None:
        return self.canned.template_id()

    def values(self) -> dict[str, str]:
        return self.canned.values()

    def _changed(self, *_args: Any) -> None:
        for edit in self.canned.fields.values():
            edit.textChanged.connect(lambda _t: self._timer.start())
        self.send_button.setEnabled(False)
        self._timer.start()

    def update_preview(self) -> None:
        """Ask the core for the rendering of what is chosen now (answers arrive later)."""
        template_id = self.template_id()
        if template_id is None:
            return
        values = self.values()
        self._preview(template_id, values, lambda p: self._arrived(template_id, values, p))

    def _arrived(self, template_id: str, values: dict[str, str], preview: ReplyPreview) -> None:
        if template_id != self.template_id() or values != self.values():
            return  # the operator changed something since: a newer preview is on its way
        self.latest = preview
        self.pane.show_preview(preview)
        self.send_button.setEnabled(self.can_send())

    def can_send(self) -> bool:
        return self.latest is not None and not self.latest.missing


class ReplyComposer(_Composing):
    """Answer one person: a canned reply or free text, with the conversation beside it."""

    def __init__(
        self,
        replies: Sequence[Any],
        preferred: str | None,
        prefs: DisplayPrefs,
        preview: Preview,
        conversation: Sequence[ConversationLine],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(replies, preferred, prefs.language, preview, free=True, parent=parent)
        self.prefs = prefs
        self.setWindowTitle(translate("Reply", "Reply"))
        self.free = QPlainTextEdit(self)
        self.free.setObjectName("freeReply")
        self.free.setPlaceholderText(
            translate("Reply", "Write the reply as the citizen will read it.")
        )
        self.free.textChanged.connect(self._free_changed)
        self.free_note = _label("", self)
        self.history_heading = _label(translate("Reply", "Conversation with this person"), self)
        self.history = _reader(self, 8)
        self.history.setObjectName("conversation")
        self.history.setPlainText(conversation_text(conversation, prefs))
        if not conversation:
            self.history.setPlainText(translate("Reply", "No earlier messages."))
        left = QVBoxLayout()
        left.addWidget(_label(translate("Reply", "Reply with"), self))
        left.addWidget(self.canned)
        left.addWidget(self.free, 1)
        left.addWidget(self.free_note)
        left.addWidget(self.pane, 1)
        left.addWidget(self.buttons)
        right = QVBoxLayout()
        right.addWidget(self.history_heading)
        right.addWidget(self.history, 1)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 3)
        layout.addLayout(right, 2)
        # Fields come and go with the choice: the window's limits are settled once, here, so
        # no platform is asked to resize a visible window.
        layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        self.resize(920, 560)
        self.setMinimumSize(640, 420)
        self._changed()

    def is_free(self) -> bool:
        return self.choice.currentData() == FREE

    def free_text(self) -> str | None:
        """The operator's own words, when they chose to write them."""
        return self.free.toPlainText().strip() if self.is_free() else None

    def _changed(self, *args: Any) -> None:
        free = self.is_free()
        self.free.setVisible(free)
        self.free_note.setVisible(free)
        self.pane.setVisible(not free)
        super()._changed(*args)
        if free:
            self._free_changed()

    def _free_changed(self) -> None:
        if not self.is_free():
            return
        size = len(self.free.toPlainText().strip())
        self.free_note.setText(
            translate(
                "Reply",
                "%1 of %2 characters. Sent exactly as written, and kept in full in the "
                "decision log.",
            )
            .replace("%1", digits(f"{size:,}", self.prefs))
            .replace("%2", digits(f"{FREE_TEXT_LIMIT:,}", self.prefs))
        )
        if bidi_controls(self.free.toPlainText()):
            self.free_note.setText(
                translate(
                    "Reply",
                    "The text holds an invisible direction control that would reorder what "
                    "the citizen reads (pasted from a message?): type it again.",
                )
            )
        self.send_button.setEnabled(self.can_send())

    def can_send(self) -> bool:
        if self.is_free():
            text = self.free.toPlainText().strip()
            return 0 < len(text) <= FREE_TEXT_LIMIT and not bidi_controls(text)
        return super().can_send()


class ClusterReplyDialog(_Composing):
    """Reply to everyone in a rumour cluster with one canned reply: preview and count first."""

    def __init__(
        self,
        replies: Sequence[Any],
        recipients: int,
        prefs: DisplayPrefs,
        preview: Preview,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(replies, "rumour", prefs.language, preview, free=False, parent=parent)
        self.recipients = recipients
        self.setWindowTitle(translate("Reply", "Reply to everyone in the cluster"))
        count = digits(str(recipients), prefs)
        self.count_label = _label("", self)
        self.count_label.setObjectName("recipientCount")
        if recipients:
            self.count_label.setText(
                translate(
                    "Reply",
                    "Goes to %1 people: everyone in the cluster not answered yet and with no "
                    "reply waiting to be checked.",
                ).replace("%1", count)
            )
            self.send_button.setText(translate("Reply", "Send to %1").replace("%1", count))
        else:
            self.count_label.setText(
                translate("Reply", "Everyone in this cluster has been answered already.")
            )
        layout = QVBoxLayout(self)
        layout.addWidget(_label(translate("Reply", "Reply with"), self))
        layout.addWidget(self.canned)
        layout.addWidget(self.pane, 1)
        layout.addWidget(self.count_label)
        layout.addWidget(self.buttons)
        layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        self.resize(640, 460)
        self.setMinimumSize(480, 360)
        self._changed()

    def can_send(self) -> bool:
        return self.recipients > 0 and super().can_send()


__all__ = [
    "ClusterReplyDialog",
    "ReplyComposer",
    "conversation_text",
]
