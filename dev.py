#!/usr/bin/env python3
"""Set up and run CrisisDesk from a fresh clone with nothing but Python 3.11+.

    python dev.py demo     build the demo crisis and open the desktop app
    python dev.py test     run the whole test suite
    python dev.py setup    only (re)create the environment
    python dev.py run ARGS run any crisisdesk command, e.g. `python dev.py run --help`

The first run makes a virtual environment in .venv and installs the project with the
versions pinned in requirements.lock; later runs reinstall only when those files change.
"""

from __future__ import annotations

import ctypes.util
import hashlib
import os
import subprocess
import sys
import venv
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
LOCK = ROOT / "requirements.lock"
STAMP = VENV / ".crisisdesk-installed"


def venv_python() -> Path:
    if os.name == "nt":
        return VENV / "Scripts" / "python.exe"
    return VENV / "bin" / "python"


def wanted_stamp() -> str:
    digest = hashlib.sha256()
    for path in (ROOT / "pyproject.toml", LOCK):
        if path.exists():
            digest.update(path.read_bytes())
    digest.update(sys.version.encode())
    return digest.hexdigest()


def setup() -> Path:
    if sys.version_info < (3, 11):  # noqa: UP036 - dev.py runs on whatever Python is there
        sys.exit(f"CrisisDesk needs Python 3.11 or newer, this is {sys.version.split()[0]}")
    python = venv_python()
    if not python.exists():
        print("creating the environment in .venv ...", flush=True)
        venv.EnvBuilder(with_pip=True, upgrade_deps=False).create(VENV)
    stamp = wanted_stamp()
    if not STAMP.exists() or STAMP.read_text() != stamp:
        print(
            "installing CrisisDesk and its dependencies (first run takes a few minutes) ...",
            flush=True,
        )
        pip = [str(python), "-m", "pip", "install", "--disable-pip-version-check", "-q"]
        subprocess.run([*pip, "--upgrade", "pip>=24"], check=True)
        constraint = ["-c", str(LOCK)] if LOCK.exists() else []
        subprocess.run([*pip, *constraint, "-e", f"{ROOT}[test]"], check=True)
        subprocess.run([str(python), "-m", "crisisdesk.ui.i18n_build", "--no-update"], check=True)
        STAMP.write_text(stamp)
    return python


def _os_release() -> str:
    try:
        return Path("/etc/os-release").read_text("utf-8", errors="replace")
    except OSError:
        return ""


def missing_desktop_library(
    *,
    platform: str = sys.platform,
    env: dict[str, str] | None = None,
    find_library: Callable[[str], str | None] = ctypes.util.find_library,
    os_release: str | None = None,
) -> str | None:
    """The one command that installs what Qt's X11 plugin needs, when it is missing.

    Qt 6.5+ stops on Linux with "xcb-cursor0 or libxcb-cursor0 is needed"; the README
    promises Python and nothing else, so say the fix before Qt aborts.
    """
    env = dict(os.environ) if env is None else env
    if not platform.startswith("linux"):
        return None
    wanted = env.get("QT_QPA_PLATFORM", "")
    if wanted and not wanted.startswith("xcb"):
        return None  # offscreen, wayland...: the X11 plugin is not loaded
    if not wanted and env.get("WAYLAND_DISPLAY") and not env.get("DISPLAY"):
        return None
    if find_library("xcb-cursor"):
        return None
    release = _os_release() if os_release is None else os_release
    ids = " ".join(
        line.split("=", 1)[1].strip().strip('"').lower()
        for line in release.splitlines()
        if line.startswith(("ID=", "ID_LIKE="))
    ).split()
    if any(i in ("fedora", "rhel", "centos") for i in ids):
        command = "sudo dnf install xcb-util-cursor"
    elif any(i in ("arch", "manjaro") for i in ids):
        command = "sudo pacman -S xcb-util-cursor"
    elif any(i in ("opensuse", "suse", "opensuse-leap", "opensuse-tumbleweed") for i in ids):
        command = "sudo zypper install libxcb-cursor0"
    else:
        command = "sudo apt-get install libxcb-cursor0"
    return (
        "dev.py: the desktop app needs the X11 cursor library (libxcb-cursor0), "
        f"which this system lacks. Install it with:\n\n    {command}\n\n"
        "then run the command again."
    )


def main(argv: list[str]) -> int:
    if not argv or argv[0] in ("-h", "--help"):
        print(__doc__)
        return 0 if argv else 2
    command, rest = argv[0], argv[1:]
    python = setup()
    env = dict(os.environ)
    if command == "setup":
        return 0
    if command == "demo" and "--no-gui" not in rest:
        hint = missing_desktop_library()
        if hint:
            print(hint, file=sys.stderr)
            return 1
    if command == "demo":
        return subprocess.call([str(python), "-m", "crisisdesk", "demo", *rest], env=env)
    if command == "run" and rest[:1] == ["gui"]:
        hint = missing_desktop_library()
        if hint:
            print(hint, file=sys.stderr)
            return 1
    if command == "run":
        return subprocess.call([str(python), "-m", "crisisdesk", *rest], env=env)
    if command == "test":
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
        code = subprocess.call([str(python), "-m", "pytest", *rest], cwd=ROOT, env=env)
        if code == 5:
            print(
                "dev.py: pytest collected no tests; that is a failure, not a pass", file=sys.stderr
            )
            return 1
        return code
    print(f"dev.py: unknown command {command!r}; try `python dev.py --help`", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
