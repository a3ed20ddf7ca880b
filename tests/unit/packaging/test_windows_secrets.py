"""Secrets on Windows, simulated: a Credential-Manager-like keyring backend that refuses a
blob over 2,560 bytes as the real one does (with an obscure Win32 error). CrisisDesk must
refuse first with a clear one-line message, store what fits, and keep its signing key."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError

from crisisdesk.desk import Desk
from crisisdesk.secrets import (
    WINDOWS_CREDENTIAL_LIMIT,
    SecretError,
    SecretStore,
    is_windows_backend,
)


class CredWriteError(OSError):
    """What pywin32 raises for an oversized blob: 1783, "The stub received bad data"."""


class WinVaultKeyring(KeyringBackend):
    """Stands in for keyring.backends.Windows.WinVaultKeyring: UTF-16 blobs, 2,560-byte cap."""

    priority = 5  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.blobs: dict[tuple[str, str], bytes] = {}

    def set_password(self, service: str, username: str, password: str) -> None:
        blob = password.encode("utf-16-le")
        if len(blob) > WINDOWS_CREDENTIAL_LIMIT:
            raise CredWriteError(1783, "CredWrite", "The stub received bad data.")
        self.blobs[(service, username)] = blob

    def get_password(self, service: str, username: str) -> str | None:
        blob = self.blobs.get((service, username))
        return None if blob is None else blob.decode("utf-16-le")

    def delete_password(self, service: str, username: str) -> None:
        if self.blobs.pop((service, username), None) is None:
            raise PasswordDeleteError(username)


WinVaultKeyring.__module__ = "keyring.backends.Windows"


@pytest.fixture
def vault() -> Iterator[WinVaultKeyring]:
    previous = keyring.get_keyring()
    backend = WinVaultKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


def test_the_backend_is_recognised_as_windows(vault: WinVaultKeyring, tmp_path: Path) -> None:
    assert is_windows_backend(vault)
    assert SecretStore(tmp_path).uses_keyring


def test_a_token_over_the_limit_is_refused_clearly_and_nothing_is_stored(
    vault: WinVaultKeyring, tmp_path: Path
) -> None:
    store = SecretStore(tmp_path)
    token = "E" * 1281  # 2,562 bytes in UTF-16
    with pytest.raises(SecretError) as caught:
        store.set("whatsapp-token", token)
    message = str(caught.value)
    assert "2562 bytes" in message and "2560" in message and "Credential Manager" in message
    assert "\n" not in message and "stub received" not in message
    assert vault.blobs == {}


def test_exactly_the_limit_fits(vault: WinVaultKeyring, tmp_path: Path) -> None:
    store = SecretStore(tmp_path)
    store.set("x-bearer", "A" * 1280)  # 2,560 bytes
    assert store.get("x-bearer") == "A" * 1280


def test_the_limit_counts_utf16_bytes_not_characters(
    vault: WinVaultKeyring, tmp_path: Path
) -> None:
    store = SecretStore(tmp_path)
    store.set("note", "س" * 1280)  # Arabic: 2 bytes each in UTF-16 (3 in UTF-8)
    with pytest.raises(SecretError):
        store.set("emoji", "🚨" * 641)  # outside the BMP: 4 bytes each, 2,564 bytes
    assert store.get("note") == "س" * 1280 and store.get("emoji") is None


def test_on_windows_any_backend_gets_the_limit(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(sys, "platform", "win32")
    store = SecretStore(tmp_path)
    assert is_windows_backend(store.backend)  # the in-memory test keyring
    with pytest.raises(SecretError, match="2560"):
        store.set("long", "x" * 2000)


def test_the_log_signing_key_fits_and_checkpoints_verify(
    vault: WinVaultKeyring, db_url: str
) -> None:
    desk = Desk.open(db_url, create=True)
    try:
        desk.users.create_first_admin("admin", "s3cret-pass-phrase", "Admin")
        desk.sign_in("admin", "s3cret-pass-phrase")
        desk.log.checkpoint("windows")
        (name,) = [key for _, key in vault.blobs if key.startswith("log-signing-key/")]
        assert len(vault.blobs[("CrisisDesk", name)]) < WINDOWS_CREDENTIAL_LIMIT
        assert desk.log.verify().ok
    finally:
        desk.close()
