"""``crisisdesk quarantine list|show|retry|discard``: items intake set aside, and their reasons."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from crisisdesk.cli.context import CliContext, add_json_flag
from crisisdesk.text.display import visible_controls


def register(sub: Any) -> None:
    q = sub.add_parser("quarantine", help="input items set aside, with their reasons")
    qsub = q.add_subparsers(dest="quarantine_command", metavar="ACTION", required=True)
    lst = qsub.add_parser("list", help="items set aside (waiting and set-aside counts first)")
    lst.add_argument("--incident", type=int)
    lst.add_argument(
        "--state", choices=["set_aside", "retried", "discarded", "all"], default="set_aside"
    )
    add_json_flag(lst)
    lst.set_defaults(handler=run_list)
    show = qsub.add_parser("show", help="one item: where it came from, why, its raw bytes")
    show.add_argument("id", type=int)
    show.add_argument("--raw", action="store_true", help="write the raw bytes to standard output")
    add_json_flag(show)
    show.set_defaults(handler=run_show)
    retry = qsub.add_parser("retry", help="parse the item again (after a fix) and store it")
    retry.add_argument("id", type=int)
    retry.set_defaults(handler=run_retry)
    discard = qsub.add_parser("discard", help="close the item for good, with a reason")
    discard.add_argument("id", type=int)
    discard.add_argument("--reason", required=True)
    discard.set_defaults(handler=run_discard)


def _line(text: str, limit: int = 120) -> str:
    shown = visible_controls(" ".join(text.split()))
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


def run_list(ctx: CliContext, args: argparse.Namespace) -> int:
    quarantine = ctx.desk().inbox.quarantine
    state = None if args.state == "all" else args.state
    items = quarantine.items(args.incident, state)
    backlog = quarantine.backlog(args.incident)
    lines = [f"{b.channel}: {b.waiting} waiting, {b.set_aside} set aside" for b in backlog]
    lines += [
        f"#{i.id} {i.received_at[:16]}Z {i.channel} [{i.state}] {_line(i.position, 60)}: "
        f"{_line(i.reason)}"
        for i in items
    ]
    ctx.emit(
        {
            "backlog": [
                {"channel": b.channel, "waiting": b.waiting, "set_aside": b.set_aside}
                for b in backlog
            ],
            "items": [i.to_json() for i in items],
        },
        "\n".join(lines) or "nothing waiting, nothing set aside",
    )
    return 0


def run_show(ctx: CliContext, args: argparse.Namespace) -> int:
    info, raw = ctx.desk().inbox.quarantine.get(args.id)
    if args.raw:
        sys.stdout.flush()
        sys.stdout.buffer.write(raw or b"")
        sys.stdout.buffer.flush()
        return 0
    preview = (raw or b"")[:2000].decode("utf-8", "replace")
    lines = [
        f"#{info.id} incident {info.incident_id} {info.channel} ({info.format}) [{info.state}]",
        f"source: {_line(info.source, 200)}",
        f"position: {_line(info.position, 200)}",
        f"reason: {_line(info.reason, 300)}",
        f"set aside at: {info.received_at}",
        f"raw: {info.size} bytes" + ("" if raw is not None else " (none kept)"),
    ]
    if info.note:
        lines.append(f"{info.state} by {info.resolved_by}: {_line(info.note, 300)}")
    if raw:
        lines += ["", visible_controls(preview) + (" …" if info.size > 2000 else "")]
    data = info.to_json()
    data["raw_preview"] = preview
    ctx.emit(data, "\n".join(lines))
    return 0


def run_retry(ctx: CliContext, args: argparse.Namespace) -> int:
    report = ctx.desk().inbox.quarantine.retry(args.id)
    print(
        f"item {args.id} taken: {report.new} new, {report.duplicate} duplicate, "
        f"{report.events} events (decision {report.decision_seq})"
    )
    return 0


def run_discard(ctx: CliContext, args: argparse.Namespace) -> int:
    seq = ctx.desk().inbox.quarantine.discard(args.id, args.reason)
    print(f"item {args.id} discarded (decision {seq})")
    return 0
