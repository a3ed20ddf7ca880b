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

import hashlib
import os
import subprocess
import sys
import venv
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


def main(argv: list[str]) -> int:
    if not argv or argv[0] in ("-h", "--help"):
        print(__doc__)
        return 0 if argv else 2
    command, rest = argv[0], argv[1:]
    python = setup()
    env = dict(os.environ)
    if command == "setup":
        return 0
    if command == "demo":
        return subprocess.call([str(python), "-m", "crisisdesk", "demo", *rest], env=env)
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
