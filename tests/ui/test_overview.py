"""Overview: severity changes with a reason and closing with a summary, both logged."""

from __future__ import annotations

from typing import Any

from crisisdesk.ui.messages import ErrorBox
from tests.ui.conftest import wait_loaded


def test_shows_the_incident(qtbot: Any, open_room: Any) -> None:
    room = open_room()
    overview = room.show_screen("overview")
    qtbot.waitUntil(lambda: overview.incident is not None)
    assert "سيول" in overview.title_label.text()
    assert "3 · High" in overview.values["severity"].text()
    assert "بلدية الدمام" in overview.values["org_units"].text()
    assert not overview.drill_badge.isVisibleTo(overview)
    assert overview.severity_button.isVisibleTo(overview)
    assert "T+" in room.status.clock_label.text()
    assert "Incident lead" in room.status.user_label.text()
    assert room.status.db_label.text() == "Local file"


def test_change_severity_then_close(qtbot: Any, open_room: Any, desk: Any) -> None:
    room = open_room()
    overview = room.show_screen("overview")
    overview.change_severity(4, "water rising in Al-Faisaliyah")
    qtbot.waitUntil(lambda: overview.incident.severity == 4, timeout=10_000)
    assert "4 · Critical" in overview.values["severity"].text()
    overview.close_incident("Water receded; roads reopened at 18:00.")
    qtbot.waitUntil(lambda: overview.incident.status == "closed", timeout=10_000)
    wait_loaded(qtbot, room.ctx.ops)
    assert not overview.close_button.isVisibleTo(overview)
    assert "roads reopened" in overview.values["summary"].text()
    kinds = [d.kind for d in desk.log.since(0)]
    assert "incident.severity_changed" in kinds and "incident.closed" in kinds


def test_operator_sees_no_lead_actions(qtbot: Any, open_room: Any) -> None:
    room = open_room("olfa")
    overview = room.show_screen("overview")
    qtbot.waitUntil(lambda: overview.incident is not None)
    assert not overview.severity_button.isVisibleTo(overview)
    assert not overview.close_button.isVisibleTo(overview)


def test_refused_action_shows_one_line_message(qtbot: Any, open_room: Any) -> None:
    room = open_room("olfa")
    overview = room.show_screen("overview")
    overview.change_severity(4, "trying anyway")
    qtbot.waitUntil(lambda: room.findChild(ErrorBox, "errorBox") is not None, timeout=10_000)
    box = room.findChild(ErrorBox, "errorBox")
    assert "may not" in box.text() and "\n" not in box.text()
    box.close()


def test_says_who_and_which_playbook_in_words_and_what_to_do_next(
    qtbot: Any, open_room: Any, desk: Any
) -> None:
    """Issue 17: ``فتحها: layla`` and ``دليل السيناريو: flood-urban`` showed a login and an
    id, and the Overview gave no next step nor any figure."""
    from tests.helpers.databases import PASSWORD

    desk.sign_in("layla", PASSWORD)
    desk.incidents.open("سيول القطيف", 3, playbook_id="flood-urban")
    room = open_room(incident="سيول القطيف")
    overview = room.show_screen("overview")
    qtbot.waitUntil(lambda: overview.situation is not None, timeout=10_000)
    assert "ليلى الدوسري" in overview.values["opened_by"].text()
    assert "layla" not in overview.values["opened_by"].text()
    book = desk.incidents.playbook(room.ctx.incident_id)
    assert book.title.en in overview.values["playbook"].text()
    assert "flood-urban" not in overview.values["playbook"].text()
    first = sorted(
        (t for t in desk.tasks.list(room.ctx.incident_id) if not t.closed),
        key=lambda t: (t.due_at, t.id),
    )[0]
    assert overview.next_list.count() >= 1
    assert first.title_en in overview.next_list.item(0).text()
    figures = {key: label.text() for key, label in overview.figures.items()}
    assert set(figures) == {"overdue", "approvals", "messages", "next_update"}
    assert figures["overdue"].split()[0] == "0"
    assert figures["approvals"].split()[0] == "0"
    assert figures["messages"].split()[0] == "0"


def test_the_separator_cannot_be_read_as_a_digit() -> None:
    """Issue 17: ``٤ · حرجة`` reads ``٠٤ حرجة`` — the middle dot looks like Arabic zero."""
    from crisisdesk.ui.display import DisplayPrefs, severity_name

    text = severity_name(4, DisplayPrefs(language="ar", arabic_digits=True))
    assert "·" not in text and "٠" not in text
    assert text.startswith("٤")
