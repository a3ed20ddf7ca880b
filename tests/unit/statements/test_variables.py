"""Template variables become a form: specs, coercion, pre-fill and rendering."""

from __future__ import annotations

from datetime import UTC, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from crisisdesk.playbooks.model import Bilingual, TemplateSpec, VariableSpec
from crisisdesk.statements.variables import (
    FieldSpec,
    IncidentFacts,
    LocalizedText,
    VariableValueError,
    coerce_value,
    context_for,
    form_fields,
    render_template,
    validate_values,
)
from crisisdesk.templating.sandbox import MissingVariableError

TEMPLATE = TemplateSpec(
    id="flood-update",
    kind="update",
    channels=("website", "x"),
    text=Bilingual(
        ar=(
            "تعلن {{ municipality }} أن عدد الفرق الميدانية {{ teams }} "
            "في {{ district }}. {{ status }}. التحديث القادم {{ next_update }}. "
            "للبلاغات {{ hotline }}."
        ),
        en=(
            "{{ municipality }}: {{ teams }} field teams in {{ district }}. {{ status }}. "
            "Next update at {{ next_update }}. Hotline {{ hotline }}. {{ extra_note }}"
        ),
    ),
    variables=(
        VariableSpec(
            name="municipality", label=Bilingual(ar="البلدية", en="Municipality"), type="text"
        ),
        VariableSpec(
            name="teams", label=Bilingual(ar="عدد الفرق", en="Teams"), type="number", example=12
        ),
        VariableSpec(name="district", label=Bilingual(ar="الحي", en="District")),
        VariableSpec(
            name="status",
            label=Bilingual(ar="الحالة", en="Status"),
            type="choice",
            choices=("Contained", "Ongoing"),
        ),
        VariableSpec(
            name="next_update", label=Bilingual(ar="التحديث القادم", en="Next update"), type="time"
        ),
        VariableSpec(
            name="hotline", label=Bilingual(ar="رقم البلاغات", en="Hotline"), required=False
        ),
    ),
)

FACTS = IncidentFacts(
    municipality=LocalizedText("أمانة المنطقة الشرقية", "Eastern Province Amanah"),
    incident_title="Flood",
    next_update=datetime(2026, 1, 1, 15, 0, tzinfo=UTC),  # 18:00 in Riyadh
    hotline="940",
)


def _spec(kind: str, **extra: object) -> FieldSpec:
    return FieldSpec("v", "م", "V", kind, True, **extra)  # type: ignore[arg-type]


def test_fields_follow_declaration_then_undeclared() -> None:
    fields = form_fields(TEMPLATE, FACTS)
    assert [f.name for f in fields] == [
        "municipality",
        "teams",
        "district",
        "status",
        "next_update",
        "hotline",
        "extra_note",
    ]
    by_name = {f.name: f for f in fields}
    assert by_name["teams"].type == "number"
    assert by_name["teams"].example == "12"
    assert by_name["status"].choices == ("Contained", "Ongoing")
    assert by_name["status"].label("ar") == "الحالة"
    assert not by_name["extra_note"].declared
    assert by_name["extra_note"].required


def test_prefill_from_incident_facts_and_defaults() -> None:
    fields = {f.name: f for f in form_fields(TEMPLATE, FACTS, defaults={"district": "حي الفيصلية"})}
    assert fields["municipality"].prefill == FACTS.municipality
    assert fields["next_update"].prefill == time(18, 0)
    assert fields["hotline"].prefill == "940"
    # A one-language default for a free-text value is not offered: it would land in
    # Arabic inside the English statement (issue 21, finding 5).
    assert fields["district"].prefill is None
    assert fields["teams"].prefill is None


def test_bilingual_playbook_default_becomes_localized() -> None:
    default = Bilingual(ar="حي الفيصلية", en="Al Faisaliyah")
    fields = {f.name: f for f in form_fields(TEMPLATE, None, defaults={"district": default})}
    assert fields["district"].prefill == LocalizedText("حي الفيصلية", "Al Faisaliyah")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("12", 12),
        ("١٢", 12),
        ("۱۲", 12),
        ("1,250", 1250),
        ("3.5", Decimal("3.5")),
        ("٣٫٥", Decimal("3.5")),
        ("-4", -4),
    ],
)
def test_number_coercion(raw: str, expected: object) -> None:
    assert coerce_value(_spec("number"), raw) == expected


@pytest.mark.parametrize("raw", ["twelve", "", "nan", "inf", "1" * 40])
def test_number_rejects(raw: str) -> None:
    with pytest.raises(VariableValueError) as caught:
        coerce_value(_spec("number"), raw)
    assert str(caught.value).startswith("v: ")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("18:00", time(18, 0)),
        ("6:05", time(6, 5)),
        ("١٨:٣٠", time(18, 30)),
        ("6 pm", time(18, 0)),
        ("12 am", time(0, 0)),
        ("6:30 م", time(18, 30)),
        ("9 ص", time(9, 0)),
        ("2026-01-01T18:45:00+03:00", time(18, 45)),
    ],
)
def test_time_coercion(raw: str, expected: time) -> None:
    assert coerce_value(_spec("time"), raw) == expected


@pytest.mark.parametrize("raw", ["25:00", "18:60", "13 pm", "soon", ""])
def test_time_rejects(raw: str) -> None:
    with pytest.raises(VariableValueError):
        coerce_value(_spec("time"), raw)


def test_choice_coercion_is_case_insensitive_and_canonical() -> None:
    spec = _spec("choice", choices=("Contained", "جارية"))
    assert coerce_value(spec, " contained ") == "Contained"
    assert coerce_value(spec, "جارية") == "جارية"
    with pytest.raises(VariableValueError, match="choose one of"):
        coerce_value(spec, "over")


def test_text_refuses_control_characters_and_huge_values() -> None:
    with pytest.raises(VariableValueError, match="control"):
        coerce_value(_spec("text"), "a\x00b")
    with pytest.raises(VariableValueError, match="longer"):
        coerce_value(_spec("text"), "a" * 1001)
    assert coerce_value(_spec("text", lang="ar"), "  سطر\nثان  ") == "سطر\nثان"
    both = coerce_value(_spec("text"), LocalizedText(" سطر ", " line "))
    assert both == LocalizedText("سطر", "line")


def test_a_free_text_value_needs_both_languages() -> None:
    """Finding 5: ``continues in الدمام والخبر`` — one value typed for both statements."""
    with pytest.raises(VariableValueError, match="needs its Arabic and its English text"):
        coerce_value(_spec("text"), "الدمام والخبر")
    with pytest.raises(VariableValueError, match="needs its English text too"):
        coerce_value(_spec("text"), LocalizedText("الدمام", ""))
    assert coerce_value(_spec("text"), "940") == "940"
    assert coerce_value(_spec("text"), "FS-2026-118") == "FS-2026-118"


def test_validate_values_reports_every_problem_at_once() -> None:
    fields = form_fields(TEMPLATE, FACTS)
    values, errors = validate_values(
        fields, {"teams": "many", "status": "maybe", "typo_name": "x", "district": " "}
    )
    assert errors == {
        "teams": "not a number: 'many'",
        "status": "choose one of: Contained, Ongoing",
        "district": "required",
        "extra_note": "required",
        "typo_name": "this template has no such variable",
    }
    assert values["municipality"] == FACTS.municipality
    assert values["next_update"] == time(18, 0)


def test_optional_blank_becomes_empty() -> None:
    fields = form_fields(TEMPLATE, None)
    values, errors = validate_values(
        fields,
        {
            "municipality": LocalizedText("الدمام", "Dammam"),
            "teams": "4",
            "district": LocalizedText("س", "X"),
            "status": "Ongoing",
            "next_update": "20:00",
            "extra_note": LocalizedText("-", "-"),
        },
    )
    assert errors == {}
    assert values["hotline"] == ""


def test_render_template_uses_each_language_side() -> None:
    fields = form_fields(TEMPLATE, FACTS)
    values, errors = validate_values(
        fields,
        {
            "teams": "١٢",
            "district": LocalizedText("الفيصلية", "Al Faisaliyah"),
            "status": "Ongoing",
            "extra_note": LocalizedText("ابقوا بأمان.", "Stay safe."),
        },
    )
    assert errors == {}
    thursday = datetime(2026, 12, 3, 14, 0, tzinfo=ZoneInfo("Asia/Riyadh"))
    texts = render_template(TEMPLATE, values, now=thursday)
    assert texts["ar"].startswith("تعلن أمانة المنطقة الشرقية أن عدد الفرق الميدانية 12 في")
    assert "التحديث القادم السادسة مساءً، الخميس" in texts["ar"]
    assert texts["en"].startswith("Eastern Province Amanah: 12 field teams")
    assert context_for(values, "en", thursday)["next_update"] == "6:00 pm on Thursday"
    late = datetime(2026, 12, 3, 19, 0, tzinfo=ZoneInfo("Asia/Riyadh"))
    assert context_for(values, "ar", late)["next_update"] == "السادسة مساءً، الجمعة"


def test_render_without_a_value_is_an_error() -> None:
    with pytest.raises(MissingVariableError, match="district"):
        render_template(TEMPLATE, {"municipality": "x", "teams": 1})
