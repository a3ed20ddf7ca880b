"""The ``crisisdesk`` command starts light: parsing its arguments loads no heavy library.

Every run of the command imports `crisisdesk.cli` and builds the whole parser before it
knows which command was asked for, so a command module that imports the database layer,
pydantic or Qt at the top makes every command (and ``--help``) slow. The argparse choices
come from small dependency-free vocabulary modules; these tests keep them equal to the
core's own lists.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers.cli import cli_env, run_cli

PROJECT_ROOT = Path(__file__).resolve().parents[2]

# Import names of the runtime dependencies in pyproject.toml (and the heavy packages they
# bring in), except the two tiny ones (platformdirs, tzdata): none belongs in a parse.
HEAVY = (
    "PySide6",
    "shiboken6",
    "sqlalchemy",
    "alembic",
    "psycopg",
    "apscheduler",
    "jinja2",
    "markupsafe",
    "requests",
    "urllib3",
    "keyring",
    "cryptography",
    "hijridate",
    "yaml",
    "pydantic",
    "pydantic_core",
    "feedparser",
    "charset_normalizer",
    "fpdf",
    "uharfbuzz",
    "argon2",
)

COMMANDS = (
    "init",
    "users",
    "incident",
    "tasks",
    "log",
    "demo",
    "playbooks",
    "gui",
    "screenshot",
    "selftest",
    "statement",
    "ingest",
    "inbox",
    "webhook",
    "poll",
    "connector",
    "quarantine",
    "secrets",
    "kpis",
    "export",
    "verify",
    "settings",
    "units",
    "network",
    "board",
    "exercise",
)


def _loaded_after(code: str) -> list[str]:
    """The heavy top-level packages in ``sys.modules`` after running ``code`` afresh."""
    probe = (
        f"import json, sys\n{code}\n"
        f"heavy = {HEAVY!r}\n"
        "print(json.dumps(sorted({m.partition('.')[0] for m in sys.modules} & set(heavy))))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=PROJECT_ROOT,
        check=True,
    )
    loaded: list[str] = json.loads(done.stdout)
    return loaded


def test_building_the_parser_loads_no_heavy_package() -> None:
    loaded = _loaded_after("import crisisdesk.cli\ncrisisdesk.cli.build_parser()")
    assert loaded == [], f"import crisisdesk.cli + build_parser() loaded {', '.join(loaded)}"


@pytest.mark.parametrize(
    "module",
    [
        "crisisdesk.playbooks",
        "crisisdesk.playbooks.vocabulary",
        "crisisdesk.intake.vocabulary",
        "crisisdesk.statements.vocabulary",
    ],
)
def test_vocabularies_load_no_heavy_package(module: str) -> None:
    loaded = _loaded_after(f"import {module}")
    assert loaded == [], f"import {module} loaded {', '.join(loaded)}"


def test_help_lists_every_command(tmp_path: Path) -> None:
    done = run_cli(["--help"], cli_env(tmp_path))
    assert done.returncode == 0, done.stderr
    listed = re.findall(r"^    ([a-z-]+)\b", done.stdout, flags=re.MULTILINE)
    missing = [c for c in COMMANDS if c not in listed]
    assert not missing, f"--help does not list {missing}:\n{done.stdout}"


def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    raise AssertionError(f"{parser.prog} has no subcommands")


def _choices(parser: argparse.ArgumentParser, path: list[str], option: str) -> list[object]:
    for name in path:
        parser = _subparsers(parser)[name]
    for action in parser._actions:
        if option in action.option_strings:
            assert action.choices is not None
            return list(action.choices)
    raise AssertionError(f"{' '.join(path)} has no {option}")


def test_the_parser_has_exactly_the_commands() -> None:
    from crisisdesk.cli import build_parser

    assert sorted(_subparsers(build_parser())) == sorted(COMMANDS)


def test_choices_are_the_core_vocabularies() -> None:
    from crisisdesk.cli import build_parser
    from crisisdesk.intake.connector_status import CHANNELS
    from crisisdesk.intake.parsers import FORMATS
    from crisisdesk.intake.rows import STATUSES, VERIFICATION
    from crisisdesk.playbooks.model import CATEGORIES, PRIORITIES
    from crisisdesk.statements.records import KINDS, STATES

    parser = build_parser()
    assert _choices(parser, ["ingest"], "--format") == sorted(FORMATS)
    assert _choices(parser, ["inbox", "list"], "--category") == [*CATEGORIES, "-"]
    assert _choices(parser, ["inbox", "list"], "--priority") == list(PRIORITIES)
    assert _choices(parser, ["inbox", "list"], "--status") == list(STATUSES)
    assert _choices(parser, ["inbox", "triage"], "--category") == list(CATEGORIES)
    assert _choices(parser, ["inbox", "cluster"], "--status") == list(VERIFICATION)
    assert _choices(parser, ["statement", "draft"], "--kind") == list(KINDS)
    assert _choices(parser, ["statement", "list"], "--state") == list(STATES)
    assert _choices(parser, ["connector", "add"], "--channel") == list(CHANNELS)


def test_ingest_format_names_match_the_importers() -> None:
    from crisisdesk.intake.parsers import FORMATS
    from crisisdesk.intake.vocabulary import INGEST_FORMATS

    assert tuple(sorted(FORMATS)) == INGEST_FORMATS


def test_the_vocabularies_are_still_importable_from_their_old_homes() -> None:
    from crisisdesk.intake import connector_status, rows, vocabulary
    from crisisdesk.playbooks import model
    from crisisdesk.playbooks import vocabulary as playbook_words
    from crisisdesk.statements import records
    from crisisdesk.statements import vocabulary as statement_words

    assert connector_status.CHANNELS is vocabulary.CONNECTOR_CHANNELS
    assert rows.STATUSES is vocabulary.STATUSES
    assert rows.OPEN_STATUSES is vocabulary.OPEN_STATUSES
    assert rows.VERIFICATION is vocabulary.VERIFICATION
    assert model.CATEGORIES is playbook_words.CATEGORIES
    assert model.PRIORITIES is playbook_words.PRIORITIES
    assert model.HAZARDS is playbook_words.HAZARDS
    assert records.KINDS is statement_words.KINDS
    assert records.STATES is statement_words.STATES


def test_the_playbooks_package_still_offers_every_public_name() -> None:
    import crisisdesk.playbooks as playbooks

    for name in playbooks.__all__:
        assert getattr(playbooks, name) is not None, name
    assert set(playbooks.__all__) <= set(dir(playbooks))
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        _ = playbooks.nothing  # type: ignore[attr-defined]


@pytest.mark.parametrize("module", sorted(__import__("crisisdesk.cli").cli.COMMAND_TABLE))
def test_each_module_registers_exactly_its_commands_in_the_table(module: str) -> None:
    from crisisdesk.cli import COMMAND_TABLE, build_parser

    for command in COMMAND_TABLE[module]:
        assert sorted(_subparsers(build_parser(command))) == sorted(COMMAND_TABLE[module])


@pytest.mark.parametrize(
    ("argv", "command"),
    [
        ([], "gui"),
        (["--db", "sqlite:///x.db"], "gui"),
        (["--db=sqlite:///x.db", "--as", "lead", "log", "show"], "log"),
        (["screenshot", "--view", "log", "--out", "x.png"], "screenshot"),
        (["verify", "bundle"], "verify"),
        (["--help"], None),
        (["-h"], None),
        (["--version"], None),
        (["nope"], None),
        (["--db"], None),
        (["--colour"], None),
    ],
)
def test_command_of(argv: list[str], command: str | None) -> None:
    from crisisdesk.cli import command_of

    assert command_of(argv) == command


def test_the_desktop_command_builds_only_its_own_module() -> None:
    """``crisisdesk`` alone (the app's shortcut) imports no other command module."""
    code = (
        "import json, sys\nimport crisisdesk.cli as cli\n"
        "cli.build_parser(cli.command_of([]))\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith('crisisdesk.cli.'))))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=PROJECT_ROOT,
        check=True,
    )
    assert json.loads(done.stdout) == [
        "crisisdesk.cli.context",
        "crisisdesk.cli.gui",
        "crisisdesk.cli.pipe",
    ]
