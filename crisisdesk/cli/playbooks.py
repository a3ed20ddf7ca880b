"""``crisisdesk playbooks list|show ID|validate PATH...``: the playbook library from the shell.

Playbook commands need no database and no sign-in: they read YAML files only, so an
author can check a new playbook on any machine before it reaches the crisis room. Only
``add`` signs in, because adding to the library is a logged decision.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from crisisdesk.cli.context import CliContext, add_json_flag

if TYPE_CHECKING:
    from crisisdesk.playbooks import Playbook


def register(sub: Any) -> None:
    """Add the ``playbooks`` command family to the top-level subparsers."""
    parser: argparse.ArgumentParser = sub.add_parser(
        "playbooks", help="list, show and validate scenario playbooks"
    )
    psub = parser.add_subparsers(dest="playbooks_command", metavar="ACTION", required=True)

    p_list = psub.add_parser("list", help="list the bundled playbook library")
    p_list.add_argument("--lang", choices=["ar", "en"], default="en", help="title language")
    add_json_flag(p_list)
    p_list.set_defaults(handler=cmd_list)

    p_show = psub.add_parser("show", help="show one playbook (library id or path)")
    p_show.add_argument("id", help="playbook id, or a path to a playbook file or folder")
    p_show.add_argument("--lang", choices=["ar", "en"], default="en", help="text language")
    add_json_flag(p_show)
    p_show.set_defaults(handler=cmd_show)

    p_val = psub.add_parser("validate", help="check playbook files and report every problem")
    p_val.add_argument("paths", nargs="+", metavar="PATH", help="playbook file or folder")
    add_json_flag(p_val)
    p_val.set_defaults(handler=cmd_validate)

    p_forms = psub.add_parser(
        "forms",
        help="every template × channel with its length (example values) and the limit",
    )
    p_forms.add_argument("ids", nargs="*", metavar="ID", help="playbook ids (default: all)")
    add_json_flag(p_forms)
    p_forms.set_defaults(handler=cmd_forms)

    p_review = psub.add_parser(
        "review-language",
        help="record that a native reader signed off a template's text in one language "
        "(a logged decision; lead, admin)",
    )
    p_review.add_argument("id", help="playbook id")
    p_review.add_argument("template", help="template id")
    p_review.add_argument("lang", help="language code, e.g. ur, hi, bn, tl, ml")
    add_json_flag(p_review)
    p_review.set_defaults(handler=cmd_review_language)

    p_add = psub.add_parser(
        "add", help="add a playbook to this machine's library (a logged decision; lead, admin)"
    )
    p_add.add_argument("path", metavar="PATH", help="playbook file or folder")
    add_json_flag(p_add)
    p_add.set_defaults(handler=cmd_add)


def summary(book: Playbook) -> dict[str, Any]:
    """The few facts that identify a playbook in a list."""
    return {
        "id": book.id,
        "version": book.version,
        "hazard": book.hazard,
        "title": book.title.to_data(),
        "phases": len(book.phases),
        "tasks": len(book.tasks),
        "templates": len(book.templates),
        "content_hash": book.content_hash,
    }


def cmd_list(ctx: CliContext, args: argparse.Namespace) -> int:
    from crisisdesk.playbooks import bundled_library

    books = bundled_library()
    if _has_added_files():
        # Added files join the list only when a decision records them (``playbooks add``).
        catalogue = ctx.desk(sign_in=False).playbooks
        books = [entry.playbook for entry in catalogue.entries()]
        for skipped in catalogue.skipped():
            print(f"crisisdesk: {skipped.path}: {skipped.reason}", file=sys.stderr)
    lines = [f"{b.id:<22} {b.version:<8} {b.hazard:<10} {b.title.get(args.lang)}" for b in books]
    ctx.emit([summary(b) for b in books], "\n".join(lines))
    return 0


def _has_added_files() -> bool:
    from crisisdesk.playbooks.library import user_playbook_files

    return bool(user_playbook_files())


def cmd_forms(ctx: CliContext, args: argparse.Namespace) -> int:
    from crisisdesk.playbooks import bundled_library, find_playbook
    from crisisdesk.playbooks.form_table import form_rows, markdown_table

    books = [find_playbook(i) for i in args.ids] if args.ids else bundled_library()
    rows = [row for book in books for row in form_rows(book)]
    ctx.emit([r.to_data() for r in rows], markdown_table(rows))
    return 0 if all(r.fits for r in rows) else 1


def cmd_review_language(ctx: CliContext, args: argparse.Namespace) -> int:
    from crisisdesk.playbooks import find_playbook
    from crisisdesk.playbooks.language_review import sign_off

    desk = ctx.desk()
    status = sign_off(desk, find_playbook(args.id), args.template, args.lang)
    ctx.emit(
        {"playbook": args.id, "template": args.template, "lang": status.lang, "ready": True},
        f"{args.id}/{args.template}: the {status.label('en')} text is signed off",
    )
    return 0


def cmd_show(ctx: CliContext, args: argparse.Namespace) -> int:
    from crisisdesk.playbooks import find_playbook

    book = find_playbook(args.id)
    data = book.to_data()
    data["content_hash"] = book.content_hash
    ctx.emit(data, render_text(book, args.lang))
    return 0


def render_text(book: Playbook, lang: str) -> str:
    """A readable outline: phases and tasks with their timing, templates and Q&A."""
    from crisisdesk.playbooks import format_duration

    t = lang
    out = [
        f"{book.title.get(t)}",
        f"id: {book.id}  version: {book.version}  hazard: {book.hazard}",
        f"sha256: {book.content_hash}",
        "",
        book.description.get(t).strip(),
        "",
    ]
    for phase in book.phases:
        out.append(f"[{phase.id}] {phase.title.get(t)}")
        for task in phase.tasks:
            every = f" every {format_duration(task.recurrence)}" if task.recurrence else ""
            out.append(
                f"  - {task.id}: +{format_duration(task.due)}{every} ({task.owner}) "
                f"{task.title.get(t)}"
            )
    out.append("")
    out.append("templates:")
    for tpl in book.templates:
        names = ", ".join(v.name + ("" if v.required else "?") for v in tpl.variables)
        out.append(f"  - {tpl.id} [{tpl.kind}] {'/'.join(tpl.channels)}: {names}")
    out.append(
        f"key messages: {len(book.key_messages)}  questions: {len(book.questions)}  "
        f"canned replies: {len(book.canned_replies)}  contacts: {len(book.contacts)}"
    )
    return "\n".join(out)


def cmd_add(ctx: CliContext, args: argparse.Namespace) -> int:
    """Validate and add one playbook; needs the database only to log the decision."""
    entry = ctx.desk().playbooks.add(args.path)
    book = entry.playbook
    ctx.emit(
        {**summary(book), "path": str(entry.path)},
        f"added {book.id} {book.version} to the library ({entry.path})",
    )
    return 0


def cmd_validate(ctx: CliContext, args: argparse.Namespace) -> int:
    from crisisdesk.playbooks import validate_many

    results = validate_many(args.paths)
    data: list[dict[str, Any]] = []
    lines: list[str] = []
    for result in results:
        book = result.playbook
        data.append(
            {
                "path": result.path,
                "ok": result.ok,
                "playbook": summary(book) if book is not None else None,
                "problems": [p.to_data() for p in result.problems],
            }
        )
        lines.extend(str(p) for p in result.problems)
        if book is not None:
            lines.append(
                f"{result.path}: ok {book.id} {book.version}: {len(book.phases)} phases, "
                f"{len(book.tasks)} tasks, {len(book.templates)} templates"
            )
    ctx.emit(data, "\n".join(lines))
    return 0 if all(r.ok for r in results) else 1
