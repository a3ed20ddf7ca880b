"""Render every template of a playbook before it is accepted, so none fails mid-crisis.

Parsing a template proves little: ``{% include %}``, ``x.__class__`` or
``range(999999999)`` parse and only fail when drafted. The validator therefore renders
each template and canned reply in the statements sandbox (its time and size bounds
included) with its example values, and again with every optional value left empty.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from crisisdesk.playbooks.model import (
    Bilingual,
    CannedReply,
    Playbook,
    TemplateSpec,
    VariableSpec,
)
from crisisdesk.playbooks.validator import Finding, Loc
from crisisdesk.statements.variables import LocalizedText

__all__ = ["SAMPLE_NOW", "dry_run", "sample_values"]

# A fixed "now" (a Thursday afternoon in Riyadh) so a time renders the same every run.
SAMPLE_NOW = datetime(2026, 12, 3, 14, 0, tzinfo=ZoneInfo("Asia/Riyadh"))

_FALLBACK: dict[str, str | int] = {"number": 3, "time": "18:00"}


def sample_values(variables: tuple[VariableSpec, ...], *, optionals: bool) -> dict[str, Any]:
    """Raw form input: each example (or a stand-in by type); optionals left empty unless asked."""
    out: dict[str, Any] = {}
    for var in variables:
        if not var.required and not optionals:
            out[var.name] = ""
        elif isinstance(var.example, Bilingual):
            out[var.name] = LocalizedText(var.example.ar, var.example.en)
        elif var.example is not None:
            out[var.name] = var.example
        elif var.type == "choice" and var.choices:
            out[var.name] = var.choices[0]
        elif var.type == "text" and var.lang is None:
            out[var.name] = LocalizedText("نص تجريبي", "sample text")
        else:
            out[var.name] = _FALLBACK.get(var.type, "نص تجريبي" if var.lang == "ar" else "text")
    return out


def _items(book: Playbook) -> Iterator[tuple[Loc, TemplateSpec | CannedReply]]:
    for i, template in enumerate(book.templates):
        yield ("templates", i), template
    for i, reply in enumerate(book.canned_replies):
        yield ("canned_replies", i), reply


def dry_run(book: Playbook) -> list[Finding]:
    """One finding per template text that cannot be rendered with its example values."""
    from crisisdesk.statements.sandbox import (
        TemplateError,
        TemplateRenderer,
        declared_and_used_variables,
    )
    from crisisdesk.statements.variables import (
        context_for,
        form_fields,
        validate_values,
    )

    renderer = TemplateRenderer()
    defaults = dict(book.defaults)
    out: list[Finding] = []
    for base, item in _items(book):
        reported: set[Loc] = set()
        for lang in ("ar", "en"):
            try:
                declared_and_used_variables(item.text.get(lang))
            except TemplateError as exc:
                loc = (*base, "text", lang)
                reported.add(loc)
                out.append(Finding(loc, f"cannot be rendered: {exc.reason}", text_line=exc.line))
        if reported:
            continue
        fields = form_fields(item, None, defaults)
        if isinstance(item, CannedReply):
            # A reply is rendered in the one language it is sent in: one text per value.
            fields = [replace(f, lang="any") for f in fields]
        for optionals in (True, False):
            values, errors = validate_values(
                fields, sample_values(item.variables, optionals=optionals)
            )
            for name, why in sorted(errors.items()):
                index = next((k for k, v in enumerate(item.variables) if v.name == name), None)
                loc = (*base, "variables", index, "example") if index is not None else base
                if loc not in reported:
                    reported.add(loc)
                    out.append(Finding(loc, f"the example of {name!r} does not fit: {why}"))
            if errors:
                continue
            empty = "" if optionals else " and its optional values empty"
            for lang in ("ar", "en"):
                loc = (*base, "text", lang)
                if loc in reported:
                    continue
                try:
                    renderer.render(item.text.get(lang), context_for(values, lang, SAMPLE_NOW))
                except TemplateError as exc:
                    reported.add(loc)
                    out.append(
                        Finding(
                            loc,
                            f"cannot be rendered with its example values{empty}: {exc.reason}",
                            text_line=exc.line,
                        )
                    )
            if isinstance(item, TemplateSpec):
                out.extend(_forms(base, item, values, renderer, reported, empty))
                for code, other in item.languages.items():
                    loc = (*base, "languages", code, "text")
                    try:
                        renderer.render(other.text, context_for(values, code, SAMPLE_NOW))
                    except TemplateError as exc:
                        if loc not in reported:
                            reported.add(loc)
                            out.append(Finding(loc, f"cannot be rendered{empty}: {exc.reason}"))
    return out


def _forms(
    base: Loc,
    item: TemplateSpec,
    values: dict[str, Any],
    renderer: Any,
    reported: set[Loc],
    empty: str,
) -> list[Finding]:
    """Each channel form renders with the example values and fits its channel."""
    from crisisdesk.statements.channel_forms import form_checks, render_forms
    from crisisdesk.statements.sandbox import TemplateError

    out: list[Finding] = []
    try:
        forms = render_forms(item, values, renderer, SAMPLE_NOW)
    except TemplateError as exc:
        for channel in ("x", "sms", "whatsapp"):
            loc = (*base, "forms", channel)
            if item.forms.get(channel) is not None and loc not in reported:
                reported.add(loc)
                out.append(Finding(loc, f"a form cannot be rendered{empty}: {exc.reason}"))
        return out
    params = forms.get("whatsapp_params", {})
    for channel in ("x", "sms", "whatsapp"):
        for lang, text in forms.get(channel, {}).items():
            loc = (*base, "forms", channel, lang)
            result = form_checks(channel, lang, text, params.get(lang, ()))
            if not result.passed and loc not in reported:
                reported.add(loc)
                out.append(
                    Finding(loc, f"with its example values{empty}, does not fit: {result.detail}")
                )
    return out
