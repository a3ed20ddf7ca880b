"""Every screen is type-checked: the shell imports screens by name, so mypy only sees them
if its configuration lists them itself (it once excluded ``crisisdesk/ui`` and checked only
the UI modules imported statically, so a screen could hold ``PREVIEW_DELAY_MS: int = "250"``).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from mypy.config_parser import parse_config_file
from mypy.find_sources import create_source_list
from mypy.options import Options

ROOT = Path(__file__).resolve().parents[2]
SCREENS = ROOT / "crisisdesk" / "ui" / "screens.py"


def _screen_modules() -> list[str]:
    """``SCREEN_MODULES`` as the shell lists them (read as text: no Qt needed here)."""
    import ast

    for node in ast.parse(SCREENS.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "SCREEN_MODULES" for t in node.targets
        ):
            value = ast.literal_eval(node.value)
            assert isinstance(value, tuple)
            return [str(v) for v in value]
    raise AssertionError("no SCREEN_MODULES in ui/screens.py")


def _checked_modules() -> tuple[set[str], Options]:
    options = Options()
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        parse_config_file(
            options, lambda: None, str(ROOT / "pyproject.toml"), sys.stdout, sys.stderr
        )
        sources = create_source_list(options.packages or [], options)
    finally:
        os.chdir(cwd)
    return {s.module for s in sources}, options


def test_mypy_checks_every_screen_loaded_by_name() -> None:
    checked, options = _checked_modules()
    screens = _screen_modules()
    assert len(screens) > 10
    assert sorted(m for m in screens if m not in checked) == []
    # and no override silences them
    for module in screens:
        per_module = options.clone_for_module(module)
        assert not per_module.ignore_errors, module
        assert per_module.follow_imports != "skip", module


def test_the_whole_ui_is_checked() -> None:
    checked, _ = _checked_modules()
    ui_files = sorted((ROOT / "crisisdesk" / "ui").rglob("*.py"))
    ui_modules = {
        ".".join(p.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        for p in ui_files
    }
    assert sorted(ui_modules - checked) == []
