"""``crisisdesk ingest`` and ``crisisdesk inbox list|show|triage|reply|pending-replies|…``."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from crisisdesk.cli.context import CliContext, add_json_flag
from crisisdesk.errors import CrisisDeskError
from crisisdesk.intake.vocabulary import (
    INGEST_FORMATS,
    OPEN_REPLY_RESULTS,
    STATUSES,
    VERIFICATION,
)
from crisisdesk.playbooks.vocabulary import CATEGORIES, PRIORITIES
from crisisdesk.text.display import visible_controls

if TYPE_CHECKING:
    from collections.abc import Callable

    from crisisdesk.intake.rows import InteractionRow
    from crisisdesk.intake.streaming import Progress


def register(sub: Any) -> None:
    ingest = sub.add_parser("ingest", help="import saved messages (WhatsApp, X, feeds, mail, CSV)")
    ingest.add_argument("--incident", type=int, required=True)
    ingest.add_argument("--format", required=True, choices=INGEST_FORMATS)
    ingest.add_argument(
        "--tz",
        metavar="ZONE",
        help="zone of export times written without one (csv, meltwater, brandwatch; "
        "default: this computer's zone), e.g. Asia/Riyadh",
    )
    ingest.add_argument("paths", nargs="+", metavar="PATH")
    add_json_flag(ingest)
    ingest.set_defaults(handler=run_ingest)

    inbox = sub.add_parser("inbox", help="list, show, triage and answer public interactions")
    isub = inbox.add_subparsers(dest="inbox_command", metavar="ACTION", required=True)
    lst = isub.add_parser("list", help="one page of the inbox, newest first")
    lst.add_argument("--incident", type=int, required=True)
    lst.add_argument("--search")
    lst.add_argument("--status", choices=STATUSES)
    lst.add_argument("--category", choices=[*CATEGORIES, "-"])
    lst.add_argument("--priority", choices=PRIORITIES)
    lst.add_argument("--channel")
    lst.add_argument("--assignee", help="user name, org unit, or - for unassigned")
    lst.add_argument("--cluster", type=int)
    lst.add_argument("--unit", metavar="CODE", help="routed to this network unit")
    lst.add_argument("--overdue", action="store_true")
    lst.add_argument("--limit", type=int, default=50)
    lst.add_argument("--offset", type=int, default=0)
    add_json_flag(lst)
    lst.set_defaults(handler=run_list)
    show = isub.add_parser("show", help="one interaction in full")
    show.add_argument("id", type=int)
    show.add_argument("--search", help="highlight the words of this query")
    add_json_flag(show)
    show.set_defaults(handler=run_show)
    tri = isub.add_parser("triage", help="set category, priority, assignee or status")
    tri.add_argument("id", type=int)
    tri.add_argument("--category", choices=CATEGORIES)
    tri.add_argument("--priority", choices=PRIORITIES)
    tri.add_argument("--assign", metavar="USER", help="user name, unit:NAME, or - to unassign")
    tri.add_argument("--status", choices=STATUSES)
    tri.add_argument("--note")
    tri.add_argument(
        "--seen",
        type=int,
        metavar="VERSION",
        help="the triage version you saw (inbox show); refused if someone changed it since",
    )
    tri.add_argument(
        "--force", action="store_true", help="apply over a newer change (recorded as such)"
    )
    tri.set_defaults(handler=run_triage)
    rep = isub.add_parser("reply", help="answer with a playbook canned reply")
    rep.add_argument("id", type=int)
    rep.add_argument("--template", required=True, metavar="NAME")
    rep.add_argument("--set", action="append", default=[], metavar="K=V", dest="values")
    rep.add_argument("--lang", choices=["ar", "en"])
    rep.add_argument(
        "--cluster", action="store_true", help="ID is a cluster: reply to every open member"
    )
    rep.add_argument(
        "--again",
        action="store_true",
        help="send even though an earlier reply's outcome is unknown (after checking the chat)",
    )
    add_json_flag(rep)
    rep.set_defaults(handler=run_reply)
    pend = isub.add_parser(
        "pending-replies",
        help="replies whose outcome is unknown (cut off while sending): check before resending",
    )
    pend.add_argument("--incident", type=int)
    add_json_flag(pend)
    pend.set_defaults(handler=run_pending_replies)
    out = isub.add_parser(
        "reply-outcome", help="record what the channel shows for a reply whose outcome is unknown"
    )
    out.add_argument("reply_id", type=int, metavar="REPLY_ID")
    found = out.add_mutually_exclusive_group(required=True)
    found.add_argument("--sent", action="store_true", help="the reply is in the conversation")
    found.add_argument(
        "--not-sent", action="store_true", help="the reply is not there (it may be sent again)"
    )
    out.add_argument("--note")
    out.set_defaults(handler=run_reply_outcome)
    hot = isub.add_parser("hotline", help="enter a hotline call or walk-in")
    hot.add_argument("--incident", type=int, required=True)
    hot.add_argument("--text", required=True)
    hot.add_argument("--caller")
    hot.add_argument("--phone")
    hot.add_argument("--location")
    hot.add_argument("--category", choices=CATEGORIES)
    hot.set_defaults(handler=run_hotline)
    clu = isub.add_parser("clusters", help="the rumour register: clusters of near-duplicates")
    clu.add_argument("--incident", type=int, required=True)
    add_json_flag(clu)
    clu.set_defaults(handler=run_clusters)
    cl = isub.add_parser("cluster", help="label a cluster, set its verification, link a statement")
    cl.add_argument("id", type=int)
    cl.add_argument("--label")
    cl.add_argument("--status", choices=VERIFICATION)
    cl.add_argument("--statement", type=int)
    cl.add_argument(
        "--seen",
        type=int,
        metavar="VERSION",
        help="the cluster version you saw (inbox clusters --json); refused if changed since",
    )
    cl.add_argument(
        "--force", action="store_true", help="apply over a newer change (recorded as such)"
    )
    cl.set_defaults(handler=run_cluster)
    od = isub.add_parser("overdue", help="flag interactions past their response due")
    od.add_argument("--incident", type=int)
    od.set_defaults(handler=run_overdue)
    from crisisdesk.cli.triage_commands import register as register_triage

    register_triage(isub)


def _values(pairs: list[str]) -> dict[str, str]:
    out = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise CrisisDeskError(f"--set expects NAME=VALUE, not {pair!r}")
        out[key.strip()] = value
    return out


# A wrong --format can reject every line of a long file: the terminal shows the first reasons.
SHOWN_REASONS = 20


def _progress_printer() -> Callable[[Progress], None]:
    """Progress of a streamed import on standard error: one updating line on a terminal,
    a plain line per second otherwise (a log file keeps them all)."""
    import sys
    import time

    terminal = sys.stderr.isatty()
    last = [0.0]

    def show(p: Progress) -> None:
        now = time.monotonic()
        if not terminal and now - last[0] < 1.0:
            return
        last[0] = now
        eta = f", {p.eta:.0f} s left" if p.eta is not None else ""
        line = (
            f"{p.items:,} lines, {p.bytes_read / 1e6:.1f} of {p.total_bytes / 1e6:.1f} MB, "
            f"{p.rate:,.0f}/s{eta}"
        )
        if terminal:
            sys.stderr.write(f"\r{line}\x1b[K")
            if p.bytes_read >= p.total_bytes:
                sys.stderr.write("\n")
        else:
            sys.stderr.write(line + "\n")
        sys.stderr.flush()

    return show


def run_ingest(ctx: CliContext, args: argparse.Namespace) -> int:
    tz = None
    if args.tz:
        from crisisdesk.room_zone import check_name

        tz = check_name(args.tz)
    reports = ctx.desk().inbox.ingest_files(
        args.incident, args.format, args.paths, tz=tz, progress=_progress_printer()
    )
    lines = []
    for report in reports:
        c = report.counts()
        if report.resumed_from:
            lines.append(f"{report.source}: resumed after line {report.resumed_from:,}")
        lines.append(
            f"{report.source}: {c['new']} new, {c['duplicate']} duplicate, "
            f"{c['rejected']} rejected" + (f", {c['events']} events" if c["events"] else "")
        )
        for other, count in sorted(report.elsewhere.items()):
            lines.append(
                f"  {count} of the duplicates belong to incident {other}, not {args.incident}: "
                "is this the right incident?"
            )
        lines.extend(f"  rejected {r}" for r in report.rejected[:SHOWN_REASONS])
        if len(report.rejected) > SHOWN_REASONS:
            hidden = len(report.rejected) - SHOWN_REASONS
            lines.append(f"  ... and {hidden} more rejected (all of them with --json)")
        lines.extend(f"  warning {w}" for w in report.warnings[:SHOWN_REASONS])
    if len(reports) > 1:
        total = {k: sum(r.counts()[k] for r in reports) for k in ("new", "duplicate", "rejected")}
        lines.append(
            f"total: {total['new']} new, {total['duplicate']} duplicate, "
            f"{total['rejected']} rejected"
        )
    ctx.emit({"files": [r.to_json() for r in reports]}, "\n".join(lines))
    return 0


def _shown(value: str | None) -> str:
    """Untrusted text for a terminal: escape sequences and bidi controls made visible."""
    return visible_controls(value or "")


def _describe(row: InteractionRow) -> str:
    author = _shown(row.author_name or row.author_handle or "?")
    text = _shown(" ".join(row.text.split()))
    text = text if len(text) <= 100 else text[:99] + "…"
    tags = "/".join(t for t in (row.category, row.priority) if t) or "-"
    when = f"{row.received_at:%Y-%m-%d %H:%M}Z"
    return f"#{row.id} {when} {row.channel} {author} [{row.status} {tags}] {text}"


def run_list(ctx: CliContext, args: argparse.Namespace) -> int:
    from crisisdesk.intake.rows import InboxFilters

    desk = ctx.desk()
    filters = InboxFilters(
        incident_id=args.incident,
        channel=args.channel,
        category=args.category,
        status=args.status,
        priority=args.priority,
        assignee=args.assignee,
        overdue=True if args.overdue else None,
        cluster_id=args.cluster,
        search=args.search,
        unit=args.unit,
    )
    if args.unit:
        desk.network.unit(args.unit)  # an unknown code is an error, not an empty list
        desk.network.queues.route_pending(args.incident)
    total = desk.inbox.count(filters)
    rows = desk.inbox.rows(
        desk.inbox.ids(filters, offset=max(0, args.offset), limit=max(0, args.limit))
    )
    text = "\n".join(_describe(r) for r in rows)
    text = (text + "\n" if text else "") + f"{len(rows)} of {total} shown"
    ctx.emit({"total": total, "rows": [r.to_json() for r in rows]}, text)
    return 0


def run_show(ctx: CliContext, args: argparse.Namespace) -> int:
    detail = ctx.desk().inbox.detail(args.id, args.search)
    lines = [_describe(detail.row)]
    row = detail.row
    lines.append(
        f"  triage version {row.version}"
        + (f", last changed by {row.changed_by}" if row.changed_by else "")
    )
    why = detail.triage or {}
    if why:
        lines.append(
            f"from {why.get('source_kind') or '-'}; "
            f"tagged by {_shown(why.get('tag_rule') or '-')}; "
            f"due by {_shown(why.get('due_rule') or '-')}; tone {why.get('tone') or '-'}"
            + (f" ({why['emotion']})" if why.get("emotion") else "")
        )
    lines += ["", _shown(detail.text)]
    if detail.edited_text is not None:
        lines += ["", f"edited: {_shown(detail.edited_text)}"]
    for event in detail.events:
        when = f"{event.received_at:%Y-%m-%d %H:%M}Z"
        lines.append(f"event {event.kind} {when} {_shown(event.text)}")
    for reply in detail.replies:
        lines.append(
            f"reply {reply.result} by {reply.sent_by} ({reply.mode}): {_shown(reply.text)}"
        )
        if reply.result in OPEN_REPLY_RESULTS:
            lines.append(f"  {_pending_advice(reply.id, reply.result, reply.channel)}")
    ctx.emit(detail.to_json(), "\n".join(lines))
    return 0


def run_triage(ctx: CliContext, args: argparse.Namespace) -> int:
    seq = ctx.desk().inbox.triage.apply(
        args.id,
        category=args.category,
        priority=args.priority,
        status=args.status,
        assignee=args.assign,
        note=args.note,
        seen=args.seen,
        force=args.force,
    )
    print(f"triaged interaction {args.id} (decision {seq})")
    return 0


def run_reply(ctx: CliContext, args: argparse.Namespace) -> int:
    desk = ctx.desk()
    values = _values(args.values)
    if args.cluster:
        outcomes = desk.inbox.replies.reply_cluster(args.id, args.template, values)
    else:
        outcomes = [
            desk.inbox.replies.reply(
                args.id, args.template, values, lang=args.lang, again=args.again
            )
        ]
    lines = [
        f"interaction {o.interaction_id}: {o.result} ({o.mode})"
        + (f" — {o.error}" if o.error else "")
        + (
            f"\n  {_pending_advice(o.reply_id, o.result, 'whatsapp')}"
            if o.result in OPEN_REPLY_RESULTS
            else ""
        )
        for o in outcomes
    ]
    ctx.emit({"replies": [o.to_json() for o in outcomes]}, "\n".join(lines) or "nothing to answer")
    failed = [o for o in outcomes if o.result in ("failed", "refused", *OPEN_REPLY_RESULTS)]
    return 1 if failed else 0


def _pending_advice(reply_id: int, result: str, channel: str) -> str:
    if result == "sending":
        return "being sent now, or cut off while sending: see `crisisdesk inbox pending-replies`"
    return (
        f"OUTCOME UNKNOWN: check the {channel} conversation before replying again, then run "
        f"`crisisdesk inbox reply-outcome {reply_id} --sent` or `--not-sent`"
    )


def run_pending_replies(ctx: CliContext, args: argparse.Namespace) -> int:
    """Marks replies cut off while sending as of unknown outcome, then lists every open one."""
    replies = ctx.desk().inbox.replies
    marked = replies.recover_interrupted()
    pending = replies.pending(args.incident)
    lines = []
    if marked:
        noun = "reply" if len(marked) == 1 else "replies"
        lines.append(f"{len(marked)} {noun} cut off while sending now marked: outcome unknown")
    for p in pending:
        text = _shown(" ".join(p.text.split()))
        text = text if len(text) <= 80 else text[:79] + "…"
        lines += [
            f"reply {p.reply_id} to interaction {p.interaction_id} (incident {p.incident_id}) "
            f"{p.channel} {p.mode} {p.sent_at:%Y-%m-%d %H:%M}Z by {p.sent_by}: {p.result}",
            f"  {_pending_advice(p.reply_id, p.result, p.channel)}",
            f"  key {p.idempotency_key}  {text}",
        ]
    ctx.emit(
        {"marked_unknown": marked, "replies": [p.to_json() for p in pending]},
        "\n".join(lines) or "no replies with an unknown outcome",
    )
    return 0


def run_reply_outcome(ctx: CliContext, args: argparse.Namespace) -> int:
    seq = ctx.desk().inbox.replies.record_outcome(args.reply_id, sent=args.sent, note=args.note)
    found = "went out" if args.sent else "did not go out; it may be sent again"
    print(f"reply {args.reply_id} {found} (decision {seq})")
    return 0


def run_hotline(ctx: CliContext, args: argparse.Namespace) -> int:
    iid = ctx.desk().inbox.add_hotline(
        args.incident,
        text=args.text,
        caller=args.caller,
        phone=args.phone,
        location=args.location,
        category=args.category,
    )
    print(f"hotline entry saved as interaction {iid}")
    return 0


def run_clusters(ctx: CliContext, args: argparse.Namespace) -> int:
    clusters = ctx.desk().inbox.clusters.list(args.incident)
    text = "\n".join(
        f"cluster {c.id} (version {c.version}): {c.size} messages, {c.growth_per_hour:g}/h,"
        f" {c.status}"
        f" — {_shown(c.label or ' '.join(c.sample_text.split())[:80])}"
        for c in clusters
    )
    ctx.emit({"clusters": [c.to_json() for c in clusters]}, text or "no clusters")
    return 0


def run_cluster(ctx: CliContext, args: argparse.Namespace) -> int:
    seq = ctx.desk().inbox.clusters.update(
        args.id,
        label=args.label,
        status=args.status,
        statement_id=args.statement,
        seen=args.seen,
        force=args.force,
    )
    print(f"updated cluster {args.id} (decision {seq})")
    return 0


def run_overdue(ctx: CliContext, args: argparse.Namespace) -> int:
    count = ctx.desk().inbox.flag_overdue(args.incident)
    print(f"{count} interactions newly flagged overdue")
    return 0
