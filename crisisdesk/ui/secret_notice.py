"""Says once, in the app, when this computer keeps secrets unencrypted (a plain-text
keyring file, or no keyring at all), and anything else the secret store had to announce
(a new signing key made for this log, secrets moved out of connector settings)."""

from __future__ import annotations

from typing import Any


def show_secret_notices(room: Any) -> None:
    """Ask the store (off the GUI thread: a keyring may be slow) and show what it says."""
    ctx = room.ctx
    secrets = ctx.desk.secrets

    def pending() -> list[str]:
        secrets.announce()  # the unencrypted-store warning, once per computer
        said, secrets.notices[:] = list(secrets.notices), []
        return said

    ctx.ops.read(pending, lambda said: _show(room, said), owner=room)


def _show(room: Any, said: list[str]) -> None:
    if not said:
        return
    from crisisdesk.ui.messages import show_error

    message = "\n".join(said)
    room.statusBar().showMessage(said[0], 60_000)
    room.secret_notice = show_error(room, message)
