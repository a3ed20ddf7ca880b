"""The bundled library: every playbook is sound, realistic in timing, and its templates,
rendered with their own examples, say what the statement rules require."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
import yaml
from jinja2 import StrictUndefined
from jinja2.sandbox import ImmutableSandboxedEnvironment

from crisisdesk.errors import NotFoundError
from crisisdesk.playbooks import (
    Playbook,
    bundled_library,
    find_playbook,
    library_dir,
    validate_paths,
)

LIBRARY = bundled_library()
IDS = [b.id for b in LIBRARY]
ENV = ImmutableSandboxedEnvironment(undefined=StrictUndefined, autoescape=False)


def test_the_library_validates_with_no_problem() -> None:
    assert validate_paths([library_dir()]) == []


def test_the_library_covers_the_required_scenarios() -> None:
    assert len(LIBRARY) >= 6
    hazards = {b.hazard for b in LIBRARY}
    assert {"flood", "collapse", "water", "fire", "food", "sinkhole"} <= hazards
    for path in library_dir().glob("*.yaml"):
        assert find_playbook(path.stem).id == path.stem, "file name and id agree"


@pytest.mark.parametrize("book", LIBRARY, ids=IDS)
def test_realistic_timings(book: Playbook) -> None:
    tasks = {t.id: t for t in book.tasks}
    assert tasks["holding-statement"].due <= timedelta(minutes=30)
    assert tasks["public-update"].recurrence == timedelta(hours=2)
    assert "activate-hotline-messaging" in tasks


@pytest.mark.parametrize("book", LIBRARY, ids=IDS)
def test_content_a_spokesperson_needs(book: Playbook) -> None:
    assert len(book.questions) >= 6
    assert len(book.key_messages) >= 3
    kinds = {t.kind for t in book.templates}
    assert {"holding", "update", "all-clear", "reply", "awareness"} <= kinds
    assert {c.category for c in book.canned_replies} == {
        "complaint",
        "observation",
        "suggestion",
        "question",
        "rumour",
    }
    assert book.watch_words and book.response_targets and book.contacts
    assert any(r.system_role == "spokesperson" for r in book.roles)
    for contact in book.contacts:
        assert contact.phone is None or contact.phone.startswith("013-000-"), "fictional"


@pytest.mark.parametrize("book", LIBRARY, ids=IDS)
def test_templates_rendered_with_examples_follow_the_rules(book: Playbook) -> None:
    """Rendered as a statement is (the form, its pre-fill, the sandbox), with and without
    the optional values, every text keeps the required elements and no forbidden phrase,
    and every channel form fits its channel."""
    from crisisdesk.playbooks.dry_run import SAMPLE_NOW, sample_values
    from crisisdesk.statements.channel_forms import forms_checks, render_forms
    from crisisdesk.statements.rules import check_statement
    from crisisdesk.statements.variables import form_fields, render_template, validate_values
    from crisisdesk.templating.sandbox import TemplateRenderer

    renderer = TemplateRenderer()
    for template in book.templates:
        fields = form_fields(template, None, dict(book.defaults))
        for optionals in (True, False):
            raw = sample_values(template.variables, optionals=optionals)
            values, errors = validate_values(fields, raw)
            assert not errors, (template.id, errors)
            texts = render_template(template, values, renderer, SAMPLE_NOW)
            checklist = check_statement(texts, book.statement_rules, kind=template.kind)
            assert checklist.passed, (template.id, [r.id for r in checklist.failures])
            forms = render_forms(template, values, renderer, SAMPLE_NOW)
            for result in forms_checks(forms, template.channels):
                assert result.passed, (template.id, result.id, result.detail)
            for channel in ("x", "sms", "whatsapp"):
                for lang, text in forms.get(channel, {}).items():
                    for phrase in book.statement_rules.forbidden:
                        if phrase.lang in (lang, "any"):
                            assert phrase.text.casefold() not in text.casefold()


def test_find_playbook_by_path_and_unknown_id(tmp_path: Path) -> None:
    path = library_dir() / "flood-urban.yaml"
    assert find_playbook(str(path)).id == "flood-urban"
    with pytest.raises(NotFoundError, match="no playbook 'tsunami'"):
        find_playbook("tsunami")


def test_the_library_is_cached() -> None:
    assert bundled_library()[0] is bundled_library()[0]


@pytest.mark.parametrize("path", sorted(library_dir().glob("*.yaml")), ids=lambda p: p.stem)
def test_pure_python_yaml_reads_the_library_like_libyaml(path: Path) -> None:
    """Not every machine has libyaml: the library must mean the same to both parsers."""
    text = path.read_text(encoding="utf-8")
    pure = yaml.load(text, Loader=yaml.SafeLoader)
    assert pure == yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
