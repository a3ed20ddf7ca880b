"""The checklist as a tree: the playbook's phases, each holding its tasks in due order.

The model holds the incident's tasks (a few dozen) in full. Its ``now`` moves with the
screen's one-second timer, which repaints only the countdown and status columns: the
countdown is arithmetic on the due times already held, never a database query.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication

from crisisdesk.incidents.tasks import TaskInfo
from crisisdesk.text.hijri import to_local
from crisisdesk.ui.display import (
    DisplayPrefs,
    date_time,
    digits,
    directed,
    number,
    safe_text,
    separator,
)

translate = QCoreApplication.translate
ModelIndex = QModelIndex | QPersistentModelIndex

TASK, OWNER, DUE, COUNTDOWN, STATUS, DONE_BY, NOTE = range(7)
COLUMNS = 7
TaskRole = Qt.ItemDataRole.UserRole
KindRole = Qt.ItemDataRole.UserRole + 1  # "phase" | "open" | "overdue" | an outcome
KINDS = ("open", "overdue", "done", "skipped", "not_applicable")
PHASE_ID = 0  # internalId of a phase row; a task row's internalId is its phase row + 1


def countdown(seconds: int, prefs: DisplayPrefs) -> str:
    """``h:mm:ss`` (or ``mm:ss``) in the reader's digits, always left to right."""
    seconds = abs(seconds)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    text = f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"
    return f"\u2066{digits(text, prefs)}\u2069"


def status_name(kind: str) -> str:
    names = {
        "open": translate("Checklist", "Open"),
        "overdue": translate("Checklist", "Overdue"),
        "done": translate("Checklist", "Done"),
        "skipped": translate("Checklist", "Skipped"),
        "not_applicable": translate("Checklist", "Not applicable"),
    }
    return names.get(kind, kind)


class Phase:
    """A group of the tree: the phase's titles and its tasks in due order."""

    def __init__(self, phase_id: str, title_ar: str, title_en: str) -> None:
        self.id = phase_id
        self.title_ar = title_ar
        self.title_en = title_en
        self.tasks: list[TaskInfo] = []

    def title(self, lang: str) -> str:
        return self.title_ar if lang == "ar" else self.title_en


def group_tasks(tasks: list[TaskInfo], snapshot: dict[str, Any] | None) -> list[Phase]:
    """Phases in playbook order (unknown ones after), each task list sorted by due time."""
    phases: dict[str, Phase] = {}
    for data in (snapshot or {}).get("phases", []):
        title = data.get("title", {})
        phases[data["id"]] = Phase(
            data["id"], title.get("ar", data["id"]), title.get("en", data["id"])
        )
    for task in tasks:
        phase = phases.get(task.phase_id)
        if phase is None:
            phase = phases[task.phase_id] = Phase(task.phase_id, task.phase_id, task.phase_id)
        phase.tasks.append(task)
    for phase in phases.values():
        phase.tasks.sort(key=lambda t: (t.due_at, t.id))
    return [p for p in phases.values() if p.tasks]


def role_titles(snapshot: dict[str, Any] | None) -> dict[str, tuple[str, str]]:
    """Playbook role id -> (Arabic, English) title."""
    out: dict[str, tuple[str, str]] = {}
    for role in (snapshot or {}).get("roles", []):
        title = role.get("title", {})
        out[role["id"]] = (title.get("ar", role["id"]), title.get("en", role["id"]))
    return out


class ChecklistModel(QAbstractItemModel):
    """Phases at the top level, tasks below; ``set_now`` advances the live countdown."""

    def __init__(self, prefs: DisplayPrefs, parent: Any = None) -> None:
        super().__init__(parent)
        self.prefs = prefs
        self.phases: list[Phase] = []
        self.roles: dict[str, tuple[str, str]] = {}
        self.now: datetime | None = None
        self.highlighted: set[int] = set()
        self.people: dict[str, str] = {}  # user name -> display name, for "done by"
        self._look: tuple[QColor, QColor, dict[str, QIcon]] | None = None

    # -- loading ----------------------------------------------------------------------

    def set_tasks(
        self, tasks: list[TaskInfo], snapshot: dict[str, Any] | None, now: datetime
    ) -> None:
        self.beginResetModel()
        self._look = None
        self.phases = group_tasks(tasks, snapshot)
        self.roles = role_titles(snapshot)
        self.now = now
        self.endResetModel()

    def set_now(self, now: datetime) -> bool:
        """Move the clock. Nothing is emitted: the countdown is a function of ``now``, so
        the view showing it repaints its visible cells (see ``ChecklistScreen.tick``),
        which costs the same for 20 tasks or 2,000. Returns whether a task has just become
        overdue (its whole row changes: colour, sign, summary)."""
        before, self.now = self.now, now
        if before is None:
            return False
        return any(t.overdue(now) != t.overdue(before) for p in self.phases for t in p.tasks)

    def refresh_texts(self) -> None:
        """Language, digits or theme changed: everything is drawn again."""
        self.beginResetModel()
        self._look = None
        self.endResetModel()

    def look(self) -> tuple[QColor, QColor, dict[str, QIcon]]:
        """Overdue colour, highlight colour and status icons, made once (data() is hot)."""
        if self._look is None:
            self._look = (
                overdue_colour(),
                highlight_colour(),
                {k: status_icon(k) for k in KINDS},
            )
        return self._look

    # -- lookups ----------------------------------------------------------------------

    def task(self, index: ModelIndex) -> TaskInfo | None:
        if not index.isValid() or index.internalId() == PHASE_ID:
            return None
        phase_row = index.internalId() - 1
        if not 0 <= phase_row < len(self.phases):
            return None
        tasks = self.phases[phase_row].tasks
        return tasks[index.row()] if 0 <= index.row() < len(tasks) else None

    def index_of(self, task_id: int, column: int = 0) -> QModelIndex:
        for phase_row, phase in enumerate(self.phases):
            for row, task in enumerate(phase.tasks):
                if task.id == task_id:
                    return self.index(row, column, self.index(phase_row, 0))
        return QModelIndex()

    def tasks(self) -> list[TaskInfo]:
        return [t for p in self.phases for t in p.tasks]

    def kind(self, task: TaskInfo) -> str:
        if task.closed:
            return task.outcome or "done"
        if self.now is not None and task.overdue(self.now):
            return "overdue"
        return "open"

    # -- the tree ---------------------------------------------------------------------

    def index(self, row: int, column: int, parent: ModelIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, PHASE_ID)
        if parent.internalId() != PHASE_ID:
            return QModelIndex()
        return self.createIndex(row, column, parent.row() + 1)

    def parent(self, index: ModelIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid() or index.internalId() == PHASE_ID:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, PHASE_ID)

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return len(self.phases)
        if (
            parent.internalId() == PHASE_ID
            and parent.column() == 0
            and 0 <= parent.row() < len(self.phases)
        ):
            return len(self.phases[parent.row()].tasks)
        return 0

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return COLUMNS

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if index.internalId() == PHASE_ID:
            return Qt.ItemFlag.ItemIsEnabled
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        names = (
            translate("Checklist", "Task"),
            translate("Checklist", "Owner"),
            translate("Checklist", "Due"),
            translate("Checklist", "Countdown"),
            translate("Checklist", "Status"),
            translate("Checklist", "Done by"),
            translate("Checklist", "Note"),
        )
        return names[section] if 0 <= section < len(names) else None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if index.internalId() == PHASE_ID:
            return self._phase_data(index, role)
        task = self.task(index)
        if task is None:
            return None
        kind = self.kind(task)
        if role == TaskRole:
            return task.id
        if role == KindRole:
            return kind
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(task, kind, index.column())
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == DUE:
            return date_time(task.due_at, self.prefs, seconds=False)
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == DONE_BY and task.done_at:
            return date_time(task.done_at, self.prefs, seconds=False)
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == OWNER and task.assignee:
            return (
                translate("Checklist", "Reassigned to %1; its playbook role: %2")
                .replace("%1", safe_text(self.people.get(task.assignee) or task.assignee, limit=80))
                .replace("%2", self._role(task))
            )
        if role == Qt.ItemDataRole.ToolTipRole and index.column() in (TASK, NOTE):
            return (
                safe_text(
                    task.note if index.column() == NOTE else task.title(self.prefs.language),
                    limit=2000,
                )
                or None
            )
        if role == Qt.ItemDataRole.ForegroundRole and kind == "overdue":
            return QBrush(self.look()[0])
        if (
            role == Qt.ItemDataRole.BackgroundRole
            and task.id in self.highlighted
            and not task.closed
        ):
            return QBrush(self.look()[1])
        if role == Qt.ItemDataRole.DecorationRole and index.column() == STATUS:
            return self.look()[2][kind]
        if role == Qt.ItemDataRole.FontRole and kind == "overdue" and index.column() == STATUS:
            font = QGuiApplication.font()
            font.setBold(True)
            return font
        return None

    def _phase_data(self, index: ModelIndex, role: int) -> Any:
        if not 0 <= index.row() < len(self.phases):
            return None
        phase = self.phases[index.row()]
        if role == KindRole:
            return "phase"
        if role == Qt.ItemDataRole.DisplayRole and index.column() == TASK:
            done = sum(1 for t in phase.tasks if t.closed)
            return (
                f"{safe_text(phase.title(self.prefs.language))}{separator(self.prefs)}"
                f"{number(done, self.prefs)}/{number(len(phase.tasks), self.prefs)}"
            )
        if role == Qt.ItemDataRole.FontRole and index.column() == TASK:
            font = QGuiApplication.font()
            font.setBold(True)
            return font
        return None

    def _text(self, task: TaskInfo, kind: str, column: int) -> str | None:
        prefs = self.prefs
        if column == TASK:
            title = safe_text(task.title(prefs.language))
            if task.occurrence > 1:
                title += " " + translate("Checklist", "(#%1)").replace(
                    "%1", number(task.occurrence, prefs)
                )
            return title
        if column == OWNER:
            if task.assignee:
                person = safe_text(self.people.get(task.assignee) or task.assignee, limit=40)
                return directed(
                    f"{person} ⟵ {self._role(task)}"
                    if prefs.rtl
                    else f"{self._role(task)} → {person}",
                    prefs,
                )
            return self._role(task)
        if column == DUE:  # the Hijri date, when chosen, is in the tooltip: the column stays narrow
            return short_time(task.due_at, self.now, prefs)
        if column == COUNTDOWN:
            if task.closed or self.now is None:
                return ""
            seconds = int((task.due_at - self.now).total_seconds())
            if seconds >= 0:
                return translate("Checklist", "in %1").replace("%1", countdown(seconds, prefs))
            return translate("Checklist", "%1 late").replace("%1", countdown(seconds, prefs))
        if column == STATUS:
            return status_name(kind)
        if column == DONE_BY:
            if not task.closed:
                return ""
            name = task.done_by or ""
            when = short_time(task.done_at, self.now, prefs) if task.done_at else ""
            return directed(
                f"{safe_text(self.people.get(name) or name, limit=40)}{separator(prefs)}{when}",
                prefs,
            )
        if column == NOTE:
            return safe_text(task.note or "", limit=160)
        return None

    def _role(self, task: TaskInfo) -> str:
        ar, en = self.roles.get(task.owner_role, (task.owner_role, task.owner_role))
        return safe_text(ar if self.prefs.language == "ar" else en)


def without_hijri(prefs: DisplayPrefs) -> DisplayPrefs:
    return DisplayPrefs(prefs.language, prefs.arabic_digits, hijri=False, zone=prefs.zone)


def short_time(when: datetime, now: datetime | None, prefs: DisplayPrefs) -> str:
    """The room's local time alone on the same local day as ``now``, else date and time."""
    local = to_local(when, prefs.zone)
    if now is not None and local.date() == to_local(now, prefs.zone).date():
        text = local.strftime("%H:%M")
        return f"\u2066{digits(text, prefs)}\u2069"
    return date_time(when, without_hijri(prefs), seconds=False)


def _dark() -> bool:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return False
    return app.palette().base().color().lightness() < 128


def overdue_colour() -> QColor:
    """A red readable on the light and the dark theme."""
    return QColor("#ff7b72") if _dark() else QColor("#b3261e")


def highlight_colour() -> QColor:
    return QColor("#5c4a00") if _dark() else QColor("#fff1b8")


def status_icon(kind: str) -> QIcon:
    """A shape as well as a colour: the status reads without colour vision too."""
    from crisisdesk.ui.resources import icon

    name = {
        "overdue": "task-overdue",
        "done": "task-done",
        "skipped": "task-skipped",
        "not_applicable": "task-not-applicable",
    }.get(kind)
    return icon(name) if name is not None else QIcon()
