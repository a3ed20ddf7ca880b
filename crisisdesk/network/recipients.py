"""People outside the units who get the network's WhatsApp messages: the Amanah's
leadership and officials, each with a number, the lists they are on (``leadership``) and
their opt-in. WhatsApp requires a recorded opt-in before a business writes to someone, so a
recipient without one is listed and skipped, never messaged. Each change is a decision;
the latest per recipient wins."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from crisisdesk.errors import CrisisDeskError
from crisisdesk.log.kinds import Kind
from crisisdesk.storage.models import Decision

EDITED = Kind.NETWORK_RECIPIENT
LEADERSHIP = "leadership"
_KEY = re.compile(r"^[a-z][a-z0-9_]{1,39}$")
_NUMBER = re.compile(r"^\+?[1-9][0-9]{7,14}$")  # E.164
_LIST = re.compile(r"^[a-z][a-z0-9_]{1,39}$")


@dataclass(frozen=True)
class Recipient:
    key: str
    name: str
    number: str
    lists: tuple[str, ...]
    opted_in: bool
    active: bool = True

    def to_json(self) -> dict[str, object]:
        return {
            "key": self.key, "name": self.name, "number": self.number,
            "lists": list(self.lists), "opted_in": self.opted_in, "active": self.active,
        }  # fmt: skip


def recipients(session: Session) -> dict[str, Recipient]:
    """Every recipient ever recorded, by key, as its latest decision left it."""
    out: dict[str, Recipient] = {}
    for body in session.scalars(
        select(Decision.body).where(Decision.kind == EDITED).order_by(Decision.seq)
    ):
        data = json.loads(body)["payload"]
        out[str(data["key"])] = Recipient(
            str(data["key"]), str(data["name"]), str(data["number"]),
            tuple(str(x) for x in data.get("lists") or []), bool(data.get("opted_in")),
            bool(data.get("active", True)),
        )  # fmt: skip
    return out


def checked(
    key: str, name: str, number: str, lists: list[str], opted_in: bool, active: bool
) -> Recipient:
    """A recipient fit to store, or why not."""
    key = key.strip()
    if not _KEY.match(key):
        raise CrisisDeskError(
            f"recipient key {key!r}: 2-40 lower-case letters, digits or '_', starting with a letter"
        )
    text = " ".join(name.replace("\x00", "").split())[:200]
    if not text:
        raise CrisisDeskError("a recipient needs a name")
    digits = number.replace(" ", "").replace("-", "")
    if not _NUMBER.match(digits):
        raise CrisisDeskError(f"{number!r} is not an international number such as +966500000000")
    wanted = sorted({x.strip() for x in lists if x.strip()})
    for item in wanted:
        if not _LIST.match(item):
            raise CrisisDeskError(f"list name {item!r}: lower-case letters, digits or '_'")
    if not wanted:
        raise CrisisDeskError("a recipient is on at least one list (e.g. leadership)")
    plus = digits if digits.startswith("+") else "+" + digits
    return Recipient(key, text, plus, tuple(wanted), opted_in, active)
