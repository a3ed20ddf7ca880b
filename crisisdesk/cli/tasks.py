"""``crisisdesk tasks list --incident ID | tasks done TASK_ID [--note T]``."""

from __future__ import annotations

import argparse
from typing import Any

from crisisdesk.cli.context import CliContext, add_json_flag


def register(sub: Any) -> None:
    tasks = sub.add_parser("tasks", help="the incident's checklist")
    tsub = tasks.add_subparsers(dest="tasks_command", metavar="ACTION", required=True)
    lst = tsub.add_parser("list", help="list an incident's tasks by due time")
    lst.add_argument("--incident", type=int, required=True)
    lst.add_argument("--open", action="store_true", help="only tasks not done yet")
    lst.add_argument("--lang", choices=["ar", "en"], default="en")
    add_json_flag(lst)
    lst.set_defaults(handler=run_list)
    done = tsub.add_parser("done", help="mark a task done (a decision)")
    done.add_argument("task_id", type=int)
    done.add_argument("--note", default="")
    add_json_flag(done)
    done.set_defaults(handler=run_done)


def run_list(ctx: CliContext, args: argparse.Namespace) -> int:
    desk = ctx.desk()
    now = desk.clock.now()
    tasks = [t for t in desk.tasks.list(args.incident) if not (args.open and t.done)]
    lines = []
    for t in tasks:
        if t.done:
            state = f"done by {t.done_by}"
        elif t.overdue(now):
            state = "OVERDUE"
        else:
            state = "open"
        repeat = f" every {t.recurrence}" if t.recurrence else ""
        lines.append(
            f"{t.id:>5}  due {t.due_at:%Y-%m-%d %H:%M}Z  {state:<16} {t.owner_role:<14} "
            f"{t.title(args.lang)}{repeat}"
        )
    ctx.emit({"tasks": [t.to_json() for t in tasks]}, "\n".join(lines) or "no tasks")
    return 0


def run_done(ctx: CliContext, args: argparse.Namespace) -> int:
    task = ctx.desk().tasks.done(args.task_id, args.note)
    ctx.emit(task.to_json(), f"done: {task.title_en} (task {task.id})")
    return 0
