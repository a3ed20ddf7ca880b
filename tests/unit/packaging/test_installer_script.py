"""The Inno Setup script: per user without administrator rights, a Start-menu shortcut,
Arabic and English, and an uninstall that keeps the crisis room's data unless asked."""

from __future__ import annotations

import re

import pytest

from tests.unit.packaging.conftest import ROOT

ISS = ROOT / "packaging" / "windows" / "crisisdesk.iss"


def sections() -> dict[str, list[str]]:
    """Section name (lower case) -> its non-comment lines."""
    found: dict[str, list[str]] = {"": []}
    current = ""
    for raw in ISS.read_text(encoding="utf-8-sig").splitlines():
        line = raw.strip()
        if not line or line.startswith(";"):
            continue
        match = re.fullmatch(r"\[(\w+)\]", line)
        if match:
            current = match.group(1).lower()
            found.setdefault(current, [])
        else:
            found[current].append(line)
    return found


def directives(section: str) -> dict[str, str]:
    return dict(line.split("=", 1) for line in sections()[section] if "=" in line)


def test_saved_as_utf8_with_a_bom_so_iscc_reads_the_arabic() -> None:
    assert ISS.read_bytes().startswith(b"\xef\xbb\xbf")
    assert "أُزيل" in ISS.read_text(encoding="utf-8-sig")


def test_per_user_install_without_administrator_rights() -> None:
    setup = directives("setup")
    assert setup["PrivilegesRequired"] == "lowest"
    assert "PrivilegesRequiredOverridesAllowed" not in setup
    assert setup["DefaultDirName"].startswith("{userpf}")  # %LOCALAPPDATA%\Programs
    assert setup["AppVersion"] == "{#AppVersion}"  # from the package version, via build.py
    assert setup["SetupIconFile"] == "{#IconFile}"


def test_start_menu_shortcut_to_the_app() -> None:
    icons = sections()["icons"]
    assert any(
        line.startswith('Name: "{autoprograms}\\{#AppName}"')
        and 'Filename: "{app}\\{#AppExe}"' in line
        for line in icons
    )
    assert '#define AppExe "CrisisDesk.exe"' in ISS.read_text(encoding="utf-8-sig")


def test_arabic_and_english_installer_languages() -> None:
    languages = sections()["languages"]
    names = [re.search(r'Name: "(\w+)"', line).group(1) for line in languages]  # type: ignore[union-attr]
    assert names == ["arabic", "english"]
    text = ISS.read_text(encoding="utf-8-sig")
    assert 'Languages\\Arabic.isl"' in text and "#error" in text


def test_every_custom_message_exists_in_both_languages() -> None:
    keys: dict[str, set[str]] = {"english": set(), "arabic": set()}
    for line in sections()["custommessages"]:
        language, rest = line.split(".", 1)
        keys[language].add(rest.split("=", 1)[0])
    assert keys["english"] == keys["arabic"]
    assert {"DeleteDataPrompt", "DataDeleted", "DesktopIcon"} <= keys["english"]


def test_uninstall_keeps_the_data_unless_asked() -> None:
    text = ISS.read_text(encoding="utf-8-sig")
    code = text.split("[Code]", 1)[1]
    # The prompt defaults to "No" and a silent uninstall needs an explicit switch.
    assert "MB_DEFBUTTON2" in code and "/DELETEUSERDATA" in code
    delete_at = code.index("DelTree(DataFolderPath()")
    guard = code.rindex("if AskedToDeleteData() then", 0, delete_at)
    assert code[guard:delete_at].count("end;") == 0, "DelTree runs only when asked"
    assert code.count("DelTree(") == 1
    # Nothing in [UninstallDelete] touches the databases: only Qt's rebuildable cache.
    removed = sections()["uninstalldelete"]
    assert removed == ['Type: filesandordirs; Name: "{#DataFolder}\\CrisisDesk\\cache"']
    assert '#define DataFolder "{localappdata}\\CrisisDesk"' in text


def test_the_data_folder_is_the_one_the_app_uses(monkeypatch: pytest.MonkeyPatch) -> None:
    import platformdirs
    import platformdirs.windows

    from crisisdesk.storage import location

    monkeypatch.delenv("CRISISDESK_DATA_DIR")
    monkeypatch.setattr(platformdirs, "PlatformDirs", platformdirs.windows.Windows)
    monkeypatch.setattr(
        platformdirs.windows,
        "get_win_folder",
        lambda csidl: {"CSIDL_LOCAL_APPDATA": "LOCALAPPDATA"}.get(csidl, "OTHER"),
    )
    monkeypatch.setattr(location, "is_portable", lambda: False)
    assert str(location.data_dir_path()).replace("\\", "/") == "LOCALAPPDATA/CrisisDesk"


def test_a_test_leftover_marker_or_data_folder_is_never_installed() -> None:
    files = sections()["files"]
    assert len(files) == 1
    assert 'Excludes: "\\portable,\\data\\*"' in files[0]
