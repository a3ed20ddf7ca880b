"""``crisisdesk inbox cluster-merge|cluster-split|overdue-list|settings``: the operator's
hand on clusters, the ranked overdue list, and the room's triage settings."""

from __future__ import annotations

import argparse
from typing import Any

from crisisdesk.cli.context import CliContext, add_json_flag
from crisisdesk.errors import CrisisDeskError
from crisisdesk.text.display import visible_controls


def register(isub: Any) -> None:
    merge = isub.add_parser("cluster-merge", help="merge rumour clusters that tell one story")
    merge.add_argument("into", type=int, metavar="INTO", help="the cluster to keep")
    merge.add_argument("others", type=int, nargs="+", metavar="CLUSTER")
    merge.set_defaults(handler=run_merge)
    split = isub.add_parser("cluster-split", help="split messages off into a new cluster")
    split.add_argument("id", type=int, metavar="CLUSTER")
    split.add_argument("--members", required=True, help="interaction ids to move, comma-separated")
    split.set_defaults(handler=run_split)
    ranked = isub.add_parser(
        "overdue-list", help="open messages past their response due, most urgent first"
    )
    ranked.add_argument("--incident", type=int, required=True)
    ranked.add_argument("--limit", type=int, default=50)
    add_json_flag(ranked)
    ranked.set_defaults(handler=run_overdue_list)
    settings = isub.add_parser(
        "settings", help="the room's triage settings: its accounts and default response target"
    )
    settings.add_argument("--set", action="append", default=[], metavar="KEY=VALUE")
    add_json_flag(settings)
    settings.set_defaults(handler=run_settings)


def run_merge(ctx: CliContext, args: argparse.Namespace) -> int:
    seq = ctx.desk().inbox.clusters.merge(args.into, list(args.others))
    print(f"merged into cluster {args.into} (decision {seq})")
    return 0


def run_split(ctx: CliContext, args: argparse.Namespace) -> int:
    try:
        members = [int(p) for p in str(args.members).split(",") if p.strip()]
    except ValueError as exc:
        raise CrisisDeskError(f"--members takes interaction ids such as 12,15: {exc}") from exc
    new, seq = ctx.desk().inbox.clusters.split(args.id, members)
    print(f"split {len(members)} messages into new cluster {new} (decision {seq})")
    return 0


def run_overdue_list(ctx: CliContext, args: argparse.Namespace) -> int:
    items = ctx.desk().inbox.overdue(args.incident, limit=args.limit)
    lines = [
        f"{i.id}: {i.priority or '-'} {i.category or 'uncategorised'}, "
        f"{i.late_s // 60} min late, cluster {i.cluster_id or '-'} +{i.cluster_last_hour}/h, "
        f"urgency {i.urgency:.1f} — {visible_controls(' '.join(i.text.split())[:80])}"
        for i in items
    ]
    ctx.emit({"overdue": [i.to_json() for i in items]}, "\n".join(lines) or "nothing overdue")
    return 0


def run_settings(ctx: CliContext, args: argparse.Namespace) -> int:
    from crisisdesk.intake.triage_settings import configure, load_settings

    desk = ctx.desk()
    if args.set:
        values = {}
        for pair in args.set:
            key, sep, value = str(pair).partition("=")
            if not sep or not key.strip():
                raise CrisisDeskError(f"--set takes KEY=VALUE, not {pair!r}")
            values[key.strip()] = value.strip()
        configure(desk, values)
    current = load_settings(desk).to_json()
    ctx.emit(current, "\n".join(f"{k} = {v}" for k, v in current.items()))
    return 0
