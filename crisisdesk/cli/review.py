"""``crisisdesk kpis | export | verify``: the post-incident review from the command line."""

from __future__ import annotations

import argparse
import re
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from crisisdesk.cli.context import CliContext, add_json_flag
from crisisdesk.errors import InputError

HEX_KEY = re.compile(r"^[0-9a-fA-F]{64}$")


def _time(text: str) -> datetime:
    from crisisdesk.clock import parse_utc

    try:
        return parse_utc(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an ISO 8601 time: {text!r}") from None


def register(sub: Any) -> None:
    kpis = sub.add_parser("kpis", help="post-incident KPIs of one incident")
    kpis.add_argument("--incident", type=int, required=True)
    kpis.add_argument("--from", dest="start", type=_time, metavar="T", help="window start (UTC)")
    kpis.add_argument("--to", dest="end", type=_time, metavar="T", help="window end (UTC)")
    add_json_flag(kpis)
    kpis.set_defaults(handler=run_kpis)
    export = sub.add_parser("export", help="write the incident's self-verifying review bundle")
    export.add_argument("--incident", type=int)
    export.add_argument("--out", type=Path, metavar="DIR")
    export.add_argument(
        "--resume",
        type=Path,
        metavar="DIR",
        help="finish an interrupted export in DIR (against its signed decision, if any)",
    )
    export.add_argument(
        "--mask-pii", action="store_true", help="pseudonymise phones, e-mails and public names"
    )
    export.add_argument(
        "--research", action="store_true", help="also write the anonymised research data set"
    )
    add_json_flag(export)
    export.set_defaults(handler=run_export)
    verify = sub.add_parser("verify", help="verify an export bundle offline (exit 3 if tampered)")
    verify.add_argument("bundle", type=Path, metavar="BUNDLE_DIR")
    verify.add_argument(
        "--public-key",
        action="append",
        default=[],
        metavar="KEY",
        help="pin the signing key: 64 hex digits or a file holding them (repeatable)",
    )
    verify.add_argument(
        "--public-keys",
        action="append",
        default=[],
        type=Path,
        metavar="FILE",
        help="pin every key in FILE, one per line (as `crisisdesk log keys --out FILE` writes)",
    )
    add_json_flag(verify)
    verify.set_defaults(handler=run_verify)


def run_kpis(ctx: CliContext, args: argparse.Namespace) -> int:
    from crisisdesk.review.report_html import tiles

    if args.start is not None and args.end is not None and args.start >= args.end:
        print("crisisdesk: --from must be before --to", file=sys.stderr)
        return 2
    data = ctx.desk().review.kpis(args.incident, args.start, args.end)
    inc = data["incident"]
    lines = [f"incident {inc['id']}: {inc['title']}" + (" [DRILL]" if inc["drill"] else "")]
    lines += [f"  {label}: {value}" for label, value in tiles(data, "en")]
    ctx.emit(data, "\n".join(lines))
    return 0


def run_export(ctx: CliContext, args: argparse.Namespace) -> int:
    from crisisdesk.review.export_state import read_marker

    out, incident = args.out, args.incident
    if args.resume is not None:
        marker = read_marker(args.resume) if args.resume.is_dir() else None
        if marker is None:
            raise InputError(args.resume, None, "holds no unfinished export to resume")
        out = args.resume
        incident = incident if incident is not None else marker.get("incident")
        if not isinstance(incident, int):
            raise InputError(args.resume, None, "its unfinished export names no incident")
    if out is None or incident is None:
        print(
            "crisisdesk: export needs --incident ID and --out DIR (or --resume DIR)",
            file=sys.stderr,
        )
        return 2
    desk = ctx.desk()
    result = desk.review.export(incident, out, mask_pii=args.mask_pii, research=args.research)
    ctx.emit(
        result.to_json(),
        f"bundle written to {result.out}: {len(result.files) + 1} files, export decision "
        f"{result.decision_seq}, checkpoint at seq {result.checkpoint_seq}, "
        f"manifest SHA-256 {result.manifest_sha256}",
    )
    return 0


def pinned_keys(values: list[str]) -> set[str] | None:
    """Keys given as hex or as files holding hex (one or more, whitespace separated)."""
    keys: set[str] = set()
    for value in values:
        if HEX_KEY.match(value.strip()):
            keys.add(value.strip().lower())
            continue
        path = Path(value)
        try:
            words = path.read_text(encoding="utf-8").split()
        except OSError as exc:
            raise InputError(
                path, None, f"not a 64-hex-digit key nor a readable file ({exc.strerror})"
            ) from exc
        found = [w.lower() for w in words if HEX_KEY.match(w)]
        if not found:
            raise InputError(path, 1, "holds no 64-hex-digit public key")
        keys.update(found)
    return keys or None


def key_file(path: Path) -> set[str]:
    """A keys file: one 64-hex-digit key per line; blank lines and ``#`` comments allowed."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "not UTF-8 text"
        raise InputError(path, None, f"cannot read the keys file ({reason})") from exc
    keys: set[str] = set()
    for number, line in enumerate(text.splitlines(), 1):
        word = line.split("#", 1)[0].strip()
        if not word:
            continue
        if not HEX_KEY.match(word):
            raise InputError(path, number, "not a 64-hex-digit public key")
        keys.add(word.lower())
    if not keys:
        raise InputError(path, None, "holds no public key")
    return keys


def run_verify(ctx: CliContext, args: argparse.Namespace) -> int:
    from crisisdesk.review.bundle_verify import verify_bundle

    keys = pinned_keys(args.public_key)
    for path in args.public_keys:
        keys = (keys or set()) | key_file(path)
    verdict = verify_bundle(args.bundle, keys)
    if ctx.want_json:
        ctx.emit(verdict.to_json())
    elif verdict.ok:
        print(verdict.describe())
    else:
        print(f"crisisdesk: {verdict.describe()}", file=sys.stderr)
    return 0 if verdict.ok else 3
