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
    """One finding per template text that cannot be rendered with its example values.

    Every render of the playbook goes to the sandbox in one batch (one round trip to the
    render worker), so checking a playbook costs little more than parsing it.
    """
    from crisisdesk.statements.channel_forms import assemble_forms, form_checks, form_jobs
    from crisisdesk.statements.variables import context_for, form_fields, validate_values
    from crisisdesk.templating.sandbox import (
        TemplateError,
        TemplateRenderer,
        declared_and_used_variables,
    )

    renderer = TemplateRenderer()
    defaults = dict(book.defaults)
    out: list[Finding] = []
    reported: set[Loc] = set()

    def report(loc: Loc, message: str, line: int | None = None) -> None:
        if loc not in reported:
            reported.add(loc)
            out.append(Finding(loc, message, text_line=line))

    jobs: list[tuple[str, Any]] = []
    # What each job's result means: a text (loc), or a part of one template's forms.
    plan: list[tuple[str, Loc, str, Any]] = []
    for base, item in _items(book):
        broken = False
        for lang in ("ar", "en"):
            try:
                declared_and_used_variables(item.text.get(lang))
            except TemplateError as exc:
                report((*base, "text", lang), f"cannot be rendered: {exc.reason}", exc.line)
                broken = True
        if broken:
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
                report(loc, f"the example of {name!r} does not fit: {why}")
            if errors:
                continue
            empty = "" if optionals else " and its optional values empty"
            for lang in ("ar", "en"):
                jobs.append((item.text.get(lang), context_for(values, lang, SAMPLE_NOW)))
                plan.append(("text", (*base, "text", lang), empty, None))
            if isinstance(item, TemplateSpec):
                for code, other in item.languages.items():
                    jobs.append((other.text, context_for(values, code, SAMPLE_NOW)))
                    plan.append(("text", (*base, "languages", code, "text"), empty, None))
                form_batch, slots = form_jobs(item, values, SAMPLE_NOW)
                jobs.extend(form_batch)
                plan.extend(("form", base, empty, (slots, i)) for i in range(len(slots)))
    results = renderer.render_many(jobs) if jobs else []
    forms: dict[tuple[Loc, str], tuple[list[Any], list[Any]]] = {}
    for (what, loc, empty, extra), result in zip(plan, results, strict=True):
        if what == "text":
            if isinstance(result, TemplateError):
                report(
                    loc,
                    f"cannot be rendered with its example values{empty}: {result.reason}",
                    result.line,
                )
            continue
        slots, index = extra
        slot_list, result_list = forms.setdefault((loc, empty), ([], []))
        slot_list.append(slots[index])
        result_list.append(result)
    for (base, empty), (slot_list, result_list) in forms.items():
        failed = next((r for r in result_list if isinstance(r, TemplateError)), None)
        if failed is not None:
            report((*base, "forms"), f"a form cannot be rendered{empty}: {failed.reason}")
            continue
        rendered = assemble_forms(slot_list, result_list)
        params = rendered.get("whatsapp_params", {})
        for channel in ("x", "sms", "whatsapp"):
            for lang, text in rendered.get(channel, {}).items():
                check = form_checks(channel, lang, text, params.get(lang, ()))
                if not check.passed:
                    report(
                        (*base, "forms", channel, lang),
                        f"with its example values{empty}, does not fit: {check.detail}",
                    )
    return out
