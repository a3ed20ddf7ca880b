"""The spec's rules: every file the app opens by name is bundled; what is left out of Qt
is only what the app never loads."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest

from crisisdesk.playbooks import library_dir
from tests.unit.packaging.conftest import ROOT

PACKAGE = ROOT / "crisisdesk"


@pytest.fixture(scope="module")
def datas(bundle: ModuleType) -> dict[str, str]:
    """Bundled file (relative to the project) -> its folder inside the frozen app."""
    return {
        Path(src).relative_to(ROOT).as_posix(): dest
        for src, dest in bundle.package_data(PACKAGE, ROOT)
    }


def test_migrations_are_bundled_as_files_where_alembic_looks(datas: dict[str, str]) -> None:
    versions = sorted((PACKAGE / "storage" / "migrations" / "versions").glob("*.py"))
    assert versions, "the project has migrations"
    for path in versions:
        rel = path.relative_to(ROOT).as_posix()
        assert datas[rel] == "crisisdesk/storage/migrations/versions"
    assert datas["crisisdesk/storage/migrations/env.py"] == "crisisdesk/storage/migrations"
    assert "crisisdesk/storage/migrations/script.py.mako" in datas


def test_every_playbook_font_icon_theme_and_catalogue_is_bundled(datas: dict[str, str]) -> None:
    resources = PACKAGE / "resources"
    wanted = [
        *library_dir().glob("*.yaml"),
        *(resources / "fonts").glob("*"),
        *(resources / "icons").glob("*.svg"),
        *(resources / "themes").glob("*.qss"),
        *(resources / "i18n").glob("*.qm"),
    ]
    assert len(wanted) > 15
    for path in wanted:
        rel = path.relative_to(ROOT).as_posix()
        assert datas.get(rel) == path.parent.relative_to(ROOT).as_posix(), rel


def test_sources_and_translation_sources_stay_out(datas: dict[str, str]) -> None:
    for rel in datas:
        assert "__pycache__" not in rel
        assert not rel.endswith((".pyc", ".ts")), rel
        if rel.endswith(".py"):
            assert rel.startswith("crisisdesk/storage/migrations/"), rel


def test_a_data_file_added_later_is_bundled_without_editing_the_spec(
    bundle: ModuleType, tmp_path: Path
) -> None:
    package = tmp_path / "crisisdesk"
    (package / "resources" / "demo").mkdir(parents=True)
    (package / "resources" / "demo" / "whatsapp.json").write_text("{}")
    (package / "module.py").write_text("")
    found = bundle.package_data(package, tmp_path)
    assert found == [
        (str(package / "resources" / "demo" / "whatsapp.json"), "crisisdesk/resources/demo")
    ]


def test_a_build_without_compiled_catalogues_is_refused(bundle: ModuleType, tmp_path: Path) -> None:
    i18n = tmp_path / "resources" / "i18n"
    i18n.mkdir(parents=True)
    (i18n / "crisisdesk_ar.ts").write_text("<TS/>")
    assert bundle.missing_catalogues(tmp_path) == ["crisisdesk_ar.ts"]
    (i18n / "crisisdesk_ar.qm").write_bytes(b"qm")
    assert bundle.missing_catalogues(tmp_path) == []


@pytest.mark.parametrize(
    ("dest", "kept"),
    [
        # Linux wheel layout
        ("PySide6/Qt/translations/qtbase_ar.qm", True),
        ("PySide6/Qt/translations/qt_en.qm", True),
        ("PySide6/Qt/translations/qtbase_de.qm", False),
        ("PySide6/Qt/translations/qt_help_ar.qm", False),
        ("PySide6/Qt/plugins/platforms/libqxcb.so", True),
        ("PySide6/Qt/plugins/platforms/libqoffscreen.so", True),
        ("PySide6/Qt/plugins/platforms/libqwayland.so", True),
        ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", False),
        ("PySide6/Qt/plugins/imageformats/libqsvg.so", True),
        ("PySide6/Qt/plugins/imageformats/libqpdf.so", False),
        ("PySide6/Qt/plugins/iconengines/libqsvgicon.so", True),
        ("PySide6/Qt/plugins/sqldrivers/libqsqlite.so", False),
        # Windows wheel layout
        ("PySide6\\translations\\qtbase_ar.qm", True),
        ("PySide6\\translations\\qtbase_fr.qm", False),
        ("PySide6\\plugins\\platforms\\qwindows.dll", True),
        ("PySide6\\plugins\\platforms\\qoffscreen.dll", True),
        ("PySide6\\plugins\\imageformats\\qico.dll", True),
        ("PySide6\\plugins\\imageformats\\qsvg.dll", True),
        ("PySide6\\plugins\\imageformats\\qtiff.dll", False),
        ("PySide6\\plugins\\styles\\qmodernwindowsstyle.dll", True),
        ("PySide6\\plugins\\platforminputcontexts\\qtvirtualkeyboardplugin.dll", False),
        ("PySide6\\Qt6Widgets.dll", True),
        ("crisisdesk/resources/i18n/crisisdesk_ar.qm", True),
    ],
)
def test_qt_parts_kept_and_dropped(bundle: ModuleType, dest: str, kept: bool) -> None:
    assert bundle.keep_qt_file(dest) is kept


def test_libraries_only_a_dropped_plugin_needed_are_pruned(bundle: ModuleType) -> None:
    links = {
        "src/QtWidgets.abi3.so": ["libQt6Widgets.so.6", "libshiboken6.abi3.so.6.12"],
        "src/libQt6Widgets.so.6": ["libQt6Gui.so.6"],
        "src/libQt6Gui.so.6": [],
        "src/libshiboken6.abi3.so.6.12": ["libstdc++.so.6"],
        "src/libqxcb.so": ["libQt6XcbQpa.so.6"],
        "src/libQt6XcbQpa.so.6": ["libQt6Gui.so.6"],
        "src/libgtk-3.so.0": ["libcairo.so.2"],
        "src/libcairo.so.2": [],
        "src/libpython3.11.so.1.0": [],
    }
    binaries = [
        ("PySide6/QtWidgets.abi3.so", "src/QtWidgets.abi3.so", "EXTENSION"),
        ("PySide6/Qt/lib/libQt6Widgets.so.6", "src/libQt6Widgets.so.6", "BINARY"),
        ("PySide6/Qt/lib/libQt6Gui.so.6", "src/libQt6Gui.so.6", "BINARY"),
        ("shiboken6/libshiboken6.abi3.so.6.12", "src/libshiboken6.abi3.so.6.12", "BINARY"),
        ("PySide6/Qt/plugins/platforms/libqxcb.so", "src/libqxcb.so", "BINARY"),
        ("PySide6/Qt/lib/libQt6XcbQpa.so.6", "src/libQt6XcbQpa.so.6", "BINARY"),
        ("libgtk-3.so.0", "src/libgtk-3.so.0", "BINARY"),  # its plugin was dropped
        ("libcairo.so.2", "src/libcairo.so.2", "BINARY"),
        ("libpython3.11.so.1.0", "src/libpython3.11.so.1.0", "BINARY"),
        ("libshiboken6.abi3.so.6.12", "shiboken6/libshiboken6.abi3.so.6.12", "SYMLINK"),
    ]
    kept, dropped = bundle.prune_unlinked(binaries, lambda source: links[source])
    assert dropped == ["libcairo.so.2", "libgtk-3.so.0"]
    assert [entry for entry in binaries if entry not in kept] == binaries[6:8]


def test_unused_qt_modules_and_test_tools_are_excluded(bundle: ModuleType) -> None:
    used = set()
    for path in PACKAGE.rglob("*.py"):
        for line in path.read_text(encoding="utf-8").splitlines():
            words = line.replace(",", " ").split()
            used.update(w for w in words if w.startswith("PySide6.Qt"))
    assert used, "the app imports Qt"
    assert not used & set(bundle.QT_EXCLUDES), "an excluded Qt module is imported"
    for heavy in (
        "PySide6.QtWebEngineCore",
        "PySide6.Qt3DCore",
        "PySide6.QtQuick",
        "PySide6.QtMultimedia",
        "PySide6.QtCharts",
    ):
        assert heavy in bundle.QT_EXCLUDES
    for tool in ("pytest", "hypothesis", "keyrings.alt", "PyInstaller"):
        assert tool in bundle.PY_EXCLUDES


def test_time_zone_data_and_the_windows_keyring_are_bundled(bundle: ModuleType) -> None:
    assert "tzdata" in bundle.HIDDEN_IMPORTS
    assert "keyring.backends.Windows" in bundle.HIDDEN_IMPORTS
    assert "sqlalchemy.dialects.postgresql.psycopg" in bundle.HIDDEN_IMPORTS


def test_the_screens_the_shell_imports_by_name_are_found(bundle: ModuleType) -> None:
    from crisisdesk.ui import screens

    assert bundle.screen_modules(PACKAGE) == list(screens.SCREEN_MODULES)


def test_a_listed_screen_without_a_file_stops_the_build(bundle: ModuleType, tmp_path: Path) -> None:
    ui = tmp_path / "crisisdesk" / "ui"
    ui.mkdir(parents=True)
    (ui / "screens.py").write_text(
        'SCREEN_MODULES = (\n    "crisisdesk.ui.overview",\n    "crisisdesk.ui.later",\n)\n'
    )
    (ui / "overview.py").write_text("")
    package = tmp_path / "crisisdesk"
    listed = bundle.screen_modules(package)
    assert bundle.missing_modules(package, listed) == ["crisisdesk.ui.later"]
