"""``crisisdesk statement draft|list|show|edit|diff|submit|approve|reject|publish|retry|...``."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from crisisdesk.cli.context import CliContext, add_json_flag
from crisisdesk.errors import AuthError, CrisisDeskError, InputError, RefusedError
from crisisdesk.statements.vocabulary import KINDS, STATES

if TYPE_CHECKING:
    from crisisdesk.statements.records import PublicationInfo, StatementInfo

Local = Callable[[datetime | None], str]
"""How a command prints a time: in the room's zone (``CliContext.local``)."""


def register(sub: Any) -> None:
    st = sub.add_parser("statement", help="draft, review, approve and publish public statements")
    ssub = st.add_subparsers(dest="statement_command", metavar="ACTION", required=True)

    draft = ssub.add_parser("draft", help="draft a statement from a template (or blank)")
    draft.add_argument("--incident", type=int, required=True)
    draft.add_argument("--template", metavar="NAME", help="template id from the playbook")
    draft.add_argument("--kind", choices=KINDS, help="for a blank statement")
    draft.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="K=V",
        dest="values",
        help="a variable; a text in both languages as K.ar=... and K.en=...",
    )
    draft.add_argument("--text-ar", help="the Arabic text of a blank statement")
    draft.add_argument("--text-en", help="the English text of a blank statement")
    add_json_flag(draft)
    draft.set_defaults(handler=run_draft)

    lst = ssub.add_parser("list", help="list an incident's statements")
    lst.add_argument("--incident", type=int, required=True)
    lst.add_argument("--state", choices=STATES)
    add_json_flag(lst)
    lst.set_defaults(handler=run_list)

    show = ssub.add_parser("show", help="show a statement with its versions and history")
    show.add_argument("id", type=int)
    add_json_flag(show)
    show.set_defaults(handler=run_show)

    edit = ssub.add_parser("edit", help="save a new version of one language's text")
    edit.add_argument("id", type=int)
    edit.add_argument("--lang", choices=["ar", "en"], required=True)
    text = edit.add_mutually_exclusive_group(required=True)
    text.add_argument("--text")
    text.add_argument("--file", type=Path, help="UTF-8 text file")
    add_json_flag(edit)
    edit.set_defaults(handler=run_edit)

    diff = ssub.add_parser("diff", help="word diff between two versions, per language")
    diff.add_argument("id", type=int)
    diff.add_argument("old", type=int)
    diff.add_argument("new", type=int)
    add_json_flag(diff)
    diff.set_defaults(handler=run_diff)

    submit = ssub.add_parser("submit", help="send the latest version for approval")
    submit.add_argument("id", type=int)
    submit.set_defaults(handler=run_submit)

    approve = ssub.add_parser(
        "approve",
        help="approve the version you read: shows its exact text and hash, then asks",
        description="At a terminal: shows both languages' exact text and the content hash, "
        "asks for confirmation, then for your password at a prompt of its own. Without a "
        "terminal: --hash HEX of the version you read is required, and the confirming "
        "secret is the approval secret an admin enabled for you (CRISISDESK_APPROVAL_SECRET); "
        "the sign-in password is never reused. A different version is refused and logged.",
    )
    approve.add_argument("id", type=int)
    approve.add_argument(
        "--hash", dest="content_hash", metavar="HEX", help="content hash of the version you read"
    )
    approve.add_argument("--override-reason", help="approve although statement rules fail")
    add_json_flag(approve)
    approve.set_defaults(handler=run_approve)

    reject = ssub.add_parser("reject", help="reject the version you read with a comment")
    reject.add_argument("id", type=int)
    reject.add_argument("--comment", required=True)
    reject.add_argument(
        "--hash", dest="content_hash", metavar="HEX", help="content hash of the version you read"
    )
    add_json_flag(reject)
    reject.set_defaults(handler=run_reject)

    secret = ssub.add_parser(
        "approval-secret",
        help="(admin) enable or revoke a user's second secret for approving from scripts",
    )
    secret.add_argument("user")
    secret.add_argument("--revoke", action="store_true")
    secret.set_defaults(handler=run_approval_secret)

    publish = ssub.add_parser("publish", help="publish an approved statement now or at a time")
    publish.add_argument("id", type=int)
    publish.add_argument("--channel", help="website, whatsapp, x, press (PDF), text or clipboard")
    publish.add_argument(
        "--at",
        metavar="TIME",
        help="HH:MM today, 'tomorrow HH:MM' or ISO 8601, in the room's time zone "
        "(a time that has passed is refused)",
    )
    publish.add_argument(
        "--repeat",
        action="store_true",
        help="send an already published version again (at --at, or now)",
    )
    publish.add_argument(
        "--every", metavar="INTERVAL", help="repeat the same version, e.g. 24h (needs --until)"
    )
    publish.add_argument(
        "--until", metavar="TIME", help="last day (YYYY-MM-DD) or time of an --every series"
    )
    publish.add_argument(
        "--late-ok",
        action="store_true",
        help="confirm sending schedules that were missed while the app was closed",
    )
    add_json_flag(publish)
    publish.set_defaults(handler=run_publish)

    retry = ssub.add_parser(
        "retry",
        help="retry a failed publication (same idempotency key; refused while sending or "
        "while its outcome is unknown)",
    )
    retry.add_argument("publication_id", type=int)
    add_json_flag(retry)
    retry.set_defaults(handler=run_retry)

    outcome = ssub.add_parser(
        "outcome",
        help="record what the channel shows for a publication whose outcome is unknown",
    )
    outcome.add_argument("publication_id", type=int)
    found = outcome.add_mutually_exclusive_group(required=True)
    found.add_argument("--sent", action="store_true", help="it is there on the channel")
    found.add_argument("--not-sent", action="store_true", help="it is not there")
    outcome.add_argument("--external-id", metavar="ID", help="the post's or message's id")
    outcome.add_argument("--note", help="what you checked")
    add_json_flag(outcome)
    outcome.set_defaults(handler=run_outcome)

    cancel = ssub.add_parser("cancel", help="cancel a scheduled or failed publication")
    cancel.add_argument("publication_id", type=int)
    cancel.set_defaults(handler=run_cancel)

    due = ssub.add_parser("run-due", help="send scheduled publications that are due; report missed")
    due.add_argument(
        "--watch",
        action="store_true",
        help="keep polling the schedule (Ctrl+C stops); missed ones are reported, not sent",
    )
    due.add_argument("--interval", type=float, default=15.0, help="seconds between polls")
    add_json_flag(due)
    due.set_defaults(handler=run_due)

    supersede = ssub.add_parser("supersede", help="withdraw a statement replaced by a newer one")
    supersede.add_argument("id", type=int)
    supersede.add_argument("--by", type=int, help="the newer statement")
    supersede.set_defaults(handler=run_supersede)

    channels = ssub.add_parser(
        "channels",
        help="show or change publishing channel settings",
        description="Settings live in the database; tokens live in the keyring only: "
        "`crisisdesk secrets set statements.whatsapp.token` (also statements.x.token and "
        "statements.website.secret).",
    )
    channels.add_argument(
        "--set", action="append", default=[], metavar="K=V", dest="values", help="a setting"
    )
    add_json_flag(channels)
    channels.set_defaults(handler=run_channels)


def _pairs(items: list[str], what: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise CrisisDeskError(f"--set {item!r}: expected {what}=VALUE")
        out[name.strip()] = value
    return out


def _utc(when: datetime | None) -> str:
    return f"{when:%Y-%m-%d %H:%M}Z" if when is not None else "-"


def describe(info: StatementInfo, local: Local = _utc) -> str:
    template = f" from {info.template_id}" if info.template_id else ""
    return (
        f"#{info.id} [{info.state}] {info.kind}{template} v{info.latest_version} — "
        f"{info.title_en} (by {info.created_by}, {local(info.updated_at)})"
    )


def describe_publication(pub: PublicationInfo, local: Local = _utc) -> str:
    target = f" {pub.target}" if pub.target else ""
    sandbox = " [sandbox]" if pub.sandbox else ""
    when = ""
    if pub.sent_at:
        when = f" sent {local(pub.sent_at)}"
    elif pub.scheduled_at and pub.state == "scheduled":
        when = f" for {local(pub.scheduled_at)}"
    if pub.repeat:
        when += f" (repeat {pub.repeat})"
    missed = " MISSED (publish with --late-ok)" if pub.missed else ""
    if pub.state == "unknown":
        missed += (
            " OUTCOME UNKNOWN: check the channel, then "
            f"`crisisdesk statement outcome {pub.id} --sent|--not-sent`"
        )
    ext = f" id {pub.external_id}" if pub.external_id else ""
    err = f" error: {pub.error}" if pub.error else ""
    return (
        f"publication #{pub.id} {pub.channel}{target}{sandbox} v{pub.version_number} "
        f"[{pub.state}]{when}{missed}{ext} attempts {pub.attempts}{err}"
    )


def run_draft(ctx: CliContext, args: argparse.Namespace) -> int:
    desk = ctx.desk()
    texts = None
    if args.text_ar is not None or args.text_en is not None:
        texts = {"ar": args.text_ar or "", "en": args.text_en or ""}
    if not args.template and not args.kind:
        raise CrisisDeskError("give --template NAME, or --kind KIND for a blank statement")
    from crisisdesk.statements.variables import by_language

    detail = desk.statements.draft(
        args.incident,
        args.template,
        by_language(_pairs(args.values, "NAME")),
        kind=args.kind,
        texts=texts,
    )
    info = detail.statement
    ctx.emit({"id": info.id, **detail.to_json()}, str(info.id))
    return 0


def run_list(ctx: CliContext, args: argparse.Namespace) -> int:
    items = ctx.desk().statements.list(args.incident, args.state)

    def local(when: datetime | None) -> str:
        return ctx.local(when, named=False)

    ctx.emit(
        {"statements": [i.to_json() for i in items]},
        "\n".join(ctx.heading([describe(i, local) for i in items])) or "no statements",
    )
    return 0


def run_show(ctx: CliContext, args: argparse.Namespace) -> int:
    desk = ctx.desk()
    detail = desk.statements.detail(args.id)
    checklist = desk.statements.rules_checklist(args.id)
    data = detail.to_json()
    data["rules"] = checklist.to_data()
    data["rules_passed"] = checklist.passed
    latest = detail.latest
    lines = [describe(detail.statement, ctx.local), "", "--- ar", latest.text_ar]
    lines += ["", "--- en", latest.text_en]
    lines.append("")
    lines.append(f"content hash {latest.content_hash}")
    for result in checklist.results:
        mark = "ok  " if result.passed else "FAIL"
        lines.append(f"  [{mark}] {result.label_en}: {result.detail}")
    for version in detail.versions:
        lines.append(
            f"version {version.number} by {version.author} at "
            f"{ctx.local(version.created_at)} {version.content_hash[:12]}"
        )
    for approval in detail.approvals:
        extra = f": {approval.comment}" if approval.comment else ""
        if approval.override_reason:
            extra += f" (override: {approval.override_reason})"
        lines.append(
            f"{approval.verdict} v{approval.version_number} by {approval.approver} at "
            f"{ctx.local(approval.decided_at)}{extra}"
        )
    lines += [describe_publication(p, ctx.local) for p in detail.publications]
    ctx.emit(data, "\n".join(lines))
    return 0


def _read_text(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(path, None, f"cannot read: {exc.strerror}") from exc
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(path, line, "not UTF-8 text") from exc


def run_edit(ctx: CliContext, args: argparse.Namespace) -> int:
    text = args.text if args.text is not None else _read_text(args.file)
    desk = ctx.desk()
    if args.lang == "ar":
        version = desk.statements.save(args.id, text_ar=text)
    else:
        version = desk.statements.save(args.id, text_en=text)
    ctx.emit(
        version.to_json(),
        f"saved version {version.number} of statement #{args.id} ({version.content_hash[:12]})",
    )
    return 0


def run_diff(ctx: CliContext, args: argparse.Namespace) -> int:
    from crisisdesk.statements.diff import format_diff

    diffs = ctx.desk().statements.diff(args.id, args.old, args.new)
    ctx.emit({lang: d.to_data() for lang, d in diffs.items()}, format_diff(diffs))
    return 0


def run_submit(ctx: CliContext, args: argparse.Namespace) -> int:
    info = ctx.desk().statements.submit(args.id)
    print(f"submitted {describe(info, ctx.local)}")
    return 0


class _Confirmed:
    """What the approver read (its hash) and how they confirmed it."""

    def __init__(self, content_hash: str | None, secret: str, scripted: bool) -> None:
        self.content_hash = content_hash
        self.secret = secret
        self.scripted = scripted


def _read_and_confirm(
    ctx: CliContext, statement_id: int, given_hash: str | None, verb: str
) -> _Confirmed:
    """Bind the verdict to the text the approver read, and re-authenticate them.

    At a terminal the exact texts and hash are shown, the approver confirms, then types
    their password at a prompt of its own. A script names the hash it read and gives the
    approval secret an admin enabled; ``CRISISDESK_PASSWORD`` (sign-in) is never reused.
    """
    from crisisdesk.users.permissions import Action

    desk = ctx.desk()
    action = Action.STATEMENT_APPROVE if verb == "approve" else Action.STATEMENT_REJECT
    desk.require(action, incident_id=desk.statements.get(statement_id).incident_id)
    if not sys.stdin.isatty():
        if verb == "approve" and not given_hash:
            raise RefusedError(
                "without a terminal, give --hash HEX: the content hash of the version you "
                f"read (`crisisdesk statement show {statement_id}`)"
            )
        secret = os.environ.get("CRISISDESK_APPROVAL_SECRET", "")
        if not secret:
            raise AuthError(
                f"without a terminal, to {verb} set CRISISDESK_APPROVAL_SECRET to the approval "
                "secret an admin enabled for you (`statement approval-secret USER`); the "
                "sign-in password is not a second check"
            )
        return _Confirmed(given_hash, secret, True)
    latest = desk.statements.detail(statement_id).latest
    print(f"Statement #{statement_id}, version {latest.number} by {latest.author}")
    for lang, text in latest.all_texts.items():  # Arabic, English, then any other language
        print(f"--- {lang}")
        print(bidi_safe(text))
    print(f"content hash {latest.content_hash}")
    sys.stdout.flush()
    answer = input(f"{verb.capitalize()} exactly this text? [yes/no] ")
    if answer.strip().lower() not in ("y", "yes", "نعم"):
        raise RefusedError(f"not {verb}d: you did not confirm")
    secret = getpass.getpass(f"Your password, to confirm that you {verb} it: ")
    return _Confirmed(given_hash or latest.content_hash, secret, False)


def bidi_safe(text: str) -> str:
    """Untrusted text on a terminal: each line isolated, control characters made visible."""
    from crisisdesk.text.display import visible_controls

    return "\n".join("\u2068" + visible_controls(line) + "\u2069" for line in text.split("\n"))


def run_approve(ctx: CliContext, args: argparse.Namespace) -> int:
    desk = ctx.desk()
    confirmed = _read_and_confirm(ctx, args.id, args.content_hash, "approve")
    approval = desk.statements.approve(
        args.id,
        confirmed.secret,
        override_reason=args.override_reason,
        content_hash=confirmed.content_hash,
        scripted=confirmed.scripted,
    )
    ctx.emit(
        approval.to_json(),
        f"approved version {approval.version_number} of statement #{args.id} "
        f"(content hash {approval.content_hash})",
    )
    return 0


def run_reject(ctx: CliContext, args: argparse.Namespace) -> int:
    desk = ctx.desk()
    confirmed = _read_and_confirm(ctx, args.id, args.content_hash, "reject")
    approval = desk.statements.reject(
        args.id,
        confirmed.secret,
        args.comment,
        content_hash=confirmed.content_hash,
        scripted=confirmed.scripted,
    )
    ctx.emit(
        approval.to_json(), f"rejected version {approval.version_number} of statement #{args.id}"
    )
    return 0


def run_approval_secret(ctx: CliContext, args: argparse.Namespace) -> int:
    from crisisdesk.statements import approval_secret

    desk = ctx.desk()
    if args.revoke:
        had = approval_secret.disable(desk, args.user)
        print(f"revoked the approval secret of {args.user}" if had else "there was none")
        return 0
    secret = approval_secret.enable(desk, args.user)
    print(f"approval secret for {args.user} (shown once; give it as CRISISDESK_APPROVAL_SECRET):")
    print(secret)
    return 0


def run_publish(ctx: CliContext, args: argparse.Namespace) -> int:
    desk = ctx.desk()
    if args.channel is None:
        if not args.late_ok:
            raise CrisisDeskError("give --channel C (or --late-ok to send missed schedules)")
        pubs = desk.statements.publish_late(args.id)
    elif args.at or args.repeat or args.every or args.until:
        from crisisdesk.statements.schedule import parse_every, parse_until, parse_when

        now, zone = desk.clock.now(), ctx.zone().tz
        if (args.every or args.until) and not args.at:
            raise CrisisDeskError("a series needs its first time: --at TIME --every I --until T")
        pubs = desk.statements.schedule(
            args.id,
            args.channel,
            parse_when(args.at, now, zone) if args.at else None,
            every=parse_every(args.every) if args.every else None,
            until=parse_until(args.until, now, zone) if args.until else None,
            repeat=args.repeat,
        )
    else:
        pubs = desk.statements.publish(args.id, args.channel, late_ok=args.late_ok)
    ctx.emit(
        {"publications": [p.to_json() for p in pubs]},
        "\n".join(describe_publication(p, ctx.local) for p in pubs),
    )
    return 0 if all(p.state in ("sent", "scheduled") for p in pubs) else 1


def run_retry(ctx: CliContext, args: argparse.Namespace) -> int:
    pub = ctx.desk().statements.retry(args.publication_id)
    ctx.emit(pub.to_json(), describe_publication(pub, ctx.local))
    return 0 if pub.state == "sent" else 1


def run_outcome(ctx: CliContext, args: argparse.Namespace) -> int:
    pub = ctx.desk().statements.record_outcome(
        args.publication_id, sent=args.sent, external_id=args.external_id, note=args.note
    )
    ctx.emit(pub.to_json(), describe_publication(pub, ctx.local))
    return 0


def run_cancel(ctx: CliContext, args: argparse.Namespace) -> int:
    pub = ctx.desk().statements.cancel(args.publication_id)
    print(describe_publication(pub, ctx.local))
    return 0


def _watch(desk: Any, interval: float, local: Local) -> int:
    import logging
    import threading

    from crisisdesk.statements.schedule import PublicationScheduler

    def sent(items: list[PublicationInfo]) -> None:
        for pub in items:
            print(describe_publication(pub, local), flush=True)

    def missed(items: list[PublicationInfo]) -> None:
        for pub in items:
            print(
                f"MISSED: statement #{pub.statement_id} on {pub.channel}; publish late with "
                f"`crisisdesk statement publish {pub.statement_id} --late-ok`",
                flush=True,
            )

    def failed(exc: Exception) -> None:
        print(f"crisisdesk: schedule poll failed: {exc}", file=sys.stderr, flush=True)

    # A poll that outlasts the interval is skipped by design; that is not news to print.
    logging.getLogger("apscheduler").setLevel(logging.ERROR)
    scheduler = PublicationScheduler(
        desk.statements, interval=interval, on_done=sent, on_missed=missed, on_error=failed
    )
    scheduler.start()
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        scheduler.stop()
    return 0


def run_due(ctx: CliContext, args: argparse.Namespace) -> int:
    desk = ctx.desk()
    if args.watch:
        return _watch(desk, args.interval, ctx.local)
    done, _newly = desk.statements.run_due()
    waiting = desk.statements.missed()
    lines = [describe_publication(p, ctx.local) for p in done]
    lines += [
        f"MISSED: statement #{p.statement_id} on {p.channel} was due "
        f"{ctx.local(p.scheduled_at)}; publish late with "
        f"`crisisdesk statement publish {p.statement_id} --late-ok`"
        for p in waiting
        if p.scheduled_at
    ]
    ctx.emit(
        {"sent": [p.to_json() for p in done], "missed": [p.to_json() for p in waiting]},
        "\n".join(lines) or "nothing due",
    )
    return 0


def run_supersede(ctx: CliContext, args: argparse.Namespace) -> int:
    info = ctx.desk().statements.supersede(args.id, args.by)
    print(describe(info, ctx.local))
    return 0


def run_channels(ctx: CliContext, args: argparse.Namespace) -> int:
    desk = ctx.desk()
    changes = _pairs(args.values, "SETTING")
    settings = (
        desk.statements.configure_channels(**changes)
        if changes
        else desk.statements.channel_settings()
    )
    data = settings.to_json()
    ctx.emit(data, "\n".join(f"{k} = {v}" for k, v in sorted(data.items())))
    return 0
