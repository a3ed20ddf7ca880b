"""Adding a playbook to the library: a decision for a lead, a logged refusal for an operator,
never shadowing a bundled id, and the added file found by id afterwards."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from crisisdesk.desk import Desk
from crisisdesk.errors import ConflictError, InputError, RefusedError
from crisisdesk.playbooks import bundled_library, find_playbook, library_dir
from crisisdesk.playbooks.catalogue import ADDED, BUNDLED
from crisisdesk.playbooks.library import user_library_dir
from crisisdesk.storage.decision_log import LogFilter
from tests.helpers.cli import cli_env, run_cli
from tests.helpers.databases import sign_in_as


def custom_playbook(folder: Path, new_id: str = "flood-qatif", version: str = "1.0.0") -> Path:
    """The bundled flood playbook under another id (and version), as an author would write."""
    text = (library_dir() / "flood-urban.yaml").read_text(encoding="utf-8")
    text = text.replace("id: flood-urban", f"id: {new_id}", 1)
    text = text.replace('version: "1.0.0"', f'version: "{version}"', 1)
    path = folder / f"{new_id}-{version}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_lead_adds_a_playbook_as_a_decision(desk: Desk, tmp_path: Path) -> None:
    sign_in_as(desk, "lead")
    source = custom_playbook(tmp_path)
    head = desk.log.head().seq
    entry = desk.playbooks.add(source)
    assert entry.source == ADDED
    assert entry.path == user_library_dir() / "flood-qatif.yaml"
    assert entry.path.read_bytes() == source.read_bytes()
    [decision] = desk.log.since(head)
    assert decision.kind == "playbook.added"
    assert decision.actor == "layla"
    assert decision.payload["id"] == "flood-qatif"
    assert decision.payload["version"] == "1.0.0"
    assert decision.payload["content_hash"] == entry.playbook.content_hash
    assert decision.payload["replaces"] is None
    # The library now finds it, after the bundled playbooks.
    ids = [b.id for b in bundled_library()]
    assert ids[-1] == "flood-qatif"
    assert find_playbook("flood-qatif").content_hash == entry.playbook.content_hash
    sources = {e.playbook.id: e.source for e in desk.playbooks.entries()}
    assert sources["flood-qatif"] == ADDED
    assert sources["flood-urban"] == BUNDLED


def test_an_added_playbook_can_be_activated(desk: Desk, tmp_path: Path) -> None:
    sign_in_as(desk, "lead")
    desk.playbooks.add(custom_playbook(tmp_path))
    incident = desk.incidents.open("سيول القطيف", 3, playbook_id="flood-qatif")
    assert desk.tasks.list(incident.id)


def test_operator_is_refused_and_the_refusal_is_logged(desk: Desk, tmp_path: Path) -> None:
    sign_in_as(desk, "operator")
    head = desk.log.head().seq
    with pytest.raises(RefusedError, match=r"playbook\.add"):
        desk.playbooks.add(custom_playbook(tmp_path))
    assert [d.kind for d in desk.log.since(head)] == ["security.refused"]
    assert not user_library_dir().exists() or not any(user_library_dir().iterdir())
    assert "flood-qatif" not in [b.id for b in bundled_library()]


def test_a_bundled_id_cannot_be_shadowed(desk: Desk, tmp_path: Path) -> None:
    sign_in_as(desk, "lead")
    source = custom_playbook(tmp_path, new_id="flood-urban", version="9.0.0")
    head = desk.log.head().seq
    with pytest.raises(ConflictError, match="bundled playbook"):
        desk.playbooks.add(source)
    assert desk.log.head().seq == head
    # Even a file dropped into the folder by hand does not replace the bundled one.
    user_library_dir().mkdir(parents=True, exist_ok=True)
    (user_library_dir() / "flood-urban.yaml").write_bytes(source.read_bytes())
    assert find_playbook("flood-urban").version == "1.0.0"
    assert [s.path.name for s in desk.playbooks.skipped()] == ["flood-urban.yaml"]


def test_a_broken_file_names_its_first_problem(desk: Desk, tmp_path: Path) -> None:
    sign_in_as(desk, "lead")
    source = custom_playbook(tmp_path)
    source.write_text(
        source.read_text(encoding="utf-8").replace("due: PT30M", "due: soon", 1), encoding="utf-8"
    )
    head = desk.log.head().seq
    with pytest.raises(InputError) as caught:
        desk.playbooks.add(source)
    assert str(caught.value).startswith(f"{source}:")
    assert "duration" in str(caught.value)
    assert desk.log.head().seq == head
    assert not (user_library_dir() / "flood-qatif.yaml").exists()


def test_a_new_version_replaces_the_same_version_is_refused(desk: Desk, tmp_path: Path) -> None:
    sign_in_as(desk, "lead")
    first = desk.playbooks.add(custom_playbook(tmp_path))
    with pytest.raises(ConflictError, match="already in the library"):
        desk.playbooks.add(custom_playbook(tmp_path))
    changed = custom_playbook(tmp_path)
    changed.write_text(changed.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    text = changed.read_text(encoding="utf-8").replace("PT30M", "PT20M", 1)
    changed.write_text(text, encoding="utf-8")
    with pytest.raises(ConflictError, match="raise the version"):
        desk.playbooks.add(changed)
    second = desk.playbooks.add(custom_playbook(tmp_path, version="1.1.0"))
    assert find_playbook("flood-qatif").version == "1.1.0"
    last = desk.log.since(desk.log.head().seq - 1)[0]
    assert last.payload["replaces"] == first.playbook.content_hash
    assert last.payload["content_hash"] == second.playbook.content_hash
    assert desk.log.count(LogFilter(kind="playbook.added")) == 2


def test_a_folder_playbook_is_added_from_its_playbook_yaml(desk: Desk, tmp_path: Path) -> None:
    sign_in_as(desk, "admin")
    folder = tmp_path / "qatif"
    folder.mkdir()
    custom_playbook(tmp_path).rename(folder / "playbook.yaml")
    entry = desk.playbooks.add(folder)
    assert entry.playbook.id == "flood-qatif"


def test_cli_add_as_lead_then_refused_as_operator(tmp_path: Path) -> None:
    data = tmp_path / "cli-data"
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    env = cli_env(data, CRISISDESK_PASSWORD="s3cret-pass-phrase")
    assert run_cli(["--db", db, "init", "--admin", "admin"], env, stdin="s3cret-pass-phrase\n")
    for name, role in (("layla", "lead"), ("olfa", "operator")):
        done = run_cli(
            ["--db", db, "--as", "admin", "users", "add", name, "--role", role],
            env,
            stdin="s3cret-pass-phrase\n",
        )
        assert done.returncode == 0, done.stderr
    source = custom_playbook(tmp_path)
    refused = run_cli(["--db", db, "--as", "olfa", "playbooks", "add", str(source)], env)
    assert refused.returncode == 1
    assert len(refused.stderr.strip().splitlines()) == 1
    assert "playbook.add" in refused.stderr
    added = run_cli(["--db", db, "--as", "layla", "playbooks", "add", str(source), "--json"], env)
    assert added.returncode == 0, added.stderr
    assert json.loads(added.stdout)["id"] == "flood-qatif"
    listed = run_cli(["--db", db, "playbooks", "list", "--json"], env)
    assert [b["id"] for b in json.loads(listed.stdout)][-1] == "flood-qatif"
    log = run_cli(["--db", db, "--as", "layla", "log", "show", "--json"], env)
    kinds = [d["kind"] for d in json.loads(log.stdout)["decisions"]]
    assert "security.refused" in kinds and "playbook.added" in kinds
