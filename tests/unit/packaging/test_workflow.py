"""The Windows CI workflow runs the tests and the build on a Windows runner and keeps the
installer, the one-folder app and the frozen app's screenshots."""

from __future__ import annotations

from typing import Any

import yaml

from tests.unit.packaging.conftest import ROOT


def workflow() -> dict[Any, Any]:
    data = yaml.safe_load((ROOT / ".github" / "workflows" / "windows.yml").read_text("utf-8"))
    assert isinstance(data, dict)
    return data


def test_runs_tests_then_build_on_windows() -> None:
    job = workflow()["jobs"]["test-and-build"]
    assert job["runs-on"].startswith("windows")
    commands = [step.get("run", "") for step in job["steps"]]
    test_at = next(i for i, c in enumerate(commands) if "dev.py test" in c)
    build_at = next(i for i, c in enumerate(commands) if "packaging\\build.py" in c)
    assert test_at < build_at
    assert any("pyinstaller" in c.lower() for c in commands[test_at:build_at])
    assert any("innosetup" in c for c in commands[test_at:build_at])
    python = next(s for s in job["steps"] if s.get("uses", "").startswith("actions/setup-python"))
    assert python["with"]["python-version"] == "3.11"


def test_uploads_the_installer_app_and_screenshots() -> None:
    uploads = [
        s["with"]["path"]
        for s in workflow()["jobs"]["test-and-build"]["steps"]
        if s.get("uses", "").startswith("actions/upload-artifact")
    ]
    assert uploads == ["dist/installer/*.exe", "dist/CrisisDesk/", "build/smoke/"]


def test_triggers() -> None:
    triggers = workflow()[True]  # YAML 1.1 reads the key `on` as true
    assert "push" in triggers and "pull_request" in triggers
