"""A hand-built drill incident with known answers, driven through the real services."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from crisisdesk.clock import ManualClock
from crisisdesk.desk import Desk
from tests.helpers.databases import PASSWORD

START = datetime(2026, 1, 1, 6, 0, tzinfo=UTC)

PUBLIC = {
    "names": ["Fatima Zahrani", "Omar Khalid", "Salem Dossary"],
    "phones": ["0551112222", "0553334444", "0557778888"],
    "emails": ["omar.k@example.com"],
}


@dataclass
class Scenario:
    incident_id: int
    interactions: list[int]
    statements: list[int]
    cluster_id: int


def at(clock: ManualClock, hh: int, mm: int) -> None:
    clock.set(START.replace(hour=hh, minute=mm))


def build(desk: Desk, clock: ManualClock) -> Scenario:
    """06:00 open; statements approved after 15 and 10 minutes; three calls, two answered."""
    at(clock, 6, 0)
    desk.sign_in("layla", PASSWORD)
    incident = desk.incidents.open(
        playbook_id="flood-urban", title="تمرين سيول حي الشاطئ", severity=3, drill=True
    )
    tasks = {t.due_at: t for t in desk.tasks.list(incident.id)}
    desk.sign_in("olfa", PASSWORD)
    at(clock, 6, 5)
    s1 = desk.statements.draft(
        incident.id,
        kind="holding",
        title={"ar": "بيان أولي", "en": "Holding statement"},
        texts={"ar": "تتابع الأمانة الوضع.", "en": "The municipality is following the situation."},
    ).statement.id
    at(clock, 6, 8)
    desk.tasks.done(tasks[START.replace(minute=10)].id, note="on time")
    at(clock, 6, 20)
    desk.statements.submit(s1)
    desk.tasks.done(tasks[START.replace(minute=15)].id, note="late")
    at(clock, 6, 35)
    desk.sign_in("sami", PASSWORD)
    desk.statements.approve(s1, PASSWORD, override_reason="drill")
    at(clock, 6, 40)
    desk.statements.publish(s1, "website")
    desk.sign_in("olfa", PASSWORD)
    a = desk.inbox.add_hotline(
        incident.id, text="هل صحيح أن السد انهار", caller="Fatima Zahrani", phone="0551112222"
    )
    b = desk.inbox.add_hotline(
        incident.id,
        text="هل صحيح أن السد انهار؟",
        caller="Omar Khalid",
        phone="0553334444",
    )
    at(clock, 6, 45)
    c = desk.inbox.add_hotline(
        incident.id,
        text="الماء في الشارع، اتصلوا 0557778888 أو omar.k@example.com — Salem Dossary",
        caller="Salem Dossary",
        phone="+966557778888",
    )
    at(clock, 6, 50)
    desk.inbox.set_triage(a, status="answered")
    s2 = desk.statements.draft(
        incident.id,
        kind="update",
        title={"ar": "نفي شائعة السد", "en": "The dam has not failed"},
        texts={"ar": "السد سليم.", "en": "The dam is intact."},
    ).statement.id
    at(clock, 6, 55)
    desk.statements.submit(s2)
    at(clock, 7, 5)
    desk.sign_in("sami", PASSWORD)
    desk.statements.approve(s2, PASSWORD, override_reason="drill")
    at(clock, 7, 10)
    desk.statements.publish(s2, "website")
    at(clock, 7, 12)
    desk.sign_in("olfa", PASSWORD)
    cluster = desk.inbox.detail(a).row.cluster_id
    assert cluster is not None
    desk.inbox.clusters.update(cluster, statement_id=s2, status="false")
    at(clock, 7, 30)
    desk.inbox.set_triage(b, status="answered", note="اتصلنا بـ Omar Khalid على 0553334444 وطمأنّاه")
    at(clock, 7, 40)
    desk.sign_in("layla", PASSWORD)
    return Scenario(incident.id, [a, b, c], [s1, s2], cluster)
