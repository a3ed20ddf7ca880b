"""An operator merges clusters that tell one story, or splits off the messages that tell
another. Each is one decision; a split cluster is never merged back automatically.

A merge moves every member of the merged clusters into the one kept, carries over a label,
verification status or counter-statement the kept one lacks, and leaves the others empty
with a pointer to where their members went. A split moves the chosen members to a new
cluster that remembers where it came from (``split_from``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import select, update

from crisisdesk.clock import utc_iso
from crisisdesk.errors import ConflictError, CrisisDeskError, NotFoundError
from crisisdesk.intake.clustering import refresh_clusters
from crisisdesk.log.kinds import Kind
from crisisdesk.storage.models import Cluster, Interaction
from crisisdesk.users.permissions import Action

if TYPE_CHECKING:
    from crisisdesk.kernel import Kernel


def _incident_of(desk: Kernel, cluster_id: int) -> int:
    with desk.db.read() as session:
        incident = session.scalar(select(Cluster.incident_id).where(Cluster.id == cluster_id))
    if incident is None:
        raise NotFoundError(f"no cluster with id {cluster_id}")
    return int(incident)


def merge_clusters(desk: Kernel, into: int, others: Sequence[int]) -> int:
    """Merge ``others`` into ``into``; returns the decision's seq."""
    others = [c for c in dict.fromkeys(others) if c != into]
    if not others:
        raise CrisisDeskError("name at least one other cluster to merge")
    incident = _incident_of(desk, into)
    with desk.transaction(Action.CLUSTER_EDIT, incident_id=incident) as uow:
        session = uow.session
        target = session.get(Cluster, into)
        assert target is not None
        if target.merged_into is not None:
            raise ConflictError(f"cluster {into} was merged into {target.merged_into}")
        moved: dict[int, int] = {}
        for cid in others:
            source = session.get(Cluster, cid)
            if source is None or source.incident_id != incident:
                raise NotFoundError(f"no cluster {cid} in incident {incident}")
            if source.merged_into is not None:
                raise ConflictError(f"cluster {cid} was already merged into {source.merged_into}")
            members = list(
                session.scalars(select(Interaction.id).where(Interaction.cluster_id == cid))
            )
            session.execute(
                update(Interaction).where(Interaction.cluster_id == cid).values(cluster_id=into)
            )
            moved[cid] = len(members)
            if source.label and not target.label:
                target.label = source.label
            if source.status != "unverified" and target.status == "unverified":
                target.status = source.status
            if source.statement_id is not None and target.statement_id is None:
                target.statement_id = source.statement_id
            source.merged_into = into
            source.split_from = None
        # an operator's merge undoes their earlier split: the clusters may meet again
        if target.split_from in moved:
            target.split_from = None
        session.flush()
        refresh_clusters(session.connection(), [into, *others])
        total = sum(moved.values())
        listed = ", ".join(str(c) for c in moved)
        return uow.decide(
            Kind.CLUSTER_MERGED,
            subject=f"cluster:{into}",
            incident_id=incident,
            summary_ar=f"دمج الشائعات {listed} في الشائعة {into} ({total} رسالة)",
            summary_en=f"merged rumour clusters {listed} into {into} ({total} messages)",
            payload={"into": into, "merged": {str(k): v for k, v in moved.items()}},
        )


def split_cluster(desk: Kernel, cluster_id: int, member_ids: Sequence[int]) -> tuple[int, int]:
    """Move ``member_ids`` out of ``cluster_id`` into a new cluster; returns (new id, seq)."""
    members = sorted(set(member_ids))
    if not members:
        raise CrisisDeskError("choose the messages to split off")
    incident = _incident_of(desk, cluster_id)
    with desk.transaction(Action.CLUSTER_EDIT, incident_id=incident) as uow:
        session = uow.session
        source = session.get(Cluster, cluster_id)
        assert source is not None
        current = set(
            session.scalars(select(Interaction.id).where(Interaction.cluster_id == cluster_id))
        )
        strangers = [m for m in members if m not in current]
        if strangers:
            raise NotFoundError(
                f"message {strangers[0]} is not in cluster {cluster_id}; choose its members"
            )
        if len(members) == len(current):
            raise ConflictError("a split leaves at least one message in the cluster")
        first = session.execute(
            select(Interaction.text, Interaction.received_at)
            .where(Interaction.id.in_(members))
            .order_by(Interaction.received_at, Interaction.id)
        ).first()
        assert first is not None
        new = Cluster(
            incident_id=incident,
            status="unverified",
            first_seen=first[1],
            last_seen=first[1],
            size=0,
            sample_text=(first[0] or "")[:2000],
            created_at=utc_iso(desk.clock.now()),
            split_from=cluster_id,
        )
        session.add(new)
        session.flush()
        session.execute(
            update(Interaction).where(Interaction.id.in_(members)).values(cluster_id=new.id)
        )
        session.flush()
        refresh_clusters(session.connection(), [cluster_id, new.id])
        payload: dict[str, Any] = {"from": cluster_id, "into": new.id, "members": members}
        seq = uow.decide(
            Kind.CLUSTER_SPLIT,
            subject=f"cluster:{cluster_id}",
            incident_id=incident,
            summary_ar=(
                f"فصل {len(members)} رسالة من الشائعة {cluster_id} في شائعة جديدة {new.id}"
            ),
            summary_en=(
                f"split {len(members)} messages off rumour cluster {cluster_id} "
                f"into new cluster {new.id}"
            ),
            payload=payload,
        )
        return new.id, seq


__all__ = ["merge_clusters", "split_cluster"]
