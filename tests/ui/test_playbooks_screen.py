"""The Playbooks screen: the library listed and readable in both languages, a broken file's
every problem shown as file:line:column, a folder browsed, and adding a playbook allowed
for a lead (a decision) and refused for an operator (a logged refusal)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from crisisdesk.desk import Desk
from crisisdesk.playbooks import bundled_library, library_dir, validate_file
from crisisdesk.storage.decision_log import LogFilter
from tests.ui.conftest import wait_loaded


def playbooks_screen(qtbot: Any, open_room: Any, user: str = "layla") -> Any:
    room = open_room(user)
    screen = room.show_screen("playbooks")
    qtbot.waitUntil(lambda: screen.loaded, timeout=10_000)
    wait_loaded(qtbot, room.ctx.ops)
    return screen


def write_playbook(folder: Path, new_id: str = "flood-qatif", broken: bool = False) -> Path:
    text = (library_dir() / "flood-urban.yaml").read_text(encoding="utf-8")
    text = text.replace("id: flood-urban", f"id: {new_id}", 1)
    if broken:
        text = text.replace("due: PT30M", "due: soon", 1)
        text = text.replace("hazard: flood", "hazard: flood\ncolour: blue", 1)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{new_id}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_tree_model_passes_modeltester(qtbot: Any, qtmodeltester: Any, open_room: Any) -> None:
    screen = playbooks_screen(qtbot, open_room)
    qtmodeltester.check(screen.tree.model())


def test_the_library_reads_in_english_and_arabic(qtbot: Any, open_room: Any) -> None:
    screen = playbooks_screen(qtbot, open_room)
    assert screen.library_root.childCount() == len(bundled_library())
    screen.showcase()
    book = screen.current.playbook
    assert book.hazard == "flood"
    screen.language.setCurrentIndex(screen.language.findData("en"))
    tasks = screen.pages["checklist"].toPlainText()
    assert book.phases[0].title.en in tasks
    assert "30 minutes" in tasks and "then every 2 hours" in tasks
    assert "PT30M" not in tasks
    assert book.templates[0].variables[0].name in screen.pages["templates"].toPlainText()
    assert book.questions[0].question.en in screen.pages["messages"].toPlainText()
    assert screen.pages["overview"].layoutDirection() == Qt.LayoutDirection.LeftToRight
    screen.language.setCurrentIndex(screen.language.findData("ar"))
    assert book.phases[0].title.ar in screen.pages["checklist"].toPlainText()
    assert book.contacts[0].name.ar in screen.pages["contacts"].toPlainText()
    assert screen.pages["overview"].layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert not screen.problems.isVisible()


def test_a_broken_file_shows_every_problem_one_per_line(
    qtbot: Any, open_room: Any, tmp_path: Path
) -> None:
    screen = playbooks_screen(qtbot, open_room)
    broken = write_playbook(tmp_path / "drafts", broken=True)
    screen.validate_path(broken)
    qtbot.waitUntil(
        lambda: screen.current is not None and screen.current.path == broken, timeout=10_000
    )
    expected = [str(p) for p in validate_file(broken).problems]
    assert len(expected) >= 2
    assert screen.problems.isVisible()
    lines = screen.problems.toPlainText().split("\n")
    assert lines == expected
    assert all(line.startswith(f"{broken}:") for line in lines)
    assert any("colour" in line for line in lines)
    assert any("duration" in line for line in lines)
    assert not screen.add_button.isEnabled(), "a broken file cannot be added"
    assert screen.pages["overview"].toPlainText() == ""


def test_a_lead_adds_a_playbook_from_a_folder(
    qtbot: Any, open_room: Any, desk: Desk, tmp_path: Path
) -> None:
    screen = playbooks_screen(qtbot, open_room)
    folder = tmp_path / "authors"
    good = write_playbook(folder)
    write_playbook(folder, "flood-broken", broken=True)
    screen.open_folder(folder)
    qtbot.waitUntil(lambda: screen.tree.topLevelItemCount() == 3, timeout=10_000)
    assert screen.tree.topLevelItem(2).childCount() == 2
    assert screen.select_path(good)
    assert screen.add_button.isEnabled()
    qtbot.mouseClick(screen.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.message.text() != "", timeout=10_000)
    assert "Added to the library" in screen.message.text()
    qtbot.waitUntil(
        lambda: screen.library_root.childCount() == len(bundled_library()) > 8, timeout=10_000
    )
    assert [b.id for b in bundled_library()][-1] == "flood-qatif"
    assert desk.log.count(LogFilter(kind="playbook.added")) == 1


def test_an_operator_is_refused_and_the_refusal_is_logged(
    qtbot: Any, open_room: Any, desk: Desk, tmp_path: Path
) -> None:
    screen = playbooks_screen(qtbot, open_room, "olfa")
    good = write_playbook(tmp_path / "authors")
    screen.validate_path(good)
    qtbot.waitUntil(
        lambda: screen.current is not None and screen.current.path == good, timeout=10_000
    )
    assert not screen.add_button.isEnabled()
    assert "Only an incident lead" in screen.add_button.toolTip()
    before = desk.log.count(LogFilter(kind="security.refused"))
    screen.add_path(good)  # the core decides, whatever the screen shows
    qtbot.waitUntil(lambda: screen.message.text() != "", timeout=10_000)
    assert "may not playbook.add" in screen.message.text()
    assert desk.log.count(LogFilter(kind="security.refused")) == before + 1
    assert "flood-qatif" not in [b.id for b in bundled_library()]


def test_durations_read_as_words_with_the_arabic_dual() -> None:
    """Issue 17: the viewer showed ``بعد ٢ ساعة`` and ``(PT2H)``; a reader says ``ساعتين``."""
    import re

    from crisisdesk.playbooks import load_playbook
    from crisisdesk.ui.display import DisplayPrefs
    from crisisdesk.ui.playbook_text import render_sections

    book = load_playbook(library_dir() / "flood-urban.yaml")
    text = render_sections(book, "ar", DisplayPrefs(language="ar", arabic_digits=True))["checklist"]
    assert not re.search(r"P(T?\d+[DHMS])+", text)
    assert "ساعتين" in text
    assert not re.search("(?<![٠-٩])٢ ساعة", text)
    assert "١٥ دقيقةً" in text
