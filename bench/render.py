"""Statement rendering through the bounded sandbox against plain ``jinja2.Template.render``.

Drafting re-renders both languages on every keystroke (live preview), so the limits must
stay cheap. Renders run in a warm worker process (hard time and memory limits), in bursts
of 100 per round trip; plain Jinja2 renders the same templates with the same values,
compiled once, in this process. The ratio is ours per second over plain per second
(higher is better; 1.0 would mean the limits cost nothing). The first render's latency
is reported apart: on a freshly started (ready) worker, and cold (starting it too).
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

import jinja2
from _common import arguments, report
from jinja2.sandbox import ImmutableSandboxedEnvironment

from crisisdesk.templating.render_worker import RenderWorker
from crisisdesk.templating.sandbox import TemplateRenderer

TEMPLATES: dict[str, str] = {
    "holding": (
        "تعلن {{ municipality }} أنها تتابع {{ incident_title }} في {{ district }}، "
        "وقد باشرت {{ teams }} فرقة ميدانية أعمالها. نرجو من السكان تجنب المنطقة. "
        "للبلاغات: {{ hotline }}. التحديث القادم الساعة {{ next_update }}."
    ),
    "update": (
        "{{ municipality }} — update {{ number }} on {{ incident_title|lower }}.\n"
        "{% for road in closed_roads %}- {{ road }} remains closed"
        "{% if not loop.last %};{% else %}.{% endif %}\n{% endfor %}"
        "{% if pumped > 0 %}Crews have pumped {{ '{:,}'.format(pumped) }} m³ of water.{% endif %}\n"
        "Call {{ hotline }}. Next update at {{ next_update }}."
    ),
    "all-clear": (
        "{% set roads = closed_roads|length %}"
        "{{ municipality|upper }}: {% if roads == 0 %}all roads have reopened"
        "{% else %}{{ roads }} road{{ 's' if roads > 1 }} still closed{% endif %}. "
        "{{ '%.1f'|format(rain_mm) }} mm of rain fell. Thank you for your patience. "
        "{{ closed_roads|join(', ') }}"
    ),
    "reply": (
        "{% macro greet(name) %}مرحبًا {{ name }}،{% endmacro %}"
        "{{ greet(author) }} شكرًا لتواصلك. تم تسجيل بلاغك رقم {{ ticket }} "
        "وسيتواصل معك فريق {{ municipality }} خلال {{ hours }} ساعات. "
        "{{ hashtags|map('string')|join(' ') }}"
    ),
}

VALUES: dict[str, Any] = {
    "municipality": "أمانة المنطقة الشرقية",
    "incident_title": "Heavy rain and flooding",
    "district": "حي الفيصلية بالدمام",
    "teams": 12,
    "hotline": "940",
    "next_update": "18:00",
    "number": 4,
    "closed_roads": ["King Fahd tunnel", "Prince Mohammed bin Fahd Rd", "Corniche exit 3"],
    "pumped": 125000,
    "rain_mm": 62.35,
    "author": "@resident",
    "ticket": "FL-2026-0042",
    "hours": 3,
    "hashtags": ["#الشرقية_تتأهب", "#أمطار_الدمام"],
}


def measure(fn: Callable[[str], str], sources: list[str], rounds: int) -> float:
    """Best-of-rounds statements per second over all templates."""
    best = float("inf")
    for _ in range(rounds):
        started = time.perf_counter()
        for source in sources:
            fn(source)
        best = min(best, time.perf_counter() - started)
    return len(sources) / best


def main() -> None:
    args = arguments(__doc__ or "")
    per_round = 400 if args.quick else 4000
    rounds = 5 if args.quick else 15
    names = list(TEMPLATES)
    sources = [TEMPLATES[names[i % len(names)]] for i in range(per_round)]

    started = time.perf_counter()
    cold = RenderWorker()
    cold.render(TEMPLATES["holding"], VALUES)
    cold_ms = (time.perf_counter() - started) * 1000
    cold.close()
    fresh = RenderWorker()
    fresh.wait_ready()
    started = time.perf_counter()
    fresh.render(TEMPLATES["holding"], VALUES)
    first_ms = (time.perf_counter() - started) * 1000
    fresh.close()

    ours = TemplateRenderer()
    plain = {source: jinja2.Template(source) for source in TEMPLATES.values()}
    burst = 100
    bursts = [
        [(source, VALUES) for source in sources[i : i + burst]]
        for i in range(0, len(sources), burst)
    ]

    # For scale: Jinja2's own immutable sandbox with no limits at all.
    bare_env = ImmutableSandboxedEnvironment(undefined=jinja2.StrictUndefined)
    bare = {source: bare_env.from_string(source) for source in TEMPLATES.values()}

    def render_bare_sandbox(source: str) -> str:
        return bare[source].render(VALUES)

    def render_ours(source: str) -> str:
        return ours.render(source, VALUES)

    def measure_ours() -> float:
        """Statements per second through the worker, a burst of 100 per round trip."""
        started = time.perf_counter()
        for jobs in bursts:
            for result in ours.render_many(jobs):
                if not isinstance(result, str):
                    sys.exit(f"render failed: {result}")
        return len(sources) / (time.perf_counter() - started)

    def render_plain(source: str) -> str:
        return plain[source].render(VALUES)

    for source in TEMPLATES.values():  # compile and check equal output
        if render_ours(source) != render_plain(source):
            sys.exit(f"outputs differ for template:\n{source}")

    ours_rates, plain_rates = [], []
    for _ in range(rounds):  # alternate, one round each, so both see the same machine noise
        plain_rates.append(measure(render_plain, sources, 1))
        ours_rates.append(measure_ours())
    bare_rate = measure(render_bare_sandbox, sources, rounds)
    ours_rate, plain_rate = max(ours_rates), max(plain_rates)
    print(f"first render: {first_ms:.1f} ms on a ready worker, {cold_ms:.0f} ms cold")
    print(f"sandbox with limits: {ours_rate:,.0f} statements/s")
    print(f"plain jinja2:        {plain_rate:,.0f} statements/s")
    print(f"sandbox, no limits:  {bare_rate:,.0f} statements/s (for scale)")
    report(
        "render",
        ours_rate / plain_rate,
        0.5,
        "higher",
        ours_per_sec=round(ours_rate),
        plain_per_sec=round(plain_rate),
        unlimited_sandbox_per_sec=round(bare_rate),
        statements_per_round=per_round,
        burst=burst,
        first_render_ms_ready_worker=round(first_ms, 1),
        first_render_ms_goal=150,
        first_render_ms_cold_start=round(cold_ms, 1),
        rounds=rounds,
        median_pairwise_ratio=round(
            statistics.median(o / p for o, p in zip(ours_rates, plain_rates, strict=True)), 4
        ),
        templates=names,
    )


if __name__ == "__main__":
    main()
