"""Settings screen: language, digits, theme, Hijri dates, the room's time zone, the database
in use and the keyring's state. The reader's choices apply at once and are kept with
QSettings; the time zone is the room's (in its database, for every laptop), changed by the
lead or an administrator as a decision."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from crisisdesk.ui.operations import perform
from crisisdesk.ui.operations import room as room_ops
from crisisdesk.ui.room import RoomContext
from crisisdesk.ui.screens import Screen, register_screen
from crisisdesk.users.permissions import Action, can

translate = QCoreApplication.translate


def zone_names() -> list[str]:
    """The room's likely zones first (the Gulf), then every IANA zone this computer knows."""
    from zoneinfo import available_timezones

    first = ["Asia/Riyadh", "Asia/Kuwait", "Asia/Bahrain", "Asia/Qatar", "Asia/Dubai", "UTC"]
    known = available_timezones()
    rest = sorted(z for z in known if "/" in z and not z.startswith(("Etc/", "SystemV/")))
    return [z for z in first if z in known] + [z for z in rest if z not in first]


@register_screen("settings", order=90)
class SettingsScreen(Screen):
    icon_name = "settings"

    @classmethod
    def title(cls) -> str:
        return translate("Settings", "Settings")

    def __init__(self, ctx: RoomContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        settings = ctx.settings
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 20, 24, 20)
        self.heading = QLabel(self)
        self.heading.setObjectName("screenTitle")
        outer.addWidget(self.heading)
        self.form = QFormLayout()
        self.form.setHorizontalSpacing(18)
        self.form.setVerticalSpacing(12)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)

        self.language = QComboBox(self)
        self.language.setObjectName("languageChoice")
        self.language.addItem("العربية", "ar")
        self.language.addItem("English", "en")
        self.language.setCurrentIndex(self.language.findData(ctx.prefs.language))
        self.digits = QComboBox(self)
        self.digits.setObjectName("digitsChoice")
        self.digits.addItem("", True)
        self.digits.addItem("", False)
        self.digits.setCurrentIndex(0 if ctx.prefs.arabic_digits else 1)
        self.theme = QComboBox(self)
        self.theme.setObjectName("themeChoice")
        self.theme.addItem("", "light")
        self.theme.addItem("", "dark")
        self.theme.setCurrentIndex(max(0, self.theme.findData(settings.theme)))
        self.hijri = QCheckBox(self)
        self.hijri.setObjectName("hijriChoice")
        self.hijri.setChecked(ctx.prefs.hijri)
        self.zone = QComboBox(self)
        self.zone.setObjectName("roomZone")
        self.zone.setEditable(True)
        self.zone.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.zone.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.zone.addItems(zone_names())
        self.zone.setCurrentText(ctx.prefs.zone or "")
        self.apply_zone = QPushButton(self)
        self.apply_zone.setObjectName("applyZone")
        role = ctx.desk.user.role if ctx.desk.user is not None else ""
        self.may_set_zone = can(role, Action.ROOM_SETTINGS)
        self.zone.setEnabled(self.may_set_zone)
        self.apply_zone.setEnabled(self.may_set_zone)
        self.zone_note = QLabel(self)
        self.zone_note.setObjectName("zoneNote")
        self.zone_note.setWordWrap(True)
        zone_row = QVBoxLayout()
        zone_line = QHBoxLayout()
        zone_line.addWidget(self.zone, 1)
        zone_line.addWidget(self.apply_zone)
        zone_row.addLayout(zone_line)
        zone_row.addWidget(self.zone_note)

        self.database = QLabel(self)
        self.database.setObjectName("databaseInUse")
        self.database.setTextFormat(Qt.TextFormat.PlainText)
        self.database.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.database.setWordWrap(True)
        self.next_database = QLineEdit(self)
        self.next_database.setObjectName("nextDatabase")
        self.next_database.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.next_database.setText(settings.database)
        self.save_database = QPushButton(self)
        self.save_database.setObjectName("saveDatabase")
        next_row = QHBoxLayout()
        next_row.addWidget(self.next_database, 1)
        next_row.addWidget(self.save_database)
        self.keyring = QLabel(self)
        self.keyring.setObjectName("keyringStatus")
        self.keyring.setWordWrap(True)
        self.keyring.setTextFormat(Qt.TextFormat.PlainText)
        self._keyring_state: tuple[str, str] | None = None

        self.labels = [QLabel(self) for _ in range(8)]
        fields: list[QWidget | QHBoxLayout | QVBoxLayout] = [
            self.language,
            self.digits,
            self.theme,
            self.hijri,
            zone_row,
            self.database,
            next_row,
            self.keyring,
        ]
        for label, field in zip(self.labels, fields, strict=True):
            self.form.addRow(label, field)
        outer.addLayout(self.form)
        self.saved_note = QLabel(self)
        self.saved_note.setWordWrap(True)
        outer.addWidget(self.saved_note)
        outer.addStretch(1)

        self.language.currentIndexChanged.connect(self._language_chosen)
        self.digits.currentIndexChanged.connect(self._digits_chosen)
        self.theme.currentIndexChanged.connect(self._theme_chosen)
        self.hijri.toggled.connect(self._hijri_chosen)
        self.save_database.clicked.connect(self._database_chosen)
        self.apply_zone.clicked.connect(self._zone_chosen)
        self.retranslate()
        self.refresh()

    def retranslate(self) -> None:
        self.heading.setText(translate("Settings", "Settings"))
        texts = [
            translate("Settings", "Language:"),
            translate("Settings", "Digits:"),
            translate("Settings", "Theme:"),
            translate("Settings", "Dates:"),
            translate("Settings", "Room's time zone:"),
            translate("Settings", "Database in use:"),
            translate("Settings", "Database at next start:"),
            translate("Settings", "Keyring:"),
        ]
        for label, text in zip(self.labels, texts, strict=True):
            label.setText(text)
        self.digits.setItemText(0, translate("Settings", "Arabic-Indic (٠١٢٣)"))
        self.digits.setItemText(1, translate("Settings", "Western (0123)"))
        self.theme.setItemText(0, translate("Settings", "Light"))
        self.theme.setItemText(1, translate("Settings", "Dark"))
        self.hijri.setText(translate("Settings", "Also show the Hijri (Umm al-Qura) date"))
        self.next_database.setPlaceholderText(
            translate("Settings", "Empty: the default file on this computer")
        )
        self.save_database.setText(translate("Settings", "Save"))
        self.apply_zone.setText(translate("Settings", "Apply"))
        self.apply_zone.setToolTip(
            translate("Settings", "Every laptop of the room shows and takes times in this zone")
            if self.may_set_zone
            else translate("Settings", "Only the lead or an administrator changes the room's zone")
        )
        self._show_zone()
        self._show_database()
        if self._keyring_state is not None:
            self._show_keyring(self._keyring_state)

    def _show_database(self) -> None:
        desk = self.ctx.desk
        mode = (
            translate("Settings", "shared server")
            if desk.is_shared
            else translate("Settings", "local file")
        )
        mark = "\u200f" if self.ctx.prefs.rtl else "\u200e"
        self.database.setText(f"{mark}\u2066{desk.location_label}\u2069\n{mark}({mode})")

    def refresh(self) -> None:
        secrets = self.ctx.desk.secrets
        self.ctx.ops.read(lambda: keyring_state(secrets), self._show_keyring, owner=self)

    def _show_keyring(self, state: tuple[str, str]) -> None:
        """Where secrets are kept, in words (not the keyring library's class name)."""
        self._keyring_state = state
        kind, detail = state
        if kind == "plaintext":
            summary = translate(
                "Settings", "Secrets are kept in a plain-text file, NOT encrypted: %1"
            ).replace("%1", f"\u2066{detail}\u2069")
        elif kind == "file":
            summary = translate(
                "Settings",
                "No keyring on this computer: secrets are kept in a file readable only by you.",
            )
        else:
            summary = translate("Settings", "Secrets are kept in the operating system's keyring.")
            store = keyring_store_name(detail)
            if store:
                summary += "\n" + translate("Settings", "Keyring in use: %1").replace("%1", store)
        mark = "\u200f" if self.ctx.prefs.rtl else "\u200e"
        self.keyring.setText("\n".join(f"{mark}{line}" for line in summary.split("\n")))

    def on_prefs_changed(self) -> None:
        self._show_database()
        self._show_zone()

    def _show_zone(self) -> None:
        from crisisdesk.room_zone import RoomZone, machine_zone_name

        machine = machine_zone_name()
        name = self.ctx.prefs.zone or machine
        if self.zone.currentText() != name and not self.zone.hasFocus():
            self.zone.setCurrentText(name)
        now = self.ctx.desk.clock.now()
        zone = RoomZone(name, machine)
        mark = "\u200f" if self.ctx.prefs.rtl else "\u200e"
        text = (
            translate("Settings", "Now %1; this computer: %2")
            .replace("%1", f"\u2066{zone.label(now)}\u2069")
            .replace("%2", f"\u2066{machine}\u2069")
        )
        self.zone_note.setText(f"{mark}{text}")

    def _zone_chosen(self) -> None:
        desk, name = self.ctx.desk, self.zone.currentText()
        perform(
            self.ctx,
            room_ops.change_zone(desk, name),
            lambda done: self._zone_changed(done.value),
            self._zone_failed,
            owner=self,
        )

    def _zone_changed(self, zone: object) -> None:
        self.ctx.prefs.zone = getattr(zone, "name", self.ctx.prefs.zone)
        self.saved_note.setText(
            translate("Settings", "The room's time zone is now %1.").replace(
                "%1", f"\u2066{self.ctx.prefs.zone}\u2069"
            )
        )
        self._prefs_changed()

    def _zone_failed(self, message: str) -> None:
        self.saved_note.setText(message)

    def _language_chosen(self, _index: int) -> None:
        language = self.language.currentData()
        if self.ctx.shell is not None:
            self.ctx.shell.set_language(language)
        else:
            self.ctx.settings.language = language

    def _digits_chosen(self, _index: int) -> None:
        self.ctx.settings.arabic_digits = bool(self.digits.currentData())
        self._prefs_changed()

    def _hijri_chosen(self, on: bool) -> None:
        self.ctx.settings.hijri = on
        self._prefs_changed()

    def _prefs_changed(self) -> None:
        if self.ctx.shell is not None:
            self.ctx.shell.prefs_changed()

    def _theme_chosen(self, _index: int) -> None:
        if self.ctx.shell is not None:
            self.ctx.shell.set_theme(self.theme.currentData())

    def _database_chosen(self) -> None:
        self.ctx.settings.database = self.next_database.text()
        self.saved_note.setText(
            translate("Settings", "Saved. CrisisDesk opens this database the next time it starts.")
        )


def keyring_state(secrets: Any) -> tuple[str, str]:
    """``("os", backend class)``, ``("plaintext", file)`` or ``("file", fallback file)``."""
    from crisisdesk.secrets import _inner, is_plaintext_backend

    if not getattr(secrets, "uses_keyring", True):
        return "file", str(getattr(secrets, "fallback_path", ""))
    backend = getattr(secrets, "backend", None)
    if backend is None:
        return "os", ""
    answering = _inner(backend)
    if is_plaintext_backend(backend):
        return "plaintext", str(getattr(answering, "file_path", ""))
    return "os", f"{type(answering).__module__}.{type(answering).__name__}"


def keyring_store_name(backend_class: str) -> str:
    """The keyring as its users know it; empty for one we cannot name."""
    known = (
        ("WinVault", translate("Settings", "Windows Credential Manager")),
        ("macOS", translate("Settings", "macOS Keychain")),
        ("Keychain", translate("Settings", "macOS Keychain")),
        ("SecretService", translate("Settings", "the desktop's Secret Service (GNOME Keyring)")),
        ("libsecret", translate("Settings", "the desktop's Secret Service (GNOME Keyring)")),
        ("KWallet", translate("Settings", "KDE Wallet")),
        ("DBusKeyring", translate("Settings", "KDE Wallet")),
    )
    for fragment, name in known:
        if fragment.lower() in backend_class.lower():
            return name
    return ""
