"""The sandbox's bounds cannot be escaped: every payload ends within 2 s and 256 MB.

Reported: ``(0).to_bytes(10**8,'big')|max`` rendered after 9.9 s (100 s in a 10-turn
loop, 200 turns still running at 300 s); ``a.join(a)`` with ``a='a'*100000`` used 9.5 GB
before refusing; ``to_bytes(2*10**9)`` rendered with 1.9 GB. Renders now run in a worker
process with an address-space cap and a wall-clock kill, so a payload no guard knows
about is stopped too. Run this module (``python -m tests.unit.statements.test_sandbox_bounds``)
for the table of time and peak memory per payload.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator

import pytest

from crisisdesk.templating.render_worker import MEMORY_LIMIT, RenderWorker
from crisisdesk.templating.sandbox import (
    RenderLimits,
    TemplateError,
    TemplateLimitError,
    TemplateRenderer,
    UnsafeTemplateError,
    check_template,
)

REPORTED = {
    "to_bytes_max": "{% set b=(0).to_bytes(10**8,'big') %}{{ b|max }}",
    "to_bytes_max_10_turns": (
        "{% for i in range(10) %}{% set b=(0).to_bytes(10**8,'big') %}{{ b|max }}{% endfor %}"
    ),
    "to_bytes_max_200_turns": (
        "{% for i in range(200) %}{% set b=(0).to_bytes(10**8,'big') %}{{ b|max }}{% endfor %}"
    ),
    "join_self": "{% set a='a'*100000 %}{{ a.join(a)|length }}",
    "to_bytes_2e9": "{{ (0).to_bytes(2*10**9,'big')|length }}",
}

# Payloads no in-process guard checks: only the worker's limits stop them.
UNGUARDED = {
    "join_filter_of_generator": "{{ range(10000)|map('string')|join('x'*99999)|length }}",
    "to_bytes_keyword": "{{ (0).to_bytes(length=10**8, byteorder='big')|max }}",
    "sum_of_big_lists": "{{ range(3000)|map('string')|map('center', 99999)|join|length }}",
    "nested_sort": "{% for i in range(10**4) %}{{ range(10**4)|list|sort|length }}{% endfor %}",
}

# Every bound the in-process guards hold, each as an attack on it.
BOUNDS = {
    "format_width": "{{ '{:>999999999}'.format(1) }}",
    "percent_width": "{{ '%999999999d' % 1 }}",
    "bytes_repeat": "{{ (0).to_bytes(1,'big') * 10**9 }}",
    "string_repeat": "{{ 'a' * 10**9 }}",
    "center_filter": "{{ 'a'|center(10**9) }}",
    "range": "{{ range(10**9)|list|length }}",
    "lipsum": "{{ lipsum(10**6) }}",
    "power": "{{ 9 ** (9 ** 9) }}",
    "recursion": "{% macro r(n) %}{{ r(n + 1) }}{% endmacro %}{{ r(0) }}",
    "nested_loops": (
        "{% for i in range(10000) %}{% for j in range(10000) %}{% endfor %}{% endfor %}"
    ),
    "written_chars": "{% for i in range(10000) %}{{ 'x' * 99999 }}{% endfor %}",
    "wordwrap": "{{ ('a' * 99999)|wordwrap(1) }}",
    "replace_empty": "{{ ('a' * 99999).replace('', 'bb') }}",
    "list_repeat": "{{ [1] * 10**8 }}",
}

CORPUS = {**REPORTED, **UNGUARDED, **BOUNDS}
SECONDS, BYTES = 2.0, 256 * 1024 * 1024


@pytest.fixture(scope="module")
def worker() -> Iterator[RenderWorker]:
    made = RenderWorker()
    made.track_peak = True
    made.wait_ready()
    yield made
    made.close()


def run_payload(worker: RenderWorker, source: str) -> tuple[float, int | None, str]:
    """(seconds, peak resident bytes of the worker, the one-line outcome)."""
    worker.close()
    worker.wait_ready()  # a fresh worker: its peak memory is this payload's
    started = time.monotonic()
    try:
        outcome = "rendered: " + worker.render(source, {})[:40]
    except TemplateError as exc:
        outcome = str(exc)
    return time.monotonic() - started, worker.last_peak, outcome


@pytest.mark.parametrize("name", CORPUS)
def test_payload_ends_within_two_seconds_and_256_mb(worker: RenderWorker, name: str) -> None:
    seconds, peak, outcome = run_payload(worker, CORPUS[name])
    assert seconds <= SECONDS, (name, seconds, outcome)
    if peak is not None:
        assert peak <= BYTES, (name, peak)
    assert outcome.startswith("template") and "\n" not in outcome, outcome


def test_the_worker_survives_and_keeps_rendering(worker: RenderWorker) -> None:
    for source in REPORTED.values():
        with pytest.raises(TemplateLimitError):
            worker.render(source, {})
        assert worker.render("{{ a }} و {{ b }}", {"a": "x", "b": 2}) == "x و 2"


def test_the_wall_clock_kill_stops_what_no_guard_sees() -> None:
    """With the in-process deadline out of the way, the parent's kill still ends it."""
    lax = RenderWorker(limits=RenderLimits(max_seconds=1000.0), hard_seconds=1.0)
    try:
        lax.wait_ready()
        started = time.monotonic()
        with pytest.raises(TemplateLimitError, match="stopped"):
            lax.render(BOUNDS["nested_loops"], {})
        assert time.monotonic() - started < SECONDS
        assert lax.restarts == 1
        assert lax.render("{{ 1 + 1 }}", {}) == "2"  # a fresh worker took its place
    finally:
        lax.close()


def test_the_address_space_cap_stops_what_no_guard_sees() -> None:
    """With the size guards out of the way, the operating system's cap still holds."""
    lax = RenderWorker(
        limits=RenderLimits(max_value_chars=10**12, max_written_chars=10**12), hard_seconds=5.0
    )
    lax.track_peak = True
    try:
        lax.wait_ready()
        with pytest.raises(TemplateLimitError, match="memory"):
            lax.render("{{ ('a' * 10**9)|length }}", {})
        if lax.last_peak is not None:
            assert lax.last_peak <= MEMORY_LIMIT
    finally:
        lax.close()


def test_the_app_renderer_goes_through_the_worker() -> None:
    renderer = TemplateRenderer()
    started = time.monotonic()
    with pytest.raises(TemplateLimitError):
        renderer.render(REPORTED["to_bytes_max_200_turns"], {})
    assert time.monotonic() - started < 2 * SECONDS  # may include starting the worker


@pytest.mark.parametrize("word", ["include 'x'", "import 'x' as y", "extends 'x'"])
def test_templates_that_can_never_render_are_refused(word: str) -> None:
    with pytest.raises(UnsafeTemplateError, match="not allowed"):
        check_template("{% " + word + " %}")


def test_mutating_read_only_values_through_the_dict_class_is_refused() -> None:
    """Reported: sandboxed ``dict.update``/``setdefault`` mutated read-only values."""
    renderer = TemplateRenderer(isolated=False)
    values = {"x": {"a": 1}}
    for source in (
        "{{ dict.update(x, a=2) }}",
        "{{ dict.setdefault(x, 'b', 3) }}",
        "{{ dict.pop(x, 'a') }}",
    ):
        with pytest.raises(TemplateError):
            renderer.render(source, values)
    assert values == {"x": {"a": 1}}
    assert renderer.render("{{ dict(a=1)['a'] }}", {}) == "1"


@pytest.mark.parametrize(
    "source",
    [
        "{{ cycler(1, 2) }}",
        "{{ [1]|map('string') }}",
        "{{ (1, 2)|reverse }}",
        "{{ '{}'.format(cycler(1, 2)) }}",
        "{{ '%s'|format(range) }}",
        "{{ self }}",
    ],
)
def test_no_object_address_leaks_into_a_statement(source: str) -> None:
    """Reported: a sandbox wrapper's repr with its memory address leaked into output."""
    with pytest.raises(UnsafeTemplateError) as caught:
        TemplateRenderer(isolated=False).render(source, {})
    assert "0x" not in str(caught.value)


def main() -> None:
    """Print the corpus table: payload, seconds, peak memory, outcome."""
    made = RenderWorker()
    made.track_peak = True
    print("| payload | time (s) | peak memory (MB) | outcome |")
    print("|---|---:|---:|---|")
    try:
        for name, source in CORPUS.items():
            seconds, peak, outcome = run_payload(made, source)
            mb = f"{peak / 2**20:.0f}" if peak is not None else "?"
            print(f"| {name} | {seconds:.2f} | {mb} | {outcome} |", flush=True)
    finally:
        made.close()


if __name__ == "__main__":
    sys.exit(main())
