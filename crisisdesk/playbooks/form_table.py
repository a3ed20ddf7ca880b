"""Every template × channel of a playbook with its length and its limit, as a table.

The lengths come from rendering each template with its example values and every optional
value filled (the longest realistic form), through the same sandbox and forms as a real
statement; the spokesperson's channel checks use the same measures.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from crisisdesk.playbooks.dry_run import SAMPLE_NOW, sample_values
from crisisdesk.playbooks.model import Playbook

__all__ = ["FormRow", "form_rows", "markdown_table"]


@dataclass(frozen=True)
class FormRow:
    playbook: str
    template: str
    channel: str
    lang: str
    length: str
    limit: str
    fits: bool

    def to_data(self) -> dict[str, Any]:
        return self.__dict__.copy()


def form_rows(book: Playbook) -> list[FormRow]:
    """One row per template, channel and language."""
    from crisisdesk.statements.channel_forms import (
        SMS_FORM_MAX_PARTS,
        form_checks,
        render_forms,
        split_thread,
    )
    from crisisdesk.statements.rules import sms_info, x_weighted_length
    from crisisdesk.statements.variables import form_fields, render_template, validate_values
    from crisisdesk.templating.sandbox import TemplateRenderer

    renderer = TemplateRenderer()
    rows: list[FormRow] = []
    for template in book.templates:
        fields = form_fields(template, None, dict(book.defaults))
        values, errors = validate_values(fields, sample_values(template.variables, optionals=True))
        if errors:
            continue
        texts = render_template(template, values, renderer, SAMPLE_NOW)
        forms = render_forms(template, values, renderer, SAMPLE_NOW)
        params = forms.get("whatsapp_params", {})
        for channel in template.channels:
            for lang in ("ar", "en"):
                if channel in ("website", "press"):
                    size = f"{len(texts[lang].strip())} characters"
                    rows.append(FormRow(book.id, template.id, channel, lang, size, "none", True))
                    continue
                text = forms.get(channel, {}).get(lang, "")
                result = form_checks(channel, lang, text, params.get(lang, ()))
                if channel == "x":
                    posts = split_thread(text)
                    size = " + ".join(str(x_weighted_length(p)) for p in posts) + " weighted"
                    limit = "280 weighted per post"
                elif channel == "sms":
                    info = sms_info(text)
                    size = f"{info.segments} part(s), {info.units} {info.encoding} units"
                    limit = f"{SMS_FORM_MAX_PARTS} parts"
                else:
                    size = f"{len(text)} characters"
                    limit = "1,024 characters, one-line parameters"
                rows.append(
                    FormRow(book.id, template.id, channel, lang, size, limit, result.passed)
                )
    return rows


def markdown_table(rows: list[FormRow]) -> str:
    """The rows as a Markdown table (the closing note of issue 21 carries it)."""
    out = [
        "| playbook | template | channel | lang | length | limit | fits |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        out.append(
            f"| {r.playbook} | {r.template} | {r.channel} | {r.lang} | {r.length} | "
            f"{r.limit} | {'yes' if r.fits else 'NO'} |"
        )
    return "\n".join(out)
