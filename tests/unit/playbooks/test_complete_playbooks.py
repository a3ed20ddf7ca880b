"""Finding 6 of issue 21: what the eight bundled playbooks lacked, now checked one by one."""

from __future__ import annotations

from datetime import timedelta

import pytest

from crisisdesk.playbooks import bundled_library, find_playbook

LIBRARY = [b for b in bundled_library() if b.id in {
    "building-collapse", "flood-urban", "food-poisoning", "heatwave",
    "market-fire", "road-sinkhole", "sandstorm", "water-outage",
}]  # fmt: skip


@pytest.mark.parametrize("book_id", ["flood-urban", "heatwave", "sandstorm"])
def test_forecastable_hazards_start_with_a_warning_phase(book_id: str) -> None:
    book = find_playbook(book_id)
    assert book.phases[0].id == "warning"
    steps = {t.id for t in book.phases[0].tasks}
    assert {"relay-warning", "early-warning-link", "pre-event-warning"} <= steps
    link = book.task("early-warning-link")
    assert link is not None and "الإنذار المبكر" in link.title.ar


@pytest.mark.parametrize("book", LIBRARY, ids=[b.id for b in LIBRARY])
def test_every_playbook_has_briefings_handovers_and_a_real_evaluation(book: object) -> None:
    tasks = {t.id: t for t in book.tasks}  # type: ignore[attr-defined]
    assert tasks["press-briefing"].recurrence == timedelta(hours=6)
    assert tasks["shift-handover"].recurrence == timedelta(hours=8)
    recovery = next(p for p in book.phases if p.id == "recovery")  # type: ignore[attr-defined]
    assert {"partner-debrief", "update-playbook", "lessons-learned"} <= {
        t.id for t in recovery.tasks
    }


def test_building_collapse_offers_condolence_and_a_family_assistance_point() -> None:
    book = find_playbook("building-collapse")
    condolence = book.template("condolence")
    assert condolence is not None and condolence.kind == "condolence"
    assert "العزاء" in condolence.text.ar and "condolences" in condolence.text.en
    assert book.template("family-assistance") is not None
    reply = book.template("reply-family")
    assert reply is not None and "نقطة مساعدة الأسر" in reply.text.ar
    assert "998" in reply.text.en and "emergencies" in reply.text.en  # 998 only for those


def test_water_outage_has_precautionary_notices_issued_on_suspicion() -> None:
    book = find_playbook("water-outage")
    for template_id in ("boil-water", "do-not-drink"):
        template = book.template(template_id)
        assert template is not None and "sms" in template.channels
        assert "contaminat" not in template.text.en and "ملوث" not in template.text.ar
    notice = book.task("precautionary-notice")
    assert notice is not None and notice.due <= timedelta(hours=1)


def test_food_poisoning_states_the_exposure_window_and_no_legal_claim() -> None:
    book = find_playbook("food-poisoning")
    holding = book.template("holding")
    assert holding is not None
    assert {"exposure_from", "exposure_to"} <= {v.name for v in holding.variables}
    clear = book.template("all-clear")
    assert clear is not None and "legal" not in clear.text.en
    assert "الإجراءات النظامية بحق" not in clear.text.ar


def test_the_heat_work_ban_is_seasonal_and_its_violations_go_to_the_labour_ministry() -> None:
    book = find_playbook("heatwave")
    ban = next(m for m in book.key_messages if m.id == "work-ban")
    assert "15 June" in ban.text.en and "19911" in ban.text.en and "940" not in ban.text.en
    update = book.template("update")
    assert update is not None and "15 September" in update.text.en
    reply = book.template("reply-workers")
    assert reply is not None and "19911" in reply.text.ar
