"""The build scripts in packaging/ are not a package (the name would shadow the PyPI
``packaging`` library), so the tests load them from their files."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[3]
PACKAGING = ROOT / "packaging"


def load(name: str) -> ModuleType:
    """``packaging/NAME.py`` as module ``crisisdesk_build_NAME`` (loaded once)."""
    key = f"crisisdesk_build_{name}"
    if key in sys.modules:
        return sys.modules[key]
    spec = importlib.util.spec_from_file_location(key, PACKAGING / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[key] = module
    if str(PACKAGING) not in sys.path:
        sys.path.append(str(PACKAGING))  # build.py imports version_info beside it
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def bundle() -> ModuleType:
    return load("bundle")


@pytest.fixture(scope="session")
def version_info() -> ModuleType:
    return load("version_info")


@pytest.fixture(scope="session")
def icon() -> ModuleType:
    return load("icon")


@pytest.fixture(scope="session")
def build() -> ModuleType:
    return load("build")
