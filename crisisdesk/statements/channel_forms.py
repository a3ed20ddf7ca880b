"""Each limited channel's own form of a statement, rendered with the same values, and the
checks that must pass before the spokesperson may approve it.

* **X**: one post of at most 280 weighted characters, or an explicit thread whose posts
  are separated in the template by a line holding only ``---``; each post is checked.
* **SMS**: at most two parts (134 Arabic characters in UCS-2, 306 GSM-7 characters).
* **WhatsApp**: the body of an approved message template. Meta limits the body to 1,024
  characters, and a parameter cannot hold a new line, a tab or more than four spaces in
  a row — so the line breaks belong to the template text itself, and each ``{{ ... }}``
  of the form becomes one parameter ``{{1}}``, ``{{2}}`` ... of the registered body.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any, Protocol

from crisisdesk.statements.rules import (
    WHATSAPP_TEMPLATE_BODY_MAX,
    X_MAX_WEIGHTED,
    RuleResult,
    sms_info,
    whatsapp_param_problem,
    x_weighted_length,
)
from crisisdesk.statements.variables import Value, context_for
from crisisdesk.templating.sandbox import TemplateRenderer

__all__ = [
    "FORM_CHANNELS",
    "SMS_FORM_MAX_PARTS",
    "RenderedForms",
    "assemble_forms",
    "form_checks",
    "form_jobs",
    "forms_checks",
    "meta_body",
    "render_forms",
    "split_thread",
    "whatsapp_template_name",
]

FORM_CHANNELS = ("x", "sms", "whatsapp")
SMS_FORM_MAX_PARTS = 2
_THREAD_BREAK = re.compile(r"^[ \t]*---[ \t]*$", re.M)
_OUTPUT = re.compile(r"\{\{(.*?)\}\}", re.S)
_LANG_EN = {"ar": "Arabic", "en": "English"}
_LANG_AR = {"ar": "العربية", "en": "الإنجليزية"}

RenderedForms = dict[str, Any]
"""``{"x": {"ar": ..., "en": ...}, "sms": {...}, "whatsapp": {...},
"whatsapp_params": {"ar": [...], "en": [...]}}`` — stored with the version it belongs to."""


class _Bilingual(Protocol):
    @property
    def ar(self) -> str: ...
    @property
    def en(self) -> str: ...


class _Forms(Protocol):
    def get(self, channel: str) -> _Bilingual | None: ...


class _Template(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def channels(self) -> Sequence[str]: ...
    @property
    def text(self) -> _Bilingual: ...
    @property
    def forms(self) -> _Forms: ...


def split_thread(text: str) -> list[str]:
    """The posts of an X form: one, or several separated by a ``---`` line."""
    return [part.strip() for part in _THREAD_BREAK.split(text) if part.strip()]


def meta_body(source: str) -> str:
    """The WhatsApp form as the body registered with Meta: ``{{ x }}`` → ``{{1}}`` ..."""
    count = 0

    def number(_: re.Match[str]) -> str:
        nonlocal count
        count += 1
        return "{{" + str(count) + "}}"

    return _OUTPUT.sub(number, source).strip()


def whatsapp_template_name(playbook_id: str, template_id: str, lang: str) -> str:
    """The message template's name at Meta: lower case, digits and underscores."""
    return re.sub(r"[^a-z0-9_]", "_", f"{playbook_id}_{template_id}_{lang}".lower())[:512]


Job = tuple[str, Mapping[str, Any]]
Slot = tuple[str, str, int]  # (channel, lang, -1 for the form, else the parameter's index)


def form_jobs(
    template: _Template, values: Mapping[str, Value], now: datetime | None = None
) -> tuple[list[Job], list[Slot]]:
    """What rendering ``template``'s channel forms takes, as jobs for one batch (the render
    worker is asked once, not once per form and parameter) and where each result goes."""
    jobs: list[Job] = []
    slots: list[Slot] = []
    for channel in FORM_CHANNELS:
        form = template.forms.get(channel)
        if form is None and channel in template.channels:
            form = template.text
        if form is None:
            continue
        for lang in ("ar", "en"):
            source = form.ar if lang == "ar" else form.en
            context = context_for(values, lang, now)
            jobs.append((source, context))
            slots.append((channel, lang, -1))
            if channel == "whatsapp":
                for index, expr in enumerate(_OUTPUT.findall(source)):
                    jobs.append(("{{" + expr + "}}", context))
                    slots.append((channel, lang, index))
    return jobs, slots


def assemble_forms(slots: Sequence[Slot], results: Sequence[str | Exception]) -> RenderedForms:
    """The rendered forms from a batch's results; the first failure is raised."""
    out: RenderedForms = {}
    for (channel, lang, index), result in zip(slots, results, strict=True):
        if isinstance(result, Exception):
            raise result
        if index < 0:
            out.setdefault(channel, {})[lang] = result.strip()
        else:
            out.setdefault("whatsapp_params", {}).setdefault(lang, []).append(result)
    return out


def render_forms(
    template: _Template,
    values: Mapping[str, Value],
    renderer: TemplateRenderer,
    now: datetime | None = None,
) -> RenderedForms:
    """Every channel form of ``template`` rendered in both languages with ``values``; a
    limited channel without a form of its own takes the full text, checked like a form."""
    jobs, slots = form_jobs(template, values, now)
    return assemble_forms(slots, renderer.render_many(jobs) if jobs else [])


def form_checks(channel: str, lang: str, text: str, params: Sequence[str] = ()) -> RuleResult:
    """One checklist line: the ``lang`` form of ``channel`` fits the channel."""
    suffix, suffix_ar = f" ({_LANG_EN[lang]})", f" ({_LANG_AR.get(lang, lang)})"
    if channel == "x":
        posts = split_thread(text)
        weights = [x_weighted_length(p) for p in posts]
        ok = bool(posts) and all(w <= X_MAX_WEIGHTED for w in weights)
        shown = " + ".join(str(w) for w in weights) or "0"
        what = f"thread of {len(posts)} posts: " if len(posts) > 1 else ""
        return RuleResult(
            f"form:x:{lang}",
            "channel",
            "نص منصة X" + suffix_ar,
            "X form" + suffix,
            ok,
            f"{what}{shown} of {X_MAX_WEIGHTED} weighted characters"
            + ("" if len(posts) < 2 else " each"),
            f"{shown} من {X_MAX_WEIGHTED}",
            lang,
        )
    if channel == "sms":
        info = sms_info(text)
        return RuleResult(
            f"form:sms:{lang}",
            "channel",
            "نص الرسالة النصية" + suffix_ar,
            "SMS form" + suffix,
            0 < info.segments <= SMS_FORM_MAX_PARTS,
            f"{info.segments} {info.encoding} part(s), {info.units} units "
            f"(at most {SMS_FORM_MAX_PARTS} parts)",
            f"{info.segments} جزء ({info.encoding}) من {SMS_FORM_MAX_PARTS}",
            lang,
        )
    size = len(text)
    problems = [p for p in (whatsapp_param_problem(v) for v in params) if p]
    if any(not v.strip() for v in params):
        problems.append("a template parameter cannot be empty")
    detail = f"template body {size} of {WHATSAPP_TEMPLATE_BODY_MAX} characters"
    if problems:
        detail += "; " + problems[0]
    return RuleResult(
        f"form:whatsapp:{lang}",
        "channel",
        "قالب واتساب" + suffix_ar,
        "WhatsApp template body" + suffix,
        size <= WHATSAPP_TEMPLATE_BODY_MAX and not problems and bool(text.strip()),
        detail,
        f"{size} من {WHATSAPP_TEMPLATE_BODY_MAX} حرفًا" + ("؛ معامل غير صالح" if problems else ""),
        lang,
    )


def forms_checks(forms: Mapping[str, Any], channels: Sequence[str]) -> list[RuleResult]:
    """A line per language for every limited channel the statement goes to; a channel
    listed without its form fails (the full text is not cut down behind anyone's back)."""
    out: list[RuleResult] = []
    params = forms.get("whatsapp_params", {})
    for channel in channels:
        if channel not in FORM_CHANNELS:
            continue
        texts = forms.get(channel)
        for lang in ("ar", "en"):
            if not isinstance(texts, Mapping) or not isinstance(texts.get(lang), str):
                out.append(
                    RuleResult(
                        f"form:{channel}:{lang}",
                        "channel",
                        f"نص {channel} ({_LANG_AR[lang]})",
                        f"{channel} form ({_LANG_EN[lang]})",
                        False,
                        f"the template has no {channel} form",
                        "لا يوجد نص لهذه القناة في القالب",
                        lang,
                    )
                )
                continue
            out.append(form_checks(channel, lang, texts[lang], params.get(lang, ())))
    return out
