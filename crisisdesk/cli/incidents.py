"""``crisisdesk incident open|list|show|close|severity``."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from crisisdesk.cli.context import CliContext, add_json_flag

if TYPE_CHECKING:
    from crisisdesk.incidents.service import IncidentInfo


def register(sub: Any) -> None:
    incident = sub.add_parser("incident", help="open, list, show and close incidents")
    isub = incident.add_subparsers(dest="incident_command", metavar="ACTION", required=True)
    op = isub.add_parser("open", help="open an incident (activating a playbook if given)")
    op.add_argument("--title", required=True)
    op.add_argument("--severity", type=int, default=2, choices=[1, 2, 3, 4])
    op.add_argument("--drill", action="store_true", help="a drill: never reaches real channels")
    op.add_argument("--playbook", metavar="ID")
    op.add_argument("--org-unit", action="append", default=[], dest="org_units")
    add_json_flag(op)
    op.set_defaults(handler=run_open)
    lst = isub.add_parser("list", help="list incidents")
    lst.add_argument("--status", choices=["active", "closed"])
    add_json_flag(lst)
    lst.set_defaults(handler=run_list)
    show = isub.add_parser("show", help="show one incident")
    show.add_argument("id", type=int)
    add_json_flag(show)
    show.set_defaults(handler=run_show)
    close = isub.add_parser("close", help="close an incident with a summary")
    close.add_argument("id", type=int)
    close.add_argument("--summary", required=True)
    close.set_defaults(handler=run_close)
    sev = isub.add_parser("severity", help="change an incident's severity with a reason")
    sev.add_argument("id", type=int)
    sev.add_argument("severity", type=int, choices=[1, 2, 3, 4])
    sev.add_argument("--reason", required=True)
    sev.set_defaults(handler=run_severity)


def describe(info: IncidentInfo) -> str:
    drill = " [DRILL]" if info.drill else ""
    closed = f", closed {info.closed_at:%Y-%m-%d %H:%M}Z" if info.closed_at else ""
    playbook = f", playbook {info.playbook_id}" if info.playbook_id else ""
    return (
        f"#{info.id} {info.title}{drill} — severity {info.severity}, {info.status}, "
        f"opened {info.opened_at:%Y-%m-%d %H:%M}Z by {info.opened_by}{closed}{playbook}"
    )


def run_open(ctx: CliContext, args: argparse.Namespace) -> int:
    info = ctx.desk().incidents.open(
        args.title,
        args.severity,
        drill=args.drill,
        playbook_id=args.playbook,
        org_units=args.org_units,
    )
    ctx.emit(info.to_json(), f"opened {describe(info)}")
    return 0


def run_list(ctx: CliContext, args: argparse.Namespace) -> int:
    items = ctx.desk().incidents.list(args.status)
    ctx.emit(
        {"incidents": [i.to_json() for i in items]},
        "\n".join(describe(i) for i in items) or "no incidents",
    )
    return 0


def run_show(ctx: CliContext, args: argparse.Namespace) -> int:
    info = ctx.desk().incidents.get(args.id)
    text = describe(info)
    if info.closed_summary:
        text += f"\nsummary: {info.closed_summary}"
    ctx.emit(info.to_json(), text)
    return 0


def run_close(ctx: CliContext, args: argparse.Namespace) -> int:
    info = ctx.desk().incidents.close(args.id, args.summary)
    print(f"closed {describe(info)}")
    return 0


def run_severity(ctx: CliContext, args: argparse.Namespace) -> int:
    info = ctx.desk().incidents.set_severity(args.id, args.severity, args.reason)
    print(f"severity of #{info.id} is now {info.severity}")
    return 0
