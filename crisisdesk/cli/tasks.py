"""``crisisdesk tasks list|done|skip|reassign``: the incident's checklist.

Times are printed in the room's time zone (``crisisdesk settings``); ``--json`` keeps UTC.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from crisisdesk.cli.context import CliContext, add_json_flag

if TYPE_CHECKING:
    from datetime import datetime

    from crisisdesk.incidents.tasks import TaskInfo

STATES = {"done": "done", "skipped": "skipped", "not_applicable": "not applicable"}


def register(sub: Any) -> None:
    tasks = sub.add_parser("tasks", help="the incident's checklist")
    tsub = tasks.add_subparsers(dest="tasks_command", metavar="ACTION", required=True)
    lst = tsub.add_parser("list", help="list an incident's tasks by due time")
    lst.add_argument("--incident", type=int, required=True)
    lst.add_argument("--open", action="store_true", help="only tasks still to do")
    lst.add_argument("--mine", action="store_true", help="only tasks you may complete")
    lst.add_argument("--lang", choices=["ar", "en"], default="en")
    add_json_flag(lst)
    lst.set_defaults(handler=run_list)
    done = tsub.add_parser(
        "done", help="mark a task done (its owner role, whoever it was reassigned to, the lead)"
    )
    done.add_argument("task_id", type=int)
    done.add_argument("--note", default="")
    add_json_flag(done)
    done.set_defaults(handler=run_done)
    skip = tsub.add_parser("skip", help="close a task without doing it, with a reason")
    skip.add_argument("task_id", type=int)
    skip.add_argument("--reason", required=True)
    skip.add_argument(
        "--not-applicable",
        action="store_true",
        help="the step does not apply to this incident (a recurring one stops repeating)",
    )
    add_json_flag(skip)
    skip.set_defaults(handler=run_skip)
    reassign = tsub.add_parser("reassign", help="hand a task to one person (or back to its role)")
    reassign.add_argument("task_id", type=int)
    who = reassign.add_mutually_exclusive_group(required=True)
    who.add_argument("--to", metavar="USER", help="the user who takes it over")
    who.add_argument("--to-role", action="store_true", help="back to its playbook role")
    reassign.add_argument("--reason", default="")
    reassign.add_argument(
        "--force",
        action="store_true",
        help="take it even though someone else claimed it meanwhile (recorded as overriding)",
    )
    add_json_flag(reassign)
    reassign.set_defaults(handler=run_reassign)


def _state(task: TaskInfo, now: datetime) -> str:
    if task.closed:
        return f"{STATES.get(task.outcome or 'done', 'done')} by {task.done_by}"
    return "OVERDUE" if task.overdue(now) else "open"


def _owner(task: TaskInfo) -> str:
    return f"{task.owner_role} → {task.assignee}" if task.assignee else task.owner_role


def run_list(ctx: CliContext, args: argparse.Namespace) -> int:
    from crisisdesk.incidents.ownership import may_close

    desk = ctx.desk()
    now = desk.clock.now()
    tasks = [
        t
        for t in desk.tasks.list(args.incident)
        if not (args.open and t.closed) and not (args.mine and not may_close(desk.user, t))
    ]
    lines = []
    for t in tasks:
        repeat = f" every {t.recurrence} (#{t.occurrence})" if t.recurrence else ""
        lines.append(
            f"{t.id:>5}  due {ctx.local(t.due_at, named=False)}  {_state(t, now):<22} "
            f"{_owner(t):<22} {t.title(args.lang)}{repeat}"
        )
    ctx.emit({"tasks": [t.to_json() for t in tasks]}, "\n".join(ctx.heading(lines)) or "no tasks")
    return 0


def _confirm(ctx: CliContext, task: TaskInfo, what: str) -> None:
    when = ctx.local(task.done_at) if task.done_at else ""
    ctx.emit(task.to_json(), f"{what}: {task.title_en} (task {task.id}) at {when}")


def run_done(ctx: CliContext, args: argparse.Namespace) -> int:
    _confirm(ctx, ctx.desk().tasks.done(args.task_id, args.note), "done")
    return 0


def run_skip(ctx: CliContext, args: argparse.Namespace) -> int:
    task = ctx.desk().tasks.skip(args.task_id, args.reason, not_applicable=args.not_applicable)
    _confirm(ctx, task, "not applicable" if args.not_applicable else "skipped")
    return 0


def run_reassign(ctx: CliContext, args: argparse.Namespace) -> int:
    task = ctx.desk().tasks.reassign(
        args.task_id, None if args.to_role else args.to, args.reason, force=args.force
    )
    who = task.assignee or f"its role ({task.owner_role})"
    ctx.emit(task.to_json(), f"reassigned: {task.title_en} (task {task.id}) to {who}")
    return 0
