"""Switches the application's language: our catalogue, Qt's own ``qtbase`` one, direction.

Every user-visible string goes through ``translate(context, text)`` so ``lupdate`` finds
it; widgets re-read their texts when Qt sends them a LanguageChange event.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import (
    QCoreApplication,
    QLibraryInfo,
    QLocale,
    QStandardPaths,
    Qt,
    QTranslator,
)

from crisisdesk.ui.i18n_build import ensure_compiled

translate = QCoreApplication.translate

_TAG = "crisisdesk-translator"


def qm_cache_dir() -> Path:
    return Path(QStandardPaths.writableLocation(
        QStandardPaths.StandardLocation.CacheLocation)) / "i18n"


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
    rtl = language == "ar"
    direction = Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight
    setter = getattr(app, "setLayoutDirection", None)
    if setter is not None:
        setter(direction)
    return loaded
