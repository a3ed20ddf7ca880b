"""Sandbox escapes and resource attacks: each must fail fast with a one-line error."""

from __future__ import annotations

import time

import pytest

from crisisdesk.errors import CrisisDeskError
from crisisdesk.templating.render_worker import worker_for
from crisisdesk.templating.sandbox import (
    MissingVariableError,
    RenderLimits,
    TemplateError,
    TemplateLimitError,
    TemplateRenderer,
    UnsafeTemplateError,
    check_template,
    declared_and_used_variables,
    render,
)

ESCAPES = {
    "class": "{{ ''.__class__ }}",
    "mro": "{{ ''.__class__.__mro__ }}",
    "subclasses": "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "attr_filter_format": "{{ ('{0.__class__}'|attr('format'))('') }}",
    "attr_filter_printed": "{{ 'x'|attr('format') }}",
    "stored_format": "{% set f = '{0.__class__.__mro__}'.format %}{{ f('') }}",
    "stored_format_item": "{% set f = 'x'['format'] %}{{ f }}",
    "format_map": "{{ '{x.__class__}'.format_map({'x': 1}) }}",
    "cycler_globals": "{{ cycler.__init__.__globals__ }}",
    "joiner_call": "{{ joiner.__call__ }}",
    "namespace_init": "{{ namespace.__init__.__globals__ }}",
    "namespace_class": "{% set ns = namespace() %}{{ ns.__class__.__init__ }}",
    "self_dict": "{{ self.__dict__ }}",
    "list_mutation": "{% set l = [1] %}{{ l.append(2) }}",
    "dict_mutation": "{% set d = {} %}{{ d.update({'a': 1}) }}",
    "str_translate": "{{ 'x'.translate({120: 'y'}) }}",
    "include": "{% include 'x.j2' %}",
    "import": "{% import 'x.j2' as x %}",
    "from_import": "{% from 'x.j2' import y %}",
    "extends": "{% extends 'base.j2' %}",
    "sum_lists": "{{ [[1]] * 10 | sum(start=[]) }}",
}

LIMITS = {
    "range": "{{ range(10**9) }}",
    "range_loop": "{% for i in range(10**9) %}{% endfor %}",
    "str_mul": "{{ 'a' * 10**9 }}",
    "str_mul_reversed": "{{ 10**9 * 'a' }}",
    "list_mul": "{{ [1] * 10**9 }}",
    "nested_list_mul": "{{ [['x' * 10000] * 100] * 100 }}",
    "big_int": "{{ 2 ** 100000 }}",
    "int_mul": "{% set x = 2 ** 4000 %}{{ x * x * x }}",
    "lipsum": "{{ lipsum(10**6) }}",
    "percent_width": "{{ '%0999999999d' % 1 }}",
    "percent_star": "{{ '%*d' % (10**9, 1) }}",
    "format_width": "{{ '{:>999999999}'.format(1) }}",
    "format_nested_width": "{{ '{:{}}'.format(1, 10**9) }}",
    "format_filter": "{{ '%999999999s'|format('x') }}",
    "center": "{{ 'a'|center(10**9) }}",
    "str_center": "{{ 'a'.center(10**9) }}",
    "str_join": "{{ ('x' * 10000).join(['a'] * 10000) }}",
    "indent": "{{ ('a\n' * 1000)|indent(10**6) }}",
    "replace_chain": "{{ 'aaaa'" + "|replace('a', 'aaaa')" * 12 + " }}",
    "concat_doubling": (
        "{% set ns = namespace(s='a') %}{% for i in range(60) %}"
        "{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s|length }}"
    ),
    "plus_doubling": (
        "{% set ns = namespace(s='a') %}{% for i in range(60) %}"
        "{% set ns.s = ns.s + ns.s %}{% endfor %}"
    ),
    "reference_list": "{% set b = 'a' * 90000 %}{{ [b, b, b, b, b, b, b, b] }}",
    "batch_fill": "{{ range(3)|batch(10**9, 'x')|list }}",
    "recursive_macro": "{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}",
    "recursive_loop": "{% for x in [1] recursive %}{{ loop([1]) }}{% endfor %}",
    "recursive_block": "{% block a %}{{ self.a() }}{% endblock %}",
    "caller_recursion": (
        "{% macro m() %}{{ caller() }}{% endmacro %}"
        "{% macro r() %}{% call m() %}{{ r() }}{% endcall %}{% endmacro %}{{ r() }}"
    ),
    "set_block_output": (
        "{% set x %}{% for i in range(10000) %}{% for j in range(10000) %}"
        "0123456789{% endfor %}{% endfor %}{% endset %}"
    ),
    "output": "{% for i in range(10000) %}{{ 'x' * 1000 }}{% endfor %}",
}

SLOW = {
    "nested_loops": (
        "{% set l = range(10000)|list %}{% for a in l %}{% for b in l %}"
        "{% for c in l %}{% endfor %}{% endfor %}{% endfor %}"
    ),
    "branching_macro": (
        "{% macro f(n) %}{% if n > 0 %}{{ f(n - 1) }}{{ f(n - 1) }}{% endif %}"
        "{% endmacro %}{{ f(30) }}"
    ),
    "allocation_loop": (
        "{% for i in range(10000) %}{% for j in range(10000) %}"
        "{% set x = 'a' * 99999 %}{% endfor %}{% endfor %}"
    ),
    "cycler_loop": (
        "{% set c = cycler(1, 2) %}{% for i in range(10000) %}{% for j in range(10000) %}"
        "{% set x = c.next() %}{% endfor %}{% endfor %}"
    ),
}

FAST = RenderLimits(max_seconds=0.3)


@pytest.fixture(autouse=True, scope="module")
def warm_workers() -> None:
    """Timings below are of renders, not of starting the render worker (the app warms it)."""
    for html in (False, True):
        worker_for(html).wait_ready()
    worker_for(False, FAST).wait_ready()


def _assert_one_line(error: TemplateError) -> None:
    text = str(error)
    assert "\n" not in text
    assert text.startswith("template")
    assert isinstance(error, CrisisDeskError)


@pytest.mark.parametrize("source", ESCAPES.values(), ids=ESCAPES.keys())
def test_escape_is_blocked(source: str) -> None:
    started = time.monotonic()
    with pytest.raises(TemplateError) as caught:
        render(source, {})
    assert time.monotonic() - started < 1.0
    assert not isinstance(caught.value, MissingVariableError)
    _assert_one_line(caught.value)


@pytest.mark.parametrize("source", LIMITS.values(), ids=LIMITS.keys())
def test_resource_attack_is_bounded(source: str) -> None:
    started = time.monotonic()
    with pytest.raises(TemplateLimitError) as caught:
        TemplateRenderer(limits=FAST).render(source, {})
    assert time.monotonic() - started < 1.0
    _assert_one_line(caught.value)


@pytest.mark.parametrize("source", SLOW.values(), ids=SLOW.keys())
def test_long_running_template_hits_the_deadline(source: str) -> None:
    started = time.monotonic()
    with pytest.raises(TemplateLimitError, match=r"longer than 0\.3 s"):
        TemplateRenderer(limits=FAST).render(source, {})
    assert time.monotonic() - started < 1.0


def test_composition_is_refused_at_check_time() -> None:
    with pytest.raises(UnsafeTemplateError, match="include"):
        check_template("hello\n{% include 'secrets.txt' %}")


def test_missing_variable_is_an_error_never_a_gap() -> None:
    with pytest.raises(MissingVariableError, match="hotline") as caught:
        render("اتصلوا على {{ hotline }}", {})
    _assert_one_line(caught.value)


def test_missing_attribute_is_an_error() -> None:
    with pytest.raises(MissingVariableError):
        render("{{ incident.title }}", {"incident": {}})


def test_error_names_the_template_line() -> None:
    with pytest.raises(MissingVariableError) as caught:
        render("line one\nline two\n{{ nowhere }}\n", {})
    assert caught.value.line == 3
    assert str(caught.value).startswith("template line 3:")


def test_syntax_error_is_one_line_with_line_number() -> None:
    with pytest.raises(TemplateError) as caught:
        render("ok\n{% if %}", {})
    assert caught.value.line == 2
    _assert_one_line(caught.value)


def test_printing_a_function_is_refused() -> None:
    with pytest.raises(UnsafeTemplateError, match="function"):
        render("{{ 'x'.upper }}", {})


def test_ordinary_statement_renders() -> None:
    source = (
        "تعلن {{ municipality }} عن {{ title }}.\n"
        "{% for step in steps %}- {{ step }}\n{% endfor %}"
        "التحديث القادم {{ next_update }} | {{ '%.1f'|format(rain) }} مم | "
        "{{ '{:>3}'.format(n) }} | {{ title|upper }} | {{ lipsum(1, html=False)|length > 0 }}"
    )
    out = render(
        source,
        {
            "municipality": "أمانة المنطقة الشرقية",
            "title": "flood",
            "steps": ["أ", "ب"],
            "next_update": "18:00",
            "rain": 42.26,
            "n": 7,
        },
    )
    assert out.startswith("تعلن أمانة المنطقة الشرقية عن flood.\n- أ\n- ب\n")
    assert "42.3 مم" in out
    assert "  7" in out
    assert "FLOOD" in out


def test_html_mode_escapes_and_text_mode_does_not() -> None:
    assert render("{{ v }}", {"v": "<b>&"}) == "<b>&"
    assert render("{{ v }}", {"v": "<b>&"}, html=True) == "&lt;b&gt;&amp;"


def test_limits_are_per_render_not_cumulative() -> None:
    renderer = TemplateRenderer(limits=RenderLimits(max_written_chars=1_000))
    for _ in range(50):
        assert renderer.render("{{ 'x' * 500 }}", {}) == "x" * 500


def test_output_cap() -> None:
    renderer = TemplateRenderer(limits=RenderLimits(max_output_chars=100))
    with pytest.raises(TemplateLimitError, match="longer than 100 characters"):
        renderer.render("{{ 'x' * 101 }}", {})


def test_renderer_survives_an_attack_and_renders_again() -> None:
    renderer = TemplateRenderer(limits=FAST)
    with pytest.raises(TemplateLimitError):
        renderer.render(SLOW["nested_loops"], {})
    assert renderer.render("{{ a }}", {"a": 1}) == "1"


def test_declared_and_used_variables() -> None:
    source = (
        "{{ municipality }} {% set local = 1 %}{{ local }}"
        "{% for x in range(count) %}{{ x }}{% endfor %}{{ incident.title }}"
        "{% if hotline is defined %}{{ hotline }}{% endif %}"
    )
    assert declared_and_used_variables(source) == {"municipality", "count", "incident", "hotline"}


def test_declared_and_used_variables_refuses_bad_templates() -> None:
    with pytest.raises(TemplateError):
        declared_and_used_variables("{% include 'x' %}")


def test_deeply_nested_source_is_refused_not_crashing() -> None:
    with pytest.raises(TemplateError):
        render("{{ " + "(" * 5000 + "1" + ")" * 5000 + " }}", {})


def test_oversized_source_is_refused() -> None:
    renderer = TemplateRenderer(limits=RenderLimits(max_source_chars=1000))
    with pytest.raises(TemplateLimitError, match="longer than 1000"):
        renderer.render("x" * 1001, {})


@pytest.mark.parametrize(
    "source",
    [
        "{{ range(10000)|map('string')|map('center', 1000)|list }}",
        "{% set ns = namespace(l=[]) %}{% for i in range(10000) %}"
        "{% set ns.l = ns.l + ['x' * 1000] %}{% endfor %}",
        "{{ ('&' * 50000)|e|e|e }}",
        "{{ ('%' * 50000)|urlencode|urlencode|urlencode }}",
        "{{ ('x ' * 5000)|wordwrap(1, wrapstring='y' * 100) }}",
        "{% filter upper %}{% for i in range(10000) %}{{ 'x' * 1000 }}{% endfor %}{% endfilter %}",
    ],
)
def test_more_amplifiers_are_bounded(source: str) -> None:
    with pytest.raises(TemplateLimitError):
        TemplateRenderer(limits=FAST).render(source, {})


def test_a_hostile_render_in_one_thread_does_not_disturb_another() -> None:
    import threading

    renderer = TemplateRenderer(limits=RenderLimits(max_seconds=0.5))
    errors: list[BaseException] = []

    def attack() -> None:
        try:
            renderer.render(SLOW["nested_loops"], {})
        except TemplateLimitError as exc:
            errors.append(exc)

    thread = threading.Thread(target=attack)
    thread.start()
    results = [renderer.render("{{ n }}", {"n": n}) for n in range(200)]
    thread.join(5)
    assert results == [str(n) for n in range(200)]
    assert len(errors) == 1
