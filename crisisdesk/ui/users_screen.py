"""Users screen: who may use this desk and in which role. An administrator adds users,
changes roles, deactivates and reactivates accounts and resets passwords; everyone can
change their own password. Each is a decision made (and checked) by the core."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    Qt,
)
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from crisisdesk.ui.changes import Changes
from crisisdesk.ui.display import role_name, safe_text
from crisisdesk.ui.list_model import ListTableModel, ModelIndex
from crisisdesk.ui.messages import fix_minimum_size
from crisisdesk.ui.operations import perform
from crisisdesk.ui.operations import room as room_ops
from crisisdesk.ui.room import RoomContext
from crisisdesk.ui.screens import Screen, register_screen
from crisisdesk.ui.widgets import list_table, ok_cancel
from crisisdesk.users.permissions import Action, can, roles

translate = QCoreApplication.translate


class UsersModel(ListTableModel):
    """The users as a small table (a desk has tens of users, not thousands)."""

    column_count = 5

    @property
    def users(self) -> list[Any]:
        return self.items

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.waits: dict[str, int] = {}  # accounts waiting after wrong passwords

    def set_users(self, users: list[Any], waits: dict[str, int] | None = None) -> None:
        self.waits = dict(waits or {})
        self.set_items(users)

    def headers(self) -> tuple[str, ...]:
        return (
            translate("Users", "Name"),
            translate("Users", "Display name"),
            translate("Users", "Role"),
            translate("Users", "Organisational unit"),
            translate("Users", "Status"),
        )

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        user = self.item(index)
        if user is None:
            return None
        if role == Qt.ItemDataRole.UserRole:
            return user.name
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        column = index.column()
        if column == 0:
            return f"\u2066{user.name}\u2069"
        if column == 1:
            return safe_text(user.display_name)
        if column == 2:
            return role_name(user.role)
        if column == 3:
            return safe_text(user.org_unit or "")
        if column == 4:
            if not user.active:
                return translate("Users", "Inactive")
            if user.name in self.waits:  # wrong passwords: it may try again later
                return translate("Users", "Waiting (wrong passwords)")
            return translate("Users", "Active")
        return None

    def refresh_texts(self) -> None:
        if self.users:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.users) - 1, 4))
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, 4)


def _role_box(parent: QWidget, current: str | None = None) -> QComboBox:
    box = QComboBox(parent)
    box.setObjectName("roleChoice")
    for value in roles():
        box.addItem(role_name(value), value)
    if current is not None:
        box.setCurrentIndex(max(0, box.findData(current)))
    return box


class AddUserDialog(QDialog):
    """Name, display name, password (twice), role and org unit of a new user."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("addUserDialog")
        self.setWindowTitle(translate("Users", "Add a user"))
        form = QFormLayout()
        self.name = QLineEdit(self)
        self.name.setObjectName("newName")
        self.display_name = QLineEdit(self)
        self.display_name.setObjectName("newDisplayName")
        self.password = QLineEdit(self)
        self.password.setObjectName("newPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat = QLineEdit(self)
        self.repeat.setObjectName("repeatPassword")
        self.repeat.setEchoMode(QLineEdit.EchoMode.Password)
        self.role = _role_box(self, "operator")
        self.org_unit = QLineEdit(self)
        self.org_unit.setObjectName("newOrgUnit")
        for widget in (self.name, self.password, self.repeat):
            widget.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        form.addRow(translate("Users", "Sign-in name:"), self.name)
        form.addRow(translate("Users", "Display name:"), self.display_name)
        form.addRow(translate("Users", "Password:"), self.password)
        form.addRow(translate("Users", "Repeat password:"), self.repeat)
        form.addRow(translate("Users", "Role:"), self.role)
        form.addRow(translate("Users", "Organisational unit:"), self.org_unit)
        self.problem = QLabel(self)
        self.problem.setProperty("role", "error")
        self.buttons = ok_cancel(self, self._check)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.problem.setMinimumHeight(self.fontMetrics().lineSpacing() + 4)
        fix_minimum_size(self)

    def _check(self) -> None:
        if not self.name.text().strip():
            self.problem.setText(translate("Users", "A sign-in name is required."))
        elif not self.password.text():
            self.problem.setText(translate("Users", "A password is required."))
        elif self.password.text() != self.repeat.text():
            self.problem.setText(translate("Users", "The two passwords differ."))
        else:
            self.accept()

    def values(self) -> dict[str, Any]:
        return {
            "name": self.name.text().strip(),
            "password": self.password.text(),
            "role": self.role.currentData(),
            "display_name": self.display_name.text().strip() or None,
            "org_unit": self.org_unit.text().strip() or None,
        }


class RoleDialog(QDialog):
    """A new role for one user, with the reason the log records."""

    def __init__(self, user: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("roleDialog")
        self.setWindowTitle(translate("Users", "Change role"))
        form = QFormLayout()
        form.addRow(translate("Users", "User:"), QLabel(safe_text(user.display_name), self))
        self.role = _role_box(self, user.role)
        form.addRow(translate("Users", "New role:"), self.role)
        self.reason, self.buttons = _reason_and_buttons(self, form, "roleReason")


def _reason_and_buttons(
    dialog: QDialog, form: QFormLayout, name: str
) -> tuple[QLineEdit, QDialogButtonBox]:
    """The reason the log records and OK/Cancel below ``form``; OK waits for a reason."""
    reason = QLineEdit(dialog)
    reason.setObjectName(name)
    reason.setMinimumWidth(320)
    form.addRow(translate("Users", "Reason:"), reason)
    buttons = ok_cancel(dialog)
    ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
    ok.setEnabled(False)
    reason.textChanged.connect(lambda text: ok.setEnabled(bool(text.strip())))
    layout = QVBoxLayout(dialog)
    layout.addLayout(form)
    layout.addWidget(buttons)
    fix_minimum_size(dialog)
    return reason, buttons


class ReasonDialog(QDialog):
    """Deactivate or reactivate one account, with the reason the log records."""

    def __init__(self, user: Any, active: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("activeDialog")
        self.setWindowTitle(
            translate("Users", "Reactivate account")
            if active
            else translate("Users", "Deactivate account")
        )
        form = QFormLayout()
        form.addRow(translate("Users", "User:"), QLabel(safe_text(user.display_name), self))
        if not active:
            note = QLabel(
                translate(
                    "Users",
                    "The account stops at once, also in windows that are open; its records stay.",
                ),
                self,
            )
            note.setWordWrap(True)
            form.addRow(note)
        self.reason, self.buttons = _reason_and_buttons(self, form, "activeReason")


class PasswordDialog(QDialog):
    """A new password, typed twice: an administrator's reset (with a reason) or the
    signed-in user's own change (after the current password)."""

    def __init__(self, user: Any, *, own: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.own = own
        self.setObjectName("passwordDialog")
        title = (
            translate("Users", "Change my password")
            if own
            else translate("Users", "Reset password")
        )
        self.setWindowTitle(title)
        form = QFormLayout()
        form.addRow(translate("Users", "User:"), QLabel(safe_text(user.display_name), self))
        self.current = QLineEdit(self)
        self.current.setObjectName("currentPassword")
        self.new = QLineEdit(self)
        self.new.setObjectName("newPassword")
        self.repeat = QLineEdit(self)
        self.repeat.setObjectName("repeatPassword")
        self.reason = QLineEdit(self)
        self.reason.setObjectName("resetReason")
        for field in (self.current, self.new, self.repeat):
            field.setEchoMode(QLineEdit.EchoMode.Password)
            field.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.current.setVisible(own)
        self.reason.setVisible(not own)
        if own:
            form.addRow(translate("Users", "Current password:"), self.current)
        form.addRow(translate("Users", "New password:"), self.new)
        form.addRow(translate("Users", "Repeat it:"), self.repeat)
        if not own:
            form.addRow(translate("Users", "Reason:"), self.reason)
        rule = QLabel(
            translate(
                "Users",
                "At least 12 characters, or a passphrase of four words; not a common "
                "password and not the user's name.",
            ),
            self,
        )
        rule.setWordWrap(True)
        form.addRow(rule)
        self.problem = QLabel(self)
        self.problem.setProperty("role", "error")
        self.buttons = ok_cancel(self, self._check)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.problem.setMinimumHeight(self.fontMetrics().lineSpacing() + 4)
        self.setMinimumWidth(420)
        fix_minimum_size(self)

    def _check(self) -> None:
        if self.own and not self.current.text():
            self.problem.setText(translate("Users", "Type your current password first."))
        elif not self.new.text():
            self.problem.setText(translate("Users", "A password is required."))
        elif self.new.text() != self.repeat.text():
            self.problem.setText(translate("Users", "The two passwords differ."))
        else:
            self.accept()


@register_screen("users", order=80)
class UsersScreen(Screen):
    icon_name = "users"

    @classmethod
    def title(cls) -> str:
        return translate("Users", "Users")

    def __init__(self, ctx: RoomContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.model = UsersModel(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        top = QHBoxLayout()
        self.heading = QLabel(self)
        self.heading.setObjectName("screenTitle")
        self.add_button = QPushButton(self)
        self.add_button.setObjectName("addUser")
        self.role_button = QPushButton(self)
        self.role_button.setObjectName("changeRole")
        self.active_button = QPushButton(self)
        self.active_button.setObjectName("toggleActive")
        self.reset_button = QPushButton(self)
        self.reset_button.setObjectName("resetPassword")
        self.own_button = QPushButton(self)
        self.own_button.setObjectName("changeOwnPassword")
        top.addWidget(self.heading, 1)
        for button in (
            self.add_button,
            self.role_button,
            self.active_button,
            self.reset_button,
            self.own_button,
        ):
            top.addWidget(button)
        layout.addLayout(top)
        self.table = list_table(self, self.model, name="usersTable", stretch=(3,))
        self.table.setAlternatingRowColors(True)
        layout.addWidget(self.table, 1)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        self.add_button.clicked.connect(self.ask_add)
        self.role_button.clicked.connect(self.ask_role)
        self.active_button.clicked.connect(self.ask_active)
        self.reset_button.clicked.connect(self.ask_reset)
        self.own_button.clicked.connect(self.ask_own_password)
        role = ctx.desk.user.role if ctx.desk.user is not None else ""
        self.admin = can(role, Action.USER_ADD)
        self.add_button.setVisible(self.admin)
        self.role_button.setVisible(can(role, Action.USER_ROLE))
        self.active_button.setVisible(can(role, Action.USER_DEACTIVATE))
        self.reset_button.setVisible(can(role, Action.USER_RESET_PASSWORD))
        self.own_button.setVisible(ctx.desk.user is not None)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._active_text())
        self.retranslate()
        self.refresh()

    def retranslate(self) -> None:
        self.heading.setText(translate("Users", "Users of this desk"))
        self.add_button.setText(translate("Users", "Add user…"))
        self.role_button.setText(translate("Users", "Change role…"))
        self.reset_button.setText(translate("Users", "Reset password…"))
        self.own_button.setText(translate("Users", "Change my password…"))
        self._active_text()
        self.note.setText(
            ""
            if self.admin
            else translate(
                "Users",
                "Only an administrator can add users, change roles, deactivate accounts "
                "or reset passwords.",
            )
        )
        self.model.refresh_texts()

    def refresh(self) -> None:
        desk = self.ctx.desk
        self.ctx.ops.read(
            lambda: (desk.users.list(), desk.users.waits()),
            lambda found: self.model.set_users(*found),
            owner=self,
        )

    def on_changes(self, changes: Changes) -> None:
        if changes.users:
            self.refresh()

    def on_prefs_changed(self) -> None:
        self.model.refresh_texts()

    def selected_user(self) -> Any:
        index = self.table.currentIndex()
        return self.model.users[index.row()] if index.isValid() else None

    def ask_add(self) -> None:
        dialog = AddUserDialog(self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.add_user(**dialog.values())
        dialog.deleteLater()

    def add_user(
        self,
        name: str,
        password: str,
        role: str,
        display_name: str | None = None,
        org_unit: str | None = None,
    ) -> None:
        perform(
            self.ctx,
            room_ops.add_user(self.ctx.desk, name, password, role, display_name, org_unit),
            owner=self,
        )

    def ask_role(self) -> None:
        user = self.selected_user()
        if user is None:
            self.ctx.ops.error.emit(translate("Users", "Select a user first."))
            return
        dialog = RoleDialog(user, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.set_role(user.name, dialog.role.currentData(), dialog.reason.text().strip())
        dialog.deleteLater()

    def set_role(self, name: str, role: str, reason: str) -> None:
        perform(self.ctx, room_ops.set_role(self.ctx.desk, name, role, reason), owner=self)

    def _active_text(self) -> None:
        user = self.selected_user()
        self.active_button.setText(
            translate("Users", "Reactivate…")
            if user is not None and not user.active
            else translate("Users", "Deactivate…")
        )

    def _done(self, message: str) -> Any:
        def shown(_done: Any) -> None:
            if self.ctx.shell is not None:
                self.ctx.shell.show_status(message, 10_000)

        return shown

    def ask_active(self) -> None:
        user = self.selected_user()
        if user is None:
            self.ctx.ops.error.emit(translate("Users", "Select a user first."))
            return
        dialog = ReasonDialog(user, not user.active, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.set_active(user.name, not user.active, dialog.reason.text().strip())
        dialog.deleteLater()

    def set_active(self, name: str, active: bool, reason: str) -> None:
        desk = self.ctx.desk
        message = (
            translate("Users", "%1 can sign in again.")
            if active
            else translate("Users", "%1 is deactivated.")
        ).replace("%1", name)
        perform(
            self.ctx,
            room_ops.set_active(desk, name, active, reason),
            self._done(message),
            owner=self,
        )

    def ask_reset(self) -> None:
        user = self.selected_user()
        if user is None:
            self.ctx.ops.error.emit(translate("Users", "Select a user first."))
            return
        dialog = PasswordDialog(user, own=False, parent=self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.reset_password(user.name, dialog.new.text(), dialog.reason.text().strip())
        dialog.deleteLater()

    def reset_password(self, name: str, password: str, reason: str) -> None:
        perform(
            self.ctx,
            room_ops.reset_password(self.ctx.desk, name, password, reason),
            self._done(translate("Users", "New password set for %1.").replace("%1", name)),
            owner=self,
        )

    def ask_own_password(self) -> None:
        user = self.ctx.desk.user
        if user is None:
            return
        dialog = PasswordDialog(user, own=True, parent=self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.change_own_password(dialog.current.text(), dialog.new.text())
        dialog.deleteLater()

    def change_own_password(self, current: str, new: str) -> None:
        perform(
            self.ctx,
            room_ops.change_own_password(self.ctx.desk, current, new),
            self._done(translate("Users", "Your password was changed.")),
            owner=self,
        )
