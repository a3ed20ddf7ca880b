"""Operators merge clusters that tell one story and split off what tells another; each is a
decision, and a split is not undone by the next arrival."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from crisisdesk.desk import Desk
from crisisdesk.errors import ConflictError, NotFoundError
from crisisdesk.storage.models import Cluster, Decision, Interaction
from tests.unit.intake.inbox.messages import batch, wa

DAM = "انهيار سد وادي الدمام والمياه تتجه الى احياء الفيصلية والنور وعلى السكان الاخلاء فورا"
TUNNEL = "نفق طريق الملك فهد مغمور بالكامل والسيارات عالقة داخله منذ ساعتين ولا أحد يساعد"


def _load(desk: Desk, incident: int) -> tuple[int, int]:
    messages = [wa(f"d{i}", DAM + s) for i, s in enumerate(["", " انشروها", " 🙏"])]
    messages += [wa(f"t{i}", TUNNEL + s) for i, s in enumerate(["", " الله يستر", "!!"])]
    desk.inbox.ingest(incident, batch(*messages), source="s", format="whatsapp")
    with desk.db.read() as session:
        dam = session.scalar(select(Interaction.cluster_id).where(Interaction.external_id == "d0"))
        tunnel = session.scalar(
            select(Interaction.cluster_id).where(Interaction.external_id == "t0")
        )
    assert dam and tunnel and dam != tunnel
    return dam, tunnel


def _members(desk: Desk, cluster: int) -> list[str]:
    with desk.db.read() as session:
        return sorted(
            session.scalars(
                select(Interaction.external_id).where(Interaction.cluster_id == cluster)
            )
        )


def _last(desk: Desk, kind: str) -> dict[str, object]:
    with desk.db.read() as session:
        body = session.scalars(
            select(Decision.body).where(Decision.kind == kind).order_by(Decision.seq.desc())
        ).first()
    assert body is not None
    return dict(json.loads(body))


def test_merge_moves_members_and_carries_the_verdict(flood: tuple[Desk, int]) -> None:
    desk, incident = flood
    dam, tunnel = _load(desk, incident)
    desk.inbox.clusters.update(tunnel, label="نفق الملك فهد", status="true")
    desk.inbox.clusters.merge(dam, [tunnel])
    assert len(_members(desk, dam)) == 6 and _members(desk, tunnel) == []
    kept = desk.inbox.clusters.get(dam)
    assert (kept.size, kept.label, kept.status) == (6, "نفق الملك فهد", "true")
    assert [c.id for c in desk.inbox.clusters.list(incident)] == [dam]
    decision = _last(desk, "cluster.merged")
    assert decision["payload"] == {"into": dam, "merged": {str(tunnel): 3}}
    assert decision["actor"] == "olfa" or decision["actor"]
    with pytest.raises(ConflictError):
        desk.inbox.clusters.merge(dam, [tunnel])


def test_split_makes_a_new_cluster_that_is_not_merged_back(flood: tuple[Desk, int]) -> None:
    desk, incident = flood
    dam, tunnel = _load(desk, incident)
    desk.inbox.clusters.merge(dam, [tunnel])
    with desk.db.read() as session:
        tunnel_ids = list(
            session.scalars(
                select(Interaction.id).where(Interaction.external_id.in_(["t0", "t1", "t2"]))
            )
        )
    new, _seq = desk.inbox.clusters.split(dam, tunnel_ids)
    assert _members(desk, new) == ["t0", "t1", "t2"]
    assert _members(desk, dam) == ["d0", "d1", "d2"]
    with desk.db.read() as session:
        assert session.get(Cluster, new).split_from == dam  # type: ignore[union-attr]
    assert _last(desk, "cluster.split")["payload"] == {
        "from": dam,
        "into": new,
        "members": sorted(tunnel_ids),
    }
    # a post that tells both stories arrives: the operator's split stands
    desk.inbox.ingest(
        incident, batch(wa("both", DAM + " " + TUNNEL)), source="s2", format="whatsapp"
    )
    assert "t0" in _members(desk, new) and "d0" in _members(desk, dam)
    assert not set(_members(desk, new)) & set(_members(desk, dam))


def test_split_refuses_strangers_and_emptying(flood: tuple[Desk, int]) -> None:
    desk, incident = flood
    dam, tunnel = _load(desk, incident)
    with desk.db.read() as session:
        tunnel_ids = list(
            session.scalars(select(Interaction.id).where(Interaction.cluster_id == tunnel))
        )
    with pytest.raises(NotFoundError):
        desk.inbox.clusters.split(dam, tunnel_ids[:1])
    with pytest.raises(ConflictError):
        desk.inbox.clusters.split(tunnel, tunnel_ids)
