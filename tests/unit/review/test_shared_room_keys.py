"""Point 5 of issue 14, as reported: on a shared PostgreSQL server each laptop signs with a
key of its own; pinning only the key printed at ``init`` calls the second laptop's
checkpoint "signed by an unknown key". ``log keys --out FILE`` and ``verify --public-keys
FILE`` make the README's auditor steps work."""

from __future__ import annotations

import json
from pathlib import Path

import keyring

from crisisdesk.clock import ManualClock
from crisisdesk.desk import Desk
from crisisdesk.review import manifest as mf
from crisisdesk.review.bundle_verify import verify_bundle
from crisisdesk.storage.signing_keys import signing_keys
from tests.helpers.cli import cli_env, run_cli
from tests.helpers.databases import PASSWORD, make_desk
from tests.helpers.keyring_backend import MemoryKeyring
from tests.unit.review.scenario import build


def test_second_laptop_key_is_listed_and_pins(pg_url: str, tmp_path: Path) -> None:
    first = keyring.get_keyring()
    clock = ManualClock()
    desk = make_desk(pg_url, clock=clock)
    scenario = build(desk, clock)
    desk.log.checkpoint("shift handover")  # laptop A signs
    init_key = sorted(desk.pinned_keys())[0]
    desk.close()
    keyring.set_keyring(MemoryKeyring())  # laptop B: its own keyring, its own key
    try:
        other = Desk.open(pg_url, clock=clock)
        other.sign_in("layla", PASSWORD)
        other.review.export(scenario.incident_id, tmp_path / "bundle")
        with other.db.read() as session:
            keys = signing_keys(session)
        other.close()
    finally:
        keyring.set_keyring(first)
    assert len(keys) == 2 and all(k.checkpoints and k.pinned for k in keys)
    assert keys[0].public_key == init_key and keys[0].registered_seq is None  # made at init
    assert keys[1].registered_seq and keys[1].user == "layla" and keys[1].machine
    bundle = tmp_path / "bundle"
    reported = verify_bundle(bundle, {init_key})
    assert not reported.ok and "unknown key" in (reported.problem or "")
    env = cli_env(tmp_path / "auditor")
    listed = run_cli(
        ["--db", pg_url, "log", "keys", "--out", str(tmp_path / "keys.txt"), "--json"], env
    )
    assert listed.returncode == 0, listed.stderr
    assert [k["public_key"] for k in json.loads(listed.stdout)["keys"]] == [
        k.public_key for k in keys
    ]
    done = run_cli(["verify", str(bundle), "--public-keys", str(tmp_path / "keys.txt")], env)
    assert done.returncode == 0, done.stderr
    assert "pinned key" in done.stdout
    manifest = json.loads((bundle / mf.MANIFEST).read_text("utf-8"))
    assert set(manifest["public_keys"]) == {k.public_key for k in keys}


def test_keys_file_lines_are_checked(tmp_path: Path) -> None:
    env = cli_env(tmp_path / "auditor")
    bad = tmp_path / "keys.txt"
    bad.write_text("ab" * 32 + "\nnot-a-key\n", encoding="utf-8")
    done = run_cli(["verify", str(tmp_path), "--public-keys", str(bad)], env)
    assert done.returncode == 1 and ":2:" in done.stderr and done.stderr.count("\n") == 1
