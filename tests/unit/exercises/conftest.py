"""A desk on a hand-moved wall clock, signed in as the lead (who runs exercises)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from crisisdesk.clock import ManualClock
from crisisdesk.desk import Desk
from tests.helpers.databases import make_desk, sign_in_as

START = datetime(2026, 12, 3, 10, 0, tzinfo=UTC)

SHORT = """\
format: 1
id: short-flood
title: {ar: تمرين قصير, en: Short exercise}
playbook: flood-urban
story: {ar: مطر غزير على الدمام, en: Heavy rain on Dammam}
duration: "T+30:00"
injects:
  - at: "T+00:30"
    id: first
    channel: whatsapp
    text: "نفق طريق الملك سعود امتلأ بالماء"
  - at: "T+01:00"
    id: tweet
    channel: x
    text: "المياه وصلت نص السيارات في النفق"
  - at: "T+02:00"
    id: paper
    channel: news
    subject: "أمطار على الدمام"
    text: "هطلت أمطار غزيرة على الدمام"
  - at: "T+03:00"
    id: press
    channel: email
    persona: journalist
    subject: "استفسار صحفي"
    text: "هل أغلقت الأنفاق؟"
  - at: "T+04:00"
    id: call
    channel: hotline
    text: "سيارة متعطلة داخل النفق"
  - at: "T+05:00"
    id: dam
    rumour:
      seed: "عاجل: انهيار سد وادي الدمام وعلى السكان الإخلاء فوراً"
      variants: 50
      over: "05:00"
  - at: "T+12:00"
    id: worse
    situation:
      severity: 3
      note: {ar: "انهيار جزئي في طريق الخليج", en: "Part of Gulf Road collapsed"}
expectations:
  - id: holding
    kind: statement_approved
    statement: holding
    by: "T+20:00"
    title: {ar: اعتماد البيان الأولي, en: Holding statement approved}
  - id: counter
    kind: rumour_countered
    rumour: dam
    by: "T+25:00"
    title: {ar: تفنيد الشائعة, en: Rumour countered}
  - id: answered
    kind: answered_within_target
    share: 50
    title: {ar: الرد ضمن الوقت, en: Answered within target}
"""


@pytest.fixture
def wall() -> ManualClock:
    return ManualClock(START)


@pytest.fixture
def lead_desk(db_url: str, wall: ManualClock) -> Iterator[Desk]:
    desk = make_desk(db_url, clock=wall)
    sign_in_as(desk, "lead")
    yield desk
    desk.close()


@pytest.fixture
def short_file(tmp_path: Path) -> Path:
    path = tmp_path / "short.yaml"
    path.write_text(SHORT, encoding="utf-8")
    return path
