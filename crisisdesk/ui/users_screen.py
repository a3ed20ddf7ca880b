"""Users screen: who may use this desk and in which role. An administrator adds users
and changes roles; each is a decision made by the core."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    Qt,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from crisisdesk.ui.display import role_name, safe_text
from crisisdesk.ui.list_model import ListTableModel, ModelIndex
from crisisdesk.ui.messages import fix_minimum_size
from crisisdesk.ui.room import RoomContext
from crisisdesk.ui.screens import Screen, register_screen
from crisisdesk.users.permissions import Action, can, roles

translate = QCoreApplication.translate


class UsersModel(ListTableModel):
    """The users as a small table (a desk has tens of users, not thousands)."""

    column_count = 5

    @property
    def users(self) -> list[Any]:
        return self.items

    def set_users(self, users: list[Any]) -> None:
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
            return translate("Users", "Active") if user.active else translate("Users", "Inactive")
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
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self._check)
        self.buttons.rejected.connect(self.reject)
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
        self.reason = QLineEdit(self)
        self.reason.setObjectName("roleReason")
        self.reason.setMinimumWidth(320)
        form.addRow(translate("Users", "Reason:"), self.reason)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(False)
        self.reason.textChanged.connect(lambda text: ok.setEnabled(bool(text.strip())))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        fix_minimum_size(self)


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
        top.addWidget(self.heading, 1)
        top.addWidget(self.add_button)
        top.addWidget(self.role_button)
        layout.addLayout(top)
        self.table = QTableView(self)
        self.table.setObjectName("usersTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        self.add_button.clicked.connect(self.ask_add)
        self.role_button.clicked.connect(self.ask_role)
        role = ctx.desk.user.role if ctx.desk.user is not None else ""
        self.admin = can(role, Action.USER_ADD)
        self.add_button.setVisible(self.admin)
        self.role_button.setVisible(can(role, Action.USER_ROLE))
        self.retranslate()
        self.refresh()

    def retranslate(self) -> None:
        self.heading.setText(translate("Users", "Users of this desk"))
        self.add_button.setText(translate("Users", "Add user…"))
        self.role_button.setText(translate("Users", "Change role…"))
        self.note.setText(
            ""
            if self.admin
            else translate("Users", "Only an administrator can add users or change roles.")
        )
        self.model.refresh_texts()

    def refresh(self) -> None:
        desk = self.ctx.desk
        self.ctx.ops.read(desk.users.list, self.model.set_users, owner=self)

    def on_decisions(self, decisions: list) -> None:
        if any(d.kind.startswith("user.") for d in decisions):
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
        desk = self.ctx.desk
        self.ctx.ops.write(
            lambda: desk.users.add(name, password, role, display_name, org_unit),
            lambda _u: self.refresh(),
            self.ctx.ops.error.emit,
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
        desk = self.ctx.desk
        self.ctx.ops.write(
            lambda: desk.users.set_role(name, role, reason),
            lambda _u: self.refresh(),
            self.ctx.ops.error.emit,
            owner=self,
        )
