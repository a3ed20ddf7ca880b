"""Which task reminders to raise now: coming due, overdue, or missed while the laptop slept.

Pure logic with its own memory of what it already said, so a reminder is shown once,
never repeated and never silently dropped. After a gap (sleep, a closed lid) every task
that came due during the gap yields one "missed" notice, not a storm of both kinds.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from crisisdesk.incidents.tasks import TaskInfo

DUE_SOON = timedelta(minutes=10)


@dataclass(frozen=True)
class Notice:
    task_id: int
    incident_id: int
    kind: str  # "due_soon" | "overdue" | "missed"
    title_ar: str
    title_en: str
    due_at: datetime

    def text(self, lang: str) -> str:
        title = self.title_ar if lang == "ar" else self.title_en
        if lang == "ar":
            return {
                "due_soon": f"تقترب مهلة المهمة: {title}",
                "overdue": f"تأخرت المهمة: {title}",
                "missed": f"فات موعد المهمة أثناء توقف الجهاز: {title}",
            }[self.kind]
        return {
            "due_soon": f"Task coming due: {title}",
            "overdue": f"Task overdue: {title}",
            "missed": f"Task came due while this laptop was asleep: {title}",
        }[self.kind]


@dataclass
class ReminderEngine:
    """Remembers what it announced; ``check`` returns only what is new since."""

    tick: timedelta = timedelta(seconds=30)
    due_soon: timedelta = DUE_SOON
    last_check: datetime | None = None
    _said: set[tuple[int, str]] = field(default_factory=set)

    def check(self, tasks: Iterable[TaskInfo], now: datetime) -> list[Notice]:
        slept_since = None
        if self.last_check is not None and now - self.last_check > 2 * self.tick:
            slept_since = self.last_check
        notices: list[Notice] = []
        missed_steps: set[tuple[int, str]] = set()
        # Latest occurrence first, so a recurring step missed several times is one notice.
        for task in sorted(tasks, key=lambda t: (t.due_at, t.occurrence), reverse=True):
            if task.done:
                continue
            if task.due_at <= now:
                if (task.id, "overdue") in self._said or (task.id, "missed") in self._said:
                    continue
                missed = slept_since is not None and task.due_at > slept_since
                kind = "missed" if missed else "overdue"
                self._said.add((task.id, kind))
                step = (task.incident_id, task.step_id)
                if missed and step in missed_steps:
                    continue
                missed_steps.add(step)
                notices.append(self._notice(task, kind))
            elif task.due_at - now <= self.due_soon and (task.id, "due_soon") not in self._said:
                self._said.add((task.id, "due_soon"))
                notices.append(self._notice(task, "due_soon"))
        self.last_check = now
        notices.sort(key=lambda n: n.due_at)
        return notices

    @staticmethod
    def _notice(task: TaskInfo, kind: str) -> Notice:
        return Notice(task.id, task.incident_id, kind, task.title_ar, task.title_en, task.due_at)
