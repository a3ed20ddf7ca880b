"""The Windows VERSIONINFO comes from the package version, in the form PyInstaller reads."""

from __future__ import annotations

import ast
from types import ModuleType
from typing import Any

import pytest

import crisisdesk


class _Recorder:
    """Stands in for PyInstaller's versioninfo classes (which need pefile, a Windows tool)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.args = args
        self.kwargs = kwargs


NAMES = (
    "VSVersionInfo",
    "FixedFileInfo",
    "StringFileInfo",
    "StringTable",
    "StringStruct",
    "VarFileInfo",
    "VarStruct",
)


def evaluate(text: str) -> Any:
    """Evaluate the file the way PyInstaller does (one Python expression)."""
    tree = ast.parse(text, mode="eval")
    called = {
        n.func.id
        for n in ast.walk(tree)
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)
    }
    assert called <= set(NAMES), called - set(NAMES)
    return eval(
        compile(tree, "version_info.txt", "eval"),  # our own output, no builtins
        {"__builtins__": {}, **{name: _Recorder for name in NAMES}},
    )


def test_the_source_version_is_the_package_version(version_info: ModuleType) -> None:
    assert version_info.package_version() == crisisdesk.__version__


@pytest.mark.parametrize(
    ("version", "four"),
    [
        ("0.1.0", (0, 1, 0, 0)),
        ("1.2", (1, 2, 0, 0)),
        ("2.0.1rc3", (2, 0, 1, 3)),
        ("3.4.5.6", (3, 4, 5, 6)),
        ("1.0.0+local.7", (1, 0, 0, 0)),
    ],
)
def test_version_numbers_for_the_fixed_fields(
    version_info: ModuleType, version: str, four: tuple[int, ...]
) -> None:
    assert version_info.version_tuple(version) == four


@pytest.mark.parametrize("version", ["dev", "70000.0"])
def test_a_version_windows_cannot_hold_is_refused(version_info: ModuleType, version: str) -> None:
    with pytest.raises(ValueError, match=version.split(".")[0]):
        version_info.version_tuple(version)


def test_the_resource_names_the_product_and_version(version_info: ModuleType) -> None:
    info = evaluate(version_info.version_info_text("0.1.0"))
    fixed = info.kwargs["ffi"]
    assert fixed.kwargs["filevers"] == (0, 1, 0, 0) == fixed.kwargs["prodvers"]
    string_file = info.kwargs["kids"][0]
    table = string_file.args[0][0]
    assert table.args[0] == "040904B0"  # US English, Unicode
    strings = {s.args[0]: s.args[1] for s in table.args[1]}
    assert strings["ProductName"] == "CrisisDesk"
    assert strings["ProductVersion"] == strings["FileVersion"] == "0.1.0"
    assert strings["OriginalFilename"] == "CrisisDesk.exe"
    translations = info.kwargs["kids"][1].args[0][0].args[1]
    assert 0x0401 in translations  # Arabic (Saudi Arabia) is declared too


def test_one_resource_per_executable_from_the_package_version(
    version_info: ModuleType, tmp_path: Any
) -> None:
    written = version_info.write_all(tmp_path / "gen")
    assert [p.name for p in written] == ["version_info.txt", "version_info_cli.txt"]
    names = []
    for path in written:
        text = path.read_text(encoding="utf-8")
        assert f"'{crisisdesk.__version__}'" in text
        table = evaluate(text).kwargs["kids"][0].args[0][0]
        names.append({s.args[0]: s.args[1] for s in table.args[1]}["OriginalFilename"])
    assert names == ["CrisisDesk.exe", "crisisdesk-cli.exe"]
    spec = (version_info.ROOT / "packaging" / "crisisdesk.spec").read_text(encoding="utf-8")
    assert 'windows_options("version_info.txt")' in spec
    assert 'windows_options("version_info_cli.txt")' in spec
