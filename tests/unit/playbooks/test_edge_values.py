"""Every bundled template rendered with edge values — counts of 1, 2, 3, 11 and 100, and
every optional value empty — read against the text it must give (issue 21, finding 5).

The counts are checked phrase by phrase in both languages (Arabic agreement: ``فريق
واحد``, ``فريقان``, ``٣ فرق``, ``١١ فريقًا``, ``١٠٠ فريق``); every text and channel form is
checked for what an empty value leaves behind (``وبحسب :``, a doubled space, a dangling
comma), and every channel form must still fit its channel.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from crisisdesk.playbooks import bundled_library
from crisisdesk.playbooks.dry_run import SAMPLE_NOW, sample_values
from crisisdesk.playbooks.model import Playbook, TemplateSpec
from crisisdesk.statements.channel_forms import forms_checks, render_forms
from crisisdesk.statements.variables import form_fields, render_template, validate_values
from crisisdesk.templating.sandbox import TemplateRenderer

LIBRARY = {b.id: b for b in bundled_library()}
RENDERER = TemplateRenderer()
EDGES = (1, 2, 3, 11, 100)

# (playbook, template, variable) -> {count: (Arabic phrase, English phrase)}
EXPECTED: dict[tuple[str, str, str], dict[int, tuple[str, str]]] = {
    ("flood-urban", "update", "teams_count"): {
        1: ("إذ يعمل فريق ميداني واحد على مدار الساعة", "with 1 field team,"),
        2: ("إذ يعمل فريقان ميدانيان على مدار الساعة", "with 2 field teams,"),
        3: ("إذ يعمل ٣ فرق ميدانية على مدار الساعة", "with 3 field teams,"),
        11: ("إذ يعمل ١١ فريقًا ميدانيًا على مدار الساعة", "with 11 field teams,"),
        100: ("إذ يعمل ١٠٠ فريق ميداني على مدار الساعة", "with 100 field teams,"),
    },
    ("flood-urban", "update", "update_number"): {
        1: ("التحديث رقم ١ بشأن", "Update 1 on"),
        11: ("التحديث رقم ١١ بشأن", "Update 11 on"),
        100: ("التحديث رقم ١٠٠ بشأن", "Update 100 on"),
    },
    ("building-collapse", "update", "evacuated_buildings"): {
        1: ("أُخلي احترازيًا مبنى مجاور واحد،", "1 neighbouring building has been evacuated"),
        2: ("أُخلي احترازيًا مبنيان مجاوران،", "2 neighbouring buildings have been evacuated"),
        3: ("أُخلي احترازيًا ٣ مبانٍ مجاورة،", "3 neighbouring buildings have been evacuated"),
        11: ("أُخلي احترازيًا ١١ مبنًى مجاورًا،", "11 neighbouring buildings have been"),
        100: ("أُخلي احترازيًا ١٠٠ مبنى مجاور،", "100 neighbouring buildings have been"),
    },
    ("building-collapse", "update", "sheltered_families"): {
        1: ("وجرى إيواء أسرة متضررة واحدة.", "1 affected family has been given shelter."),
        2: ("وجرى إيواء أسرتين متضررتين.", "2 affected families have been given shelter."),
        3: ("وجرى إيواء ٣ أسر متضررة.", "3 affected families have been given shelter."),
        11: ("وجرى إيواء ١١ أسرةً متضررةً.", "11 affected families have been given shelter."),
        100: ("وجرى إيواء ١٠٠ أسرة متضررة.", "100 affected families have been given shelter."),
    },
    ("food-poisoning", "update", "inspections_count"): {
        1: ("ونفّذت فرق الرقابة جولة تفتيشية واحدة على", "have made 1 visit to"),
        2: ("ونفّذت فرق الرقابة جولتين تفتيشيتين على", "have made 2 visits to"),
        3: ("ونفّذت فرق الرقابة ٣ جولات تفتيشية على", "have made 3 visits to"),
        11: ("ونفّذت فرق الرقابة ١١ جولةً تفتيشيةً على", "have made 11 visits to"),
        100: ("ونفّذت فرق الرقابة ١٠٠ جولة تفتيشية على", "have made 100 visits to"),
    },
    ("food-poisoning", "update", "official_cases"): {
        1: ("بلغ عدد الحالات ١.", "stands at 1."),
        100: ("بلغ عدد الحالات ١٠٠.", "stands at 100."),
    },
    ("sandstorm", "update", "reports_handled"): {
        1: ("تعاملت الفرق الميدانية مع بلاغ واحد عن", "have dealt with 1 report of"),
        2: ("تعاملت الفرق الميدانية مع بلاغين عن", "have dealt with 2 reports of"),
        3: ("تعاملت الفرق الميدانية مع ٣ بلاغات عن", "have dealt with 3 reports of"),
        11: ("تعاملت الفرق الميدانية مع ١١ بلاغًا عن", "have dealt with 11 reports of"),
        100: ("تعاملت الفرق الميدانية مع ١٠٠ بلاغ عن", "have dealt with 100 reports of"),
    },
    ("heatwave", "update", "max_temperature"): {
        11: ("درجة حرارة بلغت ١١ درجةً مئويةً", "a high of 11 °C"),
        100: ("درجة حرارة بلغت ١٠٠ درجة مئوية", "a high of 100 °C"),
    },
}

# What an empty value or a careless template leaves behind, in any language.
LEFTOVERS = re.compile(
    r"  |\s[:،,.؛]|[،,]\s*[.\n]|:\s*[.،,]|\(\s*\)|بحسب\s*:|According to\s*:|\{\{|\}\}"
)


def _values(book: Playbook, template: TemplateSpec, **overrides: Any) -> dict[str, Any]:
    fields = form_fields(template, None, dict(book.defaults))
    raw = {**sample_values(template.variables, optionals=True), **overrides}
    values, errors = validate_values(fields, raw)
    assert not errors, (book.id, template.id, errors)
    return values


CASES = [(book.id, template.id) for book in LIBRARY.values() for template in book.templates]


@pytest.mark.parametrize(("book_id", "template_id"), CASES)
def test_every_template_reads_right_with_edge_values(book_id: str, template_id: str) -> None:
    book = LIBRARY[book_id]
    template = book.template(template_id)
    assert template is not None
    numbers = [v.name for v in template.variables if v.type == "number"]
    optionals = {v.name: "" for v in template.variables if not v.required}
    combos: list[dict[str, Any]] = [{}, optionals]
    combos += [{name: str(n)} for name in numbers for n in EDGES]
    combos += [{**optionals, name: str(n)} for name in numbers for n in EDGES]
    for overrides in combos:
        values = _values(book, template, **overrides)
        texts = render_template(template, values, RENDERER, SAMPLE_NOW)
        forms = render_forms(template, values, RENDERER, SAMPLE_NOW)
        outputs = dict(texts)
        for channel in ("x", "sms", "whatsapp"):
            for lang, text in forms.get(channel, {}).items():
                outputs[f"{channel}:{lang}"] = text
        for where, text in outputs.items():
            lines = [line.strip() for line in text.strip().splitlines()]
            assert not LEFTOVERS.search("\n".join(lines)), (template_id, overrides, where, text)
            if where.endswith("ar") or where == "ar":
                assert not re.search(r"[A-Za-z]{3,}", text.replace("Balady", "")), (where, text)
        for result in forms_checks(forms, template.channels):
            assert result.passed, (template_id, overrides, result.id, result.detail)
        for name, value in overrides.items():
            expected = EXPECTED.get((book_id, template_id, name), {}).get(int(value or 0))
            if expected:
                assert expected[0] in texts["ar"], (name, value, texts["ar"])
                assert expected[1] in texts["en"], (name, value, texts["en"])


def test_the_expected_phrases_cover_every_count_of_the_library() -> None:
    counts = {
        (book.id, t.id, v.name)
        for book in LIBRARY.values()
        for t in book.templates
        for v in t.variables
        if v.type == "number" and "percent" not in v.name
    }
    assert counts <= set(EXPECTED), sorted(counts - set(EXPECTED))


def test_a_time_reads_with_its_day_and_part_of_the_day() -> None:
    book = LIBRARY["flood-urban"]
    template = book.template("holding")
    assert template is not None
    for typed, ar, en in (
        ("18:00", "في تمام الساعة السادسة مساءً، الخميس.", "at 6:00 pm on Thursday."),
        ("09:30", "في تمام الساعة التاسعة والنصف صباحًا، الجمعة.", "at 9:30 am on Friday."),
        (
            "00:00",
            "في تمام الساعة الثانية عشرة منتصف الليل، ليلة الجمعة.",
            "at midnight between Thursday and Friday.",
        ),
        ("02:05", "الثانية و٥ دقائق بعد منتصف الليل، ليلة الجمعة.", "at 2:05 am on Friday."),
        ("12:00", "في تمام الساعة الثانية عشرة ظهرًا، الجمعة.", "at noon on Friday."),
    ):
        texts = render_template(
            template, _values(book, template, next_update_time=typed), RENDERER, SAMPLE_NOW
        )
        assert ar in texts["ar"] and en in texts["en"], (typed, texts)
