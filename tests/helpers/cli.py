"""Run the real ``crisisdesk`` command in a child process, with a file-backed test keyring."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def cli_env(data_dir: Path, **extra: str) -> dict[str, str]:
    """Environment for a child: its own data folder and a plaintext keyring inside it."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CRISISDESK_")}
    env.update(
        CRISISDESK_DATA_DIR=str(data_dir),
        PYTHON_KEYRING_BACKEND="keyrings.alt.file.PlaintextKeyring",
        XDG_DATA_HOME=str(data_dir / "xdg"),
        PYTHONPATH=str(PROJECT_ROOT),
        QT_QPA_PLATFORM="offscreen",
    )
    env.update(extra)
    return env


def run_cli(
    args: list[str], env: dict[str, str], stdin: str | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "crisisdesk", *args],
        input=stdin,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=PROJECT_ROOT,
    )
