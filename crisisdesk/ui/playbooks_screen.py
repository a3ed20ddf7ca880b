"""The Playbooks screen: browse the library and any folder, read a playbook in Arabic or
English, validate a file and see every problem as ``file:line:column: message``, and add
a sound playbook to this machine's library (a decision the core checks and logs).

Reading and validating YAML runs on the background readers; adding runs on the writer.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from crisisdesk.playbooks.catalogue import ADDED, CatalogueEntry, SkippedFile
from crisisdesk.playbooks.loader import Validation, validate_many
from crisisdesk.playbooks.model import Playbook
from crisisdesk.ui.changes import Changes
from crisisdesk.ui.display import directed, number, safe_text
from crisisdesk.ui.operations import perform
from crisisdesk.ui.operations import room as room_ops
from crisisdesk.ui.playbook_text import SECTIONS, render_sections, section_title
from crisisdesk.ui.room import RoomContext
from crisisdesk.ui.screens import Screen, register_screen
from crisisdesk.users.permissions import Action, can

translate = QCoreApplication.translate

ItemRole = Qt.ItemDataRole.UserRole  # the key of the row's Item in PlaybooksScreen.items


class Item:
    """What one row of the tree stands for."""

    def __init__(
        self,
        kind: str,
        path: Path,
        playbook: Playbook | None,
        problems: list[str],
        source: str = "",
    ) -> None:
        self.kind = kind  # "library" or "file"
        self.path = path
        self.playbook = playbook
        self.problems = problems
        self.source = source


@register_screen("playbooks", order=30)
class PlaybooksScreen(Screen):
    icon_name = "playbooks"

    @classmethod
    def title(cls) -> str:
        return translate("Playbooks", "Playbooks")

    def __init__(self, ctx: RoomContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.loaded = False
        self.items: dict[int, Item] = {}
        self.folders: list[Path] = []
        self.folder_results: dict[Path, list[Validation]] = {}
        self.files: list[Validation] = []
        self.library: list[CatalogueEntry] = []
        self.skipped: list[SkippedFile] = []
        self.current: Item | None = None
        role = ctx.desk.user.role if ctx.desk.user is not None else ""
        self.may_add = can(role, Action.PLAYBOOK_ADD)

        self.open_folder_button = QPushButton(self)
        self.open_folder_button.setObjectName("openFolder")
        self.open_folder_button.clicked.connect(self.ask_folder)
        self.validate_button = QPushButton(self)
        self.validate_button.setObjectName("validateFile")
        self.validate_button.clicked.connect(self.ask_file)
        self.add_button = QPushButton(self)
        self.add_button.setObjectName("addPlaybook")
        self.add_button.clicked.connect(self.add_current)
        self.language_label = QLabel(self)
        self.language = QComboBox(self)
        self.language.setObjectName("readingLanguage")
        self.language.addItem("العربية", "ar")
        self.language.addItem("English", "en")
        self.language.setCurrentIndex(0 if ctx.prefs.language == "ar" else 1)
        self.language.currentIndexChanged.connect(lambda _i: self.show_current())
        self.language_label.setBuddy(self.language)

        self.tree = QTreeWidget(self)
        self.tree.setObjectName("playbookTree")
        self.tree.setColumnCount(1)
        self.tree.setHeaderHidden(True)
        self.tree.setMinimumWidth(260)
        self.tree.currentItemChanged.connect(lambda *_: self._selected())
        self.library_root = QTreeWidgetItem(self.tree)
        self.files_root = QTreeWidgetItem(self.tree)
        self.files_root.setHidden(True)

        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("playbookTabs")
        self.pages: dict[str, QPlainTextEdit] = {}
        for key in SECTIONS:
            page = QPlainTextEdit(self.tabs)
            page.setObjectName(f"playbook_{key}")
            page.setReadOnly(True)
            page.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
            self.pages[key] = page
            self.tabs.addTab(page, "")
        self.problems_label = QLabel(self)
        self.problems_label.setTextFormat(Qt.TextFormat.PlainText)
        self.problems = QPlainTextEdit(self)
        self.problems.setObjectName("playbookProblems")
        self.problems.setReadOnly(True)
        self.problems.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.problems.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.problems.setMaximumHeight(160)
        self.message = QLabel(self)
        self.message.setObjectName("playbooksMessage")
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)

        buttons = QHBoxLayout()
        buttons.addWidget(self.open_folder_button)
        buttons.addWidget(self.validate_button)
        buttons.addWidget(self.add_button)
        buttons.addStretch(1)
        buttons.addWidget(self.language_label)
        buttons.addWidget(self.language)
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.tabs, 1)
        right_layout.addWidget(self.problems_label)
        right_layout.addWidget(self.problems)
        splitter = QSplitter(self)
        splitter.addWidget(self.tree)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([300, 800])
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.message)

        self.retranslate()
        self.refresh()

    # -- loading --------------------------------------------------------------------------

    def refresh(self) -> None:
        desk = self.ctx.desk

        def load() -> tuple[list[CatalogueEntry], list[SkippedFile]]:
            return desk.playbooks.entries(), desk.playbooks.skipped()

        self.ctx.ops.read(load, self._library_loaded, self._failed, owner=self)

    def _library_loaded(self, result: tuple[list[CatalogueEntry], list[SkippedFile]]) -> None:
        self.library, self.skipped = result
        self.loaded = True
        self._rebuild()

    def _failed(self, message: str) -> None:
        self.loaded = True
        self.message.setText(message)

    def open_folder(self, folder: str | Path) -> None:
        """Validate every playbook in ``folder`` and list it under the library."""
        path = Path(folder)
        self.ctx.ops.read(
            lambda: validate_many([path]),
            lambda results: self._folder_loaded(path, results),
            self._failed,
            owner=self,
        )

    def _folder_loaded(self, path: Path, results: list[Validation]) -> None:
        if path not in self.folders:
            self.folders.append(path)
        self.folder_results[path] = results
        self._rebuild()

    def validate_path(self, path: str | Path) -> None:
        """Validate one file (or playbook folder); select it so its problems show."""
        target = Path(path)
        self.ctx.ops.read(
            lambda: validate_many([target]), self._file_validated, self._failed, owner=self
        )

    def _file_validated(self, results: list[Validation]) -> None:
        known = {r.path for r in self.files}
        for result in results:
            if result.path in known:
                self.files = [result if f.path == result.path else f for f in self.files]
            else:
                self.files.append(result)
        self._rebuild()
        if results:
            self.select_path(Path(results[-1].path), under=self.files_root)

    # -- the tree -------------------------------------------------------------------------

    def _rebuild(self) -> None:
        selected = self.current.path if self.current is not None else None
        self.tree.blockSignals(True)
        self.items.clear()
        self.library_root.takeChildren()
        self.files_root.takeChildren()
        for root in [self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount())]:
            if root not in (self.library_root, self.files_root) and root is not None:
                self.tree.takeTopLevelItem(self.tree.indexOfTopLevelItem(root))
        lang = self.ctx.prefs.language
        for entry in self.library:
            book = entry.playbook
            text = f"{safe_text(entry.playbook.title.get(lang), limit=80)}"
            if entry.source == ADDED:
                text += " · " + translate("Playbooks", "added")
            self._add_item(
                self.library_root,
                text,
                Item("library", entry.path, entry.playbook, [], entry.source),
                tip=f"{book.title.get(lang)}\n{book.id} {book.version}",
            )
        for skipped in self.skipped:
            self._add_item(
                self.library_root,
                "⚠ " + safe_text(skipped.path.name),
                Item("file", skipped.path, None, [skipped.reason]),
                tip=skipped.reason,
            )
        for folder in self.folders:
            root = QTreeWidgetItem(self.tree)
            root.setText(
                0,
                translate("Playbooks", "Folder: %1").replace(
                    "%1", safe_text(folder.name or str(folder))
                ),
            )
            root.setToolTip(0, str(folder))
            for result in self.folder_results.get(folder, []):
                self._add_result(root, result)
            root.setExpanded(True)
        self.files_root.setHidden(not self.files)
        for result in self.files:
            self._add_result(self.files_root, result)
        self.library_root.setExpanded(True)
        self.files_root.setExpanded(True)
        self.tree.blockSignals(False)
        if selected is None or not self.select_path(selected):
            first = self.library_root.child(0)
            if first is not None and self.current is None:
                self.tree.setCurrentItem(first)
            else:
                self._selected()

    def _add_result(self, root: QTreeWidgetItem, result: Validation) -> None:
        path = Path(result.path)
        book = result.playbook
        if book is not None:
            text = safe_text(book.title.get(self.ctx.prefs.language), limit=80)
        else:
            text = (
                "⚠ "
                + safe_text(path.name)
                + " · "
                + translate("Playbooks", "problems: %1").replace(
                    "%1", number(len(result.problems), self.ctx.prefs)
                )
            )
        self._add_item(
            root, text, Item("file", path, book, [str(p) for p in result.problems]), tip=str(path)
        )

    def _add_item(self, root: QTreeWidgetItem, text: str, item: Item, tip: str) -> None:
        row = QTreeWidgetItem(root)
        row.setText(0, text)
        row.setToolTip(0, tip)
        key = len(self.items) + 1
        self.items[key] = item
        row.setData(0, ItemRole, key)

    def select_path(self, path: Path, under: QTreeWidgetItem | None = None) -> bool:
        """Select the row of ``path`` (first under ``under`` when given)."""
        rows = [
            r
            for r in self._rows()
            if self.items.get(r.data(0, ItemRole)) is not None
            and self.items[r.data(0, ItemRole)].path == path
        ]
        if under is not None:
            rows.sort(key=lambda r: r.parent() is not under)
        if rows:
            self.tree.setCurrentItem(rows[0])
        return bool(rows)

    def _rows(self) -> list[QTreeWidgetItem]:
        out: list[QTreeWidgetItem] = []
        stack = [self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount())]
        while stack:
            row = stack.pop(0)
            if row is not None:
                out.append(row)
                stack.extend(row.child(i) for i in range(row.childCount()))
        return out

    def _row(self, key: int) -> QTreeWidgetItem | None:
        stack = [self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount())]
        while stack:
            row = stack.pop()
            if row is None:
                continue
            if row.data(0, ItemRole) == key:
                return row
            stack.extend(row.child(i) for i in range(row.childCount()))
        return None

    def _selected(self) -> None:
        row = self.tree.currentItem()
        key = row.data(0, ItemRole) if row is not None else None
        self.current = self.items.get(key) if key is not None else None
        self.show_current()

    # -- reading --------------------------------------------------------------------------

    def reading_language(self) -> str:
        return str(self.language.currentData() or "ar")

    def show_current(self) -> None:
        item = self.current
        lang = self.reading_language()
        direction = (
            Qt.LayoutDirection.RightToLeft if lang == "ar" else Qt.LayoutDirection.LeftToRight
        )
        book = item.playbook if item is not None else None
        texts = render_sections(book, lang, self.ctx.prefs) if book is not None else {}
        if item is None:
            placeholder = translate("Playbooks", "Choose a playbook to read it.")
        elif book is None:
            placeholder = translate(
                "Playbooks", "This file has problems (listed below); fix them to read it."
            )
        else:
            placeholder = ""
        align = Qt.AlignmentFlag.AlignRight if lang == "ar" else Qt.AlignmentFlag.AlignLeft
        for key, page in self.pages.items():
            page.setLayoutDirection(direction)
            option = page.document().defaultTextOption()
            option.setTextDirection(direction)
            option.setAlignment(align | Qt.AlignmentFlag.AlignAbsolute)
            page.document().setDefaultTextOption(option)
            page.setPlainText(texts.get(key, ""))
            page.setPlaceholderText(placeholder)
        problems = item.problems if item is not None else []
        self.problems.setPlainText("\n".join(problems))
        self.problems.setVisible(bool(problems))
        self.problems_label.setVisible(bool(problems))
        self.problems_label.setText(
            translate("Playbooks", "Problems in this file: %1").replace(
                "%1", number(len(problems), self.ctx.prefs)
            )
        )
        self._update_buttons()

    def _update_buttons(self) -> None:
        item = self.current
        self.add_button.setEnabled(
            self.may_add and item is not None and item.kind == "file" and item.playbook is not None
        )

    # -- adding ---------------------------------------------------------------------------

    def add_current(self) -> None:
        if self.current is not None and self.current.kind == "file":
            self.add_path(self.current.path)

    def add_path(self, path: str | Path) -> None:
        """Add through the core, which checks the role and logs a refusal."""
        desk, target = self.ctx.desk, Path(path)
        self.message.setText("")
        perform(
            self.ctx,
            room_ops.add_playbook(desk, target),
            lambda done: self._added(done.value),
            self._add_failed,
            owner=self,
        )

    def _added(self, entry: CatalogueEntry) -> None:
        book = entry.playbook
        self.message.setText(
            directed(
                translate("Playbooks", "Added to the library: %1 (version %2)")
                .replace("%1", safe_text(book.title.get(self.ctx.prefs.language)))
                .replace("%2", book.version),
                self.ctx.prefs,
            )
        )

    def _add_failed(self, message: str) -> None:
        self.message.setText(message)

    def on_changes(self, changes: Changes) -> None:
        if changes.playbooks:
            self.refresh()

    # -- dialogs --------------------------------------------------------------------------

    def ask_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, translate("Playbooks", "Open a folder of playbooks")
        )
        if folder:
            self.open_folder(folder)

    def ask_file(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self,
            translate("Playbooks", "Validate a playbook file"),
            "",
            translate("Playbooks", "Playbooks (*.yaml *.yml)"),
        )
        if path:
            self.validate_path(path)

    # -- texts ----------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.open_folder_button.setText(translate("Playbooks", "Open folder…"))
        self.validate_button.setText(translate("Playbooks", "Validate file…"))
        self.add_button.setText(translate("Playbooks", "Add to library"))
        self.add_button.setToolTip(
            translate("Playbooks", "Add the selected file to this machine's library")
            if self.may_add
            else translate(
                "Playbooks", "Only an incident lead or an administrator can add playbooks"
            )
        )
        self.language_label.setText(translate("Playbooks", "Read in:"))
        self.library_root.setText(0, translate("Playbooks", "Library"))
        self.files_root.setText(0, translate("Playbooks", "Checked files"))
        for i, key in enumerate(SECTIONS):
            self.tabs.setTabText(i, section_title(key))
        if self.loaded:
            self._rebuild()

    def on_prefs_changed(self) -> None:
        self.retranslate()
        self.show_current()

    def showcase(self) -> None:
        """Open the flood playbook's phases for a screenshot."""
        for key, item in self.items.items():
            if item.playbook is not None and item.playbook.hazard == "flood":
                row = self._row(key)
                if row is not None:
                    self.tree.setCurrentItem(row)
                break
        self.tabs.setCurrentIndex(SECTIONS.index("checklist"))
