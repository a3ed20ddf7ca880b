"""The simulated public feed on 127.0.0.1: the public's posts, news and the Amanah's
statements as published in the exercise, escaped, marked EXERCISE; and in headless
Chromium without console errors (skipped where no Chromium is installed)."""

from __future__ import annotations

import json
import shutil
import subprocess
import urllib.request
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from crisisdesk.clock import ManualClock
from crisisdesk.desk import Desk
from crisisdesk.exercises.feed_server import FeedServer
from tests.helpers.databases import make_desk, sign_in_as, sqlite_db_url
from tests.helpers.statements import approved
from tests.unit.exercises.conftest import SHORT, START

SHOTS = Path("/work/notes/shots/i20")
HOSTILE = "<script>alert(1)</script>\u202eعاجل"


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Desk, FeedServer]]:
    wall = ManualClock(START)
    desk = make_desk(sqlite_db_url(tmp_path), clock=wall)
    sign_in_as(desk, "lead")
    source = tmp_path / "short.yaml"
    source.write_text(SHORT, encoding="utf-8")
    run = desk.exercises.start(str(source), speed=10)
    desk.exercises.follow(run.id).refresh = 0
    wall.advance(timedelta(minutes=1))  # T+10:00
    desk.exercises.tick(run.id)
    desk.exercises.inject_live(run.id, "x", HOSTILE, persona="rumour")
    statement = approved(desk, run.incident_id)
    sign_in_as(desk, "operator")
    desk.statements.publish(statement, "website")
    desk.statements.publish(statement, "x")
    server = FeedServer(desk.exercises, run.id).start()
    try:
        yield desk, server
    finally:
        server.stop()
        desk.close()


def _get(url: str) -> tuple[int, str, str]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, response.headers["Content-Type"], response.read().decode()


def test_the_feed_shows_what_the_public_sees(served: tuple[Desk, FeedServer]) -> None:
    _desk, server = served
    status, kind, page = _get(server.url)
    assert status == 200 and kind.startswith("text/html")
    assert "EXERCISE — not a real crisis" in page and "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "المياه وصلت نص السيارات في النفق" in page  # the X inject
    assert "هطلت أمطار غزيرة على الدمام" in page  # the news inject
    assert "نفق طريق الملك سعود امتلأ بالماء" not in page  # a WhatsApp message is private
    assert page.count('class="post official"') == 1  # one statement, sent to two channels
    data = json.loads(_get(server.url + "feed.json")[2])
    assert data["exercise"] is True
    times = [p["at"] for p in data["posts"]]
    assert times == sorted(times, reverse=True)
    with pytest.raises(urllib.error.HTTPError):
        _get(server.url + "admin")


def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def test_the_feed_in_headless_chromium(served: tuple[Desk, FeedServer], tmp_path: Path) -> None:
    browser = _chromium()
    if browser is None:
        pytest.skip("no Chromium installed (apt-get install chromium)")
    _desk, server = served
    shot = tmp_path / "feed.png"
    done = subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", "--enable-logging=stderr",
         "--v=0", f"--user-data-dir={tmp_path / 'profile'}", "--window-size=900,1200",
         f"--screenshot={shot}", server.url],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert shot.exists() and shot.stat().st_size > 10_000, done.stderr[-2000:]
    console = [line for line in done.stderr.splitlines() if "CONSOLE" in line or "Uncaught" in line]
    assert console == [], console
    if SHOTS.parent.is_dir():
        SHOTS.mkdir(exist_ok=True)
        shutil.copy(shot, SHOTS / "public_feed.png")
