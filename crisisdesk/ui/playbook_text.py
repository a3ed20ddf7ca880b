"""A playbook as readable plain text, one section per tab, in Arabic or in English.

Playbook files come from authors, not the public, but they can still carry bidi controls
or markup by accident: every value is shown with its controls made visible and isolated,
and ids, durations, phone numbers and e-mail addresses are kept left to right.
"""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QCoreApplication

from crisisdesk.playbooks.model import Bilingual, Playbook, VariableSpec
from crisisdesk.text.display import visible_controls
from crisisdesk.ui.display import FSI, LRI, LRM, PDI, RLM, DisplayPrefs, digits, role_name

translate = QCoreApplication.translate

SECTIONS = ("overview", "checklist", "messages", "templates", "rules", "contacts")


def section_title(key: str) -> str:
    names = {
        "overview": translate("Playbooks", "Overview"),
        "checklist": translate("Playbooks", "Tasks"),
        "messages": translate("Playbooks", "Messages"),
        "templates": translate("Playbooks", "Templates"),
        "rules": translate("Playbooks", "Rules"),
        "contacts": translate("Playbooks", "Contacts"),
    }
    return names.get(key, key)


def field(value: object) -> str:
    """One author-written value: controls visible, each line isolated."""
    text = visible_controls(str(value)) if value is not None else ""
    return "\n".join(f"{FSI}{line}{PDI}" for line in text.split("\n"))


def ltr(value: object) -> str:
    """Ids, durations, numbers, addresses: always left to right."""
    return f"{LRI}{visible_controls(str(value))}{PDI}"


def duration(value: timedelta, prefs: DisplayPrefs) -> str:
    """``ساعتين`` / ``2 hours``: in words and the reader's digits (the file's ISO form,
    ``PT2H``, is for authors, who read it in the YAML)."""
    from crisisdesk.text.durations import duration_words

    return digits(duration_words(value, prefs.language), prefs)


def _text(value: Bilingual, lang: str) -> str:
    return field(value.get(lang))


def _example(var: VariableSpec, lang: str) -> str:
    example = var.example
    return example.get(lang) if isinstance(example, Bilingual) else str(example)


def _variables(variables: tuple[VariableSpec, ...], lang: str) -> list[str]:
    out = []
    for var in variables:
        parts = [
            ltr(var.name),
            _text(var.label, lang),
            ltr(var.type),
            translate("Playbooks", "required")
            if var.required
            else translate("Playbooks", "optional"),
        ]
        if var.example is not None:
            parts.append(
                translate("Playbooks", "example: %1").replace("%1", field(_example(var, lang)))
            )
        if var.choices:
            parts.append(
                translate("Playbooks", "choices: %1").replace(
                    "%1", " | ".join(field(c) for c in var.choices)
                )
            )
        if var.lang:
            parts.append(
                translate("Playbooks", "only in %1").replace(
                    "%1",
                    translate("Playbooks", "Arabic")
                    if var.lang == "ar"
                    else translate("Playbooks", "English"),
                )
            )
        out.append("    • " + " — ".join(parts))
    return out


def render_sections(book: Playbook, lang: str, prefs: DisplayPrefs) -> dict[str, str]:
    """Section key -> plain text of ``book`` read in ``lang`` (``ar`` or ``en``)."""
    roles = {r.id: r for r in book.roles}

    def owner(role_id: str) -> str:
        role = roles.get(role_id)
        return _text(role.title, lang) if role is not None else ltr(role_id)

    overview = [
        _text(book.title, lang),
        translate("Playbooks", "Id: %1 · Version: %2 · Hazard: %3")
        .replace("%1", ltr(book.id))
        .replace("%2", ltr(book.version))
        .replace("%3", ltr(book.hazard)),
        translate("Playbooks", "Content hash: %1").replace("%1", ltr(book.content_hash)),
        "",
        _text(book.description, lang),
        "",
        translate("Playbooks", "Severity levels:"),
    ]
    overview += [
        f"  {digits(str(s.level), prefs)} — {_text(s.meaning, lang)}" for s in book.severity_levels
    ]
    overview += ["", translate("Playbooks", "Roles:")]
    overview += [
        f"  • {_text(r.title, lang)} ({ltr(r.id)}) → {role_name(r.system_role)}" for r in book.roles
    ]

    checklist: list[str] = []
    for phase in book.phases:
        checklist.append(f"■ {_text(phase.title, lang)}")
        for task in phase.tasks:
            line = f"  • {_text(task.title, lang)} — {owner(task.owner)} — " + translate(
                "Playbooks", "due %1 after activation"
            ).replace("%1", duration(task.due, prefs))
            if task.recurrence is not None:
                line += " — " + translate("Playbooks", "then every %1").replace(
                    "%1", duration(task.recurrence, prefs)
                )
            checklist.append(line)
            if task.note is not None:
                checklist.append(f"      {_text(task.note, lang)}")
        checklist.append("")

    messages = [translate("Playbooks", "Key messages:")]
    messages += [f"  • {_text(m.text, lang)}" for m in book.key_messages]
    messages += ["", translate("Playbooks", "Anticipated questions:")]
    for q in book.questions:
        messages.append(
            "  " + translate("Playbooks", "Q: %1").replace("%1", _text(q.question, lang))
        )
        messages.append("  " + translate("Playbooks", "A: %1").replace("%1", _text(q.answer, lang)))
        messages.append("")

    templates: list[str] = []
    for tpl in book.templates:
        templates.append(
            f"■ {ltr(tpl.id)} · {ltr(tpl.kind)} · " + ", ".join(ltr(c) for c in tpl.channels)
        )
        if tpl.variables:
            templates.append("  " + translate("Playbooks", "Variables:"))
            templates += _variables(tpl.variables, lang)
        templates.append("  " + translate("Playbooks", "Text:"))
        templates += [f"    {line}" for line in _text(tpl.text, lang).split("\n")]
        templates.append("")
    if book.canned_replies:
        templates.append(translate("Playbooks", "Canned replies:"))
        for reply in book.canned_replies:
            templates.append(f"■ {ltr(reply.id)} · {ltr(reply.category)}")
            templates += _variables(reply.variables, lang)
            templates += [f"    {line}" for line in _text(reply.text, lang).split("\n")]
            templates.append("")

    rules = [translate("Playbooks", "Phrases that must never appear:")]
    for phrase in book.statement_rules.forbidden:
        rules.append(
            f"  ✗ {field(phrase.text)} ({ltr(phrase.lang)}) — {_text(phrase.reason, lang)}"
        )
    rules += ["", translate("Playbooks", "Elements that must appear:")]
    for element in book.statement_rules.required:
        words = element.ar if lang == "ar" else element.en
        line = f"  ✓ {_text(element.label, lang)}: " + " | ".join(field(w) for w in words)
        if element.kinds:
            line += " — " + ", ".join(ltr(k) for k in element.kinds)
        rules.append(line)
    rules += ["", translate("Playbooks", "Watch-words:")]
    for watch in book.watch_words:
        words = watch.ar if lang == "ar" else watch.en
        rules.append(
            f"  • {ltr(watch.id) + ' — ' if watch.id else ''}"
            f"{ltr(watch.category)} / {ltr(watch.priority)}: "
            + "، ".join(field(w) for w in words)
            + ("  " + " ".join(ltr(h) for h in watch.hashtags) if watch.hashtags else "")
        )
        for group in watch.all_of:
            terms = group.ar if lang == "ar" else group.en
            rules.append(
                "      + "
                + translate("Playbooks", "with one of:")
                + " "
                + "، ".join(field(w) for w in terms)
            )
        if watch.none_of is not None:
            terms = watch.none_of.ar if lang == "ar" else watch.none_of.en
            rules.append(
                "      − "
                + translate("Playbooks", "but none of:")
                + " "
                + "، ".join(field(w) for w in terms)
            )
        if watch.sources:
            rules.append(
                "      "
                + translate("Playbooks", "from:")
                + " "
                + ", ".join(ltr(src) for src in watch.sources)
            )
        if watch.spreading is not None:
            rules.append(
                "      "
                + translate("Playbooks", "once %1 messages repeat it: %2")
                .replace("%1", str(watch.spreading.messages))
                .replace("%2", ltr(watch.spreading.priority))
            )
    rules += ["", translate("Playbooks", "Response-time targets:")]
    for target in book.response_targets:
        rules.append(
            f"  • {ltr(target.category)} / {ltr(target.priority)}: "
            + duration(target.within, prefs)
        )
    for default in book.default_targets:
        rules.append(
            f"  • {ltr(default.channel)} / {ltr(default.category)}: "
            + duration(default.within, prefs)
        )

    contacts = []
    for contact in book.contacts:
        parts = [_text(contact.name, lang), _text(contact.organisation, lang), field(contact.role)]
        if contact.phone:
            parts.append(ltr(contact.phone))
        if contact.email:
            parts.append(ltr(contact.email))
        contacts.append("• " + " — ".join(parts))

    sections = {
        "overview": "\n".join(overview),
        "checklist": "\n".join(checklist).rstrip(),
        "messages": "\n".join(messages).rstrip(),
        "templates": "\n".join(templates).rstrip(),
        "rules": "\n".join(rules),
        "contacts": "\n".join(contacts) or translate("Playbooks", "No contacts."),
    }
    # A line made only of isolated values has no direction of its own: give each line the
    # reading language's, so a phase title in Arabic is not laid out left to right.
    mark = RLM if lang == "ar" else LRM
    return {
        key: "\n".join(f"{mark}{line}" if line else line for line in text.split("\n"))
        for key, text in sections.items()
    }
