"""What every screen of the incident room shares: the desk, the background ops, the
reader's preferences, the incident in view and the live change feed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from crisisdesk.ui.display import DisplayPrefs
from crisisdesk.ui.ops import Ops
from crisisdesk.ui.settings import UiSettings

if TYPE_CHECKING:
    from crisisdesk.desk import Desk
    from crisisdesk.ui.feed import LogFeed
    from crisisdesk.ui.room_jobs import RoomJobs


class RoomShell(Protocol):
    """What a screen may ask of the window it sits in (instead of probing it with hasattr)."""

    def show_screen(self, key: str) -> Any: ...

    def show_status(self, message: str, msecs: int) -> None: ...

    def set_language(self, language: str) -> None: ...

    def set_theme(self, theme: str) -> None: ...

    def prefs_changed(self) -> None: ...


@dataclass
class RoomContext:
    """Handed to each screen at construction instead of any global."""

    desk: Desk
    ops: Ops
    settings: UiSettings
    prefs: DisplayPrefs
    incident_id: int
    feed: LogFeed
    jobs: RoomJobs | None = None  # set once the room's jobs have started
    shell: RoomShell | None = None  # the window, once it shows the incident
