"""packaging/build.py: finding Inno Setup, a clean environment for the frozen app, and the
checks it runs on the frozen executables (here against stand-in executables)."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path
from types import ModuleType

import pytest

import crisisdesk

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="stand-ins are shell scripts")


def stand_in(folder: Path, name: str, script: str) -> Path:
    """An executable shell script playing a frozen program."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text("#!/bin/sh\n" + script, encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


def test_iscc_found_on_path_or_reported_missing(
    build: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    assert build.find_iscc() is None
    fake = stand_in(tmp_path / "inno", "iscc", "exit 0\n")
    monkeypatch.setenv("PATH", str(fake.parent))
    assert build.find_iscc() == fake


def test_a_missing_compiler_skips_the_installer_with_a_message(
    build: ModuleType,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    assert build.installer("0.1.0") is None
    assert "skipping the Windows installer" in capsys.readouterr().out


def test_the_compiler_gets_version_sources_icon_and_output(build: ModuleType) -> None:
    command = build.iscc_command(Path("/opt/inno/iscc"), "1.2.3")
    assert command[0] == "/opt/inno/iscc"
    assert "/DAppVersion=1.2.3" in command
    assert f"/DSourceDir={build.APP_DIR}" in command
    assert any(c.startswith("/DIconFile=") and c.endswith("crisisdesk.ico") for c in command)
    assert command[-1] == str(build.ISS)


def test_the_frozen_app_runs_without_the_build_environment(
    build: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "CRISISDESK_DB", "CRISISDESK_PASSWORD"):
        monkeypatch.setenv(name, "leak")
    env = build.clean_env(tmp_path / "home", tmp_path / "data")
    for name in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "CRISISDESK_DB", "CRISISDESK_PASSWORD"):
        assert name not in env
    assert env["CRISISDESK_DATA_DIR"] == str(tmp_path / "data")
    assert env["QT_QPA_PLATFORM"] == "offscreen"
    for name in ("HOME", "LOCALAPPDATA", "APPDATA", "XDG_DATA_HOME", "XDG_CONFIG_HOME"):
        assert env[name].startswith(str(tmp_path / "home"))
    assert "CRISISDESK_DATA_DIR" not in build.clean_env(tmp_path / "home", None)


def test_version_check_passes_and_fails_on_what_the_executables_print(
    build: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app_dir = tmp_path / "dist" / "CrisisDesk"
    monkeypatch.setattr(build, "APP_DIR", app_dir)
    version = crisisdesk.__version__
    for name in (build.CLI_EXE, build.APP_EXE):
        stand_in(app_dir, name, f'echo "crisisdesk {version}"\n')
    build.check_version(tmp_path, version)
    stand_in(app_dir, build.CLI_EXE, 'echo "crisisdesk 9.9.9"\n')
    with pytest.raises(build.BuildError, match=r"9\.9\.9"):
        build.check_version(tmp_path, version)
    stand_in(app_dir, build.CLI_EXE, "echo boom >&2; exit 3\n")
    with pytest.raises(build.BuildError, match="exited with 3: boom"):
        build.check_version(tmp_path, version)
    (app_dir / build.CLI_EXE).unlink()
    with pytest.raises(build.BuildError, match="missing; build it first"):
        build.check_version(tmp_path, version)


def test_selftest_check_wants_a_screenshot_and_nothing_written_outside(
    build: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app_dir = tmp_path / "dist" / "CrisisDesk"
    monkeypatch.setattr(build, "APP_DIR", app_dir)
    monkeypatch.setattr(build, "SMOKE", tmp_path / "smoke")
    # $3 is the --out folder: "selftest --out DIR"
    stand_in(
        app_dir,
        build.CLI_EXE,
        'mkdir -p "$3" && printf "\\211PNG" > "$3/shot.png" && echo "ok   all"\n',
    )
    kept = build.check_selftest(tmp_path)
    assert [p.name for p in kept] == ["shot.png"]
    assert (tmp_path / "smoke" / "shot.png").exists()
    stand_in(app_dir, build.CLI_EXE, 'mkdir -p "$3" && echo "ok   no picture"\n')
    (tmp_path / "second").mkdir()
    with pytest.raises(build.BuildError, match="no screenshot"):
        build.check_selftest(tmp_path / "second")
    stand_in(
        app_dir,
        build.CLI_EXE,
        'mkdir -p "$3" "$HOME/.config" && printf x > "$3/a.png" && '
        'printf x > "$HOME/.config/stray.conf"\n',
    )
    (tmp_path / "third").mkdir()
    with pytest.raises(build.BuildError, match=r"stray\.conf"):
        build.check_selftest(tmp_path / "third")


def test_the_build_folders_are_ignored_by_git(build: ModuleType) -> None:
    root = build.ROOT
    ignored = (root / ".gitignore").read_text(encoding="utf-8").split()
    assert "build/" in ignored and "dist/" in ignored
    for folder in (build.WORK, build.GENERATED, build.SMOKE):
        assert folder.is_relative_to(root / "build")
    assert build.APP_DIR.is_relative_to(root / "dist")
    assert os.path.basename(build.SPEC) == "crisisdesk.spec"
