"""``desk.inbox``: the one door to public interactions for the screen and the command line.

Listing is built for a million rows: ``ids(filters)`` returns ordered ids only (newest first),
``count(filters)`` the total, and ``rows(ids)`` fetches just the rows a view is showing, with
the text cut to a preview. The detail of one interaction carries the full original text and
the highlight spans of the current search.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from datetime import datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement, Select, TextClause, and_, false, func, or_, select
from sqlalchemy.orm import Session

from crisisdesk.clock import utc_iso
from crisisdesk.errors import CrisisDeskError, NotFoundError
from crisisdesk.intake.rows import (
    OPEN_STATUSES,
    PREVIEW_CHARS,
    EventInfo,
    InboxFilters,
    InteractionDetail,
    InteractionRow,
    ReplyInfo,
    loads,
    when,
)
from crisisdesk.intake.search import (
    WALK_THRESHOLD,
    fts5_count,
    highlight_spans,
    search_condition,
)
from crisisdesk.intake.store import IngestReport, store_messages
from crisisdesk.intake.tagging import Tagger
from crisisdesk.log.kinds import Kind
from crisisdesk.storage.models import (
    Incident,
    Interaction,
    InteractionEvent,
    InteractionRoute,
    OrgUnit,
    Reply,
)
from crisisdesk.users.permissions import Action

if TYPE_CHECKING:
    from crisisdesk.incidents.service import IncidentService
    from crisisdesk.intake.clusters import ClusterService
    from crisisdesk.intake.connector_status import ConnectorService
    from crisisdesk.intake.overdue_rank import OverdueItem
    from crisisdesk.intake.parsers.base import ParseResult
    from crisisdesk.intake.quarantine import QuarantineService
    from crisisdesk.intake.replies import ReplyService
    from crisisdesk.intake.streaming import Progress
    from crisisdesk.intake.triage import TriageService
    from crisisdesk.intake.triage_settings import TriageSettings
    from crisisdesk.kernel import Kernel
    from crisisdesk.network.service import NetworkService

_ROW_COLUMNS = (
    Interaction.id,
    Interaction.channel,
    Interaction.external_id,
    Interaction.author_handle,
    Interaction.author_name,
    Interaction.received_at,
    func.substr(Interaction.text, 1, PREVIEW_CHARS),
    Interaction.language,
    Interaction.category,
    Interaction.priority,
    Interaction.status,
    Interaction.assignee,
    Interaction.assignee_unit,
    Interaction.response_due,
    Interaction.overdue,
    Interaction.cluster_id,
    Interaction.edited_text.is_not(None),
    Interaction.deleted,
    Interaction.flags,
    Interaction.version,
    Interaction.changed_by,
)


def _row(values: Sequence[Any]) -> InteractionRow:
    received = when(values[5])
    assert received is not None
    return InteractionRow(
        id=values[0],
        channel=values[1],
        external_id=values[2],
        author_handle=values[3],
        author_name=values[4],
        received_at=received,
        text=values[6] or "",
        language=values[7],
        category=values[8],
        priority=values[9],
        status=values[10],
        assignee=values[11],
        assignee_unit=values[12],
        response_due=when(values[13]),
        overdue=bool(values[14]),
        cluster_id=values[15],
        edited=bool(values[16]),
        deleted=bool(values[17]),
        flags=loads(values[18], {}),
        version=int(values[19] or 0),
        changed_by=values[20],
    )


class InboxService:
    def __init__(
        self, desk: Kernel, *, incidents: IncidentService, network: NetworkService
    ) -> None:
        self.desk = desk
        self.incidents = incidents
        self.network = network  # unit scope: who may triage or answer a routed message
        self._taggers: dict[tuple[int, str | None, object], Tagger] = {}

    # ------------------------------------------------------------ sub-services
    @cached_property
    def triage(self) -> TriageService:
        from crisisdesk.intake.triage import TriageService

        return TriageService(self.desk, self)

    @cached_property
    def clusters(self) -> ClusterService:
        from crisisdesk.intake.clusters import ClusterService

        return ClusterService(self.desk)

    @cached_property
    def replies(self) -> ReplyService:
        from crisisdesk.intake.replies import ReplyService

        return ReplyService(self.desk, self)

    @cached_property
    def quarantine(self) -> QuarantineService:
        from crisisdesk.intake.quarantine import QuarantineService

        return QuarantineService(self.desk, self)

    @cached_property
    def connectors(self) -> ConnectorService:
        from crisisdesk.intake.connector_status import ConnectorService

        return ConnectorService(self.desk)

    # ---------------------------------------------------------------- playbook
    def tagger(self, incident_id: int) -> Tagger:
        """The watch-word tagger of the incident's playbook snapshot and the room's triage
        settings (cached per playbook hash and settings)."""
        from crisisdesk.intake.triage_settings import load_settings

        info = self.incidents.get(incident_id)
        return self.tagger_of(incident_id, info.playbook_hash, load_settings(self.desk))

    def tagger_of(
        self, incident_id: int, playbook_hash: str | None, settings: TriageSettings
    ) -> Tagger:
        """The tagger for what the caller already read (the playbook hash and settings), so
        a triage keystroke reads them in the query it makes anyway."""
        key = (incident_id, playbook_hash, settings)
        tagger = self._taggers.get(key)
        if tagger is None:
            tagger = Tagger(
                self.incidents.playbook(incident_id),
                room_default=settings.within,
                sources=settings.sources,
            )
            self._taggers[key] = tagger
        return tagger

    # ------------------------------------------------------------------ ingest
    def ingest_files(
        self,
        incident_id: int,
        format: str,
        paths: Sequence[str | Path],
        *,
        tz: str | None = None,
        progress: Callable[[Progress], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> list[IngestReport]:
        """Parse and store each file; one ``intake.imported`` decision per file."""
        # The parsers (feedparser, the mail and CSV readers) load on first use, not with the
        # inbox screen.
        from crisisdesk.intake.parsers import parse_file
        from crisisdesk.intake.streaming import STREAMED_FORMATS, is_json_lines, stream_import

        self.desk.require(Action.INTERACTION_INGEST, incident_id=incident_id)
        reports = []
        for path in paths:
            target = Path(path)
            if format in STREAMED_FORMATS and target.is_file() and is_json_lines(target):
                # read as a stream, committed in batches, resumable after a kill
                reports.append(
                    stream_import(
                        self, incident_id, format, target, progress=progress,
                        cancelled=cancelled,
                    )
                )  # fmt: skip
                continue
            result = parse_file(format, path, tz=tz)
            digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
            reports.append(
                self.ingest(incident_id, result, source=str(path), format=format, sha256=digest)
            )
        return reports

    def ingest(
        self,
        incident_id: int,
        result: ParseResult,
        *,
        source: str,
        format: str,
        sha256: str | None = None,
        action: Action = Action.INTERACTION_INGEST,
        kind: Kind = Kind.INTAKE_IMPORTED,
        extra: dict[str, Any] | None = None,
        also: Callable[[Session, IngestReport], None] | None = None,
    ) -> IngestReport:
        """Store one parsed batch idempotently and record ONE decision for it.

        ``also`` runs in the same transaction (a webhook marks its bodies processed, a poll
        stores its cursor), so the batch and its bookkeeping commit together or not at all.
        """
        from crisisdesk.intake.admission import admit
        from crisisdesk.intake.quarantine import set_aside

        tagger = self.tagger(incident_id)
        now = self.desk.clock.now()
        admit(result, now)
        report = IngestReport(source=source, format=format, sha256=sha256)
        report.rejected.extend(result.rejected)
        report.warnings.extend(result.warnings)
        # The writer lock is taken only for the append at the end: a long import does not
        # hold up the other laptops' decisions while it stores its rows.
        with self.desk.transaction(action, incident_id=incident_id, late_lock=True) as uow:
            incident = uow.session.get(Incident, incident_id)
            if incident is None:
                raise NotFoundError(f"no incident with id {incident_id}")
            store_messages(
                uow.session,
                incident_id,
                result.messages,
                report,
                tagger=tagger,
                now=now,
            )
            report.set_aside = set_aside(
                uow.session, incident_id, format, source, report.rejected, now
            )
            if also is not None:
                also(uow.session, report)
            c = report.counts()
            report.decision_seq = uow.decide(
                kind,
                subject=f"incident:{incident_id}",
                incident_id=incident_id,
                summary_ar=(
                    f"استيراد {format} من {Path(source).name}: {c['new']} جديدة، "
                    f"{c['duplicate']} مكررة، {c['rejected']} مرفوضة"
                ),
                summary_en=(
                    f"imported {format} from {Path(source).name}: {c['new']} new, "
                    f"{c['duplicate']} duplicate, {c['rejected']} rejected"
                ),
                payload={
                    "source": source,
                    "format": format,
                    "sha256": sha256,
                    "counts": c,
                    "rejected": [str(r) for r in report.rejected[:50]],
                    **(
                        {"clusters_merged": [list(m) for m in report.merged[:50]]}
                        if report.merged
                        else {}
                    ),
                    **(extra or {}),
                },
            )
        return report

    def add_hotline(
        self,
        incident_id: int,
        *,
        text: str,
        caller: str | None = None,
        phone: str | None = None,
        location: str | None = None,
        category: str | None = None,
        entry_id: str | None = None,
    ) -> int:
        """A call-taker's entry; returns the interaction id (the same id when saved twice)."""
        from crisisdesk.intake.parsers.base import ParseResult
        from crisisdesk.intake.parsers.hotline import hotline_entry

        user = self.desk.user
        try:
            message = hotline_entry(
                text=text,
                received_at=self.desk.clock.now(),
                caller=caller,
                phone=phone,
                location=location,
                category=category,
                taken_by=user.name if user else None,
                entry_id=entry_id,
            )
        except ValueError as exc:
            raise CrisisDeskError(str(exc)) from exc
        result = ParseResult(messages=[message])
        self.ingest(incident_id, result, source="hotline form", format="hotline")
        with self.desk.db.read() as session:
            found = session.scalar(
                select(Interaction.id).where(
                    Interaction.channel == message.channel,
                    Interaction.external_id == message.external_id,
                )
            )
        assert found is not None
        return found

    # ----------------------------------------------------------------- listing
    def _where(
        self, stmt: Select[Any], filters: InboxFilters, now: datetime, *, walk: bool = False
    ) -> Select[Any]:
        conditions: list[ColumnElement[bool] | TextClause] = [
            Interaction.incident_id == filters.incident_id
        ]
        if filters.channel:
            conditions.append(Interaction.channel == filters.channel)
        if filters.category:
            if filters.category == "-":
                conditions.append(Interaction.category.is_(None))
            else:
                conditions.append(Interaction.category == filters.category)
        if filters.status:
            conditions.append(Interaction.status == filters.status)
        if filters.priority:
            conditions.append(Interaction.priority == filters.priority)
        if filters.assignee:
            if filters.assignee == "-":
                conditions.append(
                    and_(Interaction.assignee.is_(None), Interaction.assignee_unit.is_(None))
                )
            else:
                conditions.append(
                    or_(
                        Interaction.assignee == filters.assignee,
                        Interaction.assignee_unit == filters.assignee,
                    )
                )
        if filters.cluster_id is not None:
            conditions.append(Interaction.cluster_id == filters.cluster_id)
        if filters.unit:  # routed to this network unit (see crisisdesk.network)
            conditions.append(
                Interaction.id.in_(
                    select(InteractionRoute.interaction_id)
                    .join(OrgUnit, OrgUnit.id == InteractionRoute.unit_id)
                    .where(OrgUnit.code == filters.unit)
                )
            )
        if filters.overdue is not None:
            late = or_(
                Interaction.overdue.is_(True),
                and_(
                    Interaction.response_due < utc_iso(now),
                    Interaction.status.in_(OPEN_STATUSES),
                ),
            )
            conditions.append(late if filters.overdue else ~late)
        if filters.search:
            condition = search_condition(
                self.desk.db.dialect, filters.search, filters.incident_id, walk=walk
            )
            if condition is not None:
                conditions.append(condition)
            elif filters.search.strip():
                # punctuation only (؟؟, *, ـــ): no word to look for matches nothing; it must
                # not show the whole inbox as if every message matched
                conditions.append(false())
        return stmt.where(*conditions)

    def _only_search(self, filters: InboxFilters) -> bool:
        """SQLite and a search with no other filter: the FTS index answers by itself."""
        plain = InboxFilters(filters.incident_id, search=filters.search)
        return self.desk.db.dialect == "sqlite" and bool(filters.search) and filters == plain

    def ids(
        self,
        filters: InboxFilters,
        *,
        offset: int = 0,
        limit: int | None = None,
        total: int | None = None,
    ) -> list[int]:
        """Matching interaction ids, newest first.

        Given the ``total`` (the view knows it), a page in the older half is read from the
        oldest end and reversed, so no page skips more than half the rows."""
        with self.desk.db.read() as session:
            walk = False
            if filters.search and self.desk.db.dialect == "sqlite":
                walk = fts5_count(session, filters.search, filters.incident_id) > WALK_THRESHOLD
            stmt = self._where(select(Interaction.id), filters, self.desk.clock.now(), walk=walk)
            if total is not None and limit is not None and offset > total // 2:
                end = min(total, offset + limit)
                stmt = stmt.order_by(Interaction.received_at.asc(), Interaction.id.asc())
                stmt = stmt.offset(total - end).limit(max(0, end - offset))
                return list(reversed(list(session.scalars(stmt))))
            stmt = stmt.order_by(Interaction.received_at.desc(), Interaction.id.desc())
            if offset:
                stmt = stmt.offset(offset)
            if limit is not None:
                stmt = stmt.limit(limit)
            return list(session.scalars(stmt))

    def count(self, filters: InboxFilters) -> int:
        with self.desk.db.read() as session:
            if self._only_search(filters):
                assert filters.search is not None
                return fts5_count(session, filters.search, filters.incident_id)
            stmt = self._where(select(func.count(Interaction.id)), filters, self.desk.clock.now())
            return int(session.scalar(stmt) or 0)

    def rows(self, ids: Sequence[int]) -> list[InteractionRow]:
        """The rows of ``ids`` in the same order (ids that no longer exist are skipped)."""
        found: dict[int, InteractionRow] = {}
        with self.desk.db.read() as session:
            for start in range(0, len(ids), 500):
                part = list(ids[start : start + 500])
                for values in session.execute(
                    select(*_ROW_COLUMNS).where(Interaction.id.in_(part))
                ):
                    row = _row(tuple(values))
                    found[row.id] = row
        return [found[i] for i in ids if i in found]

    def detail(self, interaction_id: int, search: str | None = None) -> InteractionDetail:
        with self.desk.db.read() as session:
            values = session.execute(
                select(*_ROW_COLUMNS).where(Interaction.id == interaction_id)
            ).first()
            full = session.get(Interaction, interaction_id)
            if values is None or full is None:
                raise NotFoundError(f"no interaction with id {interaction_id}")
            events = [
                EventInfo(
                    e.kind,
                    e.external_id,
                    when(e.received_at) or self.desk.clock.now(),
                    e.text,
                    loads(e.flags, {}),
                )
                for e in session.scalars(
                    select(InteractionEvent)
                    .where(InteractionEvent.interaction_id == interaction_id)
                    .order_by(InteractionEvent.received_at, InteractionEvent.id)
                )
            ]
            replies = [
                ReplyInfo(
                    r.id,
                    r.text,
                    r.channel,
                    r.mode,
                    when(r.sent_at) or self.desk.clock.now(),
                    r.sent_by,
                    r.result,
                    r.external_id,
                    r.error,
                    r.template_id,
                )
                for r in session.scalars(
                    select(Reply).where(Reply.interaction_id == interaction_id).order_by(Reply.id)
                )
            ]
            return InteractionDetail(
                row=_row(tuple(values)),
                text=full.text,
                edited_text=full.edited_text,
                raw=full.raw,
                location=loads(full.location, None),
                media=loads(full.media, []),
                reply_address=loads(full.reply_address, None),
                first_response_at=when(full.first_response_at),
                events=events,
                replies=replies,
                highlights=highlight_spans(full.text, search) if search else [],
                triage={
                    "source_kind": full.source_kind,
                    "tag_rule": full.tag_rule,
                    "due_rule": full.due_rule,
                    "needs_answer": bool(full.needs_answer),
                    "tone": full.tone,
                    "emotion": full.emotion,
                },
            )

    def channels(self, incident_id: int) -> list[str]:
        with self.desk.db.read() as session:
            return list(
                session.scalars(
                    select(Interaction.channel)
                    .where(Interaction.incident_id == incident_id)
                    .distinct()
                    .order_by(Interaction.channel)
                )
            )

    # ------------------------------------------------------------ shortcuts
    def set_triage(self, interaction_id: int, **changes: Any) -> int:
        """``triage.apply`` (kept here so callers need only ``desk.inbox``)."""
        return self.triage.apply(interaction_id, **changes)

    def overdue(self, incident_id: int, *, limit: int | None = 200) -> list[OverdueItem]:
        """Open messages past their due, most urgent first (`crisisdesk.intake.overdue_rank`)."""
        from crisisdesk.intake.overdue_rank import ranked_overdue

        with self.desk.db.read() as session:
            return ranked_overdue(session, incident_id, self.desk.clock.now(), limit=limit)

    def flag_overdue(self, incident_id: int | None = None) -> int:
        from crisisdesk.intake.overdue import flag_overdue

        return flag_overdue(self.desk, incident_id)


__all__ = ["InboxFilters", "InboxService", "InteractionRow"]
