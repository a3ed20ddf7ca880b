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
    rules = book.statement_rules
    for template in book.templates:
        values = {
            v.name: v.example if v.example is not None else (v.choices or ["x"])[0]
            for v in template.variables
        }
        for lang in ("ar", "en"):
            # The playbook's defaults pre-fill the form, in the statement's language.
            filled = dict(values)
            for name, default in book.defaults.items():
                if name in filled:
                    filled[name] = default if isinstance(default, str) else default.get(lang)
            text = ENV.from_string(template.text.get(lang)).render(filled)
            for element in rules.required:
                if element.applies_to(template.kind):
                    options = element.ar if lang == "ar" else element.en
                    assert any(o in text for o in options), (template.id, lang, element.id)
            for phrase in rules.forbidden:
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
