"""``python dev.py`` for a new user: what it says when the desktop cannot start, and the
README's command lines that a fresh clone can run as written."""

from __future__ import annotations

import importlib.util
import re
import sys
from types import ModuleType

from tests.unit.packaging.conftest import ROOT


def dev() -> ModuleType:
    if "crisisdesk_dev_script" in sys.modules:
        return sys.modules["crisisdesk_dev_script"]
    spec = importlib.util.spec_from_file_location("crisisdesk_dev_script", ROOT / "dev.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["crisisdesk_dev_script"] = module
    spec.loader.exec_module(module)
    return module


def test_a_linux_desktop_without_xcb_cursor_is_told_the_one_command_that_fixes_it() -> None:
    hint = dev().missing_desktop_library(
        platform="linux",
        env={"DISPLAY": ":0"},
        find_library=lambda name: None,
        os_release='ID=debian\nID_LIKE=""\n',
    )
    assert hint is not None
    assert "sudo apt-get install libxcb-cursor0" in hint
    fedora = dev().missing_desktop_library(
        platform="linux",
        env={"DISPLAY": ":0"},
        find_library=lambda name: None,
        os_release="ID=fedora\n",
    )
    assert fedora is not None and "sudo dnf install xcb-util-cursor" in fedora


def test_no_hint_when_the_library_is_there_or_qt_draws_offscreen() -> None:
    script = dev()
    found = script.missing_desktop_library(
        platform="linux",
        env={"DISPLAY": ":0"},
        find_library=lambda name: f"lib{name}.so.0",
        os_release="ID=debian\n",
    )
    assert found is None
    offscreen = script.missing_desktop_library(
        platform="linux",
        env={"DISPLAY": ":0", "QT_QPA_PLATFORM": "offscreen"},
        find_library=lambda name: None,
        os_release="ID=debian\n",
    )
    assert offscreen is None
    assert (
        script.missing_desktop_library(
            platform="win32", env={}, find_library=lambda name: None, os_release=""
        )
        is None
    )


def test_readme_command_lines_run_from_a_fresh_clone() -> None:
    """A line starting with the bare ``crisisdesk`` needs an activated environment: the
    README says how before its first such example."""
    text = (ROOT / "README.md").read_text("utf-8")
    first_bare = re.search(r"^(?:\S+=\S+ |echo .*\| )?crisisdesk ", text, re.MULTILINE)
    assert first_bare is not None
    before = text[: first_bare.start()]
    assert "source .venv/bin/activate" in before
    assert r".venv\Scripts\activate" in before
