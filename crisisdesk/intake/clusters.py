"""The rumour register: clusters of near-duplicate messages, their growth and verification.

Grouping itself happens at ingest (``store``); this service lists clusters with their size and
growth rate (messages in the last hour) and records the label, the verification status and
the counter-statement link — each change a decision.
"""

from __future__ import annotations

import builtins
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select

from crisisdesk.clock import parse_utc, utc_iso
from crisisdesk.compare_and_set import bump, guard
from crisisdesk.errors import ConflictError, CrisisDeskError, NotFoundError
from crisisdesk.intake.rows import VERIFICATION
from crisisdesk.log.kinds import Kind
from crisisdesk.storage.models import Cluster, Interaction, Statement
from crisisdesk.users.permissions import Action

if TYPE_CHECKING:
    from crisisdesk.kernel import Kernel

STATUS_AR = {
    "unverified": "غير متحقق منها",
    "false": "كاذبة",
    "true": "صحيحة",
    "addressed": "تم الرد عليها",
}


@dataclass(frozen=True, slots=True)
class ClusterInfo:
    id: int
    incident_id: int
    label: str | None
    status: str
    statement_id: int | None
    first_seen: datetime
    last_seen: datetime
    size: int
    last_hour: int
    sample_text: str
    version: int = 0  # what a change sent from a view of this cluster carries
    changed_by: str | None = None

    @property
    def growth_per_hour(self) -> float:
        """Messages per hour over the last hour (the spread right now)."""
        return float(self.last_hour)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "incident_id": self.incident_id,
            "label": self.label,
            "status": self.status,
            "statement_id": self.statement_id,
            "first_seen": utc_iso(self.first_seen),
            "last_seen": utc_iso(self.last_seen),
            "size": self.size,
            "growth_per_hour": self.growth_per_hour,
            "sample_text": self.sample_text,
            "version": self.version,
            "changed_by": self.changed_by,
        }


class ClusterService:
    def __init__(self, desk: Kernel) -> None:
        self.desk = desk

    def list(self, incident_id: int, *, min_size: int = 2) -> list[ClusterInfo]:
        """Clusters of the incident, the fastest-growing and largest first."""
        since = utc_iso(self.desk.clock.now() - timedelta(hours=1))
        with self.desk.db.read() as session:
            recent = dict(
                session.execute(
                    select(Interaction.cluster_id, func.count(Interaction.id))
                    .where(
                        Interaction.incident_id == incident_id,
                        Interaction.cluster_id.is_not(None),
                        Interaction.received_at >= since,
                    )
                    .group_by(Interaction.cluster_id)
                ).all()
            )
            rows = session.scalars(
                select(Cluster).where(
                    Cluster.incident_id == incident_id,
                    Cluster.size >= min_size,
                    Cluster.merged_into.is_(None),
                )
            ).all()
            out = [self._info(r, int(recent.get(r.id, 0))) for r in rows]
        out.sort(key=lambda c: (-c.last_hour, -c.size, c.id))
        return out

    def get(self, cluster_id: int) -> ClusterInfo:
        since = utc_iso(self.desk.clock.now() - timedelta(hours=1))
        with self.desk.db.read() as session:
            row = session.get(Cluster, cluster_id)
            if row is None:
                raise NotFoundError(f"no cluster with id {cluster_id}")
            recent = session.scalar(
                select(func.count(Interaction.id)).where(
                    Interaction.cluster_id == cluster_id, Interaction.received_at >= since
                )
            )
            return self._info(row, int(recent or 0))

    @staticmethod
    def _info(row: Cluster, last_hour: int) -> ClusterInfo:
        return ClusterInfo(
            id=row.id,
            incident_id=row.incident_id,
            label=row.label,
            status=row.status,
            statement_id=row.statement_id,
            first_seen=parse_utc(row.first_seen),
            last_seen=parse_utc(row.last_seen),
            size=row.size,
            last_hour=last_hour,
            sample_text=row.sample_text or "",
            version=int(row.version or 0),
            changed_by=row.changed_by,
        )

    def update(
        self,
        cluster_id: int,
        *,
        label: str | None = None,
        status: str | None = None,
        statement_id: int | None = None,
        seen: int | None = None,
        force: bool = False,
    ) -> int:
        """Set label, verification status and/or counter-statement; one decision.

        ``seen`` is the cluster version the user saw: a change based on an older one is
        refused (`StaleError`) with who changed it and what it is now, unless ``force``."""
        if status is not None and status not in VERIFICATION:
            raise CrisisDeskError(f"unknown status {status!r}; expected {', '.join(VERIFICATION)}")
        with self.desk.db.read() as session:
            incident_id = session.scalar(
                select(Cluster.incident_id).where(Cluster.id == cluster_id)
            )
        if incident_id is None:
            raise NotFoundError(f"no cluster with id {cluster_id}")
        with self.desk.transaction(Action.CLUSTER_EDIT, incident_id=incident_id) as uow:
            row = uow.session.get(Cluster, cluster_id, with_for_update=True, populate_existing=True)
            assert row is not None
            me = self.desk.user.name if self.desk.user else None
            current = row
            overrode = guard(
                row,
                what=f"cluster {cluster_id}",
                seen=seen,
                force=force,
                me=me,
                now=lambda: f"label {current.label or '-'}, status {current.status}",
                hint=" (apply it anyway with --force)",
            )
            if statement_id is not None:
                statement = uow.session.get(Statement, statement_id)
                if statement is None or statement.incident_id != incident_id:
                    raise NotFoundError(
                        f"no statement {statement_id} in incident {incident_id} to link"
                    )
            changes: dict[str, list[Any]] = {}
            for name, value in (
                ("label", label),
                ("status", status),
                ("statement_id", statement_id),
            ):
                if value is not None and getattr(row, name) != value:
                    changes[name] = [getattr(row, name), value]
                    setattr(row, name, value)
            if not changes:
                raise ConflictError(f"cluster {cluster_id} already has those values")
            en = ", ".join(f"{k} {v[0] or '-'} → {v[1]}" for k, v in changes.items())
            ar_parts = []
            if "label" in changes:
                ar_parts.append(f"الوصف «{changes['label'][1]}»")
            if "status" in changes:
                ar_parts.append(f"الحالة {STATUS_AR.get(str(changes['status'][1]), '')}")
            if "statement_id" in changes:
                ar_parts.append(f"ربط بالبيان رقم {changes['statement_id'][1]}")
            return uow.decide(
                Kind.CLUSTER_UPDATED,
                subject=f"cluster:{cluster_id}",
                incident_id=incident_id,
                summary_ar=f"تحديث الشائعة {cluster_id}: " + "، ".join(ar_parts),
                summary_en=f"updated rumour cluster {cluster_id}: {en}",
                payload={
                    "changes": changes,
                    "version": bump(row, me, utc_iso(self.desk.clock.now())),
                    **({"overrode": overrode} if overrode else {}),
                },
            )

    def merge(self, into: int, others: builtins.list[int]) -> int:
        """Merge clusters by hand (`crisisdesk.intake.cluster_edits`); one decision."""
        from crisisdesk.intake.cluster_edits import merge_clusters

        return merge_clusters(self.desk, into, others)

    def split(self, cluster_id: int, member_ids: builtins.list[int]) -> tuple[int, int]:
        """Split messages off into a new cluster; returns (new cluster id, decision seq)."""
        from crisisdesk.intake.cluster_edits import split_cluster

        return split_cluster(self.desk, cluster_id, member_ids)

    def member_ids(self, cluster_id: int) -> builtins.list[int]:
        with self.desk.db.read() as session:
            return list(
                session.scalars(
                    select(Interaction.id)
                    .where(Interaction.cluster_id == cluster_id)
                    .order_by(Interaction.received_at, Interaction.id)
                )
            )


__all__ = ["ClusterInfo", "ClusterService"]
