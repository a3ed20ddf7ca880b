"""The decision-kind catalogue: every decision the core writes names a catalogued kind,
and every kind has the Arabic and English summary the Log screen shows."""

from __future__ import annotations

import ast
import re
import typing
from pathlib import Path

import pytest

from crisisdesk.desk import Desk
from crisisdesk.log.kinds import Kind, kind_summary
from crisisdesk.storage.decision_log import LogFilter
from crisisdesk.unit_of_work import UnitOfWork

PACKAGE = Path(__file__).resolve().parents[3] / "crisisdesk"
ARABIC = re.compile(r"[\u0600-\u06FF]")


def _decide_calls() -> list[tuple[str, int, ast.expr | None]]:
    """Every ``….decide(...)`` call in the core, with its kind argument."""
    calls = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE)
        if relative.parts[0] == "ui" or "migrations" in relative.parts:
            continue  # the screens' own ``decide`` is an approval dialog's verdict
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "decide"
            ):
                kind = node.args[0] if node.args else None
                kind = kind or next((k.value for k in node.keywords if k.arg == "kind"), None)
                calls.append((str(relative), node.lineno, kind))
    return calls


def test_decide_takes_a_catalogue_kind() -> None:
    hints = typing.get_type_hints(UnitOfWork.decide)
    assert hints["kind"] is Kind


def test_no_decide_spells_its_kind_as_text() -> None:
    calls = _decide_calls()
    assert len(calls) > 80  # the scan sees the core's decisions
    spelled = [
        f"{where}:{line}"
        for where, line, kind in calls
        if kind is None or isinstance(kind, ast.Constant | ast.JoinedStr | ast.BinOp)
    ]
    assert spelled == []


def test_every_kind_has_both_summaries() -> None:
    for kind in Kind:
        assert ARABIC.search(kind.summary_ar), kind
        assert kind.summary_en.strip() and not ARABIC.search(kind.summary_en), kind
        assert kind_summary(kind, "ar") == kind.summary_ar
        assert kind_summary(kind.value, "en") == kind.summary_en


def test_a_kind_from_a_newer_log_is_shown_as_stored() -> None:
    assert kind_summary("future.kind", "ar") == "future.kind"


def test_names_follow_the_stored_text() -> None:
    for kind in Kind:
        assert re.fullmatch(r"[a-z_]+\.[a-z_]+", kind.value), kind
        assert kind.name == kind.value.replace(".", "_").upper(), kind


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_a_kind_is_stored_as_its_text(
    backend: str, db_url: str, request: pytest.FixtureRequest
) -> None:
    """The log entry (and its hash) holds the kind's text, exactly as before the catalogue."""
    url = db_url if backend == "sqlite" else request.getfixturevalue("pg_url")
    desk = Desk.open(url, create=True)
    try:
        desk.users.create_first_admin("admin", "a-long-pass-phrase", "Admin")
        desk.sign_in("admin", "a-long-pass-phrase")
        desk.incidents.open("flood", 2)
        (seq,) = desk.log.seqs(LogFilter(kind="incident.opened"))
        entry = desk.log.get(seq)
        assert type(entry.kind) is str and entry.kind == "incident.opened"
        assert "incident.opened" in desk.log.kinds()
        assert desk.log.verify().ok
    finally:
        desk.close()
