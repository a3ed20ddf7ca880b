"""Sign-in dialog: pick a user, type the password. The check runs off the GUI thread
(password hashing is slow on purpose) and a refusal is one line under the fields."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from crisisdesk.ui.display import role_name
from crisisdesk.ui.messages import fix_minimum_size
from crisisdesk.ui.ops import Ops
from crisisdesk.ui.resources import icon
from crisisdesk.ui.widgets import ok_cancel

translate = QCoreApplication.translate


class SignInDialog(QDialog):
    """Accepted once ``desk.sign_in`` succeeded; ``user`` then holds the UserInfo."""

    users_loaded = Signal()

    def __init__(
        self,
        desk: Any,
        ops: Ops,
        last_user: str = "",
        hint: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("signInDialog")
        self.setWindowIcon(icon("app"))
        self.desk = desk
        self.ops = ops
        self.user: Any = None
        self._last_user = last_user
        self._hint = hint
        self.busy = False

        self.heading = QLabel(self)
        self.heading.setObjectName("screenTitle")
        self.user_box = QComboBox(self)
        self.user_box.setObjectName("userChoice")
        self.user_box.setMinimumWidth(280)
        # sized by a length, not by the names that arrive later: the shown dialog keeps
        # its size when the user list is filled in
        self.user_box.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.user_box.setMinimumContentsLength(32)
        self.password = QLineEdit(self)
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        # Picking a user is followed by the password: the keys go there at once.
        self.user_box.activated.connect(lambda _row: self.password.setFocus())
        self.problem = QLabel(self)
        self.problem.setObjectName("signInProblem")
        self.problem.setProperty("role", "error")
        self.problem.setWordWrap(True)
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        self.problem.setMinimumHeight(self.fontMetrics().lineSpacing() * 2 + 4)
        self.hint_label = QLabel(self)
        self.hint_label.setWordWrap(True)
        self.user_label = QLabel(self)
        self.password_label = QLabel(self)
        form = QFormLayout()
        form.addRow(self.user_label, self.user_box)
        form.addRow(self.password_label, self.password)
        self.buttons = ok_cancel(self, self.try_sign_in)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(form)
        layout.addWidget(self.hint_label)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.retranslate()
        fix_minimum_size(self)
        self.ops.read(desk.users.list, self._fill_users, self._users_failed, owner=self)

    def retranslate(self) -> None:
        self.setWindowTitle(translate("SignIn", "Sign in to CrisisDesk"))
        self.heading.setText(translate("SignIn", "Sign in"))
        self.user_label.setText(translate("SignIn", "User:"))
        self.password_label.setText(translate("SignIn", "Password:"))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(
            translate("SignIn", "Sign in")
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(
            translate("SignIn", "Cancel")
        )
        self.hint_label.setText(self._hint)
        self.hint_label.setVisible(bool(self._hint))
        for i in range(self.user_box.count()):
            user = self.user_box.itemData(i, Qt.ItemDataRole.UserRole + 1)
            if user is not None:
                self.user_box.setItemText(i, self._label(user))

    @staticmethod
    def _label(user: Any) -> str:
        return f"\u2068{user.display_name}\u2069 — {role_name(user.role)}"

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _fill_users(self, users: list[Any]) -> None:
        self.user_box.clear()
        for user in users:
            if not user.active:
                continue
            self.user_box.addItem(self._label(user), user.name)
            self.user_box.setItemData(self.user_box.count() - 1, user, Qt.ItemDataRole.UserRole + 1)
        index = self.user_box.findData(self._last_user)
        if index >= 0:
            self.user_box.setCurrentIndex(index)
        self.password.setFocus()
        self.users_loaded.emit()

    def _users_failed(self, message: str) -> None:
        self.user_box.setEditable(True)
        self.problem.setText(message)

    def chosen_name(self) -> str:
        data = self.user_box.currentData()
        return str(data) if data else self.user_box.currentText().strip()

    def try_sign_in(self) -> None:
        """Check the password in the background; accept on success, say why on failure."""
        if self.busy:
            return
        name, password = self.chosen_name(), self.password.text()
        if not name:
            self.problem.setText(translate("SignIn", "Choose a user."))
            return
        self.busy = True
        self.problem.setText(translate("SignIn", "Checking…"))
        self.buttons.setEnabled(False)
        desk = self.desk
        self.ops.write(
            lambda: desk.sign_in(name, password), self._signed_in, self._refused, owner=self
        )

    def _signed_in(self, user: Any) -> None:
        self.busy = False
        self.buttons.setEnabled(True)
        self.user = user
        self.problem.clear()
        self.accept()

    def _refused(self, message: str) -> None:
        self.busy = False
        self.buttons.setEnabled(True)
        self.problem.setText(translate("SignIn", "Sign-in failed: unknown user or wrong password."))
        self.problem.setToolTip(message)
        self.password.selectAll()
        self.password.setFocus()
