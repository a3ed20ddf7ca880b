"""A realistic demo crisis in its own database: users, a flood incident and its history.

Used by ``crisisdesk demo`` and by the screenshots; rebuilt only when missing or asked.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from crisisdesk.clock import ManualClock
from crisisdesk.desk import Desk
from crisisdesk.incidents import demo_story as checklist_story
from crisisdesk.intake import demo_story
from crisisdesk.review import demo_story as review_story
from crisisdesk.statements import demo_story as statements_story
from crisisdesk.storage import location

DEMO_PASSWORD = "demo"
DEMO_USERS = [
    # name, role, display name, org unit
    ("admin", "admin", "مسؤول النظام", "أمانة المنطقة الشرقية"),
    ("lead", "lead", "م. نورة الدوسري", "أمانة المنطقة الشرقية – الإدارة العامة للإعلام"),
    ("spokesperson", "spokesperson", "أ. فهد القحطاني", "أمانة المنطقة الشرقية – المتحدث الرسمي"),
    ("operator1", "operator", "ريم الشمري", "بلدية الدمام – مكتب الإعلام"),
    ("operator2", "operator", "خالد العتيبي", "بلدية الخبر – مكتب الإعلام"),
    ("reviewer", "reviewer", "د. سلمان الغامدي", "إدارة المراجعة الداخلية"),
]


def _playbook_for(hazard: str) -> str | None:
    """The bundled playbook for a hazard (the demo follows the library, not fixed ids)."""
    from crisisdesk.playbooks import bundled_library

    return next((p.id for p in bundled_library() if p.hazard == hazard), None)


DEMO_TITLE = "سيول الدمام والخبر بعد الأمطار الغزيرة"

Step = Callable[[Desk, ManualClock], None]
# Later features (inbox, statements) add their part of the story here, in order.
DEMO_STEPS: list[Step] = [
    demo_story.step,
    statements_story.step,
    checklist_story.step,
    review_story.step,
]


def demo_url(path: Path | None = None) -> str:
    return location.sqlite_url(path or location.demo_db_path())


def build_demo(
    path: Path | None = None, *, reset: bool = False, start: datetime | None = None
) -> str:
    """Create the demo database if missing (or ``reset``); returns its URL."""
    path = path or location.demo_db_path()
    if path.exists() and not reset:
        return demo_url(path)
    for stale in path.parent.glob(path.name + "*"):
        if stale.name in (path.name, path.name + "-wal", path.name + "-shm"):
            stale.unlink()
    start = start or (datetime.now(UTC) - timedelta(hours=5)).replace(second=0, microsecond=0)
    clock = ManualClock(start)
    desk = Desk.open(demo_url(path), create=True, clock=clock)
    try:
        desk.users.create_first_admin("admin", DEMO_PASSWORD, DEMO_USERS[0][2])
        desk.sign_in("admin", DEMO_PASSWORD)
        for name, role, display, unit in DEMO_USERS[1:]:
            desk.users.add(name, DEMO_PASSWORD, role, display, unit)
        desk.sign_in("lead", DEMO_PASSWORD)
        clock.advance(timedelta(minutes=4))
        incident = desk.incidents.open(
            DEMO_TITLE,
            3,
            playbook_id=_playbook_for("flood"),
            org_units=("أمانة المنطقة الشرقية", "بلدية الدمام", "بلدية الخبر"),
        )
        clock.advance(timedelta(minutes=40))
        desk.incidents.set_severity(
            incident.id, 4, "ارتفاع منسوب المياه في أنفاق طريق الملك سعود وتعطل حركة السير"
        )
        drill = desk.incidents.open(
            "تمرين: انهيار مبنى في حي الخليج", 2, drill=True, playbook_id=_playbook_for("collapse")
        )
        clock.advance(timedelta(minutes=30))
        desk.incidents.close(drill.id, "انتهى التمرين بنجاح؛ زمن البيان الأولي 18 دقيقة")
        for step in DEMO_STEPS:
            step(desk, clock)
        desk.log.checkpoint("demo-built")
    finally:
        desk.close()
    return demo_url(path)
