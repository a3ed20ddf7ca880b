"""Hostile input: whatever the YAML, loading ends in problems or a playbook, never a crash."""

from __future__ import annotations

import copy
import os
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from crisisdesk.errors import InputError
from crisisdesk.playbooks import Validation, library_dir, load_playbook, validate_text

LIBRARY_TEXTS = [p.read_text(encoding="utf-8") for p in sorted(library_dir().glob("*.yaml"))]
MINIMAL = (Path(__file__).resolve().parents[2] / "data" / "playbooks" / "minimal.yaml").read_text(
    encoding="utf-8"
)
# CRISISDESK_FUZZ_EXAMPLES raises the count for a long soak; CI keeps the default.
FUZZ = settings(
    max_examples=int(os.environ.get("CRISISDESK_FUZZ_EXAMPLES", "150")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def check(result: Validation) -> None:
    """The outcome is well formed: a playbook, or problems with sane positions."""
    assert (result.playbook is None) == bool(result.problems)
    for problem in result.problems:
        assert problem.message and "\n" not in str(problem)
        assert problem.line is None or problem.line >= 1
        assert problem.column is None or problem.column >= 1


scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=20),
    st.sampled_from(["PT30M", "flood", "ar", "en", "{{ x }", "{% if %}"]),
)
keys = st.one_of(
    st.text(max_size=12),
    st.sampled_from(
        [
            "id",
            "version",
            "title",
            "ar",
            "en",
            "phases",
            "tasks",
            "owner",
            "due",
            "templates",
            "text",
            "variables",
            "name",
            "roles",
            "hazard",
        ]
    ),
)
documents = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=5),
    max_leaves=30,
)


@FUZZ
@given(st.text(max_size=300))
def test_any_text(text: str) -> None:
    check(validate_text(text))


@FUZZ
@given(documents)
def test_any_yaml_document(doc: Any) -> None:
    check(validate_text(yaml.safe_dump(doc, allow_unicode=True)))


@FUZZ
@given(st.sampled_from(LIBRARY_TEXTS), st.data())
def test_mutated_library_text(text: str, data: st.DataObject) -> None:
    lines = text.splitlines(keepends=True)
    i = data.draw(st.integers(0, len(lines) - 1))
    op = data.draw(
        st.sampled_from(["delete", "duplicate", "indent", "dedent", "garble", "truncate", "swap"])
    )
    if op == "delete":
        del lines[i]
    elif op == "duplicate":
        lines.insert(i, lines[i])
    elif op == "indent":
        lines[i] = "  " + lines[i]
    elif op == "dedent":
        lines[i] = lines[i].lstrip(" ")
    elif op == "garble":
        col = data.draw(st.integers(0, len(lines[i])))
        junk = data.draw(st.text(min_size=1, max_size=5))
        lines[i] = lines[i][:col] + junk + lines[i][col:]
    elif op == "truncate":
        lines = lines[:i]
    else:
        j = data.draw(st.integers(0, len(lines) - 1))
        lines[i], lines[j] = lines[j], lines[i]
    check(validate_text("".join(lines)))


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(node, dict):
        for k, v in node.items():
            out += _paths(v, (*prefix, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out += _paths(v, (*prefix, i))
    return out


BASE = yaml.safe_load(MINIMAL)
BASE_PATHS = _paths(BASE)[1:]


@FUZZ
@given(st.sampled_from(BASE_PATHS), documents, st.booleans())
@example(path=("roles", 0, "id"), value=0, delete=False)  # a number among the role ids
def test_mutated_playbook_data(path: tuple[Any, ...], value: Any, delete: bool) -> None:
    """Replace or delete any one value of a sound playbook: problems, never a crash."""
    data = copy.deepcopy(BASE)
    parent = data
    for part in path[:-1]:
        parent = parent[part]
    if delete:
        del parent[path[-1]]
    else:
        parent[path[-1]] = value
    check(validate_text(yaml.safe_dump(data, allow_unicode=True)))


@pytest.mark.parametrize(
    "text",
    [
        "[" * 5000,
        "a:\n" + "".join("  " * i + f"k{i}:\n" for i in range(1, 300)),
        "- " * 3000 + "x",
        "&a [*a]",
        "!!python/object:os.system ls",
        "id: !!binary zzz",
        "id: !!timestamp nope",
        "id: !!float abc",
        "? [complex, key]\n: value",
        "<<: 5",
        "---\nid: a\n---\nid: b\n",
        "id: " + "9" * 10000,
        "\ufeffid: bom",
        "title: {ar: x, en: y}\n" * 2,
    ],
)
def test_hostile_documents(text: str) -> None:
    check(validate_text(text))


def test_load_raises_only_input_error(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text("[" * 5000, encoding="utf-8")
    with pytest.raises(InputError):
        load_playbook(path)


JINJA_BITS = [
    "{{",
    "}}",
    "{%",
    "%}",
    "{#",
    "#}",
    " if x ",
    " elif y ",
    " else ",
    " endif ",
    " for a in b ",
    " endfor ",
    " block a ",
    " endblock ",
    " break ",
    " continue ",
    " set x = 1 ",
    " macro m() ",
    " endmacro ",
    " call m() ",
    " endcall ",
    " extends 'x' ",
    " include 'y' ",
    " raw ",
    " endraw ",
    " import 'z' as q ",
    " with ",
    " endwith ",
    " filter upper ",
    " endfilter ",
    "x",
    "|upper",
    "|nope",
    "(",
    ")",
    "[",
    "]",
    ".",
    ",",
    "~",
    "'",
    '"',
    "\n",
    "مرحبا",
    "loop",
]


@FUZZ
@given(st.lists(st.sampled_from(JINJA_BITS), max_size=25).map("".join), st.booleans())
@example("{% block a %}{% endblock %}{% block a %}{% endblock %}", True)
def test_any_template_text(source: str, arabic: bool) -> None:
    data = copy.deepcopy(BASE)
    data["templates"][0]["text"]["ar" if arabic else "en"] = source
    check(validate_text(yaml.safe_dump(data, allow_unicode=True)))


def test_a_variable_lang_that_is_a_list() -> None:
    data = copy.deepcopy(BASE)
    data["templates"][0]["variables"][0]["lang"] = ["ar"]
    [problem] = validate_text(yaml.safe_dump(data, allow_unicode=True)).problems
    assert (
        problem.message == "templates[0].variables[0].lang: ['ar'] is not allowed; "
        "expected 'ar' or 'en'"
    )
