"""``crisisdesk incident open|list|show|close|severity``."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import datetime
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
    close.add_argument(
        "--cancel-scheduled",
        action="store_true",
        help="cancel the incident's scheduled publications with it (without this, closing "
        "an incident that has any is refused, listing them)",
    )
    add_json_flag(close)
    close.set_defaults(handler=run_close)
    sev = isub.add_parser("severity", help="change an incident's severity with a reason")
    sev.add_argument("id", type=int)
    sev.add_argument("severity", type=int, choices=[1, 2, 3, 4])
    sev.add_argument("--reason", required=True)
    sev.set_defaults(handler=run_severity)


def _utc(when: datetime | None) -> str:
    return f"{when:%Y-%m-%d %H:%M}Z" if when is not None else "-"


def describe(info: IncidentInfo, local: Callable[[datetime | None], str] = _utc) -> str:
    drill = " [DRILL]" if info.drill else ""
    closed = f", closed {local(info.closed_at)}" if info.closed_at else ""
    playbook = f", playbook {info.playbook_id}" if info.playbook_id else ""
    return (
        f"#{info.id} {info.title}{drill} — severity {info.severity}, {info.status}, "
        f"opened {local(info.opened_at)} by {info.opened_by}{closed}{playbook}"
    )


def run_open(ctx: CliContext, args: argparse.Namespace) -> int:
    info = ctx.desk().incidents.open(
        args.title,
        args.severity,
        drill=args.drill,
        playbook_id=args.playbook,
        org_units=args.org_units,
    )
    ctx.emit(info.to_json(), f"opened {describe(info, ctx.local)}")
    return 0


def run_list(ctx: CliContext, args: argparse.Namespace) -> int:
    items = ctx.desk().incidents.list(args.status)

    def local(when: datetime | None) -> str:
        return ctx.local(when, named=False)

    ctx.emit(
        {"incidents": [i.to_json() for i in items]},
        "\n".join(ctx.heading([describe(i, local) for i in items])) or "no incidents",
    )
    return 0


def run_show(ctx: CliContext, args: argparse.Namespace) -> int:
    info = ctx.desk().incidents.get(args.id)
    text = describe(info, ctx.local)
    if info.closed_summary:
        text += f"\nsummary: {info.closed_summary}"
    ctx.emit(info.to_json(), text)
    return 0


def run_close(ctx: CliContext, args: argparse.Namespace) -> int:
    from crisisdesk.statements.schedule import PendingPublications

    desk = ctx.desk()
    try:
        info = desk.incidents.close(args.id, args.summary, cancel_scheduled=args.cancel_scheduled)
    except PendingPublications as pending:
        # The refusal names every publication that closing would cancel, then how to agree.
        ctx.emit(
            {
                "closed": False,
                "reason": str(pending),
                "scheduled": [p.to_json() for p in pending.publications],
            },
            "\n".join(
                [
                    f"incident {args.id} is not closed: these publications are still "
                    "scheduled and closing would cancel them:",
                    *(
                        f"  publication #{p.id}: statement #{p.statement_id} on {p.channel}"
                        f"{' ' + p.target if p.target else ''} at {ctx.local(p.scheduled_at)}"
                        f"{' (missed, waiting)' if p.missed else ''}"
                        for p in pending.publications
                    ),
                    "close it with --cancel-scheduled to cancel them, or publish or cancel "
                    "them first",
                ]
            ),
        )
        return pending.exit_code
    cancelled = closing_cancelled(desk, args.id) if args.cancel_scheduled else []
    text = f"closed {describe(info, ctx.local)}"
    if cancelled:
        plural = "s" if len(cancelled) != 1 else ""
        ids = ", ".join(f"#{p}" for p in cancelled)
        text += f"\ncancelled {len(cancelled)} scheduled publication{plural}: {ids}"
    ctx.emit({**info.to_json(), "cancelled_publications": cancelled}, text)
    return 0


def closing_cancelled(desk: Any, incident_id: int) -> list[int]:
    """The publications the close cancelled, from its decision."""
    from crisisdesk.storage.decision_log import LogFilter

    seqs = desk.log.seqs(LogFilter(kind="incident.closed", incident_id=incident_id))
    if not seqs:
        return []
    decision = desk.log.get_many(seqs[-1:])[0]
    return list(decision.payload.get("cancelled_publications", []))


def run_severity(ctx: CliContext, args: argparse.Namespace) -> int:
    info = ctx.desk().incidents.set_severity(args.id, args.severity, args.reason)
    print(f"severity of #{info.id} is now {info.severity}")
    return 0
