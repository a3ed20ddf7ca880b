"""The export wizard writes a bundle with progress, and Cancel stops it and keeps nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from crisisdesk.review.bundle_verify import verify_bundle
from crisisdesk.ui.export_wizard import ExportWizard
from tests.ui.conftest import wait_loaded


def _wizard(qtbot: Any, open_room: Any) -> tuple[Any, ExportWizard]:
    room = open_room()
    screen = room.show_screen("dashboard")
    qtbot.waitUntil(lambda: screen.loaded, timeout=10_000)
    screen.open_export()
    wizard = screen.wizard
    assert isinstance(wizard, ExportWizard)
    return room, wizard


def test_exports_with_progress(qtbot: Any, open_room: Any, tmp_path: Path) -> None:
    room, wizard = _wizard(qtbot, open_room)
    seen: list[tuple[int, int]] = []
    wizard.progress.valueChanged.connect(lambda v: seen.append((v, wizard.progress.maximum())))
    out = tmp_path / "bundle"
    wizard.folder.setText(str(out))
    wizard.mask_box.setChecked(True)
    qtbot.mouseClick(wizard.start_button, qtbot_button())
    qtbot.waitUntil(lambda: wizard.state == "done", timeout=60_000)
    assert wizard.progress.value() == wizard.progress.maximum()
    assert any(maximum > 1 for _, maximum in seen)  # real progress, not just the end
    assert wizard.done_button.isVisibleTo(wizard)
    assert "Manifest SHA-256" in wizard.outcome.text()
    assert verify_bundle(out).ok
    qtbot.mouseClick(wizard.verify_button, qtbot_button())
    qtbot.waitUntil(lambda: wizard.verified.property("verdict") == "ok", timeout=30_000)
    assert "intact" in wizard.verified.text()
    wizard.close()
    wait_loaded(qtbot, room.ctx.ops)


def test_cancel_keeps_nothing(qtbot: Any, open_room: Any, tmp_path: Path) -> None:
    room, wizard = _wizard(qtbot, open_room)
    head = room.ctx.desk.log.head().seq
    out = tmp_path / "bundle"
    wizard.folder.setText(str(out))
    qtbot.mouseClick(wizard.start_button, qtbot_button())
    qtbot.mouseClick(wizard.cancel_button, qtbot_button())
    qtbot.waitUntil(lambda: wizard.state == "cancelled", timeout=60_000)
    assert "cancelled" in wizard.stage_label.text()
    assert not out.exists()
    assert room.ctx.desk.log.head().seq == head
    wizard.close()
    wait_loaded(qtbot, room.ctx.ops)


def qtbot_button() -> Any:
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton
