"""Where CrisisDesk keeps its data on Windows, simulated here: the local (not roaming)
application data folder, portable mode beside the executable on a USB stick, SQLite URLs
of drive-letter paths, long export paths past MAX_PATH, and database files Windows will not
delete while another program holds them."""

from __future__ import annotations

import ntpath
import os
import sys
from pathlib import Path, PureWindowsPath

import platformdirs
import platformdirs.windows
import pytest
from sqlalchemy.engine import make_url

from crisisdesk.desk import Desk
from crisisdesk.errors import StorageError
from crisisdesk.storage import location

WIN_FOLDERS = {
    "CSIDL_LOCAL_APPDATA": r"C:\Users\ريم الشمري\AppData\Local",
    "CSIDL_APPDATA": r"C:\Users\ريم الشمري\AppData\Roaming",
}


@pytest.fixture
def windows_dirs(monkeypatch: pytest.MonkeyPatch) -> None:
    """platformdirs answering as on Windows (Known Folders faked), no data-folder override."""
    monkeypatch.delenv("CRISISDESK_DATA_DIR", raising=False)
    monkeypatch.setattr(platformdirs, "PlatformDirs", platformdirs.windows.Windows)
    monkeypatch.setattr(platformdirs.windows, "get_win_folder", WIN_FOLDERS.__getitem__)
    monkeypatch.setattr(location, "is_portable", lambda: False)


def test_windows_data_folder_is_local_appdata_not_the_roaming_profile(windows_dirs: None) -> None:
    where = str(location.data_dir_path())
    # A live SQLite file in the roaming profile would be copied at logon and logoff.
    assert ntpath.normpath(where) == r"C:\Users\ريم الشمري\AppData\Local\CrisisDesk"
    assert "Roaming" not in where


def test_the_data_folder_override_wins_on_windows_too(
    windows_dirs: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("CRISISDESK_DATA_DIR", str(tmp_path))
    assert location.data_dir() == tmp_path


@pytest.fixture
def stick(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A frozen CrisisDesk.exe on a USB stick with the ``portable`` marker beside it."""
    app = tmp_path / "E" / "CrisisDesk"
    app.mkdir(parents=True)
    (app / "CrisisDesk.exe").write_bytes(b"MZ")
    (app / location.PORTABLE_MARKER).write_text("")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(app / "CrisisDesk.exe"))
    monkeypatch.delenv("CRISISDESK_DATA_DIR", raising=False)
    return app


def test_portable_mode_keeps_database_exports_and_settings_on_the_stick(stick: Path) -> None:
    assert location.program_dir() == stick
    assert location.is_portable()
    data = stick / "data"
    assert location.data_dir() == data
    assert location.default_db_path() == data / "crisisdesk.db"
    assert location.exports_dir() == data / "exports" and (data / "exports").is_dir()
    assert location.settings_file() == data / "settings.ini"


def test_without_the_marker_the_app_is_installed_not_portable(
    stick: Path, windows_dirs: None
) -> None:
    (stick / location.PORTABLE_MARKER).unlink()
    assert location.settings_file() is None  # QSettings' own place: the registry
    assert "AppData" in str(location.data_dir_path())


def test_a_portable_database_opens_and_leaves_only_its_file_when_closed(stick: Path) -> None:
    """The stick can be pulled once CrisisDesk is closed: no -wal/-shm left to lose."""
    desk = Desk.open(location.default_db_url(), create=True)
    try:
        desk.users.create_first_admin("admin", "s3cret-pass-phrase", "Admin")
        files = {p.name for p in (stick / "data").iterdir()}
        assert {"crisisdesk.db", "crisisdesk.db-wal"} <= files  # WAL while open
    finally:
        desk.close()
    left = sorted(p.name for p in (stick / "data").glob("crisisdesk.db*"))
    assert left == ["crisisdesk.db"]
    reopened = Desk.open(location.default_db_url())
    try:
        assert [u.name for u in reopened.users.list()] == ["admin"]
    finally:
        reopened.close()


@pytest.mark.parametrize(
    ("windows_path", "database"),
    [
        (
            r"C:\Users\ريم الشمري\AppData\Local\CrisisDesk\crisisdesk.db",
            "C:/Users/ريم الشمري/AppData/Local/CrisisDesk/crisisdesk.db",
        ),
        (r"E:\CrisisDesk\data\crisisdesk.db", "E:/CrisisDesk/data/crisisdesk.db"),
        (r"D:\غرفة الأزمات #2\demo.db", "D:/غرفة الأزمات #2/demo.db"),
    ],
)
def test_sqlite_urls_of_windows_paths_round_trip(windows_path: str, database: str) -> None:
    url = location.sqlite_url(PureWindowsPath(windows_path))  # type: ignore[arg-type]
    assert make_url(url).database == database


LONG_EXPORT = (
    "C:\\Users\\ريم الشمري\\OneDrive - أمانة المنطقة الشرقية\\"
    + "\\".join(
        ["exports", "incident-1-سيول الدمام والخبر بعد الأمطار الغزيرة", "2026-11-26T071500Z"]
        + ["attachments"] * 12
    )
    + "\\statement-v3-ar.pdf"
)


def test_a_long_export_path_gets_the_extended_prefix_on_windows() -> None:
    assert len(LONG_EXPORT) > location.WINDOWS_MAX_PATH
    extended = location.extended_path(LONG_EXPORT, windows=True)
    assert extended == "\\\\?\\" + LONG_EXPORT
    # "." and ".." are not resolved by Windows behind the prefix, so they are resolved first.
    dotted = LONG_EXPORT.replace("\\exports\\", "\\exports\\.\\tmp\\..\\")
    assert location.extended_path(dotted, windows=True) == extended
    # Forward slashes, as Python code often writes them, become backslashes.
    assert location.extended_path(LONG_EXPORT.replace("\\", "/"), windows=True) == extended


def test_length_is_counted_as_windows_counts_it() -> None:
    """MAX_PATH counts UTF-16 units: emoji (outside the BMP) count twice."""
    base = "C:\\exports\\" + "x" * 226  # 237 characters
    assert location.extended_path(base + "\\a.txt", windows=True) == base + "\\a.txt"
    with_emoji = base + "\\🚨🚨🚨🚨🚨.txt"  # 247 characters, 252 UTF-16 units
    assert len(with_emoji) < location.WINDOWS_MAX_DIR < location.utf16_length(with_emoji)
    assert location.extended_path(with_emoji, windows=True).startswith("\\\\?\\C:\\")


def test_long_network_share_paths_use_the_unc_form() -> None:
    unc = "\\\\fileserver\\media\\" + "\\".join(["crisis"] * 50) + "\\bundle.zip"
    assert (
        location.extended_path(unc, windows=True)
        == "\\\\?\\UNC\\fileserver\\media\\" + (unc[len("\\\\fileserver\\media\\") :])
    )


@pytest.mark.parametrize(
    "path",
    [
        r"C:\Users\rim\AppData\Local\CrisisDesk\exports\bundle.zip",  # short: unchanged
        "\\\\?\\C:\\already\\extended\\" + "x" * 300,  # already extended
        "relative\\" + "x" * 300,  # cannot take the prefix
    ],
)
def test_paths_left_alone(path: str) -> None:
    assert location.extended_path(path, windows=True) == path


def test_elsewhere_paths_are_untouched(tmp_path: Path) -> None:
    assert location.extended_path(LONG_EXPORT, windows=False) == LONG_EXPORT
    assert location.extended_path(tmp_path / "short.txt", windows=False) == str(
        tmp_path / "short.txt"
    )


def test_a_file_past_max_path_can_be_written_and_read_back(tmp_path: Path) -> None:
    """On this machine's own rules (the prefix on Windows, nothing needed elsewhere)."""
    deep = tmp_path.joinpath(*["مجلد-طويل-للتصدير"] * 12)
    os.makedirs(location.extended_path(deep))
    target = deep / "statement.txt"
    assert location.utf16_length(str(target)) > location.WINDOWS_MAX_PATH
    with open(location.extended_path(target), "w", encoding="utf-8") as handle:
        handle.write("بيان")
    with open(location.extended_path(target), encoding="utf-8") as handle:
        assert handle.read() == "بيان"


def test_platform_detection_follows_sys_platform(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "win32")
    assert location.extended_path(LONG_EXPORT).startswith("\\\\?\\C:\\")


def test_deleting_a_database_another_program_holds_is_one_line_and_keeps_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "demo.db"
    for name in ("demo.db", "demo.db-wal", "demo.db-shm"):
        (tmp_path / name).write_bytes(b"x")
    real_unlink = Path.unlink

    def windows_unlink(self: Path, missing_ok: bool = False) -> None:
        if self.name.endswith("-wal"):  # the sharing violation Windows raises
            raise PermissionError(
                32,
                "The process cannot access the file because it is being used by another process",
                str(self),
            )
        real_unlink(self, missing_ok=missing_ok)

    monkeypatch.setattr(Path, "unlink", windows_unlink)
    with pytest.raises(StorageError) as caught:
        location.remove_sqlite_files(db)
    message = str(caught.value)
    assert "\n" not in message and "demo.db-wal" in message and "another program" in message
    assert db.exists(), "the database is never removed without its log"
    monkeypatch.setattr(Path, "unlink", real_unlink)
    location.remove_sqlite_files(db)
    assert list(tmp_path.iterdir()) == []
