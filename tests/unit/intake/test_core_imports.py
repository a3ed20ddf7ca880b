"""The text and intake layers are core: importing them must not pull in Qt."""

from __future__ import annotations

import subprocess
import sys

MODULES = [
    "crisisdesk.text.normalise",
    "crisisdesk.text.display",
    "crisisdesk.text.language",
    "crisisdesk.text.hijri",
    "crisisdesk.text.plain",
    "crisisdesk.intake.parsers",
    "crisisdesk.intake.parsers.hotline",
    "crisisdesk.intake.http",
    "crisisdesk.intake.webhook_signature",
    "crisisdesk.intake.connectors.x_search",
    "crisisdesk.intake.connectors.rss_feed",
    "crisisdesk.intake.connectors.imap",
]


def test_no_qt_in_the_core() -> None:
    code = (
        "import sys\n"
        + "".join(f"import {name}\n" for name in MODULES)
        + "bad = [m for m in sys.modules if m.startswith(('PySide6', 'crisisdesk.ui'))]\n"
        + "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)
