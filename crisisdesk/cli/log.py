"""``crisisdesk log show|verify|checkpoint|correct``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from crisisdesk.cli.context import CliContext, add_json_flag
from crisisdesk.errors import InputError


def register(sub: Any) -> None:
    log = sub.add_parser("log", help="the tamper-evident decision log")
    lsub = log.add_subparsers(dest="log_command", metavar="ACTION", required=True)
    show = lsub.add_parser("show", help="list decisions, newest first")
    show.add_argument("--incident", type=int)
    show.add_argument("--kind")
    show.add_argument("--actor")
    show.add_argument("--search", help="text to look for")
    show.add_argument("--limit", type=int, default=50)
    show.add_argument("--lang", choices=["ar", "en"], default="en")
    add_json_flag(show)
    show.set_defaults(handler=run_show)
    verify = lsub.add_parser("verify", help="verify the hash chain and the signed checkpoints")
    verify.add_argument(
        "--public-key",
        action="append",
        default=[],
        metavar="HEX",
        help="pin the signing key (repeatable); default: this log's keys",
    )
    verify.add_argument(
        "--checkpoint",
        action="append",
        default=[],
        type=Path,
        metavar="FILE",
        help="also check a checkpoint file kept elsewhere (repeatable)",
    )
    add_json_flag(verify)
    verify.set_defaults(handler=run_verify)
    cp = lsub.add_parser("checkpoint", help="sign a checkpoint of the log now")
    cp.add_argument("--reason", default="manual")
    cp.add_argument("--out", type=Path, help="also write the checkpoint to FILE to keep elsewhere")
    add_json_flag(cp)
    cp.set_defaults(handler=run_checkpoint)
    keys = lsub.add_parser("keys", help="every signing key registered in the log (for auditors)")
    keys.add_argument(
        "--out", type=Path, metavar="FILE", help="also write the keys, one per line, to FILE"
    )
    add_json_flag(keys)
    keys.set_defaults(handler=run_keys)
    corr = lsub.add_parser("correct", help="append a correction referencing an earlier decision")
    corr.add_argument("seq", type=int)
    corr.add_argument("--note", required=True)
    corr.set_defaults(handler=run_correct)


def run_show(ctx: CliContext, args: argparse.Namespace) -> int:
    from crisisdesk.storage.decision_log import LogFilter

    desk = ctx.desk()
    flt = LogFilter(kind=args.kind, actor=args.actor, text=args.search, incident_id=args.incident)
    seqs = desk.log.seqs(flt)
    page = desk.log.get_many(seqs[: max(args.limit, 0)])
    lines = [
        f"{d.seq:>7}  {d.at:%Y-%m-%d %H:%M:%S}Z  {d.actor or '-':<12} {d.kind:<28} "
        f"{d.summary(args.lang)}"
        for d in page
    ]
    ctx.emit(
        {"total": len(seqs), "decisions": [d.to_json() for d in page]},
        "\n".join(lines) or "no decisions",
    )
    return 0


def run_verify(ctx: CliContext, args: argparse.Namespace) -> int:
    from crisisdesk.log.service import load_checkpoint_file

    desk = ctx.desk(sign_in=False)
    outside = [load_checkpoint_file(p, desk.log_id) for p in args.checkpoint]
    keys = {k.strip().lower() for k in args.public_key} or None
    verdict = desk.log.verify(public_keys=keys, outside_checkpoints=outside)
    if ctx.want_json:
        ctx.emit(verdict.to_json())
    elif verdict.ok:
        print(verdict.describe())
    else:
        print(f"crisisdesk: {verdict.describe()}", file=sys.stderr)
    return 0 if verdict.ok else 3


def run_checkpoint(ctx: CliContext, args: argparse.Namespace) -> int:
    desk = ctx.desk()
    cp = desk.log.export_checkpoint(args.out) if args.out else desk.log.checkpoint(args.reason)
    ctx.emit(
        cp.to_json(),
        f"checkpoint at seq {cp.seq}, head {cp.head_hash[:16]}…, key {cp.key_fingerprint}",
    )
    return 0


def run_correct(ctx: CliContext, args: argparse.Namespace) -> int:
    seq = ctx.desk().log.correct(args.seq, args.note)
    print(f"correction recorded as decision {seq}")
    return 0


def run_keys(ctx: CliContext, args: argparse.Namespace) -> int:
    from crisisdesk.storage.signing_keys import signing_keys

    desk = ctx.desk(sign_in=False)
    with desk.db.read() as session:
        keys = signing_keys(session)
    if args.out is not None:
        text = "".join(f"{k.public_key}\n" for k in keys)
        try:
            args.out.write_text(text, encoding="ascii")
        except OSError as exc:
            raise InputError(args.out, None, f"cannot write ({exc.strerror})") from exc
    lines = [
        f"{k.public_key}  {k.machine or '-'}  {k.user or '-'}  registered "
        f"{f'at seq {k.registered_seq}' if k.registered_seq else 'at init'}, "
        f"signed seq {k.first_seq or '-'}..{k.last_seq or '-'} "
        f"({k.checkpoints} checkpoints){'' if k.pinned else ', not pinned here'}"
        for k in keys
    ]
    if args.out is not None:
        lines.append(f"{len(keys)} keys written to {args.out}")
    ctx.emit({"keys": [k.to_json() for k in keys]}, "\n".join(lines) or "no signing key yet")
    return 0
