"""What every benchmark shares: argument parsing, a temp folder, the one-JSON-line report."""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def arguments(description: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--quick", action="store_true", help="a small size that runs in seconds")
    return parser.parse_args()


def workdir() -> Path:
    path = Path(tempfile.mkdtemp(prefix="crisisdesk-bench-"))
    os.environ["CRISISDESK_DATA_DIR"] = str(path / "data")
    os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyrings.alt.file.PlaintextKeyring")
    os.environ.setdefault("XDG_DATA_HOME", str(path / "xdg"))
    return path


def report(name: str, ratio: float, goal: float, better: str, **detail: Any) -> None:
    """Print the result as the last line: one JSON object."""
    print(
        json.dumps(
            {
                "bench": name,
                "ratio": round(ratio, 4),
                "goal": goal,
                "better": better,
                "detail": detail,
            },
            ensure_ascii=False,
        )
    )
