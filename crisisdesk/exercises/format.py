"""The exercise file as data: frozen pydantic models mirroring the YAML (see FORMAT.md).

An exercise names a playbook, tells the scenario's story and lists a timeline of injects at
``T+mm:ss`` (a public message on one channel, possibly many varied copies; a rumour wave; a
change of situation) and the expectations the room is scored against. Checks that need one
value live here; checks across the file (unique ids, references, times within the duration)
live in `cross_check`, run by the loader so each problem gets its line and column.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    StrictInt,
    StrictStr,
    Tag,
    model_validator,
)

from crisisdesk.exercises.offsets import parse_offset, parse_span
from crisisdesk.playbooks.model import Bilingual, Id, Word
from crisisdesk.playbooks.validator import Finding
from crisisdesk.playbooks.vocabulary import Priority, StatementKind, SystemRole

FORMAT_VERSION = 1
MAX_COPIES = 5000
MAX_MESSAGES = 20_000  # every inject of a file together

# The channels an inject arrives by; ``news`` is a feed item, read by the RSS parser.
InjectChannel = Literal["whatsapp", "x", "news", "email", "hotline"]
INJECT_CHANNELS: tuple[str, ...] = InjectChannel.__args__  # type: ignore[attr-defined]
# Who writes it: the persona decides the name, the handle and the wording of copies.
Persona = Literal[
    "resident", "influencer", "journalist", "rumour", "expatriate", "leadership", "official"
]
PERSONAS: tuple[str, ...] = Persona.__args__  # type: ignore[attr-defined]
PublicPersona = Literal["resident", "influencer", "journalist", "rumour", "expatriate"]
ExpectationKind = Literal[
    "statement_approved", "statement_published", "rumour_countered", "answered_within_target"
]

Offset = Annotated[timedelta, BeforeValidator(parse_offset)]
Span = Annotated[timedelta, BeforeValidator(parse_span)]


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


class Author(_Model):
    """A named sender; without one the persona invents a plausible (fictional) one."""

    name: StrictStr | None = None
    handle: StrictStr | None = None


class MessageInject(_Model):
    """One public message, or ``copies`` varied copies of it spread ``over`` a span."""

    at: Offset
    id: Id | None = None
    channel: InjectChannel
    persona: Persona = "resident"
    author: Author | None = Field(default=None, alias="from")
    subject: StrictStr | None = None
    text: Word
    copies: Annotated[StrictInt, Field(ge=1, le=MAX_COPIES)] = 1
    over: Span | None = None

    @property
    def size(self) -> int:
        return self.copies


class Wave(_Model):
    """A rumour: a seed text spreading as ``variants`` reworded copies over ``over``."""

    seed: Word
    variants: Annotated[StrictInt, Field(ge=1, le=MAX_COPIES)]
    over: Span
    channels: tuple[Literal["whatsapp", "x"], ...] = ("x", "whatsapp")
    # the share of X copies that are plain retweets of an earlier copy, in per cent
    retweets: Annotated[StrictInt, Field(ge=0, le=90)] = 30


class RumourInject(_Model):
    at: Offset
    id: Id
    rumour: Wave

    @property
    def size(self) -> int:
        return self.rumour.variants


class Situation(_Model):
    """A change the room learns of: the severity rises, a road collapses."""

    severity: Annotated[StrictInt, Field(ge=1, le=4)] | None = None
    note: Bilingual


class SituationInject(_Model):
    at: Offset
    id: Id | None = None
    situation: Situation

    @property
    def size(self) -> int:
        return 1


def _inject_tag(value: Any) -> str:
    if isinstance(value, dict):
        if "rumour" in value:
            return "@rumour"
        if "situation" in value:
            return "@situation"
    return "@message"


Inject = Annotated[
    Annotated[MessageInject, Tag("@message")]
    | Annotated[RumourInject, Tag("@rumour")]
    | Annotated[SituationInject, Tag("@situation")],
    Discriminator(_inject_tag),
]


class Background(_Model):
    """Everyday traffic under the scripted injects, so the signal must be found in noise."""

    per_minute: Annotated[StrictInt, Field(ge=0, le=600)] = 0
    channels: tuple[InjectChannel, ...] = ("whatsapp", "x", "hotline")


class PersonaGroup(_Model):
    """A group of like-minded people in the public (the residents of one district, the
    expatriate workers of one camp): one persona's way of writing, its own starting
    disposition (``leaning``, -100 angry .. 100 calm) and how strongly what the room does
    moves it (``sensitivity``, percent of the usual effect); ``size`` members, a fifth of
    whom post at each mark (at least one), more when the group is angry."""

    id: Id
    title: Bilingual
    persona: PublicPersona
    size: Annotated[StrictInt, Field(ge=1, le=200)] = 10
    leaning: Annotated[StrictInt, Field(ge=-100, le=100)] = 0
    sensitivity: Annotated[StrictInt, Field(ge=0, le=300)] = 100


class PublicSpec(_Model):
    """The simulated public: who posts, how often, and how much more when angry."""

    every: Span = timedelta(minutes=5)
    personas: tuple[PublicPersona, ...] = (
        "resident", "influencer", "journalist", "rumour", "expatriate",
    )  # fmt: skip
    per_anger: Annotated[StrictInt, Field(ge=0, le=20)] = 2  # extra posts per 25 points of anger
    groups: tuple[PersonaGroup, ...] = ()

    @model_validator(mode="after")
    def _not_too_often(self) -> PublicSpec:
        if self.every < timedelta(minutes=1):
            raise ValueError("the public posts at most once a minute ('every' of 1:00 or more)")
        ids = [g.id for g in self.groups]
        if len(set(ids)) != len(ids):
            raise ValueError("each persona group needs an id of its own")
        return self


class Expectation(_Model):
    """What the room should have done, and by when (``by``) or how well (``share``)."""

    id: Id
    kind: ExpectationKind
    title: Bilingual
    by: Offset | None = None
    statement: StatementKind | None = None
    rumour: Id | None = None
    share: Annotated[StrictInt, Field(ge=1, le=100)] | None = None
    priority: Priority | None = None

    @model_validator(mode="after")
    def _fields_of_kind(self) -> Expectation:
        if self.kind in ("statement_approved", "statement_published"):
            if self.statement is None:
                raise ValueError(f"a {self.kind} expectation names its 'statement' kind")
            if self.by is None:
                raise ValueError(f"a {self.kind} expectation needs a deadline 'by'")
        if self.kind == "rumour_countered":
            if self.rumour is None:
                raise ValueError("a rumour_countered expectation names its 'rumour' inject")
            if self.by is None:
                raise ValueError("a rumour_countered expectation needs a deadline 'by'")
        return self

    @property
    def wanted_share(self) -> int:
        return self.share if self.share is not None else 90


class EventList(_Model):
    """Injects the trainer adds on demand to turn the pressure up (or down); their times
    count from the moment the list is added."""

    id: Id
    title: Bilingual
    injects: Annotated[tuple[Inject, ...], Field(min_length=1)]


class Exercise(_Model):
    """A whole exercise file."""

    format: Literal[1]
    id: Id
    title: Bilingual
    playbook: Id
    severity: Annotated[StrictInt, Field(ge=1, le=4)] = 2
    story: Bilingual
    units: tuple[StrictStr, ...] = ()
    roles: tuple[SystemRole, ...] = ()
    duration: Offset
    background: Background = Background()
    public: PublicSpec | None = None
    injects: Annotated[tuple[Inject, ...], Field(min_length=1)]
    expectations: tuple[Expectation, ...] = ()
    event_lists: tuple[EventList, ...] = ()

    def inject_key(self, index: int) -> str:
        """The stable key of the ``index``-th inject: its id, else its position."""
        inject = self.injects[index]
        return inject.id or f"inject-{index + 1}"


def cross_check(data: Any) -> list[Finding]:
    """Checks across the file, on the raw data (so they run even when a field is wrong)."""
    out: list[Finding] = []
    if not isinstance(data, dict):
        return out
    duration = _try(parse_offset, data.get("duration"))
    found = data.get("injects")
    injects: list[Any] = found if isinstance(found, list) else []
    seen: dict[str, int] = {}
    rumours: set[str] = set()
    total = 0
    for i, item in enumerate(injects):
        if not isinstance(item, dict):
            continue
        ident = item.get("id")
        if isinstance(ident, str):
            if ident in seen:
                out.append(Finding(("injects", i, "id"), f"id {ident!r} is used twice"))
            seen[ident] = i
            if "rumour" in item:
                rumours.add(ident)
        at = _try(parse_offset, item.get("at"))
        if at is not None and duration is not None and at > duration:
            out.append(Finding(("injects", i, "at"), "comes after the end of the exercise"))
        size = item.get("copies", 1)
        wave = item.get("rumour")
        if isinstance(wave, dict):
            size = wave.get("variants", 1)
        total += size if isinstance(size, int) and not isinstance(size, bool) else 1
    if total > MAX_MESSAGES:
        out.append(Finding(("injects",), f"{total} messages in all; the most is {MAX_MESSAGES}"))
    expectations = data.get("expectations")
    ids: set[str] = set()
    for i, item in enumerate(expectations if isinstance(expectations, list) else []):
        if not isinstance(item, dict):
            continue
        ident = item.get("id")
        if isinstance(ident, str):
            if ident in ids:
                out.append(Finding(("expectations", i, "id"), f"id {ident!r} is used twice"))
            ids.add(ident)
        ref = item.get("rumour")
        if isinstance(ref, str) and ref not in rumours:
            out.append(Finding(("expectations", i, "rumour"), f"no rumour inject with id {ref!r}"))
        by = _try(parse_offset, item.get("by"))
        if by is not None and duration is not None and by > duration:
            out.append(Finding(("expectations", i, "by"), "comes after the end of the exercise"))
    lists = data.get("event_lists")
    list_ids: set[str] = set()
    for i, item in enumerate(lists if isinstance(lists, list) else []):
        ident = item.get("id") if isinstance(item, dict) else None
        if isinstance(ident, str):
            if ident in list_ids:
                out.append(Finding(("event_lists", i, "id"), f"id {ident!r} is used twice"))
            list_ids.add(ident)
    playbook = data.get("playbook")
    if isinstance(playbook, str) and playbook:
        from crisisdesk.errors import CrisisDeskError
        from crisisdesk.playbooks import find_playbook

        try:
            find_playbook(playbook)
        except CrisisDeskError:
            out.append(Finding(("playbook",), f"no playbook {playbook!r} in the library"))
    return out


def _try(parse: Any, value: Any) -> timedelta | None:
    try:
        result: timedelta = parse(value)
    except ValueError:
        return None
    return result


__all__ = [
    "FORMAT_VERSION",
    "INJECT_CHANNELS",
    "PERSONAS",
    "Author",
    "Background",
    "EventList",
    "Exercise",
    "Expectation",
    "Inject",
    "MessageInject",
    "PublicSpec",
    "RumourInject",
    "Situation",
    "SituationInject",
    "Wave",
    "cross_check",
]
