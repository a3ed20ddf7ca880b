"""The centre's co-approval of a municipality's statement when the playbook asks for it: a
localised statement approved by its unit's spokesperson waits for the centre's approval on
the same hash (and the other way round); nobody approves twice, one side cannot stand in
for the other, and without the policy the unit's approval alone suffices as before."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from crisisdesk.clock import ManualClock
from crisisdesk.desk import Desk
from crisisdesk.errors import RefusedError
from crisisdesk.log.service import LogFilter
from crisisdesk.playbooks import find_playbook
from crisisdesk.statements.variables import LocalizedText
from tests.helpers.databases import PASSWORD, make_desk, sign_in_as

START = datetime(2026, 1, 1, 6, 0, tzinfo=UTC)
LIBRARY = Path(__file__).resolve().parents[3] / "crisisdesk" / "playbooks" / "library"


@pytest.fixture
def desk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Desk]:
    monkeypatch.setenv("CRISISDESK_DATA_DIR", str(tmp_path / "data"))
    desk = make_desk(f"sqlite:///{tmp_path / 'c.db'}", clock=ManualClock(START))
    desk.users.add("khalid", PASSWORD, "operator", "Khalid")
    desk.users.add("samir", PASSWORD, "spokesperson", "Samir")
    desk.users.add("huda", PASSWORD, "spokesperson", "Huda")
    for name in ("khalid", "samir", "huda"):
        desk.network.set_member(name, "khobar")
    yield desk
    desk.close()


def _policy_playbook(folder: Path) -> Path:
    text = (LIBRARY / "flood-urban.yaml").read_text("utf-8")
    text = text.replace("id: flood-urban", "id: flood-co-approval", 1)
    text = text.replace("statement_rules:\n", "statement_rules:\n  centre_co_approval: true\n", 1)
    path = folder / "flood-co-approval.yaml"
    path.write_text(text, "utf-8")
    return path


def _localised(desk: Desk, playbook: str) -> int:
    """A holding statement of the centre, cascaded to Khobar and localised there."""
    sign_in_as(desk, "lead")
    incident = desk.incidents.open("سيول الخبر", 3, playbook_id=playbook).id
    desk.network.involve(incident, ["khobar"])
    values = {"area": LocalizedText("المنطقة الشرقية", "the Eastern Province"),
              "next_update_time": "18:00"}  # fmt: skip
    network_id = desk.statements.draft(incident, "holding", values).statement.id
    desk.statements.submit(network_id)
    sign_in_as(desk, "spokesperson")  # the centre's
    desk.statements.approve(network_id, PASSWORD)
    sign_in_as(desk, "lead")
    desk.network.cascades.cascade(network_id, ["khobar"], ["area"])
    desk.sign_in("khalid", PASSWORD)
    local = desk.network.cascades.localise(
        network_id, "khobar", {"area.ar": "الراكة", "area.en": "Rakah"}
    )
    desk.statements.submit(local)
    return local


def test_a_unit_statement_waits_for_the_centre(desk: Desk, tmp_path: Path) -> None:
    sign_in_as(desk, "lead")
    desk.playbooks.add(_policy_playbook(tmp_path))
    assert find_playbook("flood-co-approval").statement_rules.centre_co_approval
    local = _localised(desk, "flood-co-approval")
    desk.sign_in("samir", PASSWORD)
    desk.statements.approve(local, PASSWORD)
    assert desk.statements.get(local).state == "in_review"  # the centre has not approved yet
    assert desk.log.count(LogFilter(kind="statement.co_approval")) == 1
    with pytest.raises(RefusedError, match="already"):
        desk.statements.approve(local, PASSWORD)  # nobody approves twice
    desk.sign_in("huda", PASSWORD)
    with pytest.raises(RefusedError, match="waits for the centre"):
        desk.statements.approve(local, PASSWORD)  # the unit cannot stand in for the centre
    sign_in_as(desk, "spokesperson")
    desk.statements.approve(local, PASSWORD)
    assert desk.statements.get(local).state == "approved"
    approvals = desk.statements.detail(local).approvals
    assert [(a.approver, a.content_hash) for a in approvals] == [
        ("samir", desk.statements.version(local).content_hash),
        ("sami", desk.statements.version(local).content_hash),
    ]


def test_the_centre_first_then_the_unit(desk: Desk, tmp_path: Path) -> None:
    sign_in_as(desk, "lead")
    desk.playbooks.add(_policy_playbook(tmp_path))
    local = _localised(desk, "flood-co-approval")
    sign_in_as(desk, "spokesperson")
    desk.statements.approve(local, PASSWORD)
    assert desk.statements.get(local).state == "in_review"
    sign_in_as(desk, "lead")
    with pytest.raises(RefusedError, match="waits for the unit"):
        desk.statements.approve(local, PASSWORD)
    desk.sign_in("samir", PASSWORD)
    desk.statements.approve(local, PASSWORD)
    assert desk.statements.get(local).state == "approved"
    assert desk.log.count(LogFilter(kind="statement.approved")) == 2  # network + this one


def test_without_the_policy_the_unit_alone_approves(desk: Desk) -> None:
    local = _localised(desk, "flood-urban")
    desk.sign_in("samir", PASSWORD)
    desk.statements.approve(local, PASSWORD)
    assert desk.statements.get(local).state == "approved"
    assert desk.log.count(LogFilter(kind="statement.co_approval")) == 0
