"""The playbook as data: frozen pydantic models that mirror the YAML format one to one.

A playbook is written before any crisis and snapshotted into an incident when it is
activated, so the model is immutable and hashable by content (`Playbook.content_hash`).
Field checks that need only one value live here; checks across the playbook (duplicate
ids, owner roles, template variables) live in `crisisdesk.playbooks.validator`, which
`Playbook` runs after parsing unless told otherwise, so a `Playbook` is always sound.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from datetime import timedelta
from functools import cached_property
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    PlainSerializer,
    StrictBool,
    StrictInt,
    StrictStr,
    Tag,
    ValidationInfo,
    field_validator,
    model_validator,
)

# The vocabularies shared with intake and statements live in a dependency-free module (the
# command line offers them as choices); they stay importable from here.
from crisisdesk.playbooks.vocabulary import CATEGORIES as CATEGORIES
from crisisdesk.playbooks.vocabulary import HAZARDS as HAZARDS
from crisisdesk.playbooks.vocabulary import PRIORITIES as PRIORITIES
from crisisdesk.playbooks.vocabulary import Category as Category
from crisisdesk.playbooks.vocabulary import Channel as Channel
from crisisdesk.playbooks.vocabulary import Hazard as Hazard
from crisisdesk.playbooks.vocabulary import IntakeChannel as IntakeChannel
from crisisdesk.playbooks.vocabulary import Priority as Priority
from crisisdesk.playbooks.vocabulary import RuleLang as RuleLang
from crisisdesk.playbooks.vocabulary import SourceKind as SourceKind
from crisisdesk.playbooks.vocabulary import StatementKind as StatementKind
from crisisdesk.playbooks.vocabulary import SystemRole as SystemRole
from crisisdesk.playbooks.vocabulary import TargetCategory as TargetCategory
from crisisdesk.playbooks.vocabulary import VariableType as VariableType
from crisisdesk.text.script import bidi_controls, has_arabic_letters

# ---------------------------------------------------------------------------
# Durations: ISO-8601, limited to units of fixed length (no years or months).

_DURATION = re.compile(
    r"P(?:(?P<w>[0-9]+)W)?(?:(?P<d>[0-9]+)D)?"
    r"(?:T(?:(?P<h>[0-9]+)H)?(?:(?P<m>[0-9]+)M)?(?:(?P<s>[0-9]+(?:\.[0-9]+)?)S)?)?"
)
_MAX_DURATION = timedelta(days=3650)


def parse_duration(text: str) -> timedelta:
    """Parse ``PT30M``, ``PT2H``, ``P1D``, ``P1DT2H30M`` into a timedelta.

    Years and months are refused: a reminder must not depend on the calendar.
    """
    m = _DURATION.fullmatch(text.strip().upper()) if len(text) <= 64 else None
    if m is None or not any(m.groupdict().values()) or text.strip().upper().endswith("T"):
        raise ValueError(f"invalid duration {text!r}: expected ISO-8601 such as PT30M, PT2H or P1D")
    g = {k: float(v) if v else 0.0 for k, v in m.groupdict().items()}
    seconds = g["w"] * 604800 + g["d"] * 86400 + g["h"] * 3600 + g["m"] * 60 + g["s"]
    if seconds > _MAX_DURATION.total_seconds():  # checked before timedelta can overflow
        raise ValueError(f"duration {text!r} is longer than ten years")
    return timedelta(weeks=g["w"], days=g["d"], hours=g["h"], minutes=g["m"], seconds=g["s"])


def format_duration(value: timedelta) -> str:
    """The canonical ISO-8601 spelling of a duration (``PT1H30M``); the inverse of parsing."""
    micro = value // timedelta(microseconds=1)
    days, rest = divmod(micro, 86_400_000_000)
    hours, rest = divmod(rest, 3_600_000_000)
    minutes, rest = divmod(rest, 60_000_000)
    seconds, micros = divmod(rest, 1_000_000)
    out = "P" + (f"{days}D" if days else "")
    time = (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "")
    if seconds or micros:
        time += f"{seconds}.{micros:06d}".rstrip("0").rstrip(".") + "S"
    if time:
        out += "T" + time
    return out if out != "P" else "PT0S"


def _to_duration(value: Any) -> Any:
    if isinstance(value, timedelta):
        return value
    if not isinstance(value, str):
        raise ValueError(
            f"expected an ISO-8601 duration such as PT30M in quotes or plain, found {value!r}"
        )
    return parse_duration(value)


Duration = Annotated[
    timedelta,
    BeforeValidator(_to_duration),
    PlainSerializer(format_duration, return_type=str),
]

# ---------------------------------------------------------------------------
# Identifiers and text.

_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_VAR = re.compile(r"[a-z_][a-z0-9_]*")


def _no_bidi_controls(value: str) -> str:
    found = bidi_controls(value)
    if found:
        raise ValueError(
            f"contains the direction control {', '.join(found)}, which reorders what the "
            "public reads; remove it"
        )
    return value


def _check_id(value: str) -> str:
    if not _ID.fullmatch(value):
        raise ValueError(f"invalid id {value!r}: use lower-case letters, digits and single hyphens")
    return value


def _check_var(value: str) -> str:
    if not _VAR.fullmatch(value):
        raise ValueError(
            f"invalid variable name {value!r}: use lower-case letters, digits and underscores"
        )
    return value


def _check_nonempty(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be empty")
    return value


Id = Annotated[StrictStr, AfterValidator(_check_id)]
VarName = Annotated[StrictStr, AfterValidator(_check_var)]
Word = Annotated[StrictStr, AfterValidator(_check_nonempty)]


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Bilingual(_Model):
    """A text in Arabic and English; both are required, the public reads either."""

    ar: StrictStr
    en: StrictStr

    @field_validator("ar")
    @classmethod
    def _arabic(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("the Arabic text is empty")
        if not has_arabic_letters(value):
            raise ValueError("the Arabic text has no Arabic letters")
        return _no_bidi_controls(value)

    @field_validator("en")
    @classmethod
    def _english(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("the English text is empty")
        return _no_bidi_controls(value)

    def get(self, lang: str) -> str:
        """The text in ``lang`` (``ar`` or ``en``); anything else gets English."""
        return self.ar if lang == "ar" else self.en

    def to_data(self) -> dict[str, str]:
        return {"ar": self.ar, "en": self.en}


def _default_tag(value: Any) -> str:
    return "@bilingual" if isinstance(value, dict) else "@text"


DefaultValue = Annotated[
    Annotated[StrictStr, Tag("@text")] | Annotated[Bilingual, Tag("@bilingual")],
    Discriminator(_default_tag),
    PlainSerializer(lambda v: v.to_data() if isinstance(v, Bilingual) else v),
]


def _example_tag(value: Any) -> str:
    if isinstance(value, dict):
        return "@bilingual"
    return "@int" if isinstance(value, int) and not isinstance(value, bool) else "@text"


Example = Annotated[
    Annotated[StrictStr, Tag("@text")]
    | Annotated[StrictInt, Tag("@int")]
    | Annotated[Bilingual, Tag("@bilingual")],
    Discriminator(_example_tag),
    PlainSerializer(lambda v: v.to_data() if isinstance(v, Bilingual) else v),
]

# ---------------------------------------------------------------------------
# The parts of a playbook.


class SeverityLevel(_Model):
    level: Annotated[StrictInt, Field(ge=1, le=4)]
    meaning: Bilingual


class Role(_Model):
    id: Id
    title: Bilingual
    system_role: SystemRole


class TaskSpec(_Model):
    """One checklist step; ``due`` counts from activation, ``recurrence`` repeats it.
    ``target: affected`` gives the step also to the media office of each affected
    municipality: when a unit is involved in the incident, it gets the step as a task on
    the coordination board, due ``due`` after it was involved (the centre's checklist keeps
    the step, to follow the units up)."""

    id: Id
    title: Bilingual
    owner: Id
    due: Duration
    recurrence: Duration | None = None
    note: Bilingual | None = None
    target: Literal["affected"] | None = None

    @field_validator("recurrence")
    @classmethod
    def _positive(cls, value: timedelta | None) -> timedelta | None:
        if value is not None and value < timedelta(minutes=1):
            raise ValueError("a recurrence must be at least one minute")
        return value


class Phase(_Model):
    id: Id
    title: Bilingual
    tasks: Annotated[tuple[TaskSpec, ...], Field(min_length=1)]


class KeyMessage(_Model):
    id: Id
    text: Bilingual


class Question(_Model):
    id: Id
    question: Bilingual
    answer: Bilingual


class VariableSpec(_Model):
    """A blank a statement author fills in; ``example`` doubles as the form's hint.

    A variable is used in both the Arabic and the English text unless ``lang`` ties it to
    one of them (a value that is written differently per language).
    """

    name: VarName
    label: Bilingual
    type: VariableType = "text"
    required: StrictBool = True
    example: Example | None = None
    choices: tuple[Word, ...] | None = None
    lang: Literal["ar", "en"] | None = None

    @model_validator(mode="after")
    def _choices_fit_type(self) -> VariableSpec:
        if self.type == "choice" and not self.choices:
            raise ValueError("a choice variable needs a non-empty 'choices' list")
        if self.type != "choice" and self.choices is not None:
            raise ValueError("only a variable of type 'choice' may have 'choices'")
        return self


class ChannelForms(_Model):
    """The text each limited channel needs, written for it (not cut from the full text).

    A channel the template lists without a form here takes the full text, which must then
    fit that channel as a form would (the validator renders and checks it).

    ``x``: one post of at most 280 weighted characters, or an explicit thread (posts
    separated by a line holding only ``---``); ``sms``: at most two parts; ``whatsapp``:
    the body of the approved message template, at most 1,024 characters, its line
    breaks in the text itself (each ``{{ ... }}`` becomes one one-line parameter).
    """

    x: Bilingual | None = None
    sms: Bilingual | None = None
    whatsapp: Bilingual | None = None

    def get(self, channel: str) -> Bilingual | None:
        value = getattr(self, channel, None) if channel in FORM_CHANNELS else None
        return value if isinstance(value, Bilingual) else None


FORM_CHANNELS = ("x", "sms", "whatsapp")

# The languages the Eastern Province's public reads first, besides Arabic and English.
LANGUAGE_NAMES: dict[str, tuple[str, str]] = {
    "ur": ("الأردية", "Urdu"),
    "hi": ("الهندية", "Hindi"),
    "bn": ("البنغالية", "Bengali"),
    "tl": ("التاغالوغية", "Tagalog"),
    "ml": ("المالايالامية", "Malayalam"),
    "ne": ("النيبالية", "Nepali"),
    "id": ("الإندونيسية", "Indonesian"),
    "fr": ("الفرنسية", "French"),
}
_LANG_CODE = re.compile(r"[a-z]{2,3}")


class LanguageText(_Model):
    """A template's text in one more language, and whether a native speaker has read it.

    ``review: needs-native-review`` marks a translation no native reader has signed off;
    a statement using it shows that, and approval asks for a recorded sign-off
    (``crisisdesk playbooks review-language``) or an override reason.
    """

    text: StrictStr
    review: Literal["needs-native-review", "reviewed"] = "needs-native-review"

    @field_validator("text")
    @classmethod
    def _text(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("the text is empty")
        return _no_bidi_controls(value)


def _check_lang_code(value: str) -> str:
    if not _LANG_CODE.fullmatch(value) or value in ("ar", "en"):
        raise ValueError(
            f"invalid language {value!r}: use a two- or three-letter code such as ur, hi, "
            "bn, tl or ml (Arabic and English are the template's own text)"
        )
    return value


LangCode = Annotated[StrictStr, AfterValidator(_check_lang_code)]


class TemplateSpec(_Model):
    """A statement template: Jinja text per language and the variables it declares.

    ``text`` is the full statement (website, press); ``forms`` holds the version of it
    that each limited channel (X, SMS, WhatsApp) needs.
    """

    id: Id
    kind: StatementKind
    channels: Annotated[tuple[Channel, ...], Field(min_length=1)]
    text: Bilingual
    forms: ChannelForms = Field(default_factory=ChannelForms)
    languages: dict[LangCode, LanguageText] = Field(default_factory=dict)
    variables: tuple[VariableSpec, ...] = ()

    def __hash__(self) -> int:  # ``languages`` is a dict; hash by identity of content
        return hash((self.id, self.kind, self.text))

    def variable(self, name: str) -> VariableSpec | None:
        return next((v for v in self.variables if v.name == name), None)


class CannedReply(_Model):
    """A ready answer to one category of public interaction."""

    id: Id
    category: Category
    text: Bilingual
    variables: tuple[VariableSpec, ...] = ()

    def variable(self, name: str) -> VariableSpec | None:
        return next((v for v in self.variables if v.name == name), None)


def _check_hashtag(value: str) -> str:
    if not value.startswith("#") or len(value) < 2 or any(c.isspace() for c in value):
        raise ValueError(f"invalid hashtag {value!r}: it starts with '#' and has no spaces")
    return value


class WatchTerms(_Model):
    """Words or phrases in Arabic and English; any one of them is enough."""

    ar: tuple[Word, ...] = ()
    en: tuple[Word, ...] = ()

    @model_validator(mode="after")
    def _some(self) -> WatchTerms:
        if not self.ar and not self.en:
            raise ValueError("give at least one word or phrase in 'ar' or 'en'")
        return self


class Spreading(_Model):
    """Raise the priority once the message's cluster holds this many messages."""

    messages: Annotated[StrictInt, Field(ge=2, le=1_000_000)]
    priority: Priority


class WatchWords(_Model):
    """A watch-word rule: the words, phrases or hashtags that tag a message with a category
    and priority, and what else must (``all_of``) or must not (``none_of``) be said, from
    whom (``sources``), and how its priority rises as the story spreads (``spreading``).

    A rule with only ``ar``/``en``/``hashtags`` is the old single-word trigger: any one term
    tags the message.
    """

    id: Id | None = None
    category: Category
    priority: Priority = "normal"
    ar: tuple[Word, ...] = ()
    en: tuple[Word, ...] = ()
    hashtags: tuple[Annotated[StrictStr, AfterValidator(_check_hashtag)], ...] = ()
    all_of: tuple[WatchTerms, ...] = ()
    none_of: WatchTerms | None = None
    sources: tuple[SourceKind, ...] = ()
    spreading: Spreading | None = None

    @model_validator(mode="after")
    def _triggered(self) -> WatchWords:
        if not self.ar and not self.en and not self.hashtags:
            raise ValueError("a watch-word rule needs words in 'ar' or 'en', or 'hashtags'")
        return self


class ResponseTarget(_Model):
    """How fast an interaction of this category and priority must be answered."""

    category: Category
    priority: Priority
    within: Duration

    @field_validator("within")
    @classmethod
    def _positive(cls, value: timedelta) -> timedelta:
        if value <= timedelta(0):
            raise ValueError("a response target must be longer than zero")
        return value


class DefaultTarget(_Model):
    """How fast a message must be answered when no category/priority target applies: by
    channel and category (``uncategorised`` for what nobody has tagged yet)."""

    channel: IntakeChannel = "any"
    category: TargetCategory = "any"
    within: Duration

    @field_validator("within")
    @classmethod
    def _positive(cls, value: timedelta) -> timedelta:
        if value <= timedelta(0):
            raise ValueError("a response target must be longer than zero")
        return value


class ForbiddenPhrase(_Model):
    text: Word
    lang: RuleLang = "any"
    reason: Bilingual


class RequiredElement(_Model):
    """An element a statement must carry; any one of the listed strings satisfies it."""

    id: Id
    label: Bilingual
    ar: Annotated[tuple[Word, ...], Field(min_length=1)]
    en: Annotated[tuple[Word, ...], Field(min_length=1)]
    kinds: tuple[StatementKind, ...] | None = None

    def applies_to(self, kind: str) -> bool:
        """Whether statements of ``kind`` must carry this element (all kinds when unset)."""
        return self.kinds is None or kind in self.kinds


class StatementRules(_Model):
    forbidden: tuple[ForbiddenPhrase, ...] = ()
    required: tuple[RequiredElement, ...] = ()
    # A municipality's statement needs the centre's approval too (two approvers: the unit's
    # and the centre's, on the same hash).
    centre_co_approval: StrictBool = False


_PHONE = re.compile(r"\+?[0-9][0-9 \-]{2,24}")


class Contact(_Model):
    name: Bilingual
    organisation: Bilingual
    role: Word
    phone: StrictStr | None = None
    email: StrictStr | None = None

    @field_validator("phone")
    @classmethod
    def _phone(cls, value: str | None) -> str | None:
        if value is not None and not _PHONE.fullmatch(value):
            raise ValueError(f"invalid phone number {value!r}: use digits, spaces and hyphens")
        return value

    @field_validator("email")
    @classmethod
    def _email(cls, value: str | None) -> str | None:
        if value is not None and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", value):
            raise ValueError(f"invalid e-mail address {value!r}")
        return value


_VERSION = re.compile(r"\d+(?:\.\d+){0,2}")


class Playbook(_Model):
    """A whole scenario playbook, as written in one YAML file."""

    id: Id
    version: StrictStr
    title: Bilingual
    hazard: Hazard
    description: Bilingual
    defaults: dict[StrictStr, DefaultValue] = Field(default_factory=dict)
    severity_levels: Annotated[tuple[SeverityLevel, ...], Field(min_length=1)]
    roles: Annotated[tuple[Role, ...], Field(min_length=1)]
    phases: Annotated[tuple[Phase, ...], Field(min_length=1)]
    key_messages: tuple[KeyMessage, ...] = ()
    questions: tuple[Question, ...] = ()
    templates: tuple[TemplateSpec, ...] = ()
    canned_replies: tuple[CannedReply, ...] = ()
    watch_words: tuple[WatchWords, ...] = ()
    response_targets: tuple[ResponseTarget, ...] = ()
    default_targets: tuple[DefaultTarget, ...] = ()
    statement_rules: StatementRules = Field(default_factory=StatementRules)
    contacts: tuple[Contact, ...] = ()

    @field_validator("version")
    @classmethod
    def _version(cls, value: str) -> str:
        if not _VERSION.fullmatch(value):
            raise ValueError(f'invalid version {value!r}: use numbers such as "1.0.0"')
        return value

    @model_validator(mode="after")
    def _coherent(self, info: ValidationInfo) -> Playbook:
        # The loader runs these checks itself to place each finding at its line; any
        # other caller (a snapshot read back from the database) gets them here.
        if isinstance(info.context, dict) and info.context.get("skip_cross_checks"):
            return self
        from crisisdesk.playbooks.validator import cross_check

        findings = cross_check(self.to_data())
        if findings:
            raise ValueError(str(findings[0]))
        return self

    # -- derived ---------------------------------------------------------------

    def to_data(self) -> dict[str, Any]:
        """The playbook as JSON-able data with stable keys (durations as ISO-8601)."""
        data: dict[str, Any] = self.model_dump(mode="json")
        for phase in data["phases"]:
            for task in phase["tasks"]:
                if task.get("target") is None:  # absent as before: content hashes unchanged
                    task.pop("target", None)
        if not data["statement_rules"].get("centre_co_approval"):
            data["statement_rules"].pop("centre_co_approval", None)
        return data

    @cached_property
    def content_hash(self) -> str:
        """SHA-256 of the canonical JSON of `to_data()`; identifies this exact content."""
        return hashlib.sha256(canonical_json(self.to_data())).hexdigest()

    def __hash__(self) -> int:
        # ``defaults`` is a dict, so the field-wise hash pydantic gives frozen models fails.
        return hash(self.content_hash)

    @property
    def tasks(self) -> tuple[TaskSpec, ...]:
        """Every task of every phase, in order."""
        return tuple(t for p in self.phases for t in p.tasks)

    def role(self, role_id: str) -> Role | None:
        return next((r for r in self.roles if r.id == role_id), None)

    def template(self, template_id: str) -> TemplateSpec | None:
        return next((t for t in self.templates if t.id == template_id), None)

    def task(self, task_id: str) -> TaskSpec | None:
        return next((t for t in self.tasks if t.id == task_id), None)

    def canned_reply(self, reply_id: str) -> CannedReply | None:
        return next((r for r in self.canned_replies if r.id == reply_id), None)

    def phase_of(self, task_id: str) -> Phase | None:
        return next((p for p in self.phases if any(t.id == task_id for t in p.tasks)), None)


def canonical_json(data: Any) -> bytes:
    """Sorted keys, no spaces, UTF-8, NFC strings: the same data always gives the same bytes."""

    def nfc(value: Any) -> Any:
        if isinstance(value, str):
            return unicodedata.normalize("NFC", value)
        if isinstance(value, dict):
            return {nfc(k): nfc(v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [nfc(v) for v in value]
        return value

    text = json.dumps(nfc(data), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.encode("utf-8")
