"""``crisisdesk exercise list|validate|start|pause|resume|speed|jump|inject|run|stop|score``.

An exercise is a drill incident run from an exercise file on its own clock (see
``crisisdesk/exercises/FORMAT.md``). Scenario times print as ``T+mm:ss``.
"""

from __future__ import annotations

import argparse
import time
from typing import TYPE_CHECKING, Any

from crisisdesk.cli.context import CliContext, add_json_flag

if TYPE_CHECKING:
    from crisisdesk.exercises.records import RunInfo

CHANNELS = ("whatsapp", "x", "news", "email", "hotline")
PERSONAS = (
    "resident",
    "influencer",
    "journalist",
    "rumour",
    "expatriate",
    "leadership",
    "official",
)


def register(sub: Any) -> None:
    ex = sub.add_parser("exercise", help="rehearse a crisis: run an exercise on a drill incident")
    esub = ex.add_subparsers(dest="exercise_command", metavar="ACTION", required=True)
    lst = esub.add_parser("list", help="the bundled exercises and this database's runs")
    add_json_flag(lst)
    lst.set_defaults(handler=run_list)
    val = esub.add_parser(
        "validate", help="check exercise files; every problem at file:line:column"
    )
    val.add_argument("paths", nargs="+", metavar="PATH")
    add_json_flag(val)
    val.set_defaults(handler=run_validate)
    start = esub.add_parser(
        "start", help="open a drill incident from an exercise and start its clock"
    )
    start.add_argument("exercise", help="a bundled exercise id or an exercise file")
    start.add_argument("--speed", type=int, choices=range(1, 11), default=1, metavar="1-10")
    start.add_argument("--title", help="the drill incident's title (default: from the exercise)")
    add_json_flag(start)
    start.set_defaults(handler=run_start)
    for name, text in (
        ("pause", "pause the exercise clock"),
        ("resume", "resume the exercise clock"),
        ("jump", "move the clock to the next inject"),
        ("stop", "end the run (its drill stays for the debrief)"),
    ):
        p = esub.add_parser(name, help=text)
        p.add_argument("run", type=int)
        add_json_flag(p)
        p.set_defaults(handler=run_clock, action=name)
    speed = esub.add_parser("speed", help="run the exercise clock at 1x to 10x")
    speed.add_argument("run", type=int)
    speed.add_argument("speed", type=int, choices=range(1, 11), metavar="1-10")
    add_json_flag(speed)
    speed.set_defaults(handler=run_clock, action="speed")
    inject = esub.add_parser(
        "inject", help="inject what is due now; with --text, add a message of your own now"
    )
    inject.add_argument("run", type=int)
    inject.add_argument("--channel", choices=CHANNELS, default="whatsapp")
    inject.add_argument("--persona", choices=PERSONAS, default="resident")
    inject.add_argument("--text", help="the message to inject now (the trainer's live inject)")
    inject.add_argument("--list", dest="event_list", help="add the exercise's prepared event list")
    add_json_flag(inject)
    inject.set_defaults(handler=run_inject)
    loop = esub.add_parser("run", help="keep injecting on time until the run ends or is stopped")
    loop.add_argument("run", type=int)
    loop.add_argument("--interval", type=float, default=0.5, help="seconds between passes")
    loop.set_defaults(handler=run_loop)
    score = esub.add_parser("score", help="the run against its expectations, per trainee")
    score.add_argument("run", type=int)
    add_json_flag(score)
    score.set_defaults(handler=run_score)
    note = esub.add_parser("note", help="an observer's annotation at the current scenario time")
    note.add_argument("run", type=int)
    note.add_argument("text")
    note.set_defaults(handler=run_note)
    feed = esub.add_parser(
        "feed", help="serve the simulated public feed on 127.0.0.1 until interrupted"
    )
    feed.add_argument("run", type=int)
    feed.add_argument("--port", type=int, default=8765, help="0 picks a free port")
    feed.set_defaults(handler=run_feed)
    replay = esub.add_parser(
        "replay", help="turn a (masked) review bundle into an exercise file to beat the day"
    )
    replay.add_argument("bundle", help="the review bundle's folder")
    replay.add_argument("--out", required=True, help="the exercise file to write")
    replay.set_defaults(handler=run_replay)
    debrief = esub.add_parser(
        "debrief", help="write the debrief (HTML, PDF, JSON; Arabic and English)"
    )
    debrief.add_argument("run", type=int)
    debrief.add_argument("--out", required=True, help="the folder to write it into")
    add_json_flag(debrief)
    debrief.set_defaults(handler=run_debrief)


def _line(run: RunInfo, ctx: CliContext) -> str:
    desk = ctx.desk()
    data = run.to_json(desk.exercises.wall.now())
    return (
        f"run {run.id}: {run.title_en} — incident {run.incident_id} [EXERCISE] "
        f"{run.state} at {run.speed}x, {data['scenario_time']}"
    )


def run_list(ctx: CliContext, args: argparse.Namespace) -> int:
    from crisisdesk.exercises.loader import validate_file
    from crisisdesk.exercises.service import library_files

    bundled = []
    for path in library_files():
        result = validate_file(path)
        e = result.exercise
        bundled.append(
            {
                "id": path.stem,
                "ok": result.ok,
                "title": e.title.to_data() if e else None,
                "playbook": e.playbook if e else None,
                "duration": int(e.duration.total_seconds()) if e else None,
                "messages": sum(i.size for i in e.injects) if e else None,
            }
        )
    desk = ctx.desk()
    runs = desk.exercises.runs()
    wall = desk.exercises.wall.now()
    lines = ["bundled exercises:"]
    lines += [
        f"  {b['id']}: {b['title']['en'] if b['title'] else 'INVALID'} "  # type: ignore[index]
        f"(playbook {b['playbook']}, {b['messages']} scripted messages)"
        for b in bundled
    ]
    lines.append("runs:" if runs else "runs: none")
    lines += ["  " + _line(r, ctx) for r in runs]
    ctx.emit({"bundled": bundled, "runs": [r.to_json(wall) for r in runs]}, "\n".join(lines))
    return 0


def run_validate(ctx: CliContext, args: argparse.Namespace) -> int:
    from crisisdesk.exercises.loader import validate_file

    data: list[dict[str, Any]] = []
    lines: list[str] = []
    ok = True
    for path in args.paths:
        result = validate_file(path)
        ok = ok and result.ok
        e = result.exercise
        data.append(
            {
                "path": result.path,
                "ok": result.ok,
                "problems": [p.to_data() for p in result.problems],
            }
        )
        lines.extend(str(p) for p in result.problems)
        if e is not None:
            lines.append(
                f"{result.path}: ok {e.id}: {len(e.injects)} injects, "
                f"{sum(i.size for i in e.injects)} messages, {len(e.expectations)} expectations"
            )
    ctx.emit(data, "\n".join(lines))
    return 0 if ok else 1


def run_start(ctx: CliContext, args: argparse.Namespace) -> int:
    desk = ctx.desk()
    run = desk.exercises.start(args.exercise, speed=args.speed, title=args.title)
    ctx.emit(run.to_json(desk.exercises.wall.now()), "started " + _line(run, ctx))
    return 0


def run_clock(ctx: CliContext, args: argparse.Namespace) -> int:
    ex = ctx.desk().exercises
    if args.action == "speed":
        run = ex.set_speed(args.run, args.speed)
    else:
        run = getattr(ex, args.action)(args.run)
    ctx.emit(run.to_json(ex.wall.now()), _line(run, ctx))
    return 0


def run_inject(ctx: CliContext, args: argparse.Namespace) -> int:
    ex = ctx.desk().exercises
    if args.event_list is not None:
        ex.add_event_list(args.run, args.event_list)
        report = ex.tick(args.run)
    elif args.text is not None:
        report = ex.inject_live(args.run, args.channel, args.text, persona=args.persona)
    else:
        report = ex.tick(args.run)
    data = report.to_json()
    ctx.emit(
        data,
        f"{data['scenario_time']}: injected {data['injected']}, duplicate {data['duplicate']}, "
        f"rejected {len(report.rejected)}; {data['remaining']} to come"
        + (f", next at {data['next']}" if data["next"] else ""),
    )
    return 0


def run_loop(ctx: CliContext, args: argparse.Namespace) -> int:
    ex = ctx.desk().exercises
    interval = max(0.05, float(args.interval))
    while True:
        report = ex.tick(args.run)
        if report.injected or report.rejected:
            data = report.to_json()
            print(f"{data['scenario_time']}: injected {data['injected']}", flush=True)
        run = ex.get(args.run)
        if run.state == "stopped" or (report.remaining == 0 and report.next_at is None):
            print(f"run {args.run}: nothing left to inject ({run.state})")
            return 0
        time.sleep(ex.wait_hint(args.run, report, longest=interval))


def run_score(ctx: CliContext, args: argparse.Namespace) -> int:
    score = ctx.desk().exercises.score(args.run)
    lines = [f"run {score.run}: {score.met} of {len(score.expectations)} expectations met"]
    for e in score.expectations:
        mark = "MET " if e.met else "MISS"
        if e.share is not None or e.kind == "answered_within_target":
            detail = f"{e.share}% of {e.counted} (wanted {e.wanted}%)"
        else:
            data = e.to_json()
            detail = f"achieved {data['achieved'] or 'never'}, deadline {data['deadline']}"
        lines.append(f"  {mark} {e.id}: {e.title_en} — {detail}")
    for t in score.trainees:
        lines.append(
            f"  {t.name} ({t.role}): {t.actions} actions, {t.replies} replies "
            f"({t.replies_on_time} on time), {t.approvals} approvals"
        )
    lines.append(f"  rule overrides: {score.overrides}; injected {score.injected}, "
                 f"p99 lateness {score.late_p99_ms} ms")  # fmt: skip
    ctx.emit(score.to_json(), "\n".join(lines))
    return 0


def run_debrief(ctx: CliContext, args: argparse.Namespace) -> int:
    paths = ctx.desk().exercises.write_debrief(args.run, args.out)
    ctx.emit([str(p) for p in paths], "\n".join(f"wrote {p}" for p in paths))
    return 0


def run_replay(ctx: CliContext, args: argparse.Namespace) -> int:
    from pathlib import Path

    from crisisdesk.exercises.loader import validate_text
    from crisisdesk.exercises.replay import replay_exercise

    text = replay_exercise(args.bundle)
    result = validate_text(text, args.out)
    if result.exercise is None:  # pragma: no cover - a replay is built to be sound
        for problem in result.problems[:20]:
            print(problem)
        return 1
    Path(args.out).write_text(text, encoding="utf-8")
    e = result.exercise
    print(
        f"wrote {args.out}: {e.id}, {len(e.injects)} messages over {e.duration}, "
        f"{len(e.expectations)} expectations; start it with `crisisdesk exercise start {args.out}`"
    )
    return 0


def run_feed(ctx: CliContext, args: argparse.Namespace) -> int:
    from crisisdesk.exercises.feed_server import FeedServer

    desk = ctx.desk()
    desk.exercises.get(args.run)  # a clear error for an unknown run, before listening
    server = FeedServer(desk.exercises, args.run, args.port).start()
    print(f"the public feed of run {args.run} (EXERCISE): {server.url}", flush=True)
    try:
        while True:
            time.sleep(3600)
    finally:
        server.stop()


def run_note(ctx: CliContext, args: argparse.Namespace) -> int:
    seq = ctx.desk().exercises.note(args.run, args.text)
    print(f"noted (decision {seq})")
    return 0
