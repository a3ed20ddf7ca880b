"""The broken-playbook corpus: one file per rule, each naming its exact expected problems.

Each file under ``tests/data/playbooks/broken`` ends with ``# expect: LINE:COL: message``
lines (comments at the end, so they do not move the lines above them).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from crisisdesk.cli import main
from crisisdesk.errors import InputError
from crisisdesk.playbooks import load_playbook, validate_file, validate_paths

DATA = Path(__file__).resolve().parents[2] / "data" / "playbooks"
BROKEN = sorted((DATA / "broken").glob("*.yaml"))


def expected(path: Path) -> list[str]:
    text = path.read_bytes().decode("utf-8", "replace")
    return [
        f"{path}:{line.removeprefix('# expect: ')}"
        for line in text.splitlines()
        if line.startswith("# expect: ")
    ]


def test_the_corpus_covers_every_rule() -> None:
    names = {p.stem for p in BROKEN}
    for rule in (
        "yaml-syntax",
        "unknown-key",
        "missing-key",
        "wrong-type-text",
        "bad-duration",
        "duplicate-task-id",
        "duplicate-phase-id",
        "duplicate-template-id",
        "duplicate-question-id",
        "missing-language",
        "unknown-owner",
        "jinja-syntax",
        "undeclared-variable",
        "unused-variable",
    ):
        assert rule in names


@pytest.mark.parametrize("path", BROKEN, ids=[p.stem for p in BROKEN])
def test_broken_playbook_reports_exactly_its_problems(path: Path) -> None:
    want = expected(path)
    assert want, f"{path.name} states no expectation"
    result = validate_file(path)
    assert [str(p) for p in result.problems] == want
    assert result.playbook is None


@pytest.mark.parametrize("path", BROKEN, ids=[p.stem for p in BROKEN])
def test_load_raises_input_error_at_the_first_problem(path: Path) -> None:
    with pytest.raises(InputError) as info:
        load_playbook(path)
    assert str(info.value) == expected(path)[0]


def test_the_minimal_playbook_is_sound() -> None:
    book = load_playbook(DATA / "minimal.yaml")
    assert book.id == "drill-minimal"
    assert [t.id for t in book.tasks] == ["holding-statement", "public-update"]


def test_validate_paths_reports_every_file_of_a_folder() -> None:
    problems = validate_paths([DATA / "broken"])
    want = [line for path in BROKEN for line in expected(path)]
    assert sorted(str(p) for p in problems) == sorted(want)


def test_validate_cli_prints_one_problem_per_line(capsys: pytest.CaptureFixture[str]) -> None:
    path = DATA / "broken" / "many-problems.yaml"
    assert main(["playbooks", "validate", str(path)]) == 1
    assert capsys.readouterr().out.splitlines() == expected(path)


def test_validate_cli_summarises_a_sound_file(capsys: pytest.CaptureFixture[str]) -> None:
    path = DATA / "minimal.yaml"
    assert main(["playbooks", "validate", str(path)]) == 0
    assert capsys.readouterr().out.strip() == (
        f"{path}: ok drill-minimal 1.0: 1 phases, 2 tasks, 1 templates"
    )


def test_a_folder_with_playbook_yaml_is_one_playbook(tmp_path: Path) -> None:
    folder = tmp_path / "drill"
    folder.mkdir()
    (folder / "playbook.yaml").write_bytes((DATA / "minimal.yaml").read_bytes())
    assert load_playbook(folder).id == "drill-minimal"
    assert validate_paths([tmp_path]) == []


def test_a_missing_path_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    missing = tmp_path / "nope.yaml"
    [problem] = validate_paths([missing])
    assert str(problem) == f"{missing}: no such file or folder"


def test_one_id_in_two_files_is_reported(tmp_path: Path) -> None:
    for name in ("a.yaml", "b.yaml"):
        (tmp_path / name).write_bytes((DATA / "minimal.yaml").read_bytes())
    [problem] = validate_paths([tmp_path])
    assert str(problem) == (
        f"{tmp_path / 'b.yaml'}:1:1: playbook id 'drill-minimal' is also used by "
        f"{tmp_path / 'a.yaml'}"
    )


def test_an_empty_folder_is_a_problem(tmp_path: Path) -> None:
    [problem] = validate_paths([tmp_path])
    assert str(problem).startswith(f"{tmp_path}: no playbook here")


@pytest.mark.parametrize("path", BROKEN, ids=[p.stem for p in BROKEN])
def test_windows_line_endings_give_the_same_positions(path: Path, tmp_path: Path) -> None:
    crlf = tmp_path / path.name
    crlf.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    want = [line.replace(str(path), str(crlf), 1) for line in expected(path)]
    assert [str(p) for p in validate_file(crlf).problems] == want
