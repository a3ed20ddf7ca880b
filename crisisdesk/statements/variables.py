"""The blanks of a statement template as a form: field specs, coercion and pre-fill.

The fields come from the template text itself (what it actually uses) joined with its
declaration in the playbook (label, type, choices), so a variable the author forgot to
declare still gets a field instead of an error at render time. Values the incident
already knows (municipality, incident title, next update time, hotline) are pre-filled
so an operator under pressure types as little as possible.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from typing import Literal, Protocol
from zoneinfo import ZoneInfo

from crisisdesk.errors import CrisisDeskError
from crisisdesk.templating.sandbox import (
    TemplateError,
    TemplateRenderer,
    declared_and_used_variables,
)
from crisisdesk.text.arabic_grammar import ar_time, en_time
from crisisdesk.text.script import bidi_controls, has_arabic_letters, has_letters

__all__ = [
    "FieldSpec",
    "IncidentFacts",
    "LocalizedText",
    "Value",
    "VariableValueError",
    "by_language",
    "coerce_value",
    "context_for",
    "form_fields",
    "next_occurrence",
    "render_template",
    "validate_values",
]

FieldType = Literal["text", "number", "time", "choice"]
Lang = Literal["ar", "en"]
MAX_TEXT_CHARS = 1_000

_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_TIME = re.compile(r"(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm|ص|م|صباحا|صباحًا|مساء|مساءً)?", re.I)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class VariableValueError(CrisisDeskError):
    """A value typed into a statement form does not fit its field."""

    def __init__(self, name: str, message: str) -> None:
        self.name = name
        self.reason = message
        super().__init__(f"{name}: {message}")


@dataclass(frozen=True)
class LocalizedText:
    """A value that differs by language (a municipality's Arabic and English name)."""

    ar: str
    en: str

    def get(self, lang: str) -> str:
        return self.ar if lang == "ar" else self.en


Value = str | int | Decimal | time | LocalizedText


class _BilingualLike(Protocol):
    @property
    def ar(self) -> str: ...
    @property
    def en(self) -> str: ...


class _VariableLike(Protocol):
    @property
    def name(self) -> str: ...
    @property
    def label(self) -> _BilingualLike: ...
    @property
    def type(self) -> str: ...
    @property
    def required(self) -> bool: ...
    @property
    def example(self) -> object: ...
    @property
    def choices(self) -> tuple[str, ...] | None: ...


class _TemplateLike(Protocol):
    @property
    def text(self) -> _BilingualLike: ...
    @property
    def variables(self) -> tuple[_VariableLike, ...]: ...


@dataclass(frozen=True)
class IncidentFacts:
    """What the open incident already knows, offered as pre-fill."""

    municipality: str | LocalizedText | None = None
    incident_title: str | LocalizedText | None = None
    next_update: datetime | None = None
    hotline: str | None = None
    timezone: str = "Asia/Riyadh"
    extra: Mapping[str, str | LocalizedText] = field(default_factory=dict)

    def lookup(self, name: str) -> str | LocalizedText | time | None:
        """The fact a variable of this name stands for, if any."""
        if name in self.extra:
            return self.extra[name]
        if name in ("municipality", "municipality_name", "amanah"):
            return self.municipality
        if name in ("incident_title", "incident", "title"):
            return self.incident_title
        if name in ("next_update", "next_update_time", "next_update_at"):
            if self.next_update is None:
                return None
            local = self.next_update.astimezone(ZoneInfo(self.timezone))
            return local.time().replace(second=0, microsecond=0)
        if name in ("hotline", "hotline_number", "phone"):
            return self.hotline
        return None


@dataclass(frozen=True)
class FieldSpec:
    """One form field; ``declared`` is False for a variable only the text mentions."""

    name: str
    label_ar: str
    label_en: str
    type: FieldType
    required: bool
    example: str | None = None
    choices: tuple[str, ...] = ()
    prefill: Value | None = None
    declared: bool = True
    lang: str | None = None

    @property
    def bilingual(self) -> bool:
        """A free-text value read in both statements needs its Arabic and English text."""
        return self.type == "text" and self.lang is None

    def label(self, lang: str) -> str:
        return self.label_ar if lang == "ar" else self.label_en


def form_fields(
    template: _TemplateLike,
    facts: IncidentFacts | None = None,
    defaults: Mapping[str, str | _BilingualLike] | None = None,
) -> list[FieldSpec]:
    """Fields for every variable used by either language text, in declaration order.

    Undeclared but used variables come last as required text fields; declared but unused
    ones are kept (the playbook validator reports them) so the form mirrors the playbook.
    """
    used = declared_and_used_variables(template.text.ar) | declared_and_used_variables(
        template.text.en
    )
    facts = facts or IncidentFacts()
    defaults = defaults or {}
    out: list[FieldSpec] = []
    seen: set[str] = set()
    for var in template.variables:
        seen.add(var.name)
        kind: FieldType = var.type if var.type in ("text", "number", "time", "choice") else "text"  # type: ignore[assignment]
        spec = FieldSpec(
            name=var.name,
            label_ar=var.label.ar,
            label_en=var.label.en,
            type=kind,
            required=var.required,
            example=_example_text(var.example),
            choices=tuple(var.choices or ()),
            lang=getattr(var, "lang", None),
        )
        out.append(_with_prefill(spec, facts, defaults))
    for name in sorted(used - seen):
        spec = FieldSpec(name, name, name, "text", True, declared=False)
        out.append(_with_prefill(spec, facts, defaults))
    return out


def _example_text(example: object) -> str | None:
    """A form's hint: the example as typed, both languages of a per-language one."""
    if example is None:
        return None
    ar, en = getattr(example, "ar", None), getattr(example, "en", None)
    if isinstance(ar, str) and isinstance(en, str):
        return f"{ar} / {en}"
    return str(example)


def _with_prefill(
    spec: FieldSpec, facts: IncidentFacts, defaults: Mapping[str, str | _BilingualLike]
) -> FieldSpec:
    fact = facts.lookup(spec.name)
    raw: str | LocalizedText | time | None = fact
    if raw is None and spec.name in defaults:
        default = defaults[spec.name]
        raw = default if isinstance(default, str) else LocalizedText(default.ar, default.en)
    if raw is None:
        return spec
    try:
        value = coerce_value(spec, raw)
    except VariableValueError:
        return spec
    return FieldSpec(
        spec.name,
        spec.label_ar,
        spec.label_en,
        spec.type,
        spec.required,
        spec.example,
        spec.choices,
        value,
        spec.declared,
        spec.lang,
    )


def coerce_value(spec: FieldSpec, raw: str | LocalizedText | time | int | Decimal) -> Value:
    """Turn what was typed (Arabic-Indic digits welcome) into the field's value type."""
    if isinstance(raw, LocalizedText):
        if spec.type != "text":
            raise VariableValueError(spec.name, "a per-language value fits only a text field")
        value = LocalizedText(_clean_text(spec, raw.ar), _clean_text(spec, raw.en))
        if bool(value.ar) != bool(value.en) and not _has_words(value.ar or value.en):
            return value.ar or value.en  # a number or code reads the same in both
        if spec.bilingual and bool(value.ar) != bool(value.en):
            missing = "English" if value.ar else "Arabic"
            raise VariableValueError(spec.name, f"needs its {missing} text too")
        return value
    if spec.type == "time":
        return raw if isinstance(raw, time) else _parse_time(spec, str(raw))
    if spec.type == "number":
        if isinstance(raw, (int, Decimal)) and not isinstance(raw, bool):
            return raw
        return _parse_number(spec, str(raw))
    text = _clean_text(spec, raw.strftime("%H:%M") if isinstance(raw, time) else str(raw))
    if spec.bilingual and _has_words(text):
        # Arabic words inside the English statement ("continues in الدمام") or the
        # reverse: a value with words is typed once per language.
        raise VariableValueError(
            spec.name,
            f"needs its Arabic and its English text ({spec.name}.ar=..., {spec.name}.en=...)",
        )
    if spec.type == "choice":
        for choice in spec.choices:
            if _fold(choice) == _fold(text):
                return choice
        raise VariableValueError(spec.name, f"choose one of: {', '.join(spec.choices)}")
    return text


def by_language(raw: Mapping[str, str]) -> dict[str, str | LocalizedText]:
    """``--set area.ar=... --set area.en=...`` as one per-language value named ``area``."""
    out: dict[str, str | LocalizedText] = {}
    sides: dict[str, dict[str, str]] = {}
    for name, value in raw.items():
        base, dot, lang = name.rpartition(".")
        if dot and lang in ("ar", "en") and base:
            sides.setdefault(base, {})[lang] = value
        else:
            out[name] = value
    for base, given in sides.items():
        out[base] = LocalizedText(given.get("ar", ""), given.get("en", ""))
    return out


def validate_values(
    fields: Iterable[FieldSpec], raw: Mapping[str, str | LocalizedText | time | int | Decimal]
) -> tuple[dict[str, Value], dict[str, str]]:
    """Coerce every field; returns (values, errors by field name) so a form shows all.

    A blank optional field becomes an empty string (the template decides what to do with
    it); a blank required field with no pre-fill is an error; names the form does not know
    are reported too, so a typo in ``--set`` is not silently ignored.
    """
    values: dict[str, Value] = {}
    errors: dict[str, str] = {}
    known: set[str] = set()
    for spec in fields:
        known.add(spec.name)
        given = raw.get(spec.name)
        if given is None or (isinstance(given, str) and not given.strip()):
            if spec.prefill is not None:
                values[spec.name] = spec.prefill
            elif spec.required:
                errors[spec.name] = "required"
            else:
                values[spec.name] = ""
            continue
        try:
            values[spec.name] = coerce_value(spec, given)
        except VariableValueError as exc:
            errors[spec.name] = exc.reason
    for name in raw:
        if name not in known:
            errors[name] = "this template has no such variable"
    return values, errors


def context_for(
    values: Mapping[str, Value], lang: str, now: datetime | None = None
) -> dict[str, str | int | Decimal]:
    """The rendering context for one language: per-language values resolved, and a time
    read with its day and part of the day (``السادسة مساءً، الخميس``, ``6:00 pm on
    Thursday``): the next such time at or after ``now`` (default: this computer's now)."""
    out: dict[str, str | int | Decimal] = {}
    for name, value in values.items():
        if isinstance(value, LocalizedText):
            out[name] = value.get(lang)
        elif isinstance(value, time):
            when = next_occurrence(value, now)
            out[name] = ar_time(when) if lang == "ar" else en_time(when)
        else:
            out[name] = value
    return out


def next_occurrence(at: time, now: datetime | None = None) -> datetime:
    """The first moment at or after ``now`` whose clock reads ``at`` (in ``now``'s zone)."""
    now = now if now is not None and now.tzinfo is not None else datetime.now().astimezone()
    candidate = now.replace(hour=at.hour, minute=at.minute, second=0, microsecond=0)
    if candidate < now.replace(second=0, microsecond=0):
        candidate += timedelta(days=1)
    return candidate


def render_template(
    template: _TemplateLike,
    values: Mapping[str, Value],
    renderer: TemplateRenderer | None = None,
    now: datetime | None = None,
) -> dict[Lang, str]:
    """Both language texts rendered through the sandbox: ``{"ar": ..., "en": ...}``."""
    renderer = renderer or TemplateRenderer()
    ar, en = renderer.render_many(
        [
            (template.text.ar, context_for(values, "ar", now)),
            (template.text.en, context_for(values, "en", now)),
        ]
    )  # one round trip to the render worker for both languages
    for result in (ar, en):
        if isinstance(result, TemplateError):
            raise result
    assert isinstance(ar, str) and isinstance(en, str)
    return {"ar": ar, "en": en}


def _has_words(text: str) -> bool:
    """Words a reader of the other language would not read: any Arabic letter, or letters
    that are not a code (``FS-2026-118`` and ``940`` are the same in both statements)."""
    if has_arabic_letters(text):
        return True
    is_code = not any(c.isspace() for c in text) and any(c.isdigit() for c in text)
    return has_letters(text) and not is_code


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold().strip()


def _clean_text(spec: FieldSpec, text: str) -> str:
    text = unicodedata.normalize("NFC", text).strip()
    if _CONTROL.search(text):
        raise VariableValueError(spec.name, "contains control characters")
    controls = bidi_controls(text)
    if controls:
        raise VariableValueError(
            spec.name, f"contains the direction control {', '.join(controls)}; remove it"
        )
    if len(text) > MAX_TEXT_CHARS:
        raise VariableValueError(spec.name, f"longer than {MAX_TEXT_CHARS} characters")
    return text


def _parse_number(spec: FieldSpec, text: str) -> int | Decimal:
    cleaned = text.strip().translate(_DIGITS).replace("٫", ".").replace("٬", "").replace(",", "")
    if len(cleaned) > 30:
        raise VariableValueError(spec.name, "not a number")
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        raise VariableValueError(spec.name, f"not a number: {text.strip()!r}") from None
    if not number.is_finite():
        raise VariableValueError(spec.name, f"not a number: {text.strip()!r}")
    if number == number.to_integral_value() and "." not in cleaned and "e" not in cleaned.lower():
        return int(number)
    return number


def _parse_time(spec: FieldSpec, text: str) -> time:
    cleaned = text.strip().translate(_DIGITS)
    if "T" in cleaned or (len(cleaned) > 10 and "-" in cleaned):
        try:
            return datetime.fromisoformat(cleaned).time().replace(second=0, microsecond=0)
        except ValueError:
            pass
    match = _TIME.fullmatch(cleaned)
    if match is None:
        raise VariableValueError(spec.name, f"not a time (use HH:MM): {text.strip()!r}")
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    marker = (match.group(3) or "").lower()
    if marker:
        if not 1 <= hour <= 12:
            raise VariableValueError(spec.name, f"not a time: {text.strip()!r}")
        pm = marker in ("pm", "م", "مساء", "مساءً")
        hour = hour % 12 + (12 if pm else 0)
    if hour > 23 or minute > 59:
        raise VariableValueError(spec.name, f"not a time: {text.strip()!r}")
    return time(hour, minute)
