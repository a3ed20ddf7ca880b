"""``crisisdesk units|network|board``: the municipal media network from the command line.

``units`` lists and edits the units (the Amanah's centre, the municipalities' media offices,
partners), puts users in them and involves them in an incident; ``network`` routes messages
to units, shows a unit's queue and the centre's per-unit breakdown, hands messages off and
escalates them; ``board`` is the coordination board and the tasks the centre gives units.
Untrusted text (messages, notes, board posts) is printed as plain one-line text.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from crisisdesk.cli.context import CliContext, add_json_flag
from crisisdesk.errors import CrisisDeskError

if TYPE_CHECKING:
    from crisisdesk.network.units import Unit


def register(sub: Any) -> None:
    _register_units(sub)
    _register_network(sub)
    _register_board(sub)


def _register_units(sub: Any) -> None:
    units = sub.add_parser("units", help="the network's units (centre, municipalities, partners)")
    usub = units.add_subparsers(dest="units_command", metavar="ACTION", required=True)
    lst = usub.add_parser("list", help="list the units")
    lst.add_argument("--lang", choices=["ar", "en"], default="en")
    add_json_flag(lst)
    lst.set_defaults(handler=run_units_list)
    show = usub.add_parser("show", help="one unit in full")
    show.add_argument("code")
    add_json_flag(show)
    show.set_defaults(handler=run_units_show)
    for name, helptext in (("add", "add a unit (admin)"), ("edit", "change a unit (admin)")):
        p = usub.add_parser(name, help=helptext)
        p.add_argument("code")
        p.add_argument("--name-ar", required=name == "add")
        p.add_argument("--name-en", required=name == "add")
        p.add_argument("--parent", help="the parent unit's code ('-' for none)")
        p.add_argument("--kind", help="centre, municipality, sub_municipality, partner, office")
        p.add_argument("--focal-point")
        p.add_argument("--contact", action="append", default=[], metavar="NAME=VALUE")
        p.add_argument("--account", action="append", default=[], help="e.g. whatsapp:1234")
        p.add_argument("--alias", action="append", default=[])
        p.add_argument("--place", action="append", default=[], help="a gazetteer name to add")
        p.add_argument("--area", help="south,west,north,east in degrees ('-' for none)")
        p.add_argument("--target", help="response target in minutes ('-' for none)")
        if name == "edit":
            p.add_argument("--remove-place", action="append", default=[])
            p.add_argument("--remove-account", action="append", default=[])
            state = p.add_mutually_exclusive_group()
            state.add_argument("--active", dest="active", action="store_const", const=True)
            state.add_argument("--inactive", dest="active", action="store_const", const=False)
            p.add_argument("--reason", default="")
        p.set_defaults(handler=run_units_add if name == "add" else run_units_edit)
    member = usub.add_parser("member", help="put a user in a unit ('-': none, the centre's)")
    member.add_argument("user")
    member.add_argument("unit")
    member.set_defaults(handler=run_units_member)
    involve = usub.add_parser("involve", help="involve units in an incident (lead)")
    involve.add_argument("--incident", type=int, required=True)
    involve.add_argument("units", nargs="+", metavar="UNIT")
    involve.set_defaults(handler=run_units_involve)


def _register_network(sub: Any) -> None:
    net = sub.add_parser("network", help="route messages to units; queues, hand-offs")
    nsub = net.add_subparsers(dest="network_command", metavar="ACTION", required=True)
    route = nsub.add_parser("route", help="route the incident's new messages to their units")
    route.add_argument("--incident", type=int, required=True)
    add_json_flag(route)
    route.set_defaults(handler=run_route)
    why = nsub.add_parser("why", help="where a text would be routed, and why (writes nothing)")
    why.add_argument("text")
    why.add_argument("--lat", type=float)
    why.add_argument("--lon", type=float)
    why.add_argument("--lang", choices=["ar", "en"], default="en")
    add_json_flag(why)
    why.set_defaults(handler=run_why)
    queue = nsub.add_parser("queue", help="a unit's open messages (yours by default)")
    queue.add_argument("--incident", type=int, required=True)
    which = queue.add_mutually_exclusive_group()
    which.add_argument("--unit", help="another unit's code (the centre, or with permission)")
    which.add_argument("--all", action="store_true", help="every unit's (with permission)")
    queue.add_argument("--closed", action="store_true", help="answered and closed ones too")
    queue.add_argument("--lang", choices=["ar", "en"], default="en")
    add_json_flag(queue)
    queue.set_defaults(handler=run_queue)
    breakdown = nsub.add_parser("breakdown", help="open and overdue messages per unit")
    breakdown.add_argument("--incident", type=int, required=True)
    breakdown.add_argument("--lang", choices=["ar", "en"], default="en")
    add_json_flag(breakdown)
    breakdown.set_defaults(handler=run_breakdown)
    kpis = nsub.add_parser("kpis", help="per-unit indicators: response times, targets, board")
    kpis.add_argument("--incident", type=int, required=True)
    kpis.add_argument("--lang", choices=["ar", "en"], default="en")
    add_json_flag(kpis)
    kpis.set_defaults(handler=run_kpis)
    cascade = nsub.add_parser("cascade", help="send an approved network statement to units")
    cascade.add_argument("statement_id", type=int)
    cascade.add_argument(
        "--unit",
        action="append",
        required=True,
        metavar="UNIT",
        help="a unit code (repeat), or 'affected' for each involved municipality",
    )
    cascade.add_argument(
        "--local",
        action="append",
        default=[],
        metavar="VARIABLE",
        help="a template variable the units may set (repeat)",
    )
    cascade.set_defaults(handler=run_cascade)
    localise = nsub.add_parser("localise", help="a unit's version of a cascaded statement")
    localise.add_argument("statement_id", type=int)
    localise.add_argument("--unit", required=True)
    localise.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a local variable (NAME.ar=... / NAME.en=... per language)",
    )
    localise.set_defaults(handler=run_localise)
    status = nsub.add_parser("cascade-status", help="which units published what, and when")
    status.add_argument("statement_id", type=int)
    status.add_argument("--lang", choices=["ar", "en"], default="en")
    add_json_flag(status)
    status.set_defaults(handler=run_cascade_status)
    claim = nsub.add_parser("claim", help="record a draft statement as a unit's own")
    claim.add_argument("statement_id", type=int)
    claim.add_argument("--unit", required=True)
    claim.set_defaults(handler=run_claim)
    optin = nsub.add_parser("optin", help="record a focal point's WhatsApp opt-in (admin)")
    optin.add_argument("unit")
    optin.add_argument("--withdraw", action="store_true", help="the focal point opted out")
    optin.set_defaults(handler=run_optin)
    brief = nsub.add_parser("brief", help="brief units' focal points with a WhatsApp template")
    brief.add_argument("--incident", type=int, required=True)
    brief.add_argument(
        "--template",
        required=True,
        help="network_briefing, unit_task, sitrep_ready or network_alert",
    )
    brief.add_argument("--set", action="append", default=[], metavar="NAME=VALUE")
    brief.add_argument(
        "--unit", action="append", required=True, help="a unit code (repeat), or 'affected'"
    )
    add_json_flag(brief)
    brief.set_defaults(handler=run_brief)
    templates = nsub.add_parser(
        "templates", help="the WhatsApp template registry; with --name, register or change one"
    )
    templates.add_argument("--name", help="the template name as approved in WhatsApp Manager")
    templates.add_argument(
        "--param", action="append", default=[], help="a body parameter, in order"
    )
    templates.add_argument("--language", default="ar")
    templates.add_argument("--purpose-ar", default="")
    templates.add_argument("--purpose-en", default="")
    templates.add_argument("--retire", action="store_true", help="no longer send this template")
    add_json_flag(templates)
    templates.set_defaults(handler=run_templates)
    person = nsub.add_parser(
        "recipient", help="add or change a person on a list (leadership) with their opt-in"
    )
    person.add_argument("key")
    person.add_argument("--name", required=True)
    person.add_argument("--number", required=True, help="international, e.g. +966500000000")
    person.add_argument("--list", action="append", dest="lists", default=[])
    person.add_argument("--opted-in", action="store_true", help="they agreed to WhatsApp messages")
    person.add_argument("--inactive", action="store_true")
    person.set_defaults(handler=run_recipient)
    sitrep_send = nsub.add_parser(
        "sitrep-send", help="send an approved situation report to the leadership list"
    )
    sitrep_send.add_argument("statement_id", type=int)
    sitrep_send.add_argument("--list", default="leadership", dest="list_name")
    sitrep_send.add_argument("--lang", choices=["ar", "en"], default="ar")
    add_json_flag(sitrep_send)
    sitrep_send.set_defaults(handler=run_sitrep_send)
    receipts = nsub.add_parser("receipts", help="a briefing's recipients and their receipts")
    receipts.add_argument("seq", type=int, help="the briefing's decision seq")
    add_json_flag(receipts)
    receipts.set_defaults(handler=run_receipts)
    thread = nsub.add_parser("thread", help="a unit's coordination thread (its focal point)")
    thread.add_argument("--incident", type=int, required=True)
    thread.add_argument("--unit", required=True)
    add_json_flag(thread)
    thread.set_defaults(handler=run_thread)
    handoff = nsub.add_parser("handoff", help="hand a message to another unit, with a note")
    handoff.add_argument("interaction_id", type=int)
    handoff.add_argument("--to", required=True, metavar="UNIT")
    handoff.add_argument("--note", required=True)
    handoff.add_argument("--from", dest="expected_from", metavar="UNIT",
                         help="refuse if it is no longer with this unit")  # fmt: skip
    handoff.set_defaults(handler=run_handoff)
    escalate = nsub.add_parser("escalate", help="send a message up to the centre, with a note")
    escalate.add_argument("interaction_id", type=int)
    escalate.add_argument("--note", required=True)
    escalate.set_defaults(handler=run_escalate)


def _register_board(sub: Any) -> None:
    board = sub.add_parser("board", help="the coordination board and tasks to units")
    bsub = board.add_subparsers(dest="board_command", metavar="ACTION", required=True)
    post = bsub.add_parser("post", help="post your unit's situation update")
    post.add_argument("--incident", type=int, required=True)
    post.add_argument(
        "--status", required=True, choices=["stable", "watch", "strained", "critical"]
    )
    post.add_argument("--unit", help="the unit (default: yours)")
    post.add_argument("--areas", default="", help="affected areas")
    post.add_argument("--issues", default="", help="open issues")
    post.add_argument("--needs", default="", help="needs from the centre")
    post.add_argument("--next", type=int, metavar="MINUTES", help="next update due in")
    post.set_defaults(handler=run_board_post)
    show = bsub.add_parser("show", help="every unit's last update, stale ones flagged")
    show.add_argument("--incident", type=int, required=True)
    show.add_argument("--history", action="store_true", help="every post, newest first")
    show.add_argument("--unit")
    show.add_argument("--lang", choices=["ar", "en"], default="en")
    add_json_flag(show)
    show.set_defaults(handler=run_board_show)
    assign = bsub.add_parser("assign", help="give a unit a task (the centre's lead)")
    assign.add_argument("--incident", type=int, required=True)
    assign.add_argument("--unit", required=True, help="a unit code, or 'affected' for each "
                        "involved municipality")  # fmt: skip
    assign.add_argument("--title", required=True)
    assign.add_argument("--due", type=int, metavar="MINUTES")
    add_json_flag(assign)
    assign.set_defaults(handler=run_board_assign)
    tasks = bsub.add_parser("tasks", help="tasks given to units")
    tasks.add_argument("--incident", type=int, required=True)
    tasks.add_argument("--unit")
    tasks.add_argument("--open", action="store_true")
    add_json_flag(tasks)
    tasks.set_defaults(handler=run_board_tasks)
    sitrep = bsub.add_parser(
        "sitrep", help="draft a situation report (a statement to review and approve)"
    )
    sitrep.add_argument("--incident", type=int, required=True)
    sitrep.add_argument("--lang", choices=["ar", "en"], default="en")
    sitrep.set_defaults(handler=run_board_sitrep)
    done = bsub.add_parser("done", help="report a unit task done")
    done.add_argument("task_id", type=int)
    done.add_argument("--note", default="")
    done.set_defaults(handler=run_board_done)


def _line(value: object, limit: int = 120) -> str:
    from crisisdesk.text.display import display_line

    return display_line(value, limit=limit)


def _name(unit: Unit, lang: str) -> str:
    return _line(unit.name(lang), 60)


# --------------------------------------------------------------------------- units
def run_units_list(ctx: CliContext, args: argparse.Namespace) -> int:
    desk = ctx.desk()
    units = desk.network.units()
    by_id = {u.id: u for u in units}
    lines = []
    for u in units:
        parent = by_id[u.parent_id].code if u.parent_id in by_id else "-"
        state = "" if u.active else " (inactive)"
        target = f"{u.response_target_minutes} min" if u.response_target_minutes else "-"
        lines.append(
            f"{u.code:<16} {u.kind:<13} under {parent:<8} target {target:<8} "
            f"{_name(u, args.lang)}{state}"
        )
    ctx.emit({"units": [u.to_json() for u in units]}, "\n".join(lines))
    return 0


def run_units_show(ctx: CliContext, args: argparse.Namespace) -> int:
    unit = ctx.desk().network.unit(args.code)
    data = unit.to_json()
    text = "\n".join(f"{k}: {_line(v, 400)}" for k, v in data.items())
    ctx.emit(data, text)
    return 0


def _fields(args: argparse.Namespace, current: Unit | None) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    for key in ("name_ar", "name_en", "kind", "focal_point"):
        value = getattr(args, key)
        if value is not None:
            fields[key] = value
    if args.parent is not None:
        fields["parent"] = args.parent
    if args.contact:
        contacts = dict(current.contacts) if current else {}
        for pair in args.contact:
            name, sep, value = pair.partition("=")
            if not sep or not name.strip():
                raise CrisisDeskError(f"--contact {pair!r} is not NAME=VALUE")
            contacts[name.strip()] = value.strip()
        fields["contacts"] = contacts
    for key, removed in (("places", "remove_place"), ("accounts", "remove_account"),
                         ("aliases", None)):  # fmt: skip
        singular = {"places": "place", "accounts": "account", "aliases": "alias"}[key]
        added = getattr(args, singular)
        gone = set(getattr(args, removed, None) or []) if removed else set()
        if added or gone:
            have = list(getattr(current, key)) if current else []
            fields[key] = [v for v in have if v not in gone] + [v for v in added if v not in have]
    if args.area is not None:
        if args.area.strip() == "-":
            fields["area"] = None
        else:
            try:
                fields["area"] = [float(v) for v in args.area.split(",")]
            except ValueError:
                raise CrisisDeskError(
                    f"--area {args.area!r} is not four numbers south,west,north,east"
                ) from None
    if args.target is not None:
        fields["response_target_minutes"] = args.target
    if getattr(args, "active", None) is not None:
        fields["active"] = args.active
    return fields


def run_units_add(ctx: CliContext, args: argparse.Namespace) -> int:
    desk = ctx.desk()
    fields = _fields(args, None)
    name_ar, name_en = fields.pop("name_ar"), fields.pop("name_en")
    parent = fields.pop("parent", None) or desk.network.centre().code
    kind = fields.pop("kind", "municipality")
    unit = desk.network.add_unit(args.code, name_ar, name_en, parent=parent, kind=kind, **fields)
    print(f"added unit {unit.code} ({_line(unit.name_en, 80)})")
    return 0


def run_units_edit(ctx: CliContext, args: argparse.Namespace) -> int:
    desk = ctx.desk()
    current = desk.network.unit(args.code)
    unit = desk.network.edit_unit(args.code, _fields(args, current), reason=args.reason)
    print(f"edited unit {unit.code}")
    return 0


def run_units_member(ctx: CliContext, args: argparse.Namespace) -> int:
    unit = ctx.desk().network.set_member(args.user, None if args.unit == "-" else args.unit)
    print(f"{args.user} belongs to {unit.code if unit else 'no unit (the centre)'}")
    return 0


def run_units_involve(ctx: CliContext, args: argparse.Namespace) -> int:
    units = ctx.desk().network.involve(args.incident, args.units)
    print(f"incident {args.incident} involves: {', '.join(u.code for u in units)}")
    return 0


# --------------------------------------------------------------------------- network
def run_route(ctx: CliContext, args: argparse.Namespace) -> int:
    counts = ctx.desk().network.queues.route_pending(args.incident)
    total = sum(counts.values())
    text = f"routed {total} messages" + (
        ": " + ", ".join(f"{c} {n}" for c, n in sorted(counts.items())) if counts else ""
    )
    ctx.emit({"routed": counts}, text)
    return 0


def run_why(ctx: CliContext, args: argparse.Namespace) -> int:
    network = ctx.desk(sign_in=False).network
    router = network.router()
    location = {"latitude": args.lat, "longitude": args.lon} if args.lat is not None else None
    route = router.route(args.text, location=location)
    names = router.names_ar if args.lang == "ar" else router.names_en
    reason = route.reason(names, args.lang)
    ctx.emit(
        {"unit": route.unit, "method": route.method, "detail": route.detail, "reason": reason},
        f"{route.unit}: {_line(reason, 200)}",
    )
    return 0


def run_queue(ctx: CliContext, args: argparse.Namespace) -> int:
    desk = ctx.desk()
    items = desk.network.queues.queue(
        args.incident, unit=args.unit, all_units=args.all, open_only=not args.closed
    )
    router = desk.network.router()
    names = router.names_ar if args.lang == "ar" else router.names_en
    lines = [
        f"{q.interaction_id:>6} {q.unit:<14} {'OVERDUE' if q.overdue else q.status:<11} "
        f"due {ctx.local(_parse(q.response_due), named=False):<17} "
        f"[{_line(q.route().reason(names, args.lang), 50)}] {_line(q.text, 80)}"
        for q in items
    ]
    ctx.emit(
        {"items": [q.to_json() for q in items]},
        "\n".join(ctx.heading(lines)) or "the queue is empty",
    )
    return 0


def _parse(value: str | None) -> Any:
    from crisisdesk.clock import parse_utc

    return parse_utc(value) if value else None


def run_breakdown(ctx: CliContext, args: argparse.Namespace) -> int:
    rows = ctx.desk().network.queues.breakdown(args.incident)
    lines = [
        f"{r.unit.code:<16} open {r.open:>5}  overdue {r.overdue:>5}  total {r.total:>6}"
        f"{'' if r.involved else '  (not involved)'}  {_name(r.unit, args.lang)}"
        for r in rows
    ]
    ctx.emit({"units": [r.to_json() for r in rows]}, "\n".join(lines) or "no messages yet")
    return 0


def run_kpis(ctx: CliContext, args: argparse.Namespace) -> int:
    rows = ctx.desk().network.queues.indicators(args.incident)

    def num(value: float | None, suffix: str = "") -> str:
        return "-" if value is None else f"{value:.0f}{suffix}"

    lines = [
        f"{r.unit.code:<16} msgs {r.messages:>5} open {r.open:>5} p50 {num(r.p50_minutes, 'm'):>5} "
        f"p90 {num(r.p90_minutes, 'm'):>5} in-target "
        f"{num(None if r.within_target is None else r.within_target * 100, '%'):>4} "
        f"out {r.handed_out} in {r.handed_in} up {r.escalated} board {r.board_posts} "
        f"on-time {num(None if r.board_on_time is None else r.board_on_time * 100, '%')}"
        f"{' OVERDUE' if r.board_overdue_now else ''}  {_name(r.unit, args.lang)}"
        for r in rows
    ]
    ctx.emit({"units": [r.to_json() for r in rows]}, "\n".join(lines) or "no unit activity yet")
    return 0


def run_cascade(ctx: CliContext, args: argparse.Namespace) -> int:
    units = ctx.desk().network.cascades.cascade(args.statement_id, args.unit, args.local)
    local = ", ".join(args.local) or "nothing"
    print(f"cascaded statement {args.statement_id} to {', '.join(u.code for u in units)}; "
          f"they may set {local}")  # fmt: skip
    return 0


def run_localise(ctx: CliContext, args: argparse.Namespace) -> int:
    values: dict[str, str] = {}
    for pair in args.set:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise CrisisDeskError(f"--set {pair!r} is not NAME=VALUE")
        values[name.strip()] = value
    sid = ctx.desk().network.cascades.localise(args.statement_id, args.unit, values)
    print(f"{args.unit}'s version is statement {sid}; submit it for its spokesperson's approval")
    return 0


def run_cascade_status(ctx: CliContext, args: argparse.Namespace) -> int:
    lines = ctx.desk().network.cascades.status(args.statement_id)
    text = [
        f"{line.unit.code:<16} "
        + (f"statement {line.statement_id} {line.state}" if line.statement_id else "not localised")
        + (f", published {ctx.local(_parse(line.published_at))}" if line.published_at else "")
        + f"  {_name(line.unit, args.lang)}"
        for line in lines
    ]
    ctx.emit({"units": [line.to_json() for line in lines]}, "\n".join(text) or "not cascaded")
    return 0


def run_claim(ctx: CliContext, args: argparse.Namespace) -> int:
    ctx.desk().network.cascades.claim(args.statement_id, args.unit)
    print(f"statement {args.statement_id} is {args.unit}'s own; its spokesperson approves it")
    return 0


def run_optin(ctx: CliContext, args: argparse.Namespace) -> int:
    ctx.desk().network.briefings.opt_in(args.unit, not args.withdraw)
    print(f"{args.unit}: WhatsApp briefings {'withdrawn' if args.withdraw else 'opted in'}")
    return 0


def _receipt_lines(receipts: list[Any]) -> str:
    return "\n".join(
        f"{r.unit:<16} {r.mode:<9} {r.status:<10} {r.to or '-':<15} {_line(r.error or '', 80)}"
        for r in receipts
    )


def run_brief(ctx: CliContext, args: argparse.Namespace) -> int:
    values: dict[str, str] = {}
    for pair in args.set:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise CrisisDeskError(f"--set {pair!r} is not NAME=VALUE")
        values[name.strip()] = value
    seq, receipts = ctx.desk().network.briefings.send(
        args.incident, args.template, values, args.unit
    )
    ctx.emit(
        {"seq": seq, "recipients": [r.to_json() for r in receipts]},
        f"briefing recorded at seq {seq}\n" + _receipt_lines(receipts),
    )
    return 0


def run_templates(ctx: CliContext, args: argparse.Namespace) -> int:
    briefings = ctx.desk().network.briefings
    if args.name:
        briefings.set_template(
            args.name, args.param, language=args.language, purpose_ar=args.purpose_ar,
            purpose_en=args.purpose_en, active=not args.retire,
        )  # fmt: skip
    known = sorted(briefings.templates().values(), key=lambda t: t.name)
    lines = [
        f"{t.name:<24} {t.language:<6} {', '.join(t.params):<32} "
        f"{'in use' if t.active else 'retired'}"
        for t in known
    ]
    ctx.emit({"templates": [t.to_json() for t in known]}, "\n".join(lines))
    return 0


def run_recipient(ctx: CliContext, args: argparse.Namespace) -> int:
    person = ctx.desk().network.briefings.set_recipient(
        args.key, args.name, args.number, lists=args.lists or ["leadership"],
        opted_in=args.opted_in, active=not args.inactive,
    )  # fmt: skip
    print(
        f"recipient {person.key} on {', '.join(person.lists)}; "
        + ("opted in" if person.opted_in else "no WhatsApp opt-in")
    )
    return 0


def run_sitrep_send(ctx: CliContext, args: argparse.Namespace) -> int:
    seq, receipts = ctx.desk().network.briefings.send_sitrep(
        args.statement_id, list_name=args.list_name, lang=args.lang
    )
    ctx.emit(
        {"seq": seq, "recipients": [r.to_json() for r in receipts]},
        f"situation report sent, recorded at seq {seq}\n" + _receipt_lines(receipts),
    )
    return 0


def run_receipts(ctx: CliContext, args: argparse.Namespace) -> int:
    receipts = ctx.desk().network.briefings.receipts(args.seq)
    ctx.emit({"recipients": [r.to_json() for r in receipts]}, _receipt_lines(receipts))
    return 0


def run_thread(ctx: CliContext, args: argparse.Namespace) -> int:
    items = ctx.desk().network.queues.thread(args.incident, args.unit)
    lines = [
        f"{ctx.local(_parse(i.received_at), named=False)} #{i.interaction_id} {_line(i.text, 160)}"
        for i in items
    ]
    ctx.emit({"items": [i.to_json() for i in items]}, "\n".join(ctx.heading(lines)) or "empty")
    return 0


def run_handoff(ctx: CliContext, args: argparse.Namespace) -> int:
    item = ctx.desk().network.queues.hand_off(
        args.interaction_id, args.to, args.note, expected_from=args.expected_from
    )
    due = ctx.local(_parse(item.response_due))
    print(f"handed interaction {item.interaction_id} to {item.unit}; response due kept at {due}")
    return 0


def run_escalate(ctx: CliContext, args: argparse.Namespace) -> int:
    item = ctx.desk().network.queues.escalate(args.interaction_id, args.note)
    due = ctx.local(_parse(item.response_due))
    print(f"escalated interaction {item.interaction_id} to {item.unit}; response due kept at {due}")
    return 0


# --------------------------------------------------------------------------- board
def run_board_post(ctx: CliContext, args: argparse.Namespace) -> int:
    post = ctx.desk().network.board.post(
        args.incident, status=args.status, unit=args.unit, affected_areas=args.areas,
        open_issues=args.issues, needs=args.needs, next_update_minutes=args.next,
    )  # fmt: skip
    nxt = f"; next update due {ctx.local(_parse(post.next_update_due))}" if args.next else ""
    print(f"posted board update {post.id} for {post.unit} ({post.status}){nxt}")
    return 0


def run_board_show(ctx: CliContext, args: argparse.Namespace) -> int:
    board = ctx.desk().network.board
    if args.history:
        posts = board.history(args.incident, unit=args.unit)
        lines = [
            f"{ctx.local(_parse(p.posted_at), named=False)} {p.unit:<14} {p.status:<9} "
            f"areas: {_line(p.affected_areas, 60)} | issues: {_line(p.open_issues, 60)} | "
            f"needs: {_line(p.needs, 60)}"
            for p in posts
        ]
        ctx.emit(
            {"posts": [p.to_json() for p in posts]}, "\n".join(ctx.heading(lines)) or "no posts"
        )
        return 0
    rows = board.lines(args.incident)
    lines = []
    for r in rows:
        flag = "STALE" if r.stale else "ok"
        if r.last is None:
            last = "no update yet"
        else:
            last = f"{r.last.status}, {r.age_minutes} min ago: {_line(r.last.affected_areas, 60)}"
        name = _name(r.unit, args.lang)
        lines.append(f"{flag:<5} {r.unit.code:<14} {last}  tasks open {r.open_tasks}  {name}")
    ctx.emit({"units": [r.to_json() for r in rows]}, "\n".join(lines) or "no units involved")
    return 0


def run_board_assign(ctx: CliContext, args: argparse.Namespace) -> int:
    tasks = ctx.desk().network.board.assign(
        args.incident, args.unit, args.title, due_minutes=args.due
    )
    ctx.emit(
        {"tasks": [t.to_json() for t in tasks]},
        "\n".join(f"task {t.id} for {t.unit}: {_line(t.title, 100)}" for t in tasks),
    )
    return 0


def run_board_tasks(ctx: CliContext, args: argparse.Namespace) -> int:
    tasks = ctx.desk().network.board.tasks(args.incident, unit=args.unit, open_only=args.open)
    lines = [
        f"{t.id:>5} {t.unit:<14} {'done by ' + str(t.done_by) if t.done_at else 'open':<16} "
        f"due {ctx.local(_parse(t.due_at), named=False):<17} {_line(t.title, 100)}"
        for t in tasks
    ]
    ctx.emit({"tasks": [t.to_json() for t in tasks]}, "\n".join(ctx.heading(lines)) or "no tasks")
    return 0


def run_board_done(ctx: CliContext, args: argparse.Namespace) -> int:
    task = ctx.desk().network.board.done(args.task_id, args.note)
    print(f"unit task {task.id} done by {task.done_by}")
    return 0


def run_board_sitrep(ctx: CliContext, args: argparse.Namespace) -> int:
    desk = ctx.desk()
    statement_id = desk.network.board.draft_sitrep(args.incident)
    latest = desk.statements.detail(statement_id).latest
    print(latest.text_ar if args.lang == "ar" else latest.text_en)
    print(
        f"drafted situation report as statement {statement_id}; submit it for approval with "
        f"`crisisdesk statement submit {statement_id}`"
    )
    return 0
