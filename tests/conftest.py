"""Fixtures shared by every test: real inputs, a test keyring, a clock."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from hypothesis import settings

from crisisdesk.desk import Desk
from tests.helpers.databases import make_desk, postgres_database, sqlite_db_url
from tests.helpers.keyring_backend import MemoryKeyring

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# Property tests judge what the code does, not how fast a shared 2-core CI machine runs it:
# no per-example deadline (a loaded machine turned them into flaky failures). `fuzz` is the
# long run for a quiet machine: HYPOTHESIS_PROFILE=fuzz python dev.py test tests/unit/intake/fuzz
settings.register_profile("crisisdesk", deadline=None)
settings.register_profile("fuzz", deadline=None, max_examples=2000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "crisisdesk"))

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = PROJECT_ROOT.parent / "shared" / "data"


@pytest.fixture
def shared_data() -> Path:
    """The real third-party inputs; tests that need them skip when the folder is absent."""
    if not SHARED_DATA.is_dir():
        pytest.skip(f"real inputs not available ({SHARED_DATA} is absent)")
    return SHARED_DATA


@pytest.fixture(autouse=True)
def isolated_data_dir(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Every test gets its own data folder: nothing touches the user's real databases."""
    folder = tmp_path_factory.mktemp("data")
    monkeypatch.setenv("CRISISDESK_DATA_DIR", str(folder))
    monkeypatch.delenv("CRISISDESK_DB", raising=False)
    monkeypatch.delenv("CRISISDESK_PASSWORD", raising=False)
    monkeypatch.delenv("CRISISDESK_USER", raising=False)
    return folder


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    """A SQLite file URL in the test's folder (the file does not exist yet)."""
    return sqlite_db_url(tmp_path)


@pytest.fixture
def desk(db_url: str) -> Iterator[Desk]:
    """An initialised database with one user per role, signed in as the admin."""
    opened = make_desk(db_url)
    yield opened
    opened.close()


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A throw-away PostgreSQL database (skips with a reason when no server is configured)."""
    with postgres_database() as url:
        yield url


@pytest.fixture(autouse=True)
def cheap_password_hashes(request: pytest.FixtureRequest) -> Iterator[None]:
    """Tests hash with tiny argon2id parameters (the real ones cost ~0.3 s a hash);
    a test marked ``real_password_hashes`` keeps the shipped parameters."""
    if request.node.get_closest_marker("real_password_hashes"):
        yield
        return
    from argon2 import PasswordHasher, Type

    from crisisdesk.users import passwords

    previous = passwords.use_hasher(
        PasswordHasher(time_cost=1, memory_cost=8, parallelism=1, type=Type.ID)
    )
    yield
    passwords.use_hasher(previous)


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    """Every test gets an empty in-memory keyring behind the real `keyring` API."""
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)
