"""Switches the application's language: our catalogue, Qt's own ``qtbase`` one, direction.

Every user-visible string goes through ``translate(context, text)`` so ``lupdate`` finds
it; widgets re-read their texts when Qt sends them a LanguageChange event. The layout
direction follows the installed catalogues the way Qt defines it (their
``QT_LAYOUT_DIRECTION`` entry, "RTL" in ours and in Qt's Arabic one), so it flips with
the language and needs no enum from Python at start.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QLibraryInfo,
    QLocale,
    QStandardPaths,
    QTranslator,
)

from crisisdesk.ui.i18n_build import ensure_compiled

translate = QCoreApplication.translate

_TAG = "crisisdesk-translator"
# Qt asks every catalogue for this entry to set the layout direction; ours says "RTL".
LAYOUT_DIRECTION = QT_TRANSLATE_NOOP("QGuiApplication", "QT_LAYOUT_DIRECTION")


def qm_cache_dir() -> Path:
    return (
        Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.CacheLocation))
        / "i18n"
    )


def catalogues(language: str) -> list[Path]:
    """The .qm files to load for ``language``: Qt's qtbase first, then ours."""
    if language == "en":
        return []
    found = []
    qt_dir = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
    qtbase = qt_dir / f"qtbase_{language}.qm"
    if qtbase.exists():
        found.append(qtbase)
    ours = ensure_compiled(language, qm_cache_dir())
    if ours is not None:
        found.append(ours)
    return found


def set_language(app: QCoreApplication, language: str) -> list[Path]:
    """Install ``language`` (``ar`` or ``en``) application-wide; returns the catalogues loaded."""
    for old in app.findChildren(QTranslator, _TAG):
        QCoreApplication.removeTranslator(old)
        old.deleteLater()
    loaded = []
    for path in catalogues(language):
        translator = QTranslator(app)
        translator.setObjectName(_TAG)
        if translator.load(str(path)):
            QCoreApplication.installTranslator(translator)
            loaded.append(path)
        else:
            translator.deleteLater()
    if language == "ar":
        QLocale.setDefault(QLocale(QLocale.Language.Arabic, QLocale.Country.SaudiArabia))
    else:
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
    return loaded
