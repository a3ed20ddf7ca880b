"""The WhatsApp message templates the network sends, as registered in WhatsApp Manager.

Outside the 24-hour window the Cloud API delivers only pre-approved templates, each with a
name, a language and numbered body parameters; a send with the wrong name or count is
refused by Meta. The room keeps its own copy of that registry so every briefing is checked
before it leaves: the four shipped ones, and whatever an admin adds or changes (each change
a decision, the latest per name wins). A template can be retired, never deleted: old
briefings keep naming it."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from crisisdesk.errors import CrisisDeskError
from crisisdesk.log.kinds import Kind
from crisisdesk.storage.models import Decision

EDITED = Kind.NETWORK_TEMPLATE
# name → (language, body parameters in order, what it is for in Arabic and English)
SHIPPED: dict[str, tuple[str, tuple[str, ...], str, str]] = {
    "network_briefing": ("ar", ("incident", "summary"), "إحاطة للوحدات", "Briefing to units"),
    "unit_task": ("ar", ("unit", "task", "due"), "تكليف وحدة بمهمة", "A task for a unit"),
    "sitrep_ready": (
        "ar",
        ("incident", "time", "summary"),
        "تقرير الموقف للقيادة",
        "Situation report to the leadership",
    ),
    "network_alert": ("ar", ("incident", "alert"), "تنبيه عاجل", "Urgent alert"),
}
_NAME = re.compile(r"^[a-z][a-z0-9_]{0,511}$")  # WhatsApp Manager's rule for names
_PARAM = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
_LANGUAGE = re.compile(r"^[a-z]{2,3}(_[A-Z]{2})?$")  # ar, en, en_US, ...
MAX_PARAMS = 10


@dataclass(frozen=True)
class Template:
    name: str
    language: str
    params: tuple[str, ...]
    purpose_ar: str
    purpose_en: str
    active: bool = True
    shipped: bool = False

    def to_json(self) -> dict[str, object]:
        return {
            "name": self.name, "language": self.language, "params": list(self.params),
            "purpose_ar": self.purpose_ar, "purpose_en": self.purpose_en,
            "active": self.active,
        }  # fmt: skip


def registry(session: Session) -> dict[str, Template]:
    """The shipped templates overlaid with every recorded change, by name."""
    out = {
        name: Template(name, lang, params, ar, en, True, True)
        for name, (lang, params, ar, en) in SHIPPED.items()
    }
    for body in session.scalars(
        select(Decision.body).where(Decision.kind == EDITED).order_by(Decision.seq)
    ):
        data = json.loads(body)["payload"]
        name = str(data["name"])
        out[name] = Template(
            name,
            str(data["language"]),
            tuple(str(p) for p in data["params"]),
            str(data.get("purpose_ar") or ""),
            str(data.get("purpose_en") or ""),
            bool(data.get("active", True)),
            name in SHIPPED,
        )
    return out


def checked(
    name: str, language: str, params: list[str], purpose_ar: str, purpose_en: str, active: bool
) -> Template:
    """A template as WhatsApp Manager would accept it, or the reason it would not."""
    name = name.strip()
    if not _NAME.match(name):
        raise CrisisDeskError(
            f"template name {name!r}: lower-case letters, digits and '_', starting with a letter"
        )
    language = language.strip()
    if not _LANGUAGE.match(language):
        raise CrisisDeskError(f"template language {language!r}: a code such as ar, en or en_US")
    cleaned = [p.strip() for p in params if p.strip()]
    if not cleaned:
        raise CrisisDeskError("a template needs at least one body parameter")
    if len(cleaned) > MAX_PARAMS:
        raise CrisisDeskError(f"a template takes at most {MAX_PARAMS} parameters")
    for param in cleaned:
        if not _PARAM.match(param):
            raise CrisisDeskError(
                f"parameter {param!r}: lower-case letters, digits and '_', starting with a letter"
            )
    if len(set(cleaned)) != len(cleaned):
        raise CrisisDeskError("a template's parameters must differ from each other")
    purposes = [" ".join(p.replace("\x00", "").split())[:200] for p in (purpose_ar, purpose_en)]
    return Template(name, language, tuple(cleaned), purposes[0], purposes[1], active)
