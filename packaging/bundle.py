"""What goes into the frozen app and what stays out: the rules ``crisisdesk.spec`` applies.

Kept apart from the spec (which only PyInstaller can run) so the tests can check them:
every file the app opens by name must be bundled, and every Qt part left out must be one
the app never loads.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterable
from pathlib import Path

# Sources kept out of the data files: Python is compiled into the archive (except the
# migrations, which Alembic reads as files), .ts catalogues are compiled to .qm first
# (shipping a newer .ts would make the app try to recompile it with a tool not shipped).
SKIP_SUFFIXES = {".py", ".pyc", ".pyo", ".ts"}

# Imported by name at run time: SQLAlchemy finds dialects, keyring its backends, Alembic
# runs the migrations (read as files) whose imports the analysis cannot see.
HIDDEN_IMPORTS = [
    "sqlalchemy.dialects.sqlite",
    "sqlalchemy.dialects.postgresql",
    "sqlalchemy.dialects.postgresql.psycopg",
    "psycopg",
    "psycopg_binary",
    "keyring.backends.Windows",
    "keyring.backends.SecretService",
    "keyring.backends.macOS",
    "keyring.backends.chainer",
    "keyring.backends.fail",
    "tzdata",
    "logging.config",
]

# Qt modules the app never imports (it uses QtCore, QtGui, QtWidgets, and QtSvg for icons).
QT_EXCLUDES = [
    "PySide6.QtWebEngineCore", "PySide6.QtWebEngineWidgets", "PySide6.QtWebEngineQuick",
    "PySide6.QtWebChannel", "PySide6.QtWebSockets", "PySide6.QtWebView",
    "PySide6.Qt3DCore", "PySide6.Qt3DRender", "PySide6.Qt3DInput", "PySide6.Qt3DLogic",
    "PySide6.Qt3DAnimation", "PySide6.Qt3DExtras",
    "PySide6.QtQml", "PySide6.QtQuick", "PySide6.QtQuick3D", "PySide6.QtQuickWidgets",
    "PySide6.QtQuickControls2", "PySide6.QtQuickTest",
    "PySide6.QtMultimedia", "PySide6.QtMultimediaWidgets", "PySide6.QtSpatialAudio",
    "PySide6.QtTextToSpeech",
    "PySide6.QtCharts", "PySide6.QtDataVisualization", "PySide6.QtGraphs",
    "PySide6.QtGraphsWidgets",
    "PySide6.QtPdf", "PySide6.QtPdfWidgets",
    "PySide6.QtBluetooth", "PySide6.QtNfc", "PySide6.QtPositioning", "PySide6.QtLocation",
    "PySide6.QtSensors", "PySide6.QtSerialPort", "PySide6.QtSerialBus",
    "PySide6.QtRemoteObjects", "PySide6.QtScxml", "PySide6.QtStateMachine",
    "PySide6.QtSql", "PySide6.QtTest", "PySide6.QtDesigner", "PySide6.QtHelp",
    "PySide6.QtUiTools", "PySide6.QtOpenGL", "PySide6.QtOpenGLWidgets",
    "PySide6.QtHttpServer", "PySide6.QtNetworkAuth", "PySide6.QtAxContainer",
    "PySide6.QtConcurrent", "PySide6.QtXml", "PySide6.QtDBus", "PySide6.QtNetwork",
]  # fmt: skip
# Development and test tools that may sit in the build environment.
PY_EXCLUDES = [
    "tkinter", "_tkinter", "pydoc_data", "lib2to3", "idlelib", "test",
    "pytest", "_pytest", "pytestqt", "hypothesis", "mypy", "ruff", "importlinter",
    "keyrings.alt", "IPython", "matplotlib", "numpy", "PyInstaller",
]  # fmt: skip

# Qt files dropped after the analysis: plugins for things the app never shows and the
# translations of other languages (Qt's own strings: dialogs, context menus).
KEEP_QT_LANGUAGES = ("ar", "en")
DROP_PLUGIN_DIRS = {
    "designer", "qmltooling", "sqldrivers", "networkinformation", "tls",
    "egldeviceintegrations", "vectorimageformats", "printsupport", "multimedia",
    "position", "sensors", "canbus", "renderers", "sceneparsers", "geometryloaders",
}  # fmt: skip
DROP_PLUGIN_FILES = {
    "qpdf", "qtiff", "qwebp", "qicns", "qtga", "qwbmp",  # image formats the app never reads
    "qvnc", "qeglfs", "qlinuxfb", "qminimalegl", "qvkkhrdisplay",  # kiosk/embedded platforms
    "qgtk3",  # the GTK theme plugin drags in all of GTK (Linux); Fusion + our QSS is the look
    "qtvirtualkeyboardplugin",  # an on-screen keyboard built on QtQuick
}  # fmt: skip
EXTENSION = re.compile(r"\.(pyd|abi3\.so|cpython-[^.]+\.so)$", re.I)

Entry = tuple[str, str, str]  # PyInstaller's (destination, source, type code)


def package_data(package: Path, root: Path) -> list[tuple[str, str]]:
    """(file, destination folder) for every non-code file of ``package``, plus migrations.

    Whole folders rather than a list of names, so a font, playbook or demo file added
    later is shipped without touching the spec.
    """
    migrations = package / "storage" / "migrations"
    found = []
    for path in sorted(package.rglob("*")):
        if not path.is_file() or "__pycache__" in path.parts:
            continue
        keep_source = migrations in path.parents and path.suffix == ".py"
        if path.suffix in SKIP_SUFFIXES and not keep_source:
            continue
        found.append((str(path), path.parent.relative_to(root).as_posix()))
    return found


def screen_modules(package: Path) -> list[str]:
    """The screens the shell imports by name (``SCREEN_MODULES`` in crisisdesk/ui/screens.py).

    Read from the source, not imported (no Qt in the build script): a name the analysis
    cannot follow must be listed as a hidden import, and must exist when the build starts.
    """
    tree = ast.parse((package / "ui" / "screens.py").read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names = [t.id for t in targets if isinstance(t, ast.Name)]
            if "SCREEN_MODULES" in names and node.value is not None:
                value = ast.literal_eval(node.value)
                return [str(name) for name in value]
    raise ValueError(f"{package / 'ui' / 'screens.py'}: no SCREEN_MODULES")


def missing_modules(package: Path, modules: Iterable[str]) -> list[str]:
    """Dotted names under the package with no source file (yet)."""
    missing = []
    for name in modules:
        parts = name.split(".")[1:]
        path = package.joinpath(*parts)
        if not (path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()):
            missing.append(name)
    return missing


def missing_catalogues(package: Path) -> list[str]:
    """The .ts catalogues with no compiled .qm beside them (the build must compile first)."""
    folder = package / "resources" / "i18n"
    return sorted(ts.name for ts in folder.glob("*.ts") if not ts.with_suffix(".qm").exists())


def keep_qt_file(dest: str) -> bool:
    """False for a Qt translation of another language or a plugin the app never loads."""
    path = Path(dest.replace("\\", "/"))
    parts = path.parts
    if "PySide6" in parts and "translations" in parts:
        catalogue, _, language = path.stem.rpartition("_")  # qtbase_ar, qt_help_de ...
        return language in KEEP_QT_LANGUAGES and catalogue in ("qt", "qtbase")
    if "PySide6" in parts and "plugins" in parts:
        index = parts.index("plugins")
        if len(parts) > index + 1 and parts[index + 1] in DROP_PLUGIN_DIRS:
            return False
        stem = path.name.split(".")[0].removeprefix("lib")
        return stem not in DROP_PLUGIN_FILES
    return True


def is_root(dest: str) -> bool:
    """A file something loads by itself: Python itself, an extension module, a Qt plugin."""
    path = Path(dest.replace("\\", "/"))
    name = path.name.lower()
    return (
        "plugins" in path.parts
        or EXTENSION.search(name) is not None
        or name.startswith(("python3", "libpython3"))
    )


def prune_unlinked(
    binaries: Iterable[Entry], imports: Callable[[str], Iterable[str]]
) -> tuple[list[Entry], list[str]]:
    """Drop shared libraries that no kept module, plugin or library links to.

    The analysis collected the dependencies of every plugin before `keep_qt_file` dropped
    some (the GTK theme alone brings GTK, Cairo and Pango); what nothing kept needs any
    more is left out. ``imports(source)`` names the libraries a binary links to.
    Returns the kept entries and the names left out.
    """
    entries = list(binaries)
    by_name: dict[str, list[Entry]] = {}
    for entry in entries:
        by_name.setdefault(Path(entry[0].replace("\\", "/")).name.lower(), []).append(entry)
    needed: set[str] = set()
    todo = [Path(e[0].replace("\\", "/")).name.lower() for e in entries if is_root(e[0])]
    while todo:
        name = todo.pop()
        if name in needed or name not in by_name:
            continue
        needed.add(name)
        for _, source, kind in by_name[name]:
            if kind in ("BINARY", "EXTENSION"):
                todo.extend(Path(dep.replace("\\", "/")).name.lower() for dep in imports(source))
    kept = [
        e for e in entries
        if e[2] not in ("BINARY", "EXTENSION")
        or Path(e[0].replace("\\", "/")).name.lower() in needed
    ]  # fmt: skip
    return kept, sorted(set(by_name) - needed)
