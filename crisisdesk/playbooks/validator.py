"""Checks that span a whole playbook, and the wording of every problem a validation finds.

`cross_check` works on the raw data (not only on a parsed `Playbook`) so that a file with
a wrong type in one place still gets its duplicate ids and template variables checked:
the author sees every problem in one run, not one per run.
"""

from __future__ import annotations

import difflib
import re
import typing
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

import jinja2
from jinja2 import meta
from jinja2.sandbox import ImmutableSandboxedEnvironment
from pydantic import BaseModel, ValidationError

from crisisdesk.templating.grammar_filters import grammar_filters

Loc = tuple[str | int, ...]

# Parsing only: rendering belongs to the statements package with its own environment.
_JINJA = ImmutableSandboxedEnvironment(autoescape=False)
_JINJA.filters.update(grammar_filters())  # the filters statements render with
_JINJA_GLOBALS = frozenset(_JINJA.globals)
_LANGS = {"ar": "Arabic", "en": "English"}
_KEY = re.compile(r"[A-Za-z0-9_-]+")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a playbook file, placed at its line and column (1-based)."""

    path: str
    line: int | None
    column: int | None
    message: str

    def __post_init__(self) -> None:
        # One problem is one line, whatever odd text the file put into the message.
        object.__setattr__(self, "message", " ".join(self.message.splitlines()))

    def __str__(self) -> str:
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {self.message}"

    def to_data(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "message": self.message,
        }


@dataclass(frozen=True)
class Finding:
    """A problem located by its key path; the loader turns it into a `Problem`.

    ``at`` says whether to point at the key itself or at its value; ``text_line`` is a
    1-based line inside a multi-line text value (a Jinja syntax error); ``shown`` is the
    key path named in the message when it differs from ``loc``.
    """

    loc: Loc
    message: str
    at: Literal["key", "value"] = "value"
    text_line: int | None = None
    shown: Loc | None = None

    def __str__(self) -> str:
        where = format_loc(self.loc if self.shown is None else self.shown)
        return f"{where}: {self.message}" if where else self.message


def format_loc(loc: Loc) -> str:
    """``phases[0].tasks[2].due`` from ``("phases", 0, "tasks", 2, "due")``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif not _KEY.fullmatch(part):
            out += f"[{part!r}]"  # an odd key stays visible and on one line
        else:
            out += f".{part}" if out else part
    return out


# ---------------------------------------------------------------------------
# Cross checks on raw data.


def _entries(data: Any, key: str) -> Iterator[tuple[int, dict[str, Any]]]:
    seq = data.get(key) if isinstance(data, dict) else None
    if isinstance(seq, list | tuple):
        for i, item in enumerate(seq):
            if isinstance(item, dict):
                yield i, item


def _unique(items: Sequence[tuple[Loc, Any]], what: str, out: list[Finding]) -> set[Any]:
    """Report every repeat of an id after its first use; return the ids seen."""
    first: dict[Any, Loc] = {}
    for loc, value in items:
        if not isinstance(value, str | int) or isinstance(value, bool):
            continue
        if value in first:
            out.append(
                Finding(
                    loc, f"duplicate {what} {value!r} (first used at {format_loc(first[value])})"
                )
            )
        else:
            first[value] = loc
    return set(first)


def cross_check(data: Any) -> list[Finding]:
    """Every problem that needs more than one value to see, in document order."""
    out: list[Finding] = []
    if not isinstance(data, dict):
        return out

    roles = _unique(
        [(("roles", i, "id"), r.get("id")) for i, r in _entries(data, "roles")], "role id", out
    )
    _unique(
        [(("phases", i, "id"), p.get("id")) for i, p in _entries(data, "phases")], "phase id", out
    )
    tasks: list[tuple[Loc, Any]] = []
    for i, phase in _entries(data, "phases"):
        for j, task in _entries(phase, "tasks"):
            tasks.append((("phases", i, "tasks", j, "id"), task.get("id")))
            owner = task.get("owner")
            if isinstance(owner, str) and roles and owner not in roles:
                out.append(
                    Finding(
                        ("phases", i, "tasks", j, "owner"),
                        f"owner {owner!r} is not one of the roles: "
                        + ", ".join(sorted(str(r) for r in roles)),
                    )
                )
    _unique(tasks, "task id", out)
    _unique(
        [
            (("severity_levels", i, "level"), s.get("level"))
            for i, s in _entries(data, "severity_levels")
        ],
        "severity level",
        out,
    )
    for key, what in (
        ("key_messages", "key message id"),
        ("questions", "question id"),
        ("templates", "template id"),
        ("canned_replies", "canned reply id"),
    ):
        _unique([((key, i, "id"), x.get("id")) for i, x in _entries(data, key)], what, out)
    _unique(
        [
            (("watch_words", i, "id"), w.get("id"))
            for i, w in _entries(data, "watch_words")
            if w.get("id") is not None
        ],
        "watch-word rule id",
        out,
    )
    targets = [
        (("response_targets", i), f"{t.get('category')}/{t.get('priority')}")
        for i, t in _entries(data, "response_targets")
    ]
    _unique(targets, "response target", out)
    _unique(
        [
            (("default_targets", i), f"{t.get('channel', 'any')}/{t.get('category', 'any')}")
            for i, t in _entries(data, "default_targets")
        ],
        "default target",
        out,
    )
    rules = data.get("statement_rules")
    _unique(
        [
            (("statement_rules", "required", i, "id"), r.get("id"))
            for i, r in _entries(rules, "required")
        ],
        "required element id",
        out,
    )

    forbidden = _forbidden_phrases(rules)
    for key in ("templates", "canned_replies"):
        for i, item in _entries(data, key):
            out.extend(_check_jinja((key, i), item, forbidden))
    for i, item in _entries(data, "templates"):
        out.extend(_check_forms(("templates", i), item, forbidden))
    return out


_FORM_CHANNELS = ("x", "sms", "whatsapp")


def _check_forms(
    base: Loc, item: dict[str, Any], forbidden: list[tuple[str, str]]
) -> list[Finding]:
    """Each limited channel the template lists has its own form, and only those do; a
    form uses declared variables; a WhatsApp form has no blocks (it becomes a fixed body
    with one parameter per ``{{ ... }}``)."""
    out: list[Finding] = []
    channels = item.get("channels")
    channels = channels if isinstance(channels, list) else []
    forms = item.get("forms")
    forms = forms if isinstance(forms, dict) else {}
    declared = {
        v.get("name") for _, v in _entries(item, "variables") if isinstance(v.get("name"), str)
    }
    text = item.get("text")
    for index, channel in enumerate(channels):
        if channel != "whatsapp" or channel in forms or not isinstance(text, dict):
            continue
        if any(isinstance(t, str) and ("{%" in t or "{#" in t) for t in text.values()):
            out.append(
                Finding(
                    (*base, "channels", index),
                    "channel 'whatsapp' needs its own form in forms.whatsapp "
                    + _FORM_HINT[channel]
                    + ": the full text has {% ... %} blocks",
                )
            )
    languages = item.get("languages")
    for code, other in languages.items() if isinstance(languages, dict) else ():
        source = other.get("text") if isinstance(other, dict) else None
        if not isinstance(source, str):
            continue
        where = (*base, "languages", code, "text")
        try:
            found = meta.find_undeclared_variables(_JINJA.parse(source)) - _JINJA_GLOBALS
        except jinja2.TemplateSyntaxError as exc:
            message = exc.message or type(exc).__name__
            out.append(Finding(where, f"template syntax error: {message}", text_line=exc.lineno))
            continue
        except (RecursionError, MemoryError):
            out.append(Finding(where, "template syntax error: nested too deeply"))
            continue
        for name in sorted(found - declared):
            out.append(Finding(where, f"variable {name!r} is used but not declared"))
    for channel, form in forms.items():
        loc = (*base, "forms", channel)
        if form is None:
            continue  # a snapshot's data spells out the forms a template does not have
        if channel in _FORM_CHANNELS and channel not in channels:
            out.append(Finding(loc, f"a form for {channel!r}, which is not one of the channels"))
        if not isinstance(form, dict):
            continue
        for lang in ("ar", "en"):
            source = form.get(lang)
            if not isinstance(source, str):
                continue
            where = (*loc, lang)
            for phrase, phrase_lang in forbidden:
                if phrase_lang in (lang, "any") and phrase in source.casefold():
                    out.append(Finding(where, f"contains the forbidden phrase {phrase!r}"))
            if channel == "whatsapp" and ("{%" in source or "{#" in source):
                out.append(
                    Finding(
                        where,
                        "a WhatsApp form cannot hold {% ... %} blocks: its text is the approved "
                        "message template, with one parameter per {{ ... }}",
                    )
                )
            try:
                found = meta.find_undeclared_variables(_JINJA.parse(source)) - _JINJA_GLOBALS
            except jinja2.TemplateSyntaxError as exc:
                message = exc.message or type(exc).__name__
                out.append(
                    Finding(where, f"template syntax error: {message}", text_line=exc.lineno)
                )
                continue
            except (RecursionError, MemoryError):
                out.append(Finding(where, "template syntax error: nested too deeply"))
                continue
            for name in sorted(found - declared):
                out.append(
                    Finding(
                        where,
                        f"variable {name!r} is used but not declared in "
                        f"{format_loc((*base, 'variables'))}",
                    )
                )
    return out


_FORM_HINT = {
    "x": "(one post of at most 280 weighted characters, or a thread: posts separated by a "
    "line holding only ---)",
    "sms": "(at most two SMS parts)",
    "whatsapp": "(the approved template body, at most 1,024 characters)",
}


def _unguarded(tree: jinja2.nodes.Node, optional: set[Any]) -> set[str]:
    """Optional variables printed where no enclosing ``{% if %}`` tests them."""
    found: set[str] = set()

    def names(node: jinja2.nodes.Node) -> set[str]:
        own = {node.name} if isinstance(node, jinja2.nodes.Name) else set()
        return own | {n.name for n in node.find_all(jinja2.nodes.Name)}

    def walk(node: jinja2.nodes.Node, guarded: frozenset[str]) -> None:
        if isinstance(node, jinja2.nodes.If):
            inner = guarded | names(node.test)
            for child in node.body:
                walk(child, inner)
            for branch in node.elif_:
                walk(branch, guarded)
            for child in node.else_:
                walk(child, guarded)
            return
        if isinstance(node, jinja2.nodes.Name) and node.ctx == "load":
            if node.name in optional and node.name not in guarded:
                found.add(node.name)
            return
        for child in node.iter_child_nodes():
            walk(child, guarded)

    walk(tree, frozenset())
    return found


def _forbidden_phrases(rules: Any) -> list[tuple[str, str]]:
    phrases = []
    for _, rule in _entries(rules, "forbidden"):
        text, lang = rule.get("text"), rule.get("lang", "any")
        if isinstance(text, str) and text.strip() and lang in ("ar", "en", "any"):
            phrases.append((text.casefold(), lang))
    return phrases


def _check_jinja(
    base: Loc, item: dict[str, Any], forbidden: list[tuple[str, str]]
) -> list[Finding]:
    """Jinja syntax, variables used but undeclared, declared but unused, one language only."""
    out: list[Finding] = []
    declared: dict[str, Loc] = {}
    langs: dict[str, Any] = {}
    names: list[tuple[Loc, Any]] = []
    for k, var in _entries(item, "variables"):
        name = var.get("name")
        if isinstance(name, str):
            langs.setdefault(name, var.get("lang"))
        names.append(((*base, "variables", k, "name"), name))
        if isinstance(name, str) and name not in declared:
            declared[name] = (*base, "variables", k, "name")
    _unique(names, "variable", out)

    text = item.get("text")
    used: dict[str, set[str]] = {}
    if not isinstance(text, dict):
        return out
    for lang in ("ar", "en"):
        source = text.get(lang)
        if not isinstance(source, str):
            continue
        loc = (*base, "text", lang)
        for phrase, phrase_lang in forbidden:
            if phrase_lang in (lang, "any") and phrase in source.casefold():
                out.append(Finding(loc, f"contains the forbidden phrase {phrase!r}"))
        try:
            # find_undeclared_variables runs Jinja's code generator, which has its own
            # assertions (a block defined twice ...): both steps belong to the syntax check.
            found = meta.find_undeclared_variables(_JINJA.parse(source)) - _JINJA_GLOBALS
        except jinja2.TemplateSyntaxError as exc:
            message = exc.message or type(exc).__name__
            out.append(Finding(loc, f"template syntax error: {message}", text_line=exc.lineno))
            continue
        except (RecursionError, MemoryError):
            out.append(Finding(loc, "template syntax error: nested too deeply"))
            continue
        used[lang] = found
        optional = {
            v.get("name")
            for _, v in _entries(item, "variables")
            if v.get("required") is False and isinstance(v.get("name"), str)
        }
        for name in sorted(_unguarded(_JINJA.parse(source), optional)):
            out.append(
                Finding(
                    loc,
                    f"optional variable {name!r} is used outside an {{% if {name} %}} block: "
                    "left empty, its sentence would read wrong (write the sentence inside one)",
                )
            )
        for name in sorted(found - set(declared)):
            out.append(
                Finding(
                    loc,
                    f"variable {name!r} is used but not declared in "
                    f"{format_loc((*base, 'variables'))}",
                )
            )
    if len(used) == 2:
        for name, loc in declared.items():
            in_ar, in_en = name in used["ar"], name in used["en"]
            only = langs.get(name)
            if not in_ar and not in_en:
                out.append(Finding(loc, f"variable {name!r} is declared but not used"))
            elif isinstance(only, str) and only in _LANGS:
                other = "en" if only == "ar" else "ar"
                if name in used[other]:
                    out.append(
                        Finding(
                            loc,
                            f"variable {name!r} is declared for the "
                            f"{_LANGS[only]} text only but used in the "
                            f"{_LANGS[other]} text",
                        )
                    )
                elif name not in used[only]:
                    out.append(
                        Finding(
                            loc,
                            f"variable {name!r} is declared for the "
                            f"{_LANGS[only]} text but not used there",
                        )
                    )
            elif in_ar != in_en:
                missing = "en" if in_ar else "ar"
                out.append(
                    Finding(
                        loc,
                        f"variable {name!r} is used in the "
                        f"{_LANGS['ar' if in_ar else 'en']} text but not in "
                        f"the {_LANGS[missing]} text (set 'lang' if it "
                        f"belongs to one language)",
                    )
                )
    return out


# ---------------------------------------------------------------------------
# Pydantic errors in the author's words.


def _describe(value: Any) -> str:
    if value is None:
        return "an empty value"
    if isinstance(value, bool):
        return f"the yes/no value {str(value).lower()}"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the text {value[:40]!r}"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, date):
        return f"the date {value.isoformat()}"
    return f"a {type(value).__name__} value"


def _model_at(root: type[BaseModel], loc: Loc) -> type[BaseModel] | None:
    """The model class that parses the mapping found at ``loc`` (for key suggestions)."""
    model: type[BaseModel] | None = root
    for part in loc:
        if isinstance(part, int) or model is None:
            continue
        field = model.model_fields.get(part)
        model = _find_model(field.annotation) if field is not None else None
    return model


def _find_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _find_model(arg)
        if found is not None:
            return found
    return None


def _data_loc(loc: tuple[str | int, ...], data: Any) -> Loc:
    """Drop the union tags pydantic adds to a location, keeping only real keys and indexes."""
    out: list[str | int] = []
    node = data
    for part in loc:
        if isinstance(part, str) and part.startswith("@"):
            continue
        out.append(part)
        if isinstance(node, dict) and isinstance(part, str):
            node = node.get(part)
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
        else:
            node = None
    return tuple(out)


def translate_errors(exc: ValidationError, data: Any, root: type[BaseModel]) -> list[Finding]:
    """Turn pydantic's errors into findings worded for a playbook author."""
    out: list[Finding] = []
    seen: set[tuple[Loc, str]] = set()
    errors = [(_data_loc(tuple(e["loc"]), data), e) for e in exc.errors(include_url=False)]
    deeper = {loc[:n] for loc, _ in errors for n in range(len(loc))}
    for loc, err in errors:
        kind, value, ctx = err["type"], err.get("input"), err.get("ctx") or {}
        if kind == "too_short" and loc in deeper:
            continue  # pydantic counts only the items that parsed: not a real "empty list"
        if kind == "missing" and loc:
            key = str(loc[-1])
            if key in _LANGS:
                finding = Finding(loc[:-1], f"the {_LANGS[key]} text '{key}' is missing")
            else:
                finding = Finding(loc[:-1], f"missing key '{key}'")
        elif kind == "extra_forbidden" and loc:
            key = str(loc[-1])
            message = f"unknown key {key!r}"
            model = _model_at(root, loc[:-1])
            if model is not None:
                close = difflib.get_close_matches(key, list(model.model_fields), n=1)
                if close:
                    message += f" (did you mean '{close[0]}'?)"
            finding = Finding(loc, message, "key", shown=loc[:-1])
        else:
            finding = Finding(loc, _wording(kind, value, ctx, str(err["msg"])))
        if (finding.loc, finding.message) not in seen:
            seen.add((finding.loc, finding.message))
            out.append(finding)
    return out


def _wording(kind: str, value: Any, ctx: dict[str, Any], default: str) -> str:
    found = _describe(value)
    if kind == "string_type":
        hint = " (put it in quotes)" if isinstance(value, int | float | bool | date) else ""
        return f"expected text, found {found}{hint}"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"expected a whole number, found {found}"
    if kind in ("bool_type", "bool_parsing"):
        return f"expected true or false, found {found}"
    if kind in ("list_type", "tuple_type"):
        return f"expected a list, found {found}"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"expected a mapping, found {found}"
    if kind == "literal_error":
        shown = repr(value) if len(repr(value)) <= 60 else repr(value)[:57] + "..."
        return f"{shown} is not allowed; expected {ctx.get('expected', 'another value')}"
    if kind == "too_short":
        return f"needs at least {ctx.get('min_length', 1)} item(s)"
    if kind == "greater_than_equal":
        return f"{found} is too small; the least allowed is {ctx.get('ge')}"
    if kind == "less_than_equal":
        return f"{found} is too large; the most allowed is {ctx.get('le')}"
    if kind == "value_error":
        return default.removeprefix("Value error, ")
    return default
