"""Issue 17, finding 6: walk every screen in Arabic with the demo crisis and fail on what
an Arabic reader should never meet — a login name, an id, a decision kind, an ISO
duration, a channel or template kind in English, a keyring class.

What must stay Latin is allowed: web and e-mail addresses, file names, hashes and
fingerprints, time zone names, message text written by the public.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from crisisdesk.demo.crisis import DEMO_PASSWORD, DEMO_USERS, build_demo
from crisisdesk.desk import Desk
from crisisdesk.ui import i18n
from tests.helpers.screen_walk import Seen, texts, walk

LOGINS = {name for name, *_ in DEMO_USERS} | {"scheduler", "system"}
LEAKS = {
    "login": re.compile(r"(?<![\w.@/-])(" + "|".join(sorted(LOGINS)) + r")(?![\w.@/-])"),
    "iso duration": re.compile(r"\bP(?:\d+D)?T\d+[HMS]\b"),
    "decision kind": re.compile(r"(?<![\w./@:-])[a-z_]{3,}\.[a-z_]{3,}(?![\w./@-])"),
    "playbook or template id": re.compile(r"(?<![\w./@:-])[a-z]{3,}(?:-[a-z]{3,})+(?![\w./@-])"),
    "english kind": re.compile(
        r"(?<![\w./@:-])(holding|update|correction|email|hotline|whatsapp|sms|webhook)(?![\w./@-])"
    ),
    "keyring class": re.compile(r"Keyring\b"),
}
# Text the public wrote reaches the screen as they wrote it (the inbox, rumours, quarantine
# rows, the board's posts): those rows are theirs, not ours.
PUBLIC_TEXT = {"inbox", "rumours", "quarantine", "board", "network"}


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("demo")
    return build_demo(Path(folder) / "demo.db")


@pytest.fixture
def demo_desk(demo_url: str) -> Iterator[Desk]:
    desk = Desk.open(demo_url)
    yield desk
    desk.close()


def allowed(item: Seen) -> bool:
    """What stays as written: the public's text, a statement's English version, an
    English phrase quoted in «», an account's login on the Users screen (what one types
    to sign in), and a logged decision's summary (the tamper-evident log keeps the words
    written at the time of the decision)."""
    if item.screen in PUBLIC_TEXT and item.kind in ("row", "edit"):
        return True
    if item.kind == "edit" and "english" in item.widget.lower():
        return True
    if item.screen == "users" and item.kind == "row" and item.text in LOGINS:
        return True
    return (
        item.screen == "log"
        and item.kind == "row"
        and bool(re.search("[\u0600-\u06ff]", item.text))
    )


def leaks(seen: list[Seen]) -> list[str]:
    found = []
    for item in seen:
        if allowed(item):
            continue
        text = re.sub(r"https?://\S+|\S+@\S+\.\S+|«[^»]*»", " ", item.text)
        for what, pattern in LEAKS.items():
            match = pattern.search(text)
            if match:
                found.append(
                    f"{item.screen}: {what} {match.group(0)!r} in {item.widget}: {text[:80]!r}"
                )
    return found


def test_no_screen_leaks_ids_or_english_into_arabic(qapp: QApplication, demo_desk: Desk) -> None:
    found: list[str] = []
    try:
        for user, only in (("lead", None), ("admin", {"users", "settings"})):
            demo_desk.sign_in(user, DEMO_PASSWORD)
            for key, window in walk(demo_desk, "ar", (1366, 768), only=only):
                found += leaks(texts(key, window))
    finally:
        i18n.set_language(qapp, "en")
    assert not found, "\n" + "\n".join(sorted(set(found)))
