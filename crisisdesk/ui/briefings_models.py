"""Qt models of the Briefings screen: the briefings sent (with how many recipients got,
read or missed them), one briefing's recipients with their furthest receipt, the WhatsApp
template registry and the people on the network's lists. Names and numbers typed by people
are shown as plain, bidi-isolated text."""

from __future__ import annotations

from typing import Any, ClassVar

from PySide6.QtCore import QCoreApplication

from crisisdesk.clock import parse_utc
from crisisdesk.network.briefings import Briefing, Receipt
from crisisdesk.network.recipients import Recipient
from crisisdesk.network.templates import Template
from crisisdesk.ui.display import DisplayPrefs, date_time, number, safe_text
from crisisdesk.ui.list_model import ListTableModel

translate = QCoreApplication.translate


def receipt_status_name(receipt: Receipt) -> str:
    """What became of one recipient's message, in the app's language."""
    if receipt.mode == "skipped":
        return translate("Briefings", "Not sent: no opt-in")
    if receipt.mode == "sandbox":
        return translate("Briefings", "Drill: kept in the sandbox")
    if receipt.mode == "in_app":
        return translate("Briefings", "In the app only")
    names = {
        "sent": translate("Briefings", "Sent"),
        "delivered": translate("Briefings", "Delivered"),
        "read": translate("Briefings", "Read"),
        "failed": translate("Briefings", "Failed"),
    }
    return names.get(receipt.status, receipt.status)


def receipt_reason(receipt: Receipt) -> str:
    """Why it went as it did: the core's own reasons translated (the status already says
    "no opt-in"), the API's words as they came."""
    if receipt.mode == "skipped":
        return ""
    known = {
        "no WhatsApp opt-in": translate("Briefings", "No WhatsApp opt-in on record"),
        "WhatsApp not set up": translate("Briefings", "WhatsApp is not set up in this room"),
        "the answer was not JSON": translate("Briefings", "WhatsApp's answer was not readable"),
        "no message id returned": translate("Briefings", "WhatsApp returned no message id"),
    }
    error = receipt.error or ""
    return known.get(error) or safe_text(error, limit=200)


class BriefingsModel(ListTableModel):
    column_count: ClassVar[int] = 5

    def __init__(self, prefs: DisplayPrefs, parent: Any = None) -> None:
        super().__init__(parent)
        self.prefs = prefs

    def headers(self) -> tuple[str, ...]:
        return (
            translate("Briefings", "Sent at"),
            translate("Briefings", "Template"),
            translate("Briefings", "Recipients"),
            translate("Briefings", "Read"),
            translate("Briefings", "Failed"),
        )

    def key(self, item: Briefing) -> Any:
        return item.seq

    def cell(self, item: Briefing, column: int) -> Any:
        if column == 0:
            return date_time(parse_utc(item.at), self.prefs, seconds=False) if item.at else "—"
        if column == 1:
            return safe_text(item.template, limit=80)
        count = {
            2: len(item.recipients),
            3: sum(r.status == "read" for r in item.recipients),
            4: sum(r.status == "failed" for r in item.recipients),
        }[column]
        return number(count, self.prefs)


class ReceiptsModel(ListTableModel):
    column_count: ClassVar[int] = 4

    def __init__(self, prefs: DisplayPrefs, parent: Any = None) -> None:
        super().__init__(parent)
        self.prefs = prefs
        self.names: dict[str, str] = {}  # recipient key or unit code → its name

    def headers(self) -> tuple[str, ...]:
        return (
            translate("Briefings", "Recipient"),
            translate("Briefings", "Number"),
            translate("Briefings", "Status"),
            translate("Briefings", "Why"),
        )

    def key(self, item: Receipt) -> Any:
        return item.unit

    def cell(self, item: Receipt, column: int) -> Any:
        if column == 0:
            return safe_text(self.names.get(item.unit, item.unit), limit=120)
        if column == 1:
            return safe_text(item.to or "—", limit=40)
        if column == 2:
            return receipt_status_name(item)
        return receipt_reason(item)


class TemplatesModel(ListTableModel):
    column_count: ClassVar[int] = 5

    def __init__(self, prefs: DisplayPrefs, parent: Any = None) -> None:
        super().__init__(parent)
        self.prefs = prefs

    def headers(self) -> tuple[str, ...]:
        return (
            translate("Briefings", "Template name"),
            translate("Briefings", "Language"),
            translate("Briefings", "Parameters"),
            translate("Briefings", "Purpose"),
            translate("Briefings", "In use"),
        )

    def key(self, item: Template) -> Any:
        return item.name

    def cell(self, item: Template, column: int) -> Any:
        if column == 0:
            return safe_text(item.name, limit=120)
        if column == 1:
            return item.language
        if column == 2:
            return ", ".join(f"{{{{{n}}}}} {p}" for n, p in enumerate(item.params, start=1))
        if column == 3:
            text = item.purpose_ar if self.prefs.language == "ar" else item.purpose_en
            return safe_text(text or item.purpose_en or item.purpose_ar, limit=120)
        return translate("Briefings", "Yes") if item.active else translate("Briefings", "Retired")


class RecipientsModel(ListTableModel):
    column_count: ClassVar[int] = 5

    def __init__(self, prefs: DisplayPrefs, parent: Any = None) -> None:
        super().__init__(parent)
        self.prefs = prefs

    def headers(self) -> tuple[str, ...]:
        return (
            translate("Briefings", "Name"),
            translate("Briefings", "Number"),
            translate("Briefings", "Lists"),
            translate("Briefings", "WhatsApp opt-in"),
            translate("Briefings", "Active"),
        )

    def key(self, item: Recipient) -> Any:
        return item.key

    def cell(self, item: Recipient, column: int) -> Any:
        if column == 0:
            return safe_text(item.name, limit=120)
        if column == 1:
            return safe_text(item.number, limit=40)
        if column == 2:
            return ", ".join(item.lists)
        flag = item.opted_in if column == 3 else item.active
        return translate("Briefings", "Yes") if flag else translate("Briefings", "No")
