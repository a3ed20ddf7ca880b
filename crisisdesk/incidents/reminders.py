"""Which task reminders to raise now: coming due, overdue, and one summary on waking.

Pure logic with its own memory of what it already said, so a reminder is shown once,
never repeated and never silently dropped. While the laptop is awake each task that comes
due gets its notice. When it wakes (the app opened, the lid opened after a sleep) the room
gets one summary instead of a storm: "while closed: 3 tasks became overdue, 1 schedule
missed", the tasks concerned highlighted on the checklist. A late tick is not a sleep: only
a gap of more than :data:`SLEEP_TICKS` tick periods (two whole ticks missed) is.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from crisisdesk.incidents.tasks import TaskInfo

if TYPE_CHECKING:
    from crisisdesk.network.sitrep_cadence import SitRepDue

DUE_SOON = timedelta(minutes=10)
SLEEP_TICKS = 3


@dataclass(frozen=True)
class Notice:
    """A task (or, with ``task_id`` 0, the incident's situation report) coming due or
    overdue."""

    task_id: int
    incident_id: int
    kind: str  # "due_soon" | "overdue" | "sitrep_due_soon" | "sitrep_overdue"
    title_ar: str
    title_en: str
    due_at: datetime

    @property
    def sitrep(self) -> bool:
        return self.kind.startswith("sitrep_")

    def text(self, lang: str) -> str:
        title = self.title_ar if lang == "ar" else self.title_en
        if lang == "ar":
            return {
                "due_soon": f"تقترب مهلة المهمة: {title}",
                "overdue": f"تأخرت المهمة: {title}",
                "sitrep_due_soon": f"يقترب موعد تقرير الموقف: {title}",
                "sitrep_overdue": f"حان موعد تقرير الموقف ولم يُعدّ: {title}",
            }[self.kind]
        return {
            "due_soon": f"Task coming due: {title}",
            "overdue": f"Task overdue: {title}",
            "sitrep_due_soon": f"Situation report coming due: {title}",
            "sitrep_overdue": f"Situation report due and not drafted: {title}",
        }[self.kind]


@dataclass(frozen=True)
class WakeSummary:
    """What happened while nobody watched, said once.

    ``reason`` is ``"closed"`` (the app was not running: first look after it opened) or
    ``"asleep"`` (a gap between ticks). ``became_overdue`` counts the tasks that came due
    in the gap (the checklist's rows: the catch-up already made a recurring step one current
    occurrence, however many times it fell due), ``already_overdue`` those overdue before
    it, ``missed_schedules`` the scheduled publications whose time passed, ``skipped`` the
    recurring occurrences recorded as skipped."""

    reason: str
    since: datetime | None
    became_overdue: int
    already_overdue: int
    missed_schedules: int
    skipped: int
    task_ids: tuple[int, ...]
    incident_ids: tuple[int, ...]

    def text(self) -> str:
        """English, for logs and the command line (the app translates its own)."""
        parts = []
        if self.became_overdue or not (self.missed_schedules or self.skipped):
            parts.append(
                f"{self.became_overdue} task{'s' if self.became_overdue != 1 else ''} "
                "became overdue"
            )
        if self.missed_schedules:
            parts.append(
                f"{self.missed_schedules} schedule{'s' if self.missed_schedules != 1 else ''} "
                "missed"
            )
        head = "while closed" if self.reason == "closed" else "while asleep"
        text = f"{head}: " + ", ".join(parts)
        if self.skipped:
            text += f"; {self.skipped} missed repeat{'s' if self.skipped != 1 else ''} skipped"
        if self.already_overdue:
            more = "more " if self.became_overdue else ""
            text += f" ({self.already_overdue} {more}were overdue already)"
        return text


@dataclass
class Reminders:
    """One check's result: per-task notices and, on waking, the summary."""

    notices: list[Notice] = field(default_factory=list)
    wake: WakeSummary | None = None

    def __bool__(self) -> bool:
        return bool(self.notices) or self.wake is not None


@dataclass
class ReminderEngine:
    """Remembers what it announced; ``check`` returns only what is new since."""

    tick: timedelta = timedelta(seconds=30)
    due_soon: timedelta = DUE_SOON
    last_check: datetime | None = None
    # When the app last looked before it was closed (kept on disk by the timers), if known.
    closed_since: datetime | None = None
    _said: set[tuple[int, str]] = field(default_factory=set)
    _said_schedules: set[int] = field(default_factory=set)
    _said_sitreps: set[tuple[int, datetime, str]] = field(default_factory=set)

    def asleep(self, now: datetime) -> bool:
        return self.last_check is not None and now - self.last_check > SLEEP_TICKS * self.tick

    def check(
        self,
        tasks: Iterable[TaskInfo],
        now: datetime,
        *,
        missed_schedules: Sequence[int] = (),
        skipped: int = 0,
        sitreps: Sequence[SitRepDue] = (),
    ) -> Reminders:
        """``missed_schedules``: ids of scheduled publications whose time passed by more than
        the grace; ``skipped``: recurring occurrences the catch-up just recorded as skipped;
        ``sitreps``: each network incident's next situation report (said once per due)."""
        open_tasks = [t for t in tasks if not t.closed]
        waking = self.last_check is None or self.asleep(now)
        since = self.last_check if self.last_check is not None else self.closed_since
        result = Reminders()
        if waking:
            result.wake = self._summary(open_tasks, now, since, missed_schedules, skipped)
        else:
            self._said_schedules.update(missed_schedules)
        for task in sorted(open_tasks, key=lambda t: (t.due_at, t.occurrence), reverse=True):
            if task.overdue(now):
                if (task.id, "overdue") not in self._said:
                    self._said.add((task.id, "overdue"))
                    result.notices.append(_notice(task, "overdue"))
            elif task.due_at - now <= self.due_soon and (task.id, "due_soon") not in self._said:
                self._said.add((task.id, "due_soon"))
                result.notices.append(_notice(task, "due_soon"))
        for due in sitreps:
            kind = "sitrep_overdue" if due.overdue(now) else "sitrep_due_soon"
            if kind == "sitrep_due_soon" and due.due_at - now > self.due_soon:
                continue
            if (due.incident_id, due.due_at, kind) in self._said_sitreps:
                continue
            self._said_sitreps.add((due.incident_id, due.due_at, kind))
            if kind == "sitrep_overdue":  # an overdue SitRep never announces "coming due"
                self._said_sitreps.add((due.incident_id, due.due_at, "sitrep_due_soon"))
            result.notices.append(
                Notice(0, due.incident_id, kind, due.title, due.title, due.due_at)
            )
        self.last_check = now
        result.notices.sort(key=lambda n: n.due_at)
        return result

    def _summary(
        self,
        open_tasks: list[TaskInfo],
        now: datetime,
        since: datetime | None,
        missed_schedules: Sequence[int],
        skipped: int,
    ) -> WakeSummary | None:
        """Mark everything overdue as said and sum it up; None when there is nothing to say."""
        fresh = [t for t in open_tasks if t.overdue(now) and (t.id, "overdue") not in self._said]
        for task in fresh:
            self._said.add((task.id, "overdue"))
        new_schedules = [p for p in missed_schedules if p not in self._said_schedules]
        self._said_schedules.update(missed_schedules)
        became = [t for t in fresh if since is None or t.due_at > since]
        already = [t for t in fresh if since is not None and t.due_at <= since]
        if not (fresh or new_schedules or skipped):
            return None
        return WakeSummary(
            reason="asleep" if self.last_check is not None else "closed",
            since=since,
            became_overdue=len(became),
            already_overdue=len(already),
            missed_schedules=len(new_schedules),
            skipped=skipped,
            task_ids=tuple(sorted(t.id for t in fresh)),
            incident_ids=tuple(sorted({t.incident_id for t in fresh})),
        )


def _notice(task: TaskInfo, kind: str) -> Notice:
    return Notice(task.id, task.incident_id, kind, task.title_ar, task.title_en, task.due_at)
