"""A realistic demo crisis in its own database: users, a flood incident and its history.

Used by ``crisisdesk demo`` and by the screenshots; rebuilt only when missing or asked.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Protocol

from crisisdesk import room_zone
from crisisdesk.clock import ManualClock
from crisisdesk.demo import (
    checklist_story,
    inbox_story,
    network_story,
    review_story,
    statements_story,
)
from crisisdesk.demo.acting import act_as
from crisisdesk.demo.inbox_story import InboxAgenda
from crisisdesk.demo.story import Story
from crisisdesk.desk import Desk
from crisisdesk.incidents.tasks import TaskInfo
from crisisdesk.storage import location

DEMO_PASSWORD = "demo-crisis-room"
DEMO_USERS = [
    # name, role, display name, org unit
    ("admin", "admin", "مسؤول النظام", "أمانة المنطقة الشرقية"),
    ("lead", "lead", "م. نورة الدوسري", "أمانة المنطقة الشرقية – الإدارة العامة للإعلام"),
    ("spokesperson", "spokesperson", "أ. فهد القحطاني", "أمانة المنطقة الشرقية – المتحدث الرسمي"),
    ("operator1", "operator", "ريم الشمري", "أمانة المنطقة الشرقية – غرفة العمليات الإعلامية"),
    ("operator2", "operator", "خالد العتيبي", "بلدية الخبر – مكتب الإعلام"),
    ("reviewer", "reviewer", "د. سلمان الغامدي", "إدارة المراجعة الداخلية"),
]


def _playbook_for(hazard: str) -> str | None:
    """The bundled playbook for a hazard (the demo follows the library, not fixed ids)."""
    from crisisdesk.playbooks import bundled_library

    return next((p.id for p in bundled_library() if p.hazard == hazard), None)


DEMO_TITLE = "سيول الدمام والخبر بعد الأمطار الغزيرة"

Step = Callable[[Story], None]


class Agenda(Protocol):
    """Something the crisis room does at given moments while the story's clock moves."""

    def next_at(self) -> datetime | None: ...

    def run(self) -> None: ...


class StoryClock(ManualClock):
    """The demo's clock: moving it forward first lets every agenda act at its own moments.

    Steps tell their part of the story by advancing the clock; on the way, the checklist's
    owners complete tasks just before they fall due and the inbox takes in and answers the
    public's messages round by round, so statements, tasks and messages share one timeline
    and the KPIs read like a real crisis room's.
    """

    def __init__(self, start: datetime) -> None:
        super().__init__(start)
        self.agendas: list[Agenda] = []
        self.story_end = datetime.now(UTC) - timedelta(minutes=3)
        self._busy = False

    def advance(self, delta: timedelta) -> datetime:
        self.set(self.now() + delta)
        return self.now()

    def set(self, when: datetime) -> None:
        if not self._busy and when > self.now():
            self._busy = True  # agendas move the clock themselves, without recursion
            try:
                for _ in range(100_000):
                    pending = [(a.next_at(), i) for i, a in enumerate(self.agendas)]
                    due = [(t, i) for t, i in pending if t is not None and t <= when]
                    if not due:
                        break
                    at, index = min(due)
                    super().set(max(at, self.now()))
                    self.agendas[index].run()
            finally:
                self._busy = False
        super().set(max(when, self.now()))


class ChecklistAgenda:
    """The task owners complete each task a few minutes before it falls due."""

    def __init__(self, story: Story) -> None:
        self.story = story
        self.desk = story.desk
        self.incident = story.flood
        wall_now = datetime.now(UTC)
        self.last_sweeps = wall_now - timedelta(hours=2, minutes=30)  # the last sweep is missed
        self.horizon = wall_now - timedelta(minutes=30)  # the last half hour stays open

    def _due(self) -> list[TaskInfo]:
        return [
            t
            for t in self.desk.tasks.list(self.incident)
            if not t.closed
            and t.due_at - LEAD_TIME <= self.horizon
            and not (t.step_id == "rumour-sweep" and t.due_at > self.last_sweeps)
        ]

    def next_at(self) -> datetime | None:
        due = self._due()
        return min(t.due_at for t in due) - LEAD_TIME if due else None

    def run(self) -> None:
        due = self._due()
        if not due:
            return
        task = min(due, key=lambda t: (t.due_at, t.id))
        before = self.desk.user.name if self.desk.user is not None else "lead"
        self.story.act_as(checklist_story.USERS.get(task.system_role, "lead"))
        self.desk.tasks.done(task.id, checklist_story.NOTES.get(task.step_id, ""))
        self.story.act_as(before)


LEAD_TIME = timedelta(minutes=3)


def flood_incident(desk: Desk) -> int:
    """The id of the demo's flood incident (the drill before it has another id)."""
    return next(i.id for i in desk.incidents.list() if not i.drill and i.title == DEMO_TITLE)


def _raise_severity(story: Story) -> None:
    """Mid-crisis the lead raises the severity, with the reason on the record."""
    story.act_as("lead")
    story.clock.advance(timedelta(minutes=5))
    story.desk.incidents.set_severity(
        story.flood, 4, "ارتفاع منسوب المياه في أنفاق طريق الملك سعود وتعطل حركة السير"
    )


# The story after the flood incident opens, in time order: the holding statement and updates
# first, then the severity change, the flood of public messages, the checklist worked
# through, and the reviewer's bundle. Each feature adds its part here.
DEMO_STEPS: list[Step] = [
    statements_story.step,
    _raise_severity,
    inbox_story.step,
    network_story.step,
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
    # The room was set up, and drilled, two days before the flood.
    clock = StoryClock(start - timedelta(days=2))
    desk = Desk.open(demo_url(path), create=True, clock=clock)
    try:
        desk.users.create_first_admin("admin", DEMO_PASSWORD, DEMO_USERS[0][2])
        act_as(desk, "admin", DEMO_PASSWORD)
        for name, role, display, unit in DEMO_USERS[1:]:
            desk.users.add(name, DEMO_PASSWORD, role, display, unit)
        room_zone.change(desk, "Asia/Riyadh")  # the Eastern Province's room, on any laptop
        act_as(desk, "lead", DEMO_PASSWORD)
        clock.advance(timedelta(hours=3))
        drill = desk.incidents.open(
            "تمرين: انهيار مبنى في حي الخليج", 2, drill=True, playbook_id=_playbook_for("collapse")
        )
        clock.advance(timedelta(minutes=50))
        desk.incidents.close(drill.id, "انتهى التمرين بنجاح؛ زمن البيان الأولي 18 دقيقة")
        clock.set(start)
        desk.incidents.open(
            DEMO_TITLE,
            3,
            playbook_id=_playbook_for("flood"),
            org_units=("أمانة المنطقة الشرقية", "بلدية الدمام", "بلدية الخبر"),
        )
        story = Story(desk, clock, DEMO_PASSWORD, flood_incident(desk))
        clock.agendas = [ChecklistAgenda(story), InboxAgenda(story, clock.story_end)]
        for step in DEMO_STEPS:
            step(story)
        desk.log.checkpoint("demo-built")
    finally:
        desk.close()
    return demo_url(path)
