"""The reader's preferences, kept with QSettings (the registry on Windows)."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QLocale, QSettings

from crisisdesk.storage import location
from crisisdesk.ui.display import DisplayPrefs

LANGUAGES = ("ar", "en")
THEMES = ("light", "dark")


def default_language() -> str:
    """Arabic unless the computer's own locale says English (or any non-Arabic language)."""
    name = QLocale.system().name().lower()
    return "en" if name.startswith("en") else "ar"


def default_store() -> QSettings:
    """The OS place (the registry on Windows), or an INI file on the stick in portable mode."""
    portable = location.settings_file()
    if portable is not None:
        return QSettings(str(portable), QSettings.Format.IniFormat)
    return QSettings("CrisisDesk", "CrisisDesk")


class UiSettings:
    """Typed access to the stored preferences; one instance per QSettings scope."""

    def __init__(self, store: QSettings | None = None) -> None:
        self._store = store if store is not None else default_store()

    @property
    def store(self) -> QSettings:
        return self._store

    def _get(self, key: str, default: str) -> str:
        value = self._store.value(key, default)
        return str(value) if value is not None else default

    def _get_bool(self, key: str, default: bool) -> bool:
        value = self._store.value(key, default)
        if isinstance(value, str):
            return value.lower() in ("1", "true", "yes")
        return bool(value)

    @property
    def language(self) -> str:
        value = self._get("ui/language", "")
        return value if value in LANGUAGES else default_language()

    @language.setter
    def language(self, value: str) -> None:
        if value not in LANGUAGES:
            raise ValueError(f"unknown language {value!r}")
        self._store.setValue("ui/language", value)

    @property
    def arabic_digits(self) -> bool:
        return self._get_bool("ui/arabic_digits", self.language == "ar")

    @arabic_digits.setter
    def arabic_digits(self, value: bool) -> None:
        self._store.setValue("ui/arabic_digits", bool(value))

    @property
    def hijri(self) -> bool:
        return self._get_bool("ui/hijri", True)

    @hijri.setter
    def hijri(self, value: bool) -> None:
        self._store.setValue("ui/hijri", bool(value))

    @property
    def theme(self) -> str:
        value = self._get("ui/theme", "light")
        return value if value in THEMES else "light"

    @theme.setter
    def theme(self, value: str) -> None:
        if value not in THEMES:
            raise ValueError(f"unknown theme {value!r}")
        self._store.setValue("ui/theme", value)

    @property
    def database(self) -> str:
        """The database to open at next start when none is given (empty: the default file)."""
        return self._get("desk/database", "")

    @database.setter
    def database(self, value: str) -> None:
        self._store.setValue("desk/database", value.strip())

    @property
    def last_user(self) -> str:
        return self._get("desk/last_user", "")

    @last_user.setter
    def last_user(self, value: str) -> None:
        self._store.setValue("desk/last_user", value)

    def geometry(self, rtl: bool) -> QByteArray | None:
        """The main window's saved geometry for one layout direction."""
        value = self._store.value(f"window/geometry_{'rtl' if rtl else 'ltr'}")
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def set_geometry(self, rtl: bool, data: QByteArray) -> None:
        self._store.setValue(f"window/geometry_{'rtl' if rtl else 'ltr'}", data)

    def display_prefs(self) -> DisplayPrefs:
        return DisplayPrefs(
            language=self.language, arabic_digits=self.arabic_digits, hijri=self.hijri
        )

    def sync(self) -> None:
        self._store.sync()
