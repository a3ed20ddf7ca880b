"""Secrets stay secrets (issue 13, finding 6 and the secrets part of finding 8).

As reported: ``connector add ... --set password=…`` (or ``bearer_token=…``) went into the
database, the append-only log and even a ``--mask-pii`` export; ``secrets set|delete``
left no decision; a plain-text keyring passed for an OS keyring; with no keyring a
checkpoint silently made and pinned a new signing key; the database was world-readable.
"""

from __future__ import annotations

import json
import os
import stat
import sys
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from hypothesis import given
from hypothesis import strategies as st
from keyring.backends import fail
from keyrings.alt.file import PlaintextKeyring

from crisisdesk.desk import Desk
from crisisdesk.errors import CrisisDeskError, RefusedError
from crisisdesk.secret_decisions import remove_secret, store_secret
from crisisdesk.secret_fields import HIDDEN, is_secret_key, redact
from crisisdesk.secrets import SecretStore
from crisisdesk.storage.models import ConnectorState
from crisisdesk.unit_of_work import UnitOfWork
from tests.helpers.databases import make_desk, postgres_database, sign_in_as
from tests.helpers.keyring_backend import MemoryKeyring
from tests.helpers.statements import open_flood

SECRET = "imap-Pa55word-that-must-never-leak"
TOKEN = "AAAAbearer-token-that-must-never-leak"


def _all_text(folder: Path) -> str:
    return "\n".join(
        p.read_bytes().decode("utf-8", "replace") for p in folder.rglob("*") if p.is_file()
    )


@pytest.mark.parametrize(
    ("channel", "values"),
    [("imap", {"host": "mail.example", "password": SECRET}), ("x", {"bearer_token": TOKEN}),
     ("rss", {"url": "https://example.org/feed", "api-key": TOKEN}),
     ("whatsapp", {"app_secret": TOKEN})],
)  # fmt: skip
def test_a_secret_in_connector_settings_is_refused(
    desk: Desk, channel: str, values: dict[str, str]
) -> None:
    incident = open_flood(desk)
    sign_in_as(desk, "lead")
    head = desk.log.head().seq
    with pytest.raises(CrisisDeskError, match="secrets set"):
        desk.inbox.connectors.configure("c1", channel, incident, values)
    assert desk.inbox.connectors.get("c1") is None
    assert desk.log.head().seq == head
    db = Path(str(desk.db.sqlite_path))
    assert SECRET.encode() not in db.read_bytes() and TOKEN.encode() not in db.read_bytes()


def test_a_secret_in_connector_settings_is_refused_on_postgresql(any_url: str) -> None:
    desk = make_desk(any_url)
    try:
        incident = open_flood(desk)
        with pytest.raises(CrisisDeskError, match=r"secrets set imap\.password"):
            desk.inbox.connectors.configure("m", "imap", incident, {"password": SECRET})
        assert SECRET not in json.dumps([d.to_json() for d in desk.log.since(0, limit=10_000)])
        assert desk.inbox.connectors.get("m") is None
    finally:
        desk.close()


def _old_version_stored(desk: Desk, incident: int) -> None:
    """What ``connector add imap1 --set password=…`` did before: the value in the
    settings and in the decision's payload."""
    config = {"host": "mail.example", "username": "media", "password": SECRET}
    sign_in_as(desk, "lead")
    with desk.db.write() as session:
        session.add(ConnectorState(name="imap1", channel="imap", incident_id=incident,
                                   config=json.dumps(config), cursor="{}", failures=0))  # fmt: skip
        UnitOfWork(desk, session).decide(
            "connector.configured",
            subject="connector:imap1",
            incident_id=incident,
            summary_ar="ضبط الموصل imap1 (imap)",
            summary_en="configured connector imap1 (imap)",
            payload={"name": "imap1", "channel": "imap", "config": config},
        )


@pytest.fixture(params=["sqlite", "postgresql"])
def any_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'room.db'}"
    else:
        with postgres_database() as pg:
            yield pg


def test_a_stored_secret_is_moved_out_and_never_shown_or_exported(
    any_url: str, tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    db_url = any_url
    desk = make_desk(db_url)
    incident = open_flood(desk)
    _old_version_stored(desk, incident)
    desk.close()

    desk = Desk.open(db_url)  # the new version opens the old database
    try:
        assert memory_keyring.store[("CrisisDesk", "imap.password")] == SECRET
        assert "password" not in desk.inbox.connectors.get("imap1").config  # type: ignore[union-attr]
        moved = [d for d in desk.log.since(0, limit=10_000) if d.kind == "connector.secrets_moved"]
        assert len(moved) == 1 and SECRET not in json.dumps(moved[0].to_json())
        shown = json.dumps([d.to_json() for d in desk.log.since(0, limit=10_000)])
        assert SECRET not in shown and HIDDEN in shown
        assert desk.log.verify().ok  # the chain is untouched
        sign_in_as(desk, "lead")
        for mask in (False, True):
            out = tmp_path / f"bundle-{mask}"
            desk.review.export(incident, out, mask_pii=mask)
            assert SECRET not in _all_text(out)
            verdict = desk.review.verify(out)
            assert verdict.ok, verdict.describe()
    finally:
        desk.close()
    again = Desk.open(db_url)  # nothing left to move: no second decision
    try:
        kinds = [d.kind for d in again.log.since(0, limit=10_000)]
        assert kinds.count("connector.secrets_moved") == 1
    finally:
        again.close()


def test_secrets_set_and_delete_are_decisions_naming_the_secret(desk: Desk) -> None:
    head = desk.log.head().seq
    store_secret(desk, "x.bearer_token", TOKEN)
    assert keyring.get_password("CrisisDesk", "x.bearer_token") == TOKEN
    assert remove_secret(desk, "x.bearer_token")
    assert not remove_secret(desk, "x.bearer_token")
    logged = desk.log.since(head)
    assert [d.kind for d in logged] == ["secrets.set", "secrets.deleted", "secrets.deleted"]
    assert all(d.subject == "secret:x.bearer_token" for d in logged)
    assert TOKEN not in json.dumps([d.to_json() for d in logged])
    sign_in_as(desk, "lead")
    with pytest.raises(RefusedError):
        store_secret(desk, "x.bearer_token", TOKEN)
    assert keyring.get_password("CrisisDesk", "x.bearer_token") is None


def test_a_plain_text_keyring_is_announced_once(tmp_path: Path) -> None:
    plain = PlaintextKeyring()
    plain.file_path = str(tmp_path / "keyring.cfg")  # type: ignore[misc]
    keyring.set_keyring(plain)
    said: list[str] = []
    for _ in range(2):  # two commands on this computer
        store = SecretStore(tmp_path)
        store.on_notice = said.append
        assert "UNENCRYPTED" in store.status()
        store.set("a", "b")
        store.get("a")
    assert len(said) == 1 and "plain-text" in said[0] and "UNENCRYPTED" in said[0]
    app = SecretStore(tmp_path)  # the app has its own once
    app.get("a")
    assert app.notices == said


def test_no_keyring_new_signing_key_is_announced(db_url: str, tmp_path: Path) -> None:
    desk = make_desk(db_url)
    desk.log.checkpoint("with the keyring")
    desk.close()
    keyring.set_keyring(fail.Keyring())  # the keyring is gone (another laptop, headless ...)
    said: list[str] = []
    desk = Desk.open(db_url, on_notice=said.append)
    try:
        desk.sign_in("admin", "s3cret-pass-phrase")
        desk.log.checkpoint("without")
        assert any("no OS keyring" in s for s in said)
        assert any("a new one" in s and "pinned" in s for s in said), said
        fallback = Path(os.environ["CRISISDESK_DATA_DIR"]) / "secrets-unencrypted.json"
        if sys.platform != "win32":
            assert stat.S_IMODE(fallback.stat().st_mode) == 0o600
    finally:
        desk.close()


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_the_database_and_its_copies_are_owner_only(db_url: str) -> None:
    previous = os.umask(0o022)
    desk = make_desk(db_url)
    os.umask(previous)
    path = Path(str(desk.db.sqlite_path))
    try:
        for candidate in (path, path.with_name(path.name + "-wal")):
            if candidate.exists():
                assert stat.S_IMODE(candidate.stat().st_mode) == 0o600, candidate
    finally:
        desk.close()


@pytest.mark.parametrize(
    ("key", "secret"),
    [("password", True), ("bearer_token", True), ("app_secret", True), ("API-Key", True),
     ("key", True), ("pwd", True), ("Bearer", True), ("keyword", False), ("monkey", False),
     ("next_token", False), ("host", False), ("author", False), (3, False)],
)  # fmt: skip
def test_secret_names(key: object, secret: bool) -> None:
    assert is_secret_key(key) is secret


def test_credentials_inside_a_url_are_refused_too(desk: Desk) -> None:
    from crisisdesk.statements.channel_settings import configure

    incident = open_flood(desk)
    for url in (f"https://media:{SECRET}@mail.example/feed", f"https://x.example/f?access_token={TOKEN}"):
        with pytest.raises(CrisisDeskError, match="url"):
            desk.inbox.connectors.configure("r", "rss", incident, {"url": url})
    desk.inbox.connectors.configure("r", "rss", incident, {"url": "https://example.org/feed?q=سيول"})
    desk.sign_in("admin", "s3cret-pass-phrase")
    with pytest.raises(CrisisDeskError, match="keyring"):
        configure(desk, website_url=f"https://editor:{SECRET}@cms.example/api")
    shown = json.dumps([d.to_json() for d in desk.log.since(0, limit=10_000)])
    assert SECRET not in shown and TOKEN not in shown


def test_redact_keeps_flags_and_walks_deep_values() -> None:
    value = {"had_secret": True, "config": {"token": {"a": "b"}, "list": [{"password": "p"}]}}
    assert redact(value) == {
        "had_secret": True,
        "config": {"token": HIDDEN, "list": [{"password": HIDDEN}]},
    }
    deep: dict[str, object] = {"password": "p"}
    for _ in range(500):
        deep = {"x": deep}
    redact(deep)  # no RecursionError


KEYS = st.sampled_from(["password", "token", "x", "next_token", "app_secret", "a"])
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(KEYS | st.text(max_size=8), inner, max_size=4),
    max_leaves=30,
)


@given(JSON)
def test_redaction_leaves_no_secret_named_text(value: object) -> None:
    def walk(item: object) -> None:
        if isinstance(item, dict):
            for key, inner in item.items():
                if is_secret_key(key) and isinstance(inner, str | dict | list) and inner:
                    assert inner == HIDDEN
                walk(inner)
        elif isinstance(item, list):
            for inner in item:
                walk(inner)

    cleaned = redact(value)
    walk(cleaned)
    assert redact(cleaned) == cleaned  # idempotent
