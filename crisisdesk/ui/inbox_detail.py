"""The inbox's detail pane: one message, who holds it, its history, and the reply button.

Hidden while no message is chosen; its history shows only when there is some. The message is
plain text with bidi controls made visible, the search matches painted as extra selections
(never HTML), each header field isolated. The assignee is a chip: click it to give the message
to yourself, another user, a network unit, or nobody.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from crisisdesk.intake.response_due import NO_ANSWER_RULES
from crisisdesk.intake.rows import InteractionDetail
from crisisdesk.intake.vocabulary import OPEN_REPLY_RESULTS
from crisisdesk.text.display import visible_controls
from crisisdesk.ui.conflict_banner import ConflictBanner
from crisisdesk.ui.display import DisplayPrefs, date_time, safe_text
from crisisdesk.ui.inbox_model import (
    category_name,
    channel_name,
    priority_name,
    reply_result_name,
    status_label,
)

translate = QCoreApplication.translate

DETAIL_LIMIT = 20_000
BODY_LINES = 6
NOBODY = "-"


def shown_with_spans(
    text: str, spans: list[tuple[int, int]], limit: int = DETAIL_LIMIT
) -> tuple[str, list[tuple[int, int]]]:
    """Plain text with controls made visible, and the spans moved to where they land in it."""
    cut = text[:limit]
    pieces: list[str] = []
    moved: list[tuple[int, int]] = []
    position = 0
    length = 0
    for start, end in sorted(spans):
        if start >= len(cut) or start < position:
            continue
        before = visible_controls(cut[position:start])
        inside = visible_controls(cut[start : min(end, len(cut))])
        pieces += [before, inside]
        moved.append((length + len(before), length + len(before) + len(inside)))
        length += len(before) + len(inside)
        position = min(end, len(cut))
    pieces.append(visible_controls(cut[position:]))
    shown = "".join(pieces)
    if len(text) > limit:
        shown += "… " + translate("Inbox", "(%1 more characters not shown)").replace(
            "%1", f"{len(text) - limit:,}"
        )
    return shown, moved


def open_reply_of(detail: InteractionDetail | None) -> Any:
    """The reply whose outcome is not known (the app stopped while sending it), if any."""
    if detail is None:
        return None
    return next((r for r in detail.replies if r.result in OPEN_REPLY_RESULTS), None)


class InboxDetail(QWidget):
    """Emits ``reply_requested``, ``assign_requested(name)`` and ``outcome_found(sent)``."""

    reply_requested = Signal()
    assign_requested = Signal(str)
    outcome_found = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.current: InteractionDetail | None = None
        self._people: list[tuple[str, str]] = []
        self._names: dict[str, str] = {}
        self._me: str | None = None
        self.conflict = ConflictBanner(self)
        self.meta = QLabel(self)
        self.meta.setTextFormat(Qt.TextFormat.PlainText)
        self.meta.setWordWrap(True)
        self.assignee_chip = QToolButton(self)
        self.assignee_chip.setObjectName("assigneeChip")
        self.assignee_chip.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.assignee_chip.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.assignee_menu = QMenu(self.assignee_chip)
        self.assignee_chip.setMenu(self.assignee_menu)
        self.reply_button = QPushButton(self)
        self.reply_button.clicked.connect(self.reply_requested)
        self.body = QPlainTextEdit(self)
        self.body.setReadOnly(True)
        self.body.setObjectName("interactionText")
        # a few lines of the message: the list keeps the height, a long text scrolls
        self.body.setMaximumHeight(self.body.fontMetrics().lineSpacing() * BODY_LINES + 12)
        self.history = QPlainTextEdit(self)
        self.history.setReadOnly(True)
        self.history.setMaximumHeight(72)
        self.history.setVisible(False)
        # A reply that may or may not have reached the person (the app stopped while
        # sending): the operator checks the chat and says which, before any new reply.
        self.open_reply_note = QLabel(self)
        self.open_reply_note.setObjectName("openReplyNote")
        self.open_reply_note.setProperty("role", "error")
        self.open_reply_note.setTextFormat(Qt.TextFormat.PlainText)
        self.open_reply_note.setWordWrap(True)
        self.was_sent_button = QPushButton(self)
        self.was_sent_button.clicked.connect(lambda: self.outcome_found.emit(True))
        self.not_sent_button = QPushButton(self)
        self.not_sent_button.clicked.connect(lambda: self.outcome_found.emit(False))
        self.again_button = QPushButton(self)
        self.again_button.clicked.connect(self.reply_requested)
        self.open_reply_bar = QWidget(self)
        bar = QHBoxLayout(self.open_reply_bar)
        bar.setContentsMargins(0, 0, 0, 0)
        bar.addWidget(self.open_reply_note, 1)
        bar.addWidget(self.was_sent_button)
        bar.addWidget(self.not_sent_button)
        bar.addWidget(self.again_button)
        self.open_reply_bar.hide()

        head = QHBoxLayout()
        head.setContentsMargins(0, 0, 0, 0)
        head.addWidget(self.meta, 1)
        head.addWidget(self.assignee_chip, 0, Qt.AlignmentFlag.AlignTop)
        head.addWidget(self.reply_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.conflict)
        layout.addLayout(head)
        layout.addWidget(self.body, 1)
        layout.addWidget(self.history)
        layout.addWidget(self.open_reply_bar)
        # no taller than its contents: the height left over goes to the list
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.retranslate()

    # -- who can hold a message ------------------------------------------------------------
    def set_people(self, people: Sequence[tuple[str, str]], me: str | None) -> None:
        """Users (login, display name) and units (``unit:CODE``, name) for the chip's menu."""
        self._people = list(people)
        self._names = dict(people)
        self._me = me
        self._fill_menu()

    def _fill_menu(self) -> None:
        self.assignee_menu.clear()
        if self._me is not None:
            mine = self.assignee_menu.addAction(translate("InboxDetail", "Me"))
            mine.triggered.connect(lambda: self.assign_requested.emit(self._me or ""))
        users = [(k, v) for k, v in self._people if not k.startswith("unit:")]
        units = [(k, v) for k, v in self._people if k.startswith("unit:")]
        for title, group in (
            (translate("InboxDetail", "Users"), users),
            (translate("InboxDetail", "Units"), units),
        ):
            if not group:
                continue
            sub = self.assignee_menu.addMenu(title)
            for key, name in group:
                action = sub.addAction(name)
                action.triggered.connect(lambda _c=False, k=key: self.assign_requested.emit(k))
        nobody = self.assignee_menu.addAction(translate("InboxDetail", "Nobody"))
        nobody.triggered.connect(lambda: self.assign_requested.emit(NOBODY))

    def _assignee_text(self, detail: InteractionDetail) -> str:
        row = detail.row
        if row.assignee:
            name = self._names.get(row.assignee, row.assignee)
        elif row.assignee_unit:
            name = self._names.get("unit:" + row.assignee_unit, row.assignee_unit)
        else:
            return translate("InboxDetail", "Unassigned ▾")
        return safe_text(name, limit=40) + " ▾"

    # -- texts -----------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.conflict.retranslate()
        self.reply_button.setText(translate("Inbox", "Reply… (R)"))
        self.was_sent_button.setText(translate("Inbox", "It was sent"))
        self.not_sent_button.setText(translate("Inbox", "It was not sent"))
        self.again_button.setText(translate("Inbox", "Reply again anyway…"))
        self.assignee_chip.setToolTip(translate("InboxDetail", "Assign to a user or a unit"))
        self._fill_menu()

    # -- the message -----------------------------------------------------------------------
    def show_detail(self, detail: InteractionDetail | None, prefs: DisplayPrefs) -> None:
        self.current = detail
        self.setVisible(detail is not None)
        self._show_open_reply(detail)
        if detail is None:
            self.meta.clear()
            self.body.clear()
            self.history.clear()
            self.history.setVisible(False)
            return
        row = detail.row
        parts = [
            channel_name(row.channel),
            safe_text(row.author_name or "—", limit=80),
            safe_text(row.author_handle or "—", limit=80),
            date_time(row.received_at, prefs),
            category_name(row.category),
            priority_name(row.priority),
            status_label(row.status),
        ]
        if row.response_due:
            parts.append(
                translate("Inbox", "due %1").replace("%1", date_time(row.response_due, prefs))
            )
        if row.deleted:
            parts.append(translate("Inbox", "deleted by the sender"))
        parts.extend(triage_reasons(detail.triage or {}, prefs.rtl))
        self.meta.setText(" · ".join(parts))
        self.assignee_chip.setText(self._assignee_text(detail))
        text, spans = shown_with_spans(detail.text, detail.highlights)
        if detail.edited_text is not None:
            text += (
                "\n\n"
                + translate("Inbox", "Edited to:")
                + "\n"
                + visible_controls(detail.edited_text[:DETAIL_LIMIT])
            )
        self.body.setPlainText(text)
        self._paint_matches(spans)
        reply_word = translate("Inbox", "reply")
        lines = [
            f"{date_time(e.received_at, prefs)} · {e.kind} · {safe_text(e.text or '', limit=200)}"
            for e in detail.events
        ] + [
            f"{date_time(r.sent_at, prefs)} · {reply_word} · {reply_result_name(r.result)} · "
            f"{safe_text(r.sent_by)} · {safe_text(r.text, limit=300)}"
            for r in detail.replies
        ]
        self.history.setPlainText("\n".join(lines))
        self.history.setVisible(bool(lines))

    def _paint_matches(self, spans: list[tuple[int, int]]) -> None:
        selections = []
        colour = QTextCharFormat()
        colour.setBackground(QColor("#ffe08a"))
        colour.setForeground(QColor("#1a1a1a"))
        for start, end in spans:
            selection = QTextEdit.ExtraSelection()
            cursor = QTextCursor(self.body.document())
            cursor.setPosition(start)
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            selection.cursor = cursor
            selection.format = colour
            selections.append(selection)
        self.body.setExtraSelections(selections)

    def _show_open_reply(self, detail: InteractionDetail | None) -> None:
        reply = open_reply_of(detail)
        self.open_reply_bar.setVisible(reply is not None)
        # a new reply waits until the operator said what happened, or chose to send again
        self.reply_button.setEnabled(detail is not None and reply is None)
        if reply is not None:
            self.open_reply_note.setText(
                translate(
                    "Inbox",
                    "CrisisDesk stopped while reply %1 was being sent: it may "
                    "or may not have reached the person. Check the chat, then "
                    "say which.",
                ).replace("%1", str(reply.id))
            )


def triage_reasons(why: dict[str, Any], rtl: bool) -> list[str]:
    """Why triage did what it did, shown with the message: the rule that tagged it, where
    its due came from or why it needs no answer, and its tone."""
    out = []
    if why.get("tag_rule"):
        out.append(
            translate("Inbox", "rule %1").replace("%1", safe_text(why["tag_rule"], limit=80))
        )
    rule = str(why.get("due_rule") or "")
    if rule.startswith("no answer needed: "):
        key = rule.removeprefix("no answer needed: ")
        names = NO_ANSWER_RULES.get(key)
        reason = (names[0] if rtl else names[1]) if names else key
        out.append(translate("Inbox", "no answer needed: %1").replace("%1", reason))
    elif rule:
        out.append(translate("Inbox", "due by %1").replace("%1", safe_text(rule, limit=60)))
    tones = {
        "negative": translate("Inbox", "negative tone"),
        "neutral": translate("Inbox", "neutral tone"),
        "positive": translate("Inbox", "positive tone"),
    }
    if why.get("tone") in tones:
        text = tones[str(why["tone"])]
        if why.get("emotion") == "anger":
            text += " (" + translate("Inbox", "anger") + ")"
        elif why.get("emotion") == "fear":
            text += " (" + translate("Inbox", "fear") + ")"
        out.append(text)
    return out


__all__ = ["DETAIL_LIMIT", "InboxDetail", "open_reply_of", "shown_with_spans", "triage_reasons"]
