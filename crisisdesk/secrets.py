"""Secrets (API tokens, app secrets, the log-signing key) in the OS keyring.

They never go into the database, the settings file or an export. With no usable keyring
backend (a headless Linux box) CrisisDesk still works: it says so once and keeps secrets in
a file readable only by the user, telling the user where that unencrypted file is.
"""

from __future__ import annotations

import json
import os
import sys
import threading
from pathlib import Path

import keyring
import keyring.backend
import keyring.errors

from crisisdesk.errors import CrisisDeskError

SERVICE = "CrisisDesk"
# Windows Credential Manager refuses a credential blob over 2,560 bytes.
WINDOWS_CREDENTIAL_LIMIT = 2560


class SecretError(CrisisDeskError):
    """A secret could not be stored or read."""


def _backend_usable(backend: keyring.backend.KeyringBackend) -> bool:
    name = type(backend).__module__ + "." + type(backend).__name__
    if name.startswith("keyring.backends.fail") or name.startswith("keyring.backends.null"):
        return False
    if name.startswith("keyring.backends.chainer"):
        return bool(getattr(backend, "backends", []))
    return True


def is_windows_backend(backend: keyring.backend.KeyringBackend) -> bool:
    return (
        type(backend).__module__.startswith("keyring.backends.Windows") or sys.platform == "win32"
    )


class SecretStore:
    """The one way the core reads and writes secrets."""

    _warned = False
    _warn_lock = threading.Lock()

    def __init__(self, fallback_dir: Path) -> None:
        self.fallback_path = fallback_dir / "secrets-unencrypted.json"
        self.warnings: list[str] = []

    @property
    def backend(self) -> keyring.backend.KeyringBackend:
        return keyring.get_keyring()

    @property
    def uses_keyring(self) -> bool:
        return _backend_usable(self.backend)

    def status(self) -> str:
        """A one-line description for the Settings screen and ``secrets`` commands."""
        if self.uses_keyring:
            backend = self.backend
            return f"OS keyring: {getattr(backend, 'name', type(backend).__name__)}"
        return f"no OS keyring: secrets kept unencrypted in {self.fallback_path} (owner-only)"

    def get(self, name: str) -> str | None:
        if self.uses_keyring:
            try:
                return keyring.get_password(SERVICE, name)
            except keyring.errors.KeyringError as exc:
                raise SecretError(f"keyring refused to read {name!r}: {exc}") from exc
        return self._fallback_read().get(name)

    def set(self, name: str, value: str) -> None:
        if not name:
            raise SecretError("a secret needs a name")
        if self.uses_keyring:
            size = len(value.encode("utf-16-le"))
            if is_windows_backend(self.backend) and size > WINDOWS_CREDENTIAL_LIMIT:
                raise SecretError(
                    f"secret {name!r} is {size} bytes; Windows Credential Manager holds at most "
                    f"{WINDOWS_CREDENTIAL_LIMIT} bytes per credential"
                )
            try:
                keyring.set_password(SERVICE, name, value)
            except keyring.errors.KeyringError as exc:
                raise SecretError(f"keyring refused to store {name!r}: {exc}") from exc
            return
        self._warn_fallback()
        data = self._fallback_read()
        data[name] = value
        self._fallback_write(data)

    def delete(self, name: str) -> bool:
        if self.uses_keyring:
            try:
                keyring.delete_password(SERVICE, name)
            except keyring.errors.PasswordDeleteError:
                return False
            return True
        data = self._fallback_read()
        if name not in data:
            return False
        del data[name]
        self._fallback_write(data)
        return True

    def _warn_fallback(self) -> None:
        with SecretStore._warn_lock:
            message = (
                "no OS keyring is available; secrets are stored UNENCRYPTED in "
                f"{self.fallback_path}, readable only by your account"
            )
            self.warnings.append(message)
            if not SecretStore._warned:
                SecretStore._warned = True
                print(f"crisisdesk: warning: {message}", file=sys.stderr)

    def _fallback_read(self) -> dict[str, str]:
        try:
            data = json.loads(self.fallback_path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as exc:
            raise SecretError(f"{self.fallback_path}: unreadable secrets file ({exc})") from exc
        if not isinstance(data, dict):
            raise SecretError(f"{self.fallback_path}: not a secrets file")
        return {str(k): str(v) for k, v in data.items()}

    def _fallback_write(self, data: dict[str, str]) -> None:
        self.fallback_path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.fallback_path.with_suffix(".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle, ensure_ascii=False, indent=1)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, self.fallback_path)
