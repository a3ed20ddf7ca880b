"""The export wizard: choose a folder and options, then watch the bundle being written with a
progress bar and a Cancel that stops it and removes the partial folder.

The export runs through ``ops.long_read``: it reads for minutes and its one write (the
``export.created`` decision with its checkpoint) is a single short transaction at the end,
which the database's writer lock orders with every other write.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QDateTime, QDir, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from crisisdesk.ui.display import isolate, number
from crisisdesk.ui.messages import fix_minimum_size
from crisisdesk.ui.ops import Cancel
from crisisdesk.ui.room import RoomContext

translate = QCoreApplication.translate


class ExportWizard(QDialog):
    """Two steps: options, then progress and the outcome."""

    def __init__(self, ctx: RoomContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("exportWizard")
        self.setWindowTitle(translate("ExportWizard", "Export review bundle"))
        self.state = "options"  # options, running, done, cancelled, failed
        self.export_result: Any = None
        self.ticket: Cancel | None = None
        self.stage = ""
        self.pages = QStackedWidget(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)
        self.pages.addWidget(self._options_page())
        self.pages.addWidget(self._progress_page())
        fix_minimum_size(self)

    # ------------------------------------------------------------------ pages
    def _options_page(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        intro = QLabel(
            translate(
                "ExportWizard",
                "The bundle holds the decision log with its signatures, the interactions, "
                "every statement version, the KPIs and the report; an auditor can verify it "
                "offline with `crisisdesk verify`.",
            ),
            page,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        row = QHBoxLayout()
        row.addWidget(QLabel(translate("ExportWizard", "New folder:"), page))
        self.folder = QLineEdit(page)
        self.folder.setObjectName("exportFolder")
        self.folder.setText(self._suggested_folder())
        self.folder.setMinimumWidth(360)
        row.addWidget(self.folder, 1)
        browse = QPushButton(translate("ExportWizard", "Browse…"), page)
        browse.clicked.connect(self._browse)
        row.addWidget(browse)
        layout.addLayout(row)
        self.mask_box = QCheckBox(
            translate("ExportWizard", "Mask personal data (phone numbers, e-mails, names)"), page
        )
        self.mask_box.setObjectName("maskPii")
        self.research_box = QCheckBox(
            translate("ExportWizard", "Add the anonymised research data set"), page
        )
        self.research_box.setObjectName("research")
        layout.addWidget(self.mask_box)
        layout.addWidget(self.research_box)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        close = QPushButton(translate("ExportWizard", "Close"), page)
        close.clicked.connect(self.reject)
        self.start_button = QPushButton(translate("ExportWizard", "Export"), page)
        self.start_button.setObjectName("startExport")
        self.start_button.setDefault(True)
        self.start_button.clicked.connect(self.start)
        buttons.addWidget(close)
        buttons.addWidget(self.start_button)
        layout.addLayout(buttons)
        return page

    def _progress_page(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        self.stage_label = QLabel(page)
        self.stage_label.setTextFormat(Qt.TextFormat.PlainText)
        self.progress = QProgressBar(page)
        self.progress.setObjectName("exportProgress")
        self.progress.setRange(0, 0)
        self.outcome = QLabel(page)
        self.outcome.setObjectName("exportOutcome")
        self.outcome.setTextFormat(Qt.TextFormat.PlainText)
        self.outcome.setWordWrap(True)
        self.outcome.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.stage_label)
        layout.addWidget(self.progress)
        layout.addWidget(self.outcome, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.cancel_button = QPushButton(translate("ExportWizard", "Cancel"), page)
        self.cancel_button.setObjectName("cancelExport")
        self.cancel_button.clicked.connect(self.cancel)
        self.verify_button = QPushButton(translate("ExportWizard", "Verify the bundle"), page)
        self.verify_button.setObjectName("verifyExport")
        self.verify_button.clicked.connect(self.verify)
        self.verify_button.hide()
        self.verified = QLabel(page)
        self.verified.setObjectName("exportVerdict")
        self.verified.setTextFormat(Qt.TextFormat.PlainText)
        self.verified.setWordWrap(True)
        layout.addWidget(self.verified)
        self.done_button = QPushButton(translate("ExportWizard", "Close"), page)
        self.done_button.setObjectName("closeExport")
        self.done_button.clicked.connect(self.accept)
        self.done_button.hide()
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.verify_button)
        buttons.addWidget(self.done_button)
        layout.addLayout(buttons)
        return page

    def _suggested_folder(self) -> str:
        stamp = QDateTime.currentDateTime().toString("yyyyMMdd-HHmm")
        name = f"crisisdesk-incident-{self.ctx.incident_id}-{stamp}"
        return str(Path(QDir.homePath()) / name)

    def _browse(self) -> None:
        chosen = QFileDialog.getExistingDirectory(
            self, translate("ExportWizard", "Choose a folder")
        )
        if chosen:
            self.folder.setText(str(Path(chosen) / Path(self.folder.text()).name))

    # ---------------------------------------------------------------- running
    def start(self) -> None:
        out = self.folder.text().strip()
        if not out:
            return
        self.state = "running"
        self.pages.setCurrentIndex(1)
        self.stage_label.setText(translate("ExportWizard", "Preparing…"))
        ticket = self.ticket = Cancel()
        desk, incident_id = self.ctx.desk, self.ctx.incident_id
        mask, research = self.mask_box.isChecked(), self.research_box.isChecked()

        def run(progress: Any) -> Any:
            def report(stage: str, done: int, total: int) -> None:
                self.stage = stage  # a plain str, read on the GUI thread with the progress
                progress(done, total)

            return desk.review.export(
                incident_id,
                out,
                mask_pii=mask,
                research=research,
                progress=report,
                cancel=ticket.is_set,
            )

        self.ctx.ops.long_read(run, self._progressed, self._finished, self._failed, owner=self)

    def cancel(self) -> None:
        if self.ticket is not None and self.state == "running":
            self.ticket.set()
            self.cancel_button.setEnabled(False)
            self.stage_label.setText(translate("ExportWizard", "Cancelling…"))

    def _progressed(self, done: int, total: int) -> None:
        if self.state != "running":
            return
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(done)
        if not (self.ticket and self.ticket.is_set()):
            self.stage_label.setText(
                translate("ExportWizard", "Writing %1…").replace("%1", self.stage or "…")
            )

    def _finished(self, result: Any) -> None:
        self.state = "done"
        self.export_result = result
        self.progress.setRange(0, 1)
        self.progress.setValue(1)
        prefs = self.ctx.prefs
        self.stage_label.setText(translate("ExportWizard", "The bundle is complete."))
        self.outcome.setText(
            translate(
                "ExportWizard",
                "%1 files in %2. Export decision %3, signed checkpoint at %4. Manifest SHA-256: %5",
            )
            .replace("%1", number(len(result.files) + 1, prefs))
            .replace("%2", isolate(str(result.out)))
            .replace("%3", number(result.decision_seq, prefs))
            .replace("%4", number(result.checkpoint_seq, prefs))
            .replace("%5", isolate(result.manifest_sha256))
        )
        self.verify_button.show()
        self._end()

    def verify(self) -> None:
        """Check the new bundle as an auditor would, from the folder alone."""
        if self.export_result is None:
            return
        out = self.export_result.out
        self.verify_button.setEnabled(False)
        self.verified.setText(translate("ExportWizard", "Verifying…"))
        from crisisdesk.review.bundle_verify import verify_bundle

        self.ctx.ops.read(lambda: verify_bundle(out), self._verified, owner=self)

    def _verified(self, verdict: Any) -> None:
        self.verify_button.setEnabled(True)
        if verdict.ok:
            self.verified.setText(
                translate(
                    "ExportWizard",
                    "Verified: every file, the decision chain and the signatures are intact.",
                )
            )
            self.verified.setProperty("verdict", "ok")
        else:
            self.verified.setText(
                translate("ExportWizard", "Verification failed: %1").replace(
                    "%1", verdict.problem or ""
                )
            )
            self.verified.setProperty("verdict", "bad")
        self.verified.style().unpolish(self.verified)
        self.verified.style().polish(self.verified)

    def _failed(self, message: str) -> None:
        if self.ticket is not None and self.ticket.is_set():
            self.state = "cancelled"
            self.stage_label.setText(translate("ExportWizard", "Export cancelled."))
            self.outcome.setText(
                translate("ExportWizard", "Nothing was kept: the partial folder was removed.")
            )
            self.progress.setRange(0, 1)
            self.progress.setValue(0)
        else:
            self.state = "failed"
            self.stage_label.setText(translate("ExportWizard", "The export failed."))
            self.outcome.setText(message)
            self.outcome.setProperty("role", "error")
        self._end()

    def _end(self) -> None:
        self.cancel_button.hide()
        self.done_button.show()
