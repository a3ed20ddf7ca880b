"""``crisisdesk screenshot`` tells the truth about what it draws."""

from __future__ import annotations

import subprocess
import sys


def test_help_lists_every_view_and_says_what_happens_without_db() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "crisisdesk", "screenshot", "--help"],
        capture_output=True,
        text=True,
        check=True,
    )
    text = " ".join(done.stdout.lower().split())
    assert "later screens" not in text
    from crisisdesk.ui.screenshot import views

    for view in views():
        assert view in text
    assert "without --db" in text and "demo" in text
