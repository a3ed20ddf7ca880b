"""``crisisdesk webhook serve|drain``, ``crisisdesk poll`` and ``crisisdesk connector add|list``."""

from __future__ import annotations

import argparse
import contextlib
import sys
from typing import Any

from crisisdesk.cli.context import CliContext, add_json_flag
from crisisdesk.errors import CrisisDeskError
from crisisdesk.intake.vocabulary import CONNECTOR_CHANNELS
from crisisdesk.users.permissions import Action


def register(sub: Any) -> None:
    hook = sub.add_parser("webhook", help="the WhatsApp Cloud API webhook")
    hsub = hook.add_subparsers(dest="webhook_command", metavar="ACTION", required=True)
    serve = hsub.add_parser("serve", help="receive WhatsApp webhooks (Ctrl+C stops)")
    serve.add_argument("--incident", type=int, required=True)
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8080)
    serve.set_defaults(handler=run_serve)
    dr = hsub.add_parser("drain", help="process bodies received but not yet processed")
    dr.add_argument("--incident", type=int, required=True)
    dr.set_defaults(handler=run_drain)

    poll = sub.add_parser("poll", help="run every configured connector once")
    poll.add_argument("--incident", type=int, required=True)
    add_json_flag(poll)
    poll.set_defaults(handler=run_poll)

    con = sub.add_parser("connector", help="configure live connectors (X, RSS, IMAP, WhatsApp)")
    csub = con.add_subparsers(dest="connector_command", metavar="ACTION", required=True)
    add = csub.add_parser("add", help="add or change a connector")
    add.add_argument("name")
    add.add_argument("--channel", required=True, choices=CONNECTOR_CHANNELS)
    add.add_argument("--incident", type=int)
    add.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="K=V",
        dest="values",
        help=(
            "query=…, url=…, base_url=…, host=…, username=…, template=…; IMAP also port=…,"
            " mailbox=…, timeout=… (seconds per network step, default 30), deadline=…"
            " (seconds for a whole poll, default 120), batch=… (mails per poll, default 200)"
        ),
    )
    add.set_defaults(handler=run_add)
    lst = csub.add_parser("list", help="connectors and their status")
    lst.add_argument("--incident", type=int)
    add_json_flag(lst)
    lst.set_defaults(handler=run_list)


def run_serve(ctx: CliContext, args: argparse.Namespace) -> int:
    from crisisdesk.intake.webhook_server import WebhookServer

    desk = ctx.desk()
    desk.require(Action.INTERACTION_INGEST, incident_id=args.incident)
    server = WebhookServer(
        desk.inbox, args.incident, args.host, args.port, processor_process=True
    )
    host, port = server.address
    print(f"listening on http://{host}:{port}/ for incident {args.incident}", flush=True)
    with contextlib.suppress(KeyboardInterrupt):
        server.serve_forever()
    return 0


def run_drain(ctx: CliContext, args: argparse.Namespace) -> int:
    from crisisdesk.intake.webhook_server import drain

    result = drain(ctx.desk().inbox, args.incident)
    print(
        f"{result.bodies} bodies processed: {result.new} new, {result.duplicate} duplicate, "
        f"{result.rejected} set aside"
        + (" (see `crisisdesk quarantine list`)" if result.rejected else "")
    )
    return 0


def run_poll(ctx: CliContext, args: argparse.Namespace) -> int:
    from crisisdesk.intake.poll import poll_incident

    outcomes = poll_incident(ctx.desk().inbox, args.incident)
    lines = [
        f"{o.name}: {o.new} new, {o.duplicate} duplicate, {o.rejected} rejected"
        + (f" — FAILING: {o.error}" if o.error else "")
        for o in outcomes
    ]
    ctx.emit({"connectors": [o.to_json() for o in outcomes]}, "\n".join(lines) or "no connectors")
    if any(o.error for o in outcomes):
        print("crisisdesk: some connectors failed", file=sys.stderr)
        return 1
    return 0


def run_add(ctx: CliContext, args: argparse.Namespace) -> int:
    config: dict[str, Any] = {}
    for pair in args.values:
        key, sep, value = pair.partition("=")
        if not sep:
            raise CrisisDeskError(f"--set expects NAME=VALUE, not {pair!r}")
        config[key.strip()] = value
    info = ctx.desk().inbox.connectors.configure(args.name, args.channel, args.incident, config)
    print(f"connector {info.name} ({info.channel}) saved")
    return 0


def run_list(ctx: CliContext, args: argparse.Namespace) -> int:
    items = ctx.desk().inbox.connectors.list(args.incident)
    text = "\n".join(
        f"{c.name} ({c.channel}): {c.state}" + (f" — {c.last_error}" if c.last_error else "")
        for c in items
    )
    ctx.emit({"connectors": [c.to_json() for c in items]}, text or "no connectors")
    return 0
