"""Builds the translations: ``lupdate`` refreshes the .ts sources from the code, ``lrelease``
compiles them to the .qm files the app loads. The .qm files are generated (gitignored);
the app compiles them itself at start when they are missing or older than the .ts.

Run ``python -m crisisdesk.ui.i18n_build`` after changing user-visible strings, then
translate the new entries in ``crisisdesk/resources/i18n/*.ts``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import PySide6

UI_DIR = Path(__file__).resolve().parent
PACKAGE_DIR = UI_DIR.parent
I18N_DIR = PACKAGE_DIR / "resources" / "i18n"
LANGUAGES = ("ar",)


def ts_path(language: str) -> Path:
    return I18N_DIR / f"crisisdesk_{language}.ts"


def source_files() -> list[Path]:
    """Every module whose strings the user sees: the Qt package and the GUI commands."""
    files = sorted(p for p in UI_DIR.rglob("*.py") if p.name != "i18n_build.py")
    gui_cli = PACKAGE_DIR / "cli" / "gui.py"
    if gui_cli.exists():
        files.append(gui_cli)
    return files


def qt_tool(name: str) -> Path:
    """The Qt tool shipped inside the PySide6 wheel (``lupdate``/``lrelease``)."""
    base = Path(PySide6.__file__).resolve().parent
    for candidate in (base / f"{name}.exe", base / name):
        if candidate.is_file():
            return candidate
    import shutil

    found = shutil.which(f"pyside6-{name}")
    if found:
        return Path(found)
    raise FileNotFoundError(f"Qt's {name} tool is not installed with PySide6")


def update_sources(languages: tuple[str, ...] = LANGUAGES) -> None:
    """Refresh the .ts files from the code, keeping existing translations."""
    import subprocess

    files = [str(p) for p in source_files()]
    for lang in languages:
        subprocess.run(
            [
                str(qt_tool("lupdate")),
                *files,
                "-ts",
                str(ts_path(lang)),
                "-target-language",
                lang,
                "-no-obsolete",
                "-locations",
                "none",
                "-silent",
            ],
            check=True,
        )


def compiled_path(language: str, out_dir: Path | None = None) -> Path:
    return (out_dir or I18N_DIR) / f"crisisdesk_{language}.qm"


def release(language: str, out_dir: Path | None = None) -> Path:
    """Compile one .ts to its .qm."""
    import subprocess

    qm = compiled_path(language, out_dir)
    qm.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [str(qt_tool("lrelease")), "-silent", str(ts_path(language)), "-qm", str(qm)],
        check=True,
    )
    return qm


def is_stale(language: str, out_dir: Path | None = None) -> bool:
    qm = compiled_path(language, out_dir)
    ts = ts_path(language)
    if not qm.exists():
        return True
    return ts.exists() and ts.stat().st_mtime > qm.stat().st_mtime


def ensure_compiled(language: str, fallback_dir: Path | None = None) -> Path | None:
    """The .qm for ``language``, compiled now if missing or stale; None if it cannot be.

    A frozen or read-only install ships its .qm files; when the package folder cannot be
    written, the .qm goes to ``fallback_dir`` (the user's cache) instead.
    """
    if not ts_path(language).exists():
        existing = compiled_path(language)
        return existing if existing.exists() else None
    targets = [None] + ([fallback_dir] if fallback_dir is not None else [])
    for out_dir in targets:
        if not is_stale(language, out_dir):
            return compiled_path(language, out_dir)
        folder = out_dir or I18N_DIR
        if folder.exists() and not os.access(folder, os.W_OK):
            continue
        import subprocess  # only when a .qm must be (re)built; the app start stays light

        try:
            return release(language, out_dir)
        except (OSError, subprocess.CalledProcessError):
            continue
    existing = compiled_path(language)
    return existing if existing.exists() else None


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(
        prog="python -m crisisdesk.ui.i18n_build",
        description=__doc__.splitlines()[0] if __doc__ else None,
    )
    parser.add_argument(
        "--no-update",
        action="store_true",
        help="only compile the .ts files, do not refresh them from the code",
    )
    args = parser.parse_args(argv)
    if not args.no_update:
        update_sources()
    for lang in LANGUAGES:
        qm = release(lang)
        print(
            f"{ts_path(lang).relative_to(PACKAGE_DIR.parent)} -> "
            f"{qm.relative_to(PACKAGE_DIR.parent)}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
