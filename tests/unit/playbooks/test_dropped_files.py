"""A playbook enters the library only through ``playbooks add`` (permission + decision).

Reported: a YAML file copied into the data folder's ``playbooks/`` joined the library with
no permission check and no decision, and an incident was then opened from it. Now such a
file is ignored with a notice, and opening an incident (or an exercise) from it is refused.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from crisisdesk.desk import Desk
from crisisdesk.errors import RefusedError
from crisisdesk.playbooks.library import user_library_dir
from tests.helpers.databases import sign_in_as
from tests.unit.playbooks.test_catalogue import custom_playbook


def _drop(tmp_path: Path, new_id: str = "flood-dropped") -> Path:
    source = custom_playbook(tmp_path, new_id)
    user_library_dir().mkdir(parents=True, exist_ok=True)
    target = user_library_dir() / f"{new_id}.yaml"
    shutil.copyfile(source, target)
    return target


def test_a_dropped_file_is_ignored_with_a_notice(desk: Desk, tmp_path: Path) -> None:
    dropped = _drop(tmp_path)
    sign_in_as(desk, "lead")
    assert "flood-dropped" not in {e.playbook.id for e in desk.playbooks.entries()}
    [skipped] = desk.playbooks.skipped()
    assert skipped.path == dropped and "playbooks add" in skipped.reason
    with pytest.raises(RefusedError, match="not added to the library"):
        desk.incidents.open("سيول", 3, playbook_id="flood-dropped")
    with pytest.raises(RefusedError, match="not added to the library"):
        desk.incidents.open("سيول", 3, playbook_id=str(dropped))  # nor by its path
    assert not desk.incidents.list()


def test_a_file_swapped_after_adding_is_ignored(desk: Desk, tmp_path: Path) -> None:
    sign_in_as(desk, "lead")
    entry = desk.playbooks.add(custom_playbook(tmp_path, "flood-qatif"))
    assert "flood-qatif" in {e.playbook.id for e in desk.playbooks.entries()}
    text = entry.path.read_text(encoding="utf-8").replace("940", "941")
    entry.path.write_text(text, encoding="utf-8")  # edited behind the log's back
    assert "flood-qatif" not in {e.playbook.id for e in desk.playbooks.entries()}
    with pytest.raises(RefusedError):
        desk.incidents.open("سيول", 3, playbook_id="flood-qatif")


def test_an_added_file_opens_incidents(desk: Desk, tmp_path: Path) -> None:
    sign_in_as(desk, "lead")
    desk.playbooks.add(custom_playbook(tmp_path, "flood-qatif"))
    assert desk.incidents.open("سيول القطيف", 3, playbook_id="flood-qatif").id
    assert desk.incidents.open("سيول الدمام", 3, playbook_id="flood-urban").id
