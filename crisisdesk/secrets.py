"""Secrets (API tokens, app secrets, the log-signing key) in the OS keyring.

They never go into the database, the settings file or an export. With no usable keyring
backend (a headless Linux box) CrisisDesk still works: it says so once and keeps secrets in
a file readable only by the user, telling the user where that unencrypted file is.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
import threading
from collections.abc import Callable
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


def _inner(backend: keyring.backend.KeyringBackend) -> keyring.backend.KeyringBackend:
    """The backend that answers first (a chainer asks its highest-priority one first)."""
    if type(backend).__module__.startswith("keyring.backends.chainer"):
        inner = list(getattr(backend, "backends", []))
        if inner:
            return max(inner, key=lambda b: getattr(b, "priority", 0))  # type: ignore[no-any-return]
    return backend


def is_plaintext_backend(backend: keyring.backend.KeyringBackend) -> bool:
    """A "keyring" that is an unencrypted file (keyrings.alt's PlaintextKeyring)."""
    return "plaintext" in type(_inner(backend)).__name__.casefold()


def is_windows_backend(backend: keyring.backend.KeyringBackend) -> bool:
    return (
        type(backend).__module__.startswith("keyring.backends.Windows") or sys.platform == "win32"
    )


class SecretStore:
    """The one way the core reads and writes secrets."""

    _warn_lock = threading.Lock()

    def __init__(self, fallback_dir: Path) -> None:
        self.fallback_path = fallback_dir / "secrets-unencrypted.json"
        self.warnings: list[str] = []  # everything announced by this store
        self.notices: list[str] = []  # announced, waiting for the app to show them
        self.on_notice: Callable[[str], None] | None = None  # the command line prints

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
            name = getattr(backend, "name", type(backend).__name__)
            if is_plaintext_backend(backend):
                where = getattr(_inner(backend), "file_path", "a file")
                return f"plain-text keyring {name}: secrets kept UNENCRYPTED in {where}"
            return f"OS keyring: {name}"
        return f"no OS keyring: secrets kept unencrypted in {self.fallback_path} (owner-only)"

    def warning(self) -> str | None:
        """What to tell the user once: secrets are not encrypted here; else ``None``."""
        if not self.uses_keyring:
            return (
                "no OS keyring is available; secrets are stored UNENCRYPTED in "
                f"{self.fallback_path}, readable only by your account"
            )
        if is_plaintext_backend(self.backend):
            where = getattr(_inner(self.backend), "file_path", "a file")
            return (
                f"the keyring in use is a plain-text file ({where}): secrets are stored "
                "UNENCRYPTED; install an OS keyring (Windows Credential Manager, macOS "
                "Keychain, Secret Service) to protect them"
            )
        return None

    def announce(self, message: str | None = None, *, once: bool = True) -> None:
        """Tell the user ``message`` (default: :meth:`warning`): through ``on_notice`` (the
        command line prints it) or into ``notices`` (the app shows them). With ``once`` it
        is said once per computer and surface, remembered in the data folder."""
        message = message if message is not None else self.warning()
        if not message:
            return
        surface = "cli" if self.on_notice is not None else "app"
        with SecretStore._warn_lock:
            if message in self.warnings:
                return
            self.warnings.append(message)
            if once and not self._remember(surface, message):
                return
        if self.on_notice is not None:
            self.on_notice(message)
        else:
            self.notices.append(message)

    def _remember(self, surface: str, message: str) -> bool:
        """Note ``message`` as said on ``surface``; False when it was said before."""
        digest = hashlib.sha256(message.encode("utf-8")).hexdigest()[:16]
        path = self.fallback_path.with_name("notices-shown.json")
        try:
            shown = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            shown = {}
        if not isinstance(shown, dict):
            shown = {}
        said = shown.get(surface)
        said = [str(x) for x in said] if isinstance(said, list) else []
        if digest in said:
            return False
        shown[surface] = [*said, digest]
        with contextlib.suppress(OSError):
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            path.write_text(json.dumps(shown), encoding="utf-8")
        return True

    def get(self, name: str) -> str | None:
        self.announce()
        if self.uses_keyring:
            try:
                return keyring.get_password(SERVICE, name)
            except keyring.errors.KeyringError as exc:
                raise SecretError(f"keyring refused to read {name!r}: {exc}") from exc
        return self._fallback_read().get(name)

    def set(self, name: str, value: str) -> None:
        if not name:
            raise SecretError("a secret needs a name")
        self.announce()
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
        data = self._fallback_read()
        data[name] = value
        self._fallback_write(data)

    def delete(self, name: str) -> bool:
        self.announce()
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
        self.fallback_path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        tmp = self.fallback_path.with_suffix(".tmp")
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)  # a left-over from a crash may carry other permissions
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle, ensure_ascii=False, indent=1)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, self.fallback_path)
