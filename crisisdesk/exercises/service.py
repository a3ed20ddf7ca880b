"""`ExerciseService`: start a run on a drill incident, drive its clock, inject, score.

Starting opens the drill incident from the exercise's playbook and the run in one unit of
work. The injector (``tick``) takes every item due by the exercise clock that no laptop has
injected yet, builds it as its channel delivers it, parses it with the real parser and stores
the batch with ONE decision, recording the items in the same transaction (so a repeat, from
a second laptop or after a crash, adds nothing).
"""

from __future__ import annotations

import builtins
import hashlib
import json
import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from crisisdesk.clock import Clock, utc_iso
from crisisdesk.errors import ConflictError, CrisisDeskError, NotFoundError
from crisisdesk.exercises.exercise_clock import ExerciseClock, check_speed, micros
from crisisdesk.exercises.following import follow_incident, follow_run, run_clock, wall_clock
from crisisdesk.exercises.format import INJECT_CHANNELS, PERSONAS, Exercise
from crisisdesk.exercises.loader import ExerciseValidation, validate_file, validate_text
from crisisdesk.exercises.offsets import format_offset
from crisisdesk.exercises.records import RunInfo, TickReport, TimelineEntry, clock_state
from crisisdesk.exercises.schedule import SITUATION, Item, expand
from crisisdesk.log.kinds import Kind
from crisisdesk.storage.exercise_models import ExerciseInject, ExerciseRun
from crisisdesk.users.permissions import Action

if TYPE_CHECKING:
    from crisisdesk.exercises.actions import Note
    from crisisdesk.exercises.actions import RoomAction as Action_
    from crisisdesk.exercises.debrief import Debrief
    from crisisdesk.exercises.public import Event
    from crisisdesk.exercises.scoring import Score
    from crisisdesk.incidents.service import IncidentService
    from crisisdesk.intake.inbox import InboxService
    from crisisdesk.intake.store import IngestReport
    from crisisdesk.kernel import Kernel
    from crisisdesk.playbooks.catalogue import PlaybookCatalogue

LIBRARY = Path(__file__).with_name("library")
MAX_BATCH = 2000  # items per tick: a big wave arrives over several ticks, the room stays live


def library_files() -> list[Path]:
    """The bundled exercise files, by name."""
    return sorted(LIBRARY.glob("*.yaml"))


def find_exercise(ref: str) -> ExerciseValidation:
    """A bundled exercise by id, or the file at ``ref``; its problems when it is not sound."""
    for path in library_files():
        if path.stem == ref:
            return validate_file(path)
    path = Path(ref)
    if path.is_file():
        return validate_file(path)
    known = ", ".join(p.stem for p in library_files()) or "none"
    raise NotFoundError(f"no exercise {ref!r} (bundled: {known}; or give a file path)")


class ExerciseService:
    """Exercise runs of one database, for the trainer's console and the command line."""

    def __init__(
        self,
        desk: Kernel,
        *,
        incidents: IncidentService,
        inbox: InboxService,
        playbooks: PlaybookCatalogue,
    ) -> None:
        self.desk = desk
        self.incidents = incidents
        self.inbox = inbox
        self.playbooks = playbooks
        self._schedules: dict[tuple[int, str], list[Item]] = {}
        self._done: dict[int, tuple[set[str], int]] = {}
        self._exercises: dict[tuple[int, str], Exercise] = {}

    # ------------------------------------------------------------------ reading
    def runs(self) -> list[RunInfo]:
        with self.desk.db.read() as session:
            rows = session.scalars(select(ExerciseRun).order_by(ExerciseRun.id)).all()
            return [RunInfo.from_row(r) for r in rows]

    def get(self, run_id: int) -> RunInfo:
        with self.desk.db.read() as session:
            row = session.get(ExerciseRun, run_id)
            if row is None:
                raise NotFoundError(f"no exercise run {run_id}")
            return RunInfo.from_row(row)

    def for_incident(self, incident_id: int) -> RunInfo | None:
        """The run whose drill ``incident_id`` is, if any."""
        with self.desk.db.read() as session:
            row = session.scalars(
                select(ExerciseRun).where(ExerciseRun.incident_id == incident_id)
            ).first()
            return RunInfo.from_row(row) if row else None

    def exercise(self, run_id: int) -> Exercise:
        """The exercise a run was started from (its stored copy, not today's file)."""
        with self.desk.db.read() as session:
            row = session.get(ExerciseRun, run_id)
            if row is None:
                raise NotFoundError(f"no exercise run {run_id}")
            source, digest = row.source, row.sha256
        cached = self._exercises.get((run_id, digest))
        if cached is not None:
            return cached
        result = validate_text(source, f"run {run_id}")
        if result.exercise is None:
            raise CrisisDeskError(f"run {run_id}: its stored exercise no longer validates")
        self._exercises[(run_id, digest)] = result.exercise
        return result.exercise

    def schedule(self, run_id: int) -> list[Item]:
        """Every item of the run, scenario order (computed once per run and process)."""
        run = self.get(run_id)
        cache_key = (run_id, run.sha256)
        if cache_key not in self._schedules:
            with self.desk.db.read() as session:
                seed = session.scalar(select(ExerciseRun.seed).where(ExerciseRun.id == run_id))
            self._schedules[cache_key] = expand(self.exercise(run_id), str(seed))
        return self._schedules[cache_key]

    @property
    def wall(self) -> Clock:
        """The real clock, also while this desk follows an exercise."""
        return wall_clock(self.desk)

    def prepare(self, run_id: int) -> None:
        """Compute the schedule and build the incident's tagger now, off the clock's path."""
        self.schedule(run_id)
        self.inbox.tagger(self.get(run_id).incident_id)

    def clock(self, run_id: int, *, refresh: float = 0.25) -> ExerciseClock:
        """A clock on the run's shared state (for a desk that follows the exercise)."""
        return run_clock(self.desk, run_id, refresh=refresh)

    def follow(self, run_id: int) -> ExerciseClock:
        """Put this desk on the run's clock: timers, dues and schedules follow the exercise."""
        return follow_run(self.desk, run_id)

    def follow_incident(self, incident_id: int) -> ExerciseClock | None:
        """The desk's clock for ``incident_id``: its run's clock, or the wall clock again."""
        return follow_incident(self.desk, incident_id)

    def actions(self, run_id: int, limit: int = 300) -> builtins.list[Action_]:
        """What the room did in the run, newest first (the injector's own entries left out)."""
        from crisisdesk.exercises.actions import room_actions

        run = self.get(run_id)
        with self.desk.db.read() as session:
            return room_actions(session, run, limit)

    def offset(self, run_id: int) -> timedelta:
        return self.get(run_id).clock.offset(self.wall.now())

    def _done_keys(self, run_id: int) -> set[str]:
        """Keys injected so far by any laptop: read incrementally (rows added since last time)."""
        keys, last = self._done.get(run_id, (set(), 0))
        with self.desk.db.read() as session:
            rows = session.execute(
                select(ExerciseInject.id, ExerciseInject.key).where(
                    ExerciseInject.run_id == run_id, ExerciseInject.id > last
                )
            ).all()
        for row_id, key in rows:
            keys.add(key)
            last = max(last, int(row_id))
        self._done[run_id] = (keys, last)
        return keys

    def wait_hint(self, run_id: int, report: TickReport, *, longest: float = 0.5) -> float:
        """Wall seconds to sleep before the next pass, so the next item goes in on time."""
        run = self.get(run_id)
        if run.state != "running" or report.next_at is None:
            return longest
        scenario = (report.next_at - run.clock.offset(self.wall.now())).total_seconds()
        return max(0.0, min(longest, scenario / run.speed))

    def injected(self, run_id: int) -> dict[str, ExerciseInject]:
        with self.desk.db.read() as session:
            rows = session.scalars(select(ExerciseInject).where(ExerciseInject.run_id == run_id))
            return {r.key: r for r in rows}

    def timeline(self, run_id: int) -> list[TimelineEntry]:
        """The file's injects (and the trainer's live ones) with how much of each went in."""
        exercise = self.exercise(run_id)
        live: list[TimelineEntry] = []
        # counted by the database: the console reads this every few seconds during a wave of
        # thousands of items, in the room's own process
        with self.desk.db.read() as session:
            done: dict[str, int] = {
                inject: int(n)
                for inject, n in session.execute(
                    select(ExerciseInject.inject, func.count(ExerciseInject.id))
                    .where(ExerciseInject.run_id == run_id)
                    .group_by(ExerciseInject.inject)
                )
            }
            rows = session.execute(
                select(
                    ExerciseInject.key,
                    ExerciseInject.due_us,
                    ExerciseInject.channel,
                    ExerciseInject.payload,
                )
                .where(ExerciseInject.run_id == run_id, ExerciseInject.live.is_(True))
                .order_by(ExerciseInject.id)
            ).all()
        for key, due_us, channel, raw in rows:
            payload = json.loads(raw or "{}")
            live.append(
                TimelineEntry(
                    key, timedelta(microseconds=due_us), channel, 1, 1,
                    str(payload.get("text", "")), live=True,
                )
            )  # fmt: skip
        for seq, list_id, start in self.added_lists(run_id):
            chosen = next((e for e in exercise.event_lists if e.id == list_id), None)
            if chosen is not None:
                size = sum(i.size for i in chosen.injects)
                name = f"list-{seq}"
                live.append(
                    TimelineEntry(name, start, "list", size, done.get(name, 0), chosen.title.ar)
                )
        out = []
        for index, inject in enumerate(exercise.injects):
            key = exercise.inject_key(index)
            if hasattr(inject, "rumour"):
                channel, text = "rumour", inject.rumour.seed
            elif hasattr(inject, "situation"):
                channel, text = SITUATION, inject.situation.note.ar
            else:
                channel, text = inject.channel, inject.text
            out.append(TimelineEntry(key, inject.at, channel, inject.size, done.get(key, 0), text))
        return sorted(out + live, key=lambda e: (e.offset, e.key))

    # ------------------------------------------------------------------ starting
    def start(self, ref: str, *, speed: int = 1, title: str | None = None) -> RunInfo:
        """Open a drill incident from the exercise ``ref`` and start its clock at T+0."""
        check_speed(speed)
        validation = find_exercise(ref)
        if validation.exercise is None:
            raise CrisisDeskError("; ".join(str(p) for p in validation.problems[:5]))
        return self.start_validated(validation, speed=speed, title=title)

    def start_validated(
        self, validation: ExerciseValidation, *, speed: int = 1, title: str | None = None
    ) -> RunInfo:
        exercise = validation.exercise
        assert exercise is not None
        from crisisdesk.playbooks import find_playbook

        book = find_playbook(exercise.playbook)
        self.playbooks.require_admitted(book)
        wall = self.wall.now()
        name = title or f"تمرين: {exercise.title.ar}"
        with self.desk.transaction(Action.EXERCISE_RUN) as uow:
            user = self.desk.user
            assert user is not None
            incident = self.incidents.open_in(
                uow, name, exercise.severity, True, book.id, book.to_data(), book.version,
                book.content_hash, exercise.units, wall,
            )  # fmt: skip
            row = ExerciseRun(
                incident_id=incident.id,
                exercise_id=exercise.id,
                title_ar=exercise.title.ar,
                title_en=exercise.title.en,
                source=validation.text,
                sha256=validation.sha256,
                seed=uuid.uuid4().hex,
                state="running",
                speed=speed,
                started_at=utc_iso(wall),
                anchor_wall=utc_iso(wall),
                anchor_offset_us=0,
                started_by=user.name,
            )
            uow.session.add(row)
            uow.session.flush()
            uow.decide(
                Kind.EXERCISE_STARTED,
                subject=f"exercise:{row.id}",
                incident_id=incident.id,
                summary_ar=f"بدء التمرين «{exercise.title.ar}» بسرعة {speed}×",
                summary_en=f"started exercise “{exercise.title.en}” at {speed}×",
                payload={
                    "run": row.id,
                    "exercise": exercise.id,
                    "sha256": row.sha256,
                    "speed": speed,
                    "injects": len(exercise.injects),
                },
            )
            return RunInfo.from_row(row)

    # --------------------------------------------------------------- the clock
    def _change(self, run_id: int, kind: Kind, ar: str, en: str, **change: Any) -> RunInfo:
        with self.desk.db.read() as session:
            incident_id = session.scalar(
                select(ExerciseRun.incident_id).where(ExerciseRun.id == run_id)
            )
        if incident_id is None:
            raise NotFoundError(f"no exercise run {run_id}")
        with self.desk.transaction(Action.EXERCISE_RUN, incident_id=incident_id) as uow:
            row = uow.session.get(ExerciseRun, run_id, with_for_update=True)
            assert row is not None
            if row.state == "stopped":
                raise ConflictError(f"exercise run {run_id} is stopped")
            wall = self.wall.now()
            state = clock_state(row).changed(wall, **change)
            before = (row.state, row.speed)
            row.state = "running" if state.running else "paused"
            row.speed = state.speed
            row.anchor_wall = utc_iso(wall)
            row.anchor_offset_us = micros(state.anchor_offset)
            if (row.state, row.speed) == before and "offset" not in change:
                raise ConflictError(f"exercise run {run_id} is already {row.state} at {row.speed}×")
            at = format_offset(state.anchor_offset)
            uow.decide(
                kind,
                subject=f"exercise:{run_id}",
                incident_id=incident_id,
                summary_ar=f"{ar} عند {at}",
                summary_en=f"{en} at {at}",
                payload={"run": run_id, "speed": row.speed, "state": row.state, "at": at},
            )
            return RunInfo.from_row(row)
        raise AssertionError("unreachable")  # pragma: no cover

    def pause(self, run_id: int) -> RunInfo:
        return self._change(run_id, Kind.EXERCISE_PAUSED, "إيقاف ساعة التمرين مؤقتاً",
                            "paused the exercise clock", running=False)  # fmt: skip

    def resume(self, run_id: int) -> RunInfo:
        return self._change(run_id, Kind.EXERCISE_RESUMED, "استئناف ساعة التمرين",
                            "resumed the exercise clock", running=True)  # fmt: skip

    def set_speed(self, run_id: int, speed: int) -> RunInfo:
        check_speed(speed)
        return self._change(run_id, Kind.EXERCISE_SPEED, f"سرعة التمرين {speed}×",
                            f"exercise speed {speed}×", speed=speed)  # fmt: skip

    def jump(self, run_id: int) -> RunInfo:
        """Move the scenario to the next item not injected yet (nothing is skipped)."""
        now = self.offset(run_id)
        done = self.injected(run_id)
        upcoming = [i.offset for i in self.schedule(run_id) if i.key not in done and i.offset > now]
        if not upcoming:
            raise ConflictError(f"exercise run {run_id} has nothing left to inject")
        return self._change(run_id, Kind.EXERCISE_JUMPED, "الانتقال إلى الحدث التالي",
                            "jumped to the next inject", offset=min(upcoming))  # fmt: skip

    def stop(self, run_id: int) -> RunInfo:
        """End the run: its clock stops for good; the drill stays for the debrief."""
        run = self.get(run_id)
        with self.desk.transaction(Action.EXERCISE_RUN, incident_id=run.incident_id) as uow:
            row = uow.session.get(ExerciseRun, run_id, with_for_update=True)
            assert row is not None
            if row.state == "stopped":
                raise ConflictError(f"exercise run {run_id} is already stopped")
            wall = self.wall.now()
            state = clock_state(row).changed(wall, running=False)
            row.state = "stopped"
            row.anchor_wall = utc_iso(wall)
            row.anchor_offset_us = micros(state.anchor_offset)
            row.stopped_at = utc_iso(state.at(wall))
            at = format_offset(state.anchor_offset)
            uow.decide(
                Kind.EXERCISE_STOPPED,
                subject=f"exercise:{run_id}",
                incident_id=run.incident_id,
                summary_ar=f"إنهاء التمرين عند {at}",
                summary_en=f"stopped the exercise at {at}",
                payload={"run": run_id, "at": at},
            )
            return RunInfo.from_row(row)
        raise AssertionError("unreachable")  # pragma: no cover

    # --------------------------------------------------------------- injecting
    def tick(self, run_id: int, *, limit: int = MAX_BATCH) -> TickReport:
        """Inject every item due by now that is not in yet (at most ``limit``)."""
        self.desk.require(Action.EXERCISE_RUN)
        run = self.get(run_id)
        offset = run.clock.offset(self.wall.now())
        report = TickReport(offset)
        if run.state == "stopped":
            return report
        done = self._done_keys(run_id)
        pending = [i for i in self.schedule(run_id) if i.key not in done]
        pending.extend(self._public_items(run, offset, done))
        pending.extend(i for i in self._list_items(run) if i.key not in done)
        pending.sort(key=lambda i: (i.offset, i.key))
        all_due = [i for i in pending if i.offset <= offset]
        due = all_due[:limit]
        later = [i for i in pending if i.offset > offset]
        report.remaining = len(pending) - len(due)
        if len(all_due) > len(due):
            report.next_at = offset  # more is due already: go on at once
        else:
            report.next_at = later[0].offset if later else None
        if not due:
            return report
        for item in due:
            if item.channel == SITUATION and item.severity is not None:
                self._situation(run, item)
                report.situations += 1
        self._inject(run, due, offset, report)
        return report

    def add_event_list(self, run_id: int, list_id: str) -> int:
        """The trainer adds a prepared event list now; its injects follow from this moment."""
        run = self.get(run_id)
        if run.state == "stopped":
            raise ConflictError(f"exercise run {run_id} is stopped")
        chosen = next((e for e in self.exercise(run_id).event_lists if e.id == list_id), None)
        if chosen is None:
            known = ", ".join(e.id for e in self.exercise(run_id).event_lists) or "none"
            raise NotFoundError(f"no event list {list_id!r} in this exercise (lists: {known})")
        offset = run.clock.offset(self.wall.now())
        at = format_offset(offset)
        with self.desk.transaction(Action.EXERCISE_RUN, incident_id=run.incident_id) as uow:
            return uow.decide(
                Kind.EXERCISE_LIST_ADDED,
                subject=f"exercise:{run_id}",
                incident_id=run.incident_id,
                summary_ar=f"إضافة قائمة الأحداث «{chosen.title.ar}» عند {at}",
                summary_en=f"added the event list “{chosen.title.en}” at {at}",
                payload={"run": run_id, "list": list_id, "at_us": micros(offset)},
            )

    def added_lists(self, run_id: int) -> builtins.list[tuple[int, str, timedelta]]:
        """(decision seq, list id, scenario offset) of every event list added to the run."""
        from crisisdesk.storage.models import Decision

        run = self.get(run_id)
        with self.desk.db.read() as session:
            rows = session.execute(
                select(Decision.seq, Decision.body)
                .where(
                    Decision.incident_id == run.incident_id,
                    Decision.kind == "exercise.list_added",
                )
                .order_by(Decision.seq)
            ).all()
        out = []
        for seq, body in rows:
            payload = json.loads(body).get("payload") or {}
            if payload.get("run") == run_id:
                out.append(
                    (int(seq), str(payload["list"]), timedelta(microseconds=int(payload["at_us"])))
                )
        return out

    def _list_items(self, run: RunInfo) -> list[Item]:
        from crisisdesk.exercises.schedule import expand_list

        added = self.added_lists(run.id)
        if not added:
            return []
        with self.desk.db.read() as session:
            seed = str(session.scalar(select(ExerciseRun.seed).where(ExerciseRun.id == run.id)))
        exercise = self.exercise(run.id)
        items: list[Item] = []
        for seq, list_id, start in added:
            items.extend(expand_list(exercise, list_id, seed, f"list-{seq}-", start))
        return items

    def _public_items(self, run: RunInfo, offset: timedelta, done: set[str]) -> list[Item]:
        """The simulated public's posts due by ``offset`` and not in yet (none without one)."""
        from crisisdesk.exercises.public import PUBLIC, marks, posts_at

        spec = self.exercise(run.id).public
        if spec is None:
            return []
        due = [
            m
            for m in marks(spec, offset)
            if not any(k.startswith(f"{PUBLIC}#{int(m.total_seconds() // 60):04d}#") for k in done)
        ]
        if not due:
            return []
        with self.desk.db.read() as session:
            seed = str(session.scalar(select(ExerciseRun.seed).where(ExerciseRun.id == run.id)))
        events = self.public_events(run.id, offset)
        items: list[Item] = []
        for mark in due:
            items.extend(i for i in posts_at(spec, seed, mark, events) if i.key not in done)
        return items

    def public_events(self, run_id: int, now: timedelta | None = None) -> builtins.list[Event]:
        """What the room did that the public reacts to, at scenario offsets."""
        from crisisdesk.exercises.public_events import room_events

        run = self.get(run_id)
        upto = now if now is not None else run.clock.offset(self.wall.now())
        with self.desk.db.read() as session:
            return room_events(session, run, self.exercise(run_id), self.schedule(run_id), upto)

    def _situation(self, run: RunInfo, item: Item) -> None:
        assert item.severity is not None
        incident = self.incidents.get(run.incident_id)
        if incident.severity != item.severity:
            self.incidents.set_severity(
                run.incident_id, item.severity, f"{item.note_en or item.text} (exercise)"
            )

    def _inject(
        self, run: RunInfo, items: Sequence[Item], offset: timedelta, report: TickReport
    ) -> None:
        from crisisdesk.exercises.channel_input import parse_items

        start = run.started_at
        result = parse_items(str(run.id), [(i, start + i.offset) for i in items])
        now_us = micros(offset)
        now_text = utc_iso(start + offset)
        rows = [
            {
                "run_id": run.id,
                "key": i.key,
                "inject": i.inject,
                "channel": i.channel,
                "due_us": micros(i.offset),
                "injected_us": now_us,
                "injected_at": now_text,
                "live": i.inject.startswith("live-"),
                "payload": json.dumps({"text": i.text, "channel": i.channel}, ensure_ascii=False)
                if i.inject.startswith("live-")
                else None,
            }
            for i in items
        ]

        def record(session: Session, ingest: IngestReport) -> None:
            known = set(
                session.scalars(
                    select(ExerciseInject.key).where(
                        ExerciseInject.run_id == run.id,
                        ExerciseInject.key.in_([r["key"] for r in rows]),
                    )
                )
            )
            fresh = [r for r in rows if r["key"] not in known]
            for part in range(0, len(fresh), 500):
                session.execute(insert(ExerciseInject), fresh[part : part + 500])

        digest = hashlib.sha256("\n".join(i.key for i in items).encode()).hexdigest()
        ingest = self.inbox.ingest(
            run.incident_id,
            result,
            source=f"exercise run {run.id}",
            format="exercise",
            sha256=digest,
            action=Action.EXERCISE_RUN,
            kind=Kind.INTAKE_EXERCISE_INJECTED,
            extra={"run": run.id, "scenario_time": format_offset(offset), "items": len(items)},
            also=record,
        )
        report.injected += ingest.new
        report.duplicate += ingest.duplicate
        report.rejected.extend(str(r) for r in ingest.rejected)
        report.late_us.extend(now_us - micros(i.offset) for i in items)

    def inject_live(
        self, run_id: int, channel: str, text: str, *, persona: str = "resident"
    ) -> TickReport:
        """The trainer adds an inject now, on top of the timeline."""
        if channel not in INJECT_CHANNELS:
            raise CrisisDeskError(
                f"unknown channel {channel!r}; expected {', '.join(INJECT_CHANNELS)}"
            )
        if persona not in PERSONAS:
            raise CrisisDeskError(f"unknown persona {persona!r}; expected {', '.join(PERSONAS)}")
        if not text.strip():
            raise CrisisDeskError("a live inject needs its text")
        self.desk.require(Action.EXERCISE_RUN)
        run = self.get(run_id)
        if run.state == "stopped":
            raise ConflictError(f"exercise run {run_id} is stopped")
        import random

        from crisisdesk.exercises.personas import sender

        offset = run.clock.offset(self.wall.now())
        key = f"live-{uuid.uuid4().hex[:10]}"
        who = sender(persona, channel, random.Random(key))
        item = Item(key, offset, key, channel, persona, who.name, who.handle, text.strip()[:4000])
        report = TickReport(offset)
        self._inject(run, [item], offset, report)
        return report

    def note(self, run_id: int, text: str) -> int:
        """An observer's (or the trainer's) annotation at the current scenario time."""
        text = " ".join(text.split())
        if not text:
            raise CrisisDeskError("an annotation needs its text")
        if len(text) > 2000:
            raise CrisisDeskError("an annotation is at most 2,000 characters")
        run = self.get(run_id)
        at = format_offset(run.clock.offset(self.wall.now()))
        with self.desk.transaction(Action.EXERCISE_NOTE, incident_id=run.incident_id) as uow:
            return uow.decide(
                Kind.EXERCISE_NOTED,
                subject=f"exercise:{run_id}",
                incident_id=run.incident_id,
                summary_ar=f"ملاحظة مراقب عند {at}: {text}",
                summary_en=f"observer's note at {at}: {text}",
                payload={"run": run_id, "at": at, "text": text},
            )

    def notes(self, run_id: int) -> builtins.list[Note]:
        """The annotations of a run, oldest first."""
        from crisisdesk.exercises.actions import run_notes

        run = self.get(run_id)
        with self.desk.db.read() as session:
            return run_notes(session, run)

    def injected_count(self, run_id: int) -> int:
        with self.desk.db.read() as session:
            return int(
                session.scalar(
                    select(func.count())
                    .select_from(ExerciseInject)
                    .where(ExerciseInject.run_id == run_id)
                )
                or 0
            )

    def score(self, run_id: int) -> Score:
        """The run scored against its expectations as it stands now."""
        return _score(self, run_id)

    def debrief(self, run_id: int) -> Debrief:
        """The run's debrief: score, injects and actions side by side, what to practise."""
        from crisisdesk.exercises.debrief import build_debrief

        run = self.get(run_id)
        actions = self.actions(run_id, limit=5000)
        ended = run.clock.offset(self.wall.now())
        debrief = build_debrief(run, self.score(run_id), self.timeline(run_id), actions, ended)
        debrief.notes = self.notes(run_id)
        return debrief

    def write_debrief(self, run_id: int, folder: str | Path) -> builtins.list[Path]:
        """``debrief.html``, ``debrief.pdf`` and ``debrief.json`` of the run into ``folder``."""
        from crisisdesk import __version__
        from crisisdesk.exercises.debrief_html import render_debrief_html
        from crisisdesk.exercises.debrief_pdf import render_debrief_pdf

        self.desk.require(Action.EXPORT_RUN)
        debrief = self.debrief(run_id)
        out = Path(folder)
        out.mkdir(parents=True, exist_ok=True)
        html = out / "debrief.html"
        html.write_text(
            render_debrief_html(debrief, generator=f"CrisisDesk {__version__}"), encoding="utf-8"
        )
        pdf = out / "debrief.pdf"
        render_debrief_pdf(debrief, pdf)
        data = out / "debrief.json"
        data.write_text(
            json.dumps({**debrief.to_json(), "mark": "EXERCISE"}, ensure_ascii=False, indent=2),
            encoding="utf-8",
        )
        return [html, pdf, data]

    def lateness(self, run_id: int) -> builtins.list[int]:
        """Per injected item of the timeline: microseconds between due and injected."""
        with self.desk.db.read() as session:
            rows = session.execute(
                select(ExerciseInject.due_us, ExerciseInject.injected_us).where(
                    ExerciseInject.run_id == run_id, ExerciseInject.live.is_(False)
                )
            ).all()
        return [int(injected - due) for due, injected in rows]


def _score(service: ExerciseService, run_id: int) -> Score:
    from crisisdesk.exercises.scoring import score_run

    run = service.get(run_id)
    exercise = service.exercise(run_id)
    items = service.schedule(run_id)
    now = run.clock.offset(service.wall.now())
    with service.desk.db.read() as session:
        return score_run(session, run, exercise, items, now)


def scenario_time(run: RunInfo, when: datetime) -> timedelta:
    """``when`` (exercise time) as an offset from the run's T+0."""
    return when - run.started_at


__all__ = ["ExerciseService", "find_exercise", "library_files", "scenario_time"]
