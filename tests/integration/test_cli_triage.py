"""``inbox cluster-merge|cluster-split|overdue-list|settings`` as scripts use them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from crisisdesk.desk import Desk
from tests.helpers.cli import cli_env, run_cli
from tests.helpers.databases import PASSWORD, make_desk, sign_in_as

DAM = "انهيار سد وادي الدمام والمياه تتجه الى احياء الفيصلية والنور وعلى السكان الاخلاء فورا"
TUNNEL = "نفق طريق الملك فهد مغمور بالكامل والسيارات عالقة داخله منذ ساعتين ولا أحد يساعد"


@pytest.fixture
def room(tmp_path: Path) -> tuple[str, dict[str, str], Path]:
    url = f"sqlite:///{tmp_path / 'room.db'}"
    desk: Desk = make_desk(url)
    sign_in_as(desk, "lead")
    desk.incidents.open("سيول الدمام", 2, playbook_id="flood-urban")
    desk.close()
    lines = []
    for i, text in enumerate([DAM, DAM + " انشروها", TUNNEL, TUNNEL + "!!"]):
        lines.append(
            json.dumps(
                {"object": "whatsapp_business_account", "entry": [{"id": "1", "changes": [
                    {"field": "messages", "value": {
                        "messaging_product": "whatsapp",
                        "metadata": {"phone_number_id": "1"},
                        "contacts": [{"wa_id": f"96650{i}", "profile": {"name": "م"}}],
                        "messages": [{"id": f"wamid.{i}", "from": f"96650{i}",
                                      "timestamp": "1795000000", "type": "text",
                                      "text": {"body": text}}]}}]}]},
                ensure_ascii=False,
            )
        )  # fmt: skip
    bodies = tmp_path / "bodies.jsonl"
    bodies.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return url, cli_env(tmp_path / "data", CRISISDESK_PASSWORD=PASSWORD), bodies


def test_merge_split_overdue_and_settings(room: tuple[str, dict[str, str], Path]) -> None:
    url, env, bodies = room
    base = ["--db", url, "--as", "olfa"]
    done = run_cli([*base, "ingest", "--incident", "1", "--format", "whatsapp", str(bodies)], env)
    assert done.returncode == 0, done.stderr
    listed = run_cli([*base, "inbox", "clusters", "--incident", "1", "--json"], env)
    clusters = json.loads(listed.stdout)["clusters"]
    assert [c["size"] for c in clusters] == [2, 2]
    a, b = (c["id"] for c in clusters)
    merged = run_cli([*base, "inbox", "cluster-merge", str(a), str(b)], env)
    assert merged.returncode == 0 and f"merged into cluster {a}" in merged.stdout
    again = run_cli([*base, "inbox", "cluster-merge", str(a), str(b)], env)
    assert again.returncode == 1 and "Traceback" not in again.stderr
    shown = run_cli([*base, "inbox", "list", "--incident", "1", "--json"], env)
    rows = json.loads(shown.stdout)
    items = rows["rows"]
    tunnel = [r["id"] for r in items if "نفق" in r["text"]]
    shown = run_cli([*base, "inbox", "show", str(tunnel[0])], env)
    assert "from public; tagged by" in shown.stdout
    assert "due by playbook" in shown.stdout
    split = run_cli(
        [*base, "inbox", "cluster-split", str(a), "--members", ",".join(map(str, tunnel))], env
    )
    assert split.returncode == 0 and "split 2 messages into new cluster" in split.stdout
    bad = run_cli([*base, "inbox", "cluster-split", str(a), "--members", "x,y"], env)
    assert bad.returncode == 1 and "--members" in bad.stderr
    late = run_cli([*base, "inbox", "overdue-list", "--incident", "1", "--json"], env)
    overdue = json.loads(late.stdout)["overdue"]
    assert len(overdue) == 4  # 2025 messages, long past their due
    assert overdue[0]["urgency"] >= overdue[-1]["urgency"]
    refused = run_cli([*base, "inbox", "settings", "--set", "default_within=PT3H"], env)
    assert refused.returncode == 1 and "may not" in refused.stderr
    lead = ["--db", url, "--as", "layla"]
    changed = run_cli([*lead, "inbox", "settings", "--set", "own_handles=@AmanahEP", "--json"], env)
    assert changed.returncode == 0, changed.stderr
    assert json.loads(changed.stdout)["own_handles"] == "@AmanahEP"
    wrong = run_cli([*lead, "inbox", "settings", "--set", "default_within=P1M"], env)
    assert wrong.returncode == 1 and "invalid duration" in wrong.stderr
