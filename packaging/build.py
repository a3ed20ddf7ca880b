#!/usr/bin/env python3
"""Build the one-folder app, the Windows installer where Inno Setup is present, and prove
the frozen app works before anyone ships it.

    python packaging/build.py                 build, installer (Windows), smoke test
    python packaging/build.py --smoke-only    only test an existing dist/CrisisDesk

Steps: compile the translations; draw the .ico and write the version resource; run
PyInstaller (work files under build/, the app in dist/CrisisDesk); run ``iscc`` on the
Inno Setup script if it is installed (else say so and go on); then start the frozen app
in a temporary data folder, with none of the build's environment, and check ``--version``,
``selftest`` (database, migrations, playbooks, templates, PDF, decision log, screenshot),
portable mode (a ``portable`` marker keeps data and settings beside the executable), and
the demo crisis drawn by ``crisisdesk screenshot``.
Any failed step exits non-zero. The screenshots are copied to build/smoke/ for a look.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"
SPEC = PACKAGING / "crisisdesk.spec"
ISS = PACKAGING / "windows" / "crisisdesk.iss"
BUILD = ROOT / "build"
GENERATED = BUILD / "generated"
WORK = BUILD / "pyinstaller"
SMOKE = BUILD / "smoke"
DIST = ROOT / "dist"
APP_DIR = DIST / "CrisisDesk"
INSTALLER_DIR = DIST / "installer"
WINDOWS = sys.platform == "win32"
EXE_SUFFIX = ".exe" if WINDOWS else ""
APP_EXE = "CrisisDesk" + EXE_SUFFIX
CLI_EXE = "crisisdesk-cli" + EXE_SUFFIX
INNO_DEFAULT_PATHS = (
    Path(os.environ.get("PROGRAMFILES(X86)", r"C:\Program Files (x86)")) / "Inno Setup 6",
    Path(os.environ.get("PROGRAMFILES", r"C:\Program Files")) / "Inno Setup 6",
)
# Variables that would let the frozen app borrow the build machine's Python or data.
LEAKY_ENV = (
    "PYTHONPATH",
    "PYTHONHOME",
    "VIRTUAL_ENV",
    "CRISISDESK_DB",
    "CRISISDESK_DATA_DIR",
    "CRISISDESK_PASSWORD",
    "CRISISDESK_USER",
    "PYTHONSTARTUP",
)


class BuildError(Exception):
    """A step failed; the message says which and why, in one line."""


sys.path.insert(0, str(PACKAGING))
from version_info import package_version  # noqa: E402


def say(message: str) -> None:
    print(f"build: {message}", flush=True)


@contextmanager
def step(name: str, timings: dict[str, float]) -> Iterator[None]:
    say(f"{name} ...")
    started = time.perf_counter()
    yield
    timings[name] = round(time.perf_counter() - started, 1)
    say(f"{name} done in {timings[name]:.1f}s")


def run(command: Sequence[str | Path], **kwargs: object) -> None:
    printable = " ".join(str(c) for c in command)
    result = subprocess.run([str(c) for c in command], check=False, **kwargs)  # type: ignore[call-overload]
    if result.returncode != 0:
        raise BuildError(f"`{printable}` exited with {result.returncode}")


# ------------------------------------------------------------------ building
def compile_translations() -> None:
    run([sys.executable, "-m", "crisisdesk.ui.i18n_build", "--no-update"], cwd=ROOT)


def generate_resources() -> None:
    run(
        [sys.executable, str(PACKAGING / "icon.py"), str(GENERATED / "crisisdesk.ico")],
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    run([sys.executable, str(PACKAGING / "version_info.py"), str(GENERATED)])


def pyinstaller() -> None:
    env = {**os.environ, "CRISISDESK_BUILD_GENERATED": str(GENERATED)}
    run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            str(SPEC),
            "--noconfirm",
            "--clean",
            "--log-level",
            "WARN",
            "--distpath",
            str(DIST),
            "--workpath",
            str(WORK),
        ],
        cwd=ROOT,
        env=env,
    )


def find_iscc() -> Path | None:
    """Inno Setup's command-line compiler, on PATH or in its default install folders."""
    for name in ("iscc", "ISCC.exe", "iscc.exe"):
        found = shutil.which(name)
        if found:
            return Path(found)
    if WINDOWS:
        for folder in INNO_DEFAULT_PATHS:
            candidate = folder / "ISCC.exe"
            if candidate.is_file():
                return candidate
    return None


def iscc_command(iscc: Path, version: str) -> list[str]:
    return [
        str(iscc),
        f"/DAppVersion={version}",
        f"/DSourceDir={APP_DIR}",
        f"/DIconFile={GENERATED / 'crisisdesk.ico'}",
        f"/O{INSTALLER_DIR}",
        str(ISS),
    ]


def installer(version: str) -> Path | None:
    iscc = find_iscc()
    if iscc is None:
        say(
            "Inno Setup's iscc is not installed here: skipping the Windows installer "
            "(the one-folder app in dist/CrisisDesk is complete)"
        )
        return None
    run(iscc_command(iscc, version), cwd=ROOT)
    made = sorted(INSTALLER_DIR.glob("*.exe"))
    if not made:
        raise BuildError(f"iscc ran but wrote no installer in {INSTALLER_DIR}")
    return made[-1]


# ------------------------------------------------------------------ checking
def clean_env(home: Path, data_dir: Path | None) -> dict[str, str]:
    """The environment of a fresh user: no build Python, a home and data folder of its own."""
    env = {k: v for k, v in os.environ.items() if k not in LEAKY_ENV}
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["HOME"] = str(home)
    env["XDG_DATA_HOME"] = str(home / "xdg-data")
    env["XDG_CONFIG_HOME"] = str(home / "xdg-config")
    env["XDG_CACHE_HOME"] = str(home / "xdg-cache")
    env["LOCALAPPDATA"] = str(home / "LocalAppData")
    env["APPDATA"] = str(home / "AppData")
    if data_dir is not None:
        env["CRISISDESK_DATA_DIR"] = str(data_dir)
    return env


def frozen(
    exe: str, args: Sequence[str], env: dict[str, str], cwd: Path, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    path = APP_DIR / exe
    if not path.is_file():
        raise BuildError(f"{path} is missing; build it first")
    return subprocess.run(
        [str(path), *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=timeout,
        check=False,
    )


def expect(result: subprocess.CompletedProcess[str], what: str, echo: bool = True) -> str:
    if (echo or result.returncode != 0) and result.stdout.strip():
        print(result.stdout.rstrip(), flush=True)
    if result.returncode != 0:
        tail = result.stderr.strip().splitlines()[-5:]
        raise BuildError(f"{what} exited with {result.returncode}: {' | '.join(tail)}")
    return result.stdout


def check_version(tmp: Path, version: str) -> None:
    env = clean_env(tmp / "home", tmp / "data")
    want = f"crisisdesk {version}"
    out = expect(frozen(CLI_EXE, ["--version"], env, tmp), f"{CLI_EXE} --version")
    if out.strip() != want:
        raise BuildError(f"{CLI_EXE} --version said {out.strip()!r}, expected {want!r}")
    result = frozen(APP_EXE, ["--version"], env, tmp)
    if WINDOWS:  # the windowed app has no console to print to; it must still exit cleanly
        if result.returncode != 0:
            raise BuildError(f"{APP_EXE} --version exited with {result.returncode}")
    elif expect(result, f"{APP_EXE} --version").strip() != want:
        raise BuildError(f"{APP_EXE} --version said {result.stdout.strip()!r}")


def check_selftest(tmp: Path) -> list[Path]:
    env = clean_env(tmp / "home", tmp / "data")
    out_dir = tmp / "selftest"
    expect(frozen(CLI_EXE, ["selftest", "--out", str(out_dir)], env, tmp), "selftest")
    shots = sorted(out_dir.glob("*.png"))
    if not shots:
        raise BuildError(f"selftest passed but left no screenshot in {out_dir}")
    SMOKE.mkdir(parents=True, exist_ok=True)
    kept = []
    for shot in shots:
        target = SMOKE / shot.name
        shutil.copyfile(shot, target)
        kept.append(target)
    leaked = (
        [p for p in (tmp / "home").rglob("*") if p.is_file()] if (tmp / "home").exists() else []
    )
    stray = [p for p in leaked if "cache" not in str(p).lower()]
    if stray:
        raise BuildError(f"with a data folder given, the app still wrote {stray[0]}")
    return kept


def check_portable(tmp: Path) -> None:
    """A ``portable`` marker keeps the database, the settings and exports beside the app."""
    marker = APP_DIR / "portable"
    data = APP_DIR / "data"
    if data.exists():
        raise BuildError(f"{data} exists before the portable check; remove it")
    home = tmp / "portable-home"
    env = clean_env(home, None)
    marker.write_text("", encoding="utf-8")
    try:
        out = expect(
            frozen(CLI_EXE, ["selftest", "--json"], env, tmp), "portable selftest", echo=False
        )
        report = json.loads(out)
        if not report["ok"]:
            raise BuildError("portable selftest failed")
        details = {c["name"]: c["detail"] for c in report["checks"]}
        if "portable" not in details["version"]:
            raise BuildError(f"the marker was not seen: {details['version']}")
        db = data / "selftest" / "selftest.db"
        if not db.is_file():
            raise BuildError(f"portable mode did not put the database at {db}")
        settings = data / "settings.ini"
        if str(settings) not in details["settings"]:
            raise BuildError(f"portable settings not in {settings}: {details['settings']}")
        written = [p for p in home.rglob("*") if p.is_file() and "cache" not in str(p).lower()]
        if written:
            raise BuildError(f"portable mode still wrote {written[0]} outside the app folder")
        say(f"portable: database, exports and settings stayed in {data}")
    finally:
        marker.unlink(missing_ok=True)
        shutil.rmtree(data, ignore_errors=True)


DEMO_SHOTS = (("overview", "ar"), ("log", "en"))


def check_demo(tmp: Path) -> list[Path]:
    """The demo crisis builds in the frozen app and ``crisisdesk screenshot`` draws it."""
    env = clean_env(tmp / "demo-home", tmp / "demo-data")
    out = expect(frozen(CLI_EXE, ["demo", "--no-gui", "--reset"], env, tmp), "demo")
    if "incident #1" not in out:
        raise BuildError("the demo printed no incident")
    SMOKE.mkdir(parents=True, exist_ok=True)
    shots = []
    for view, lang in DEMO_SHOTS:
        target = SMOKE / f"demo-{view}-{lang}.png"
        target.unlink(missing_ok=True)
        args = ["screenshot", "--view", view, "--lang", lang, "--out", str(target)]
        expect(frozen(CLI_EXE, args, env, tmp), f"screenshot --view {view}")
        if not target.is_file() or target.read_bytes()[:4] != b"\x89PNG":
            raise BuildError(f"screenshot --view {view} wrote no PNG at {target}")
        shots.append(target)
    return shots


def folder_size(path: Path) -> tuple[int, int]:
    files = [p for p in path.rglob("*") if p.is_file() and not p.is_symlink()]
    return sum(p.stat().st_size for p in files), len(files)


def smoke_test(version: str, timings: dict[str, float]) -> list[Path]:
    with tempfile.TemporaryDirectory(prefix="crisisdesk-smoke-") as folder:
        tmp = Path(folder)
        with step("frozen app: --version", timings):
            check_version(tmp, version)
        with step("frozen app: selftest in a temporary data folder", timings):
            shots = check_selftest(tmp)
        with step("frozen app: portable mode", timings):
            check_portable(tmp)
        with step("frozen app: demo crisis and its screenshots", timings):
            shots += check_demo(tmp)
    return shots


# ---------------------------------------------------------------------- main
def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--smoke-only",
        action="store_true",
        help="skip building; test the app already in dist/CrisisDesk",
    )
    parser.add_argument("--no-smoke", action="store_true", help="build without testing")
    args = parser.parse_args(argv)
    version = package_version()
    timings: dict[str, float] = {}
    started = time.perf_counter()
    made: Path | None = None
    try:
        if not args.smoke_only:
            with step("compile translations", timings):
                compile_translations()
            with step("icon and version resource", timings):
                generate_resources()
            with step("PyInstaller one-folder build", timings):
                pyinstaller()
            with step("installer", timings):
                made = installer(version)
        shots = [] if args.no_smoke else smoke_test(version, timings)
    except (BuildError, subprocess.TimeoutExpired) as exc:
        say(f"FAILED: {exc}")
        return 1
    size, count = folder_size(APP_DIR)
    total = round(time.perf_counter() - started, 1)
    summary: dict[str, object] = {
        "version": version,
        "platform": sys.platform,
        "app_dir": str(APP_DIR),
        "size_mb": round(size / 1_000_000, 1),
        "files": count,
        "installer": str(made) if made else None,
        "screenshots": [str(s) for s in shots],
        "seconds": {**timings, "total": total},
    }
    say(f"{APP_DIR} is {summary['size_mb']} MB in {count} files; total {total}s")
    print(json.dumps(summary, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
