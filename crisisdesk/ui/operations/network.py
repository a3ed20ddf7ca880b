"""Named writes of the network of municipal offices: routing, hand-offs, the board."""

from __future__ import annotations

from typing import Any

from crisisdesk.ui.operations import Op


def route_pending(desk: Any, incident_id: int) -> Op[Any]:
    queues = desk.network.queues
    return Op("route what arrived", lambda: queues.route_pending(incident_id))


def hand_off(desk: Any, interaction_id: int, to: str, note: str, held: str | None) -> Op[Any]:
    queues = desk.network.queues
    return Op(
        "hand a message to an office",
        lambda: queues.hand_off(interaction_id, to, note, expected_from=held),
    )


def escalate(desk: Any, interaction_id: int, note: str, held: str | None) -> Op[Any]:
    queues = desk.network.queues
    return Op(
        "escalate a message to the centre",
        lambda: queues.escalate(interaction_id, note, expected_from=held),
    )


def post_update(desk: Any, incident_id: int, **fields: Any) -> Op[Any]:
    board = desk.network.board
    return Op("post to the coordination board", lambda: board.post(incident_id, **fields))


def assign_task(
    desk: Any, incident_id: int, unit: str, title: str, due_minutes: int | None
) -> Op[Any]:
    board = desk.network.board
    return Op(
        "assign a task to offices",
        lambda: board.assign(incident_id, unit, title, due_minutes=due_minutes),
    )


def finish_task(desk: Any, task_id: int) -> Op[Any]:
    board = desk.network.board
    return Op("mark an office task done", lambda: board.done(task_id))


def draft_sitrep(desk: Any, incident_id: int) -> Op[Any]:
    board = desk.network.board
    return Op("draft a situation report", lambda: board.draft_sitrep(incident_id))


def send_sitrep(desk: Any, statement_id: int, lang: str) -> Op[Any]:
    briefings = desk.network.briefings
    return Op(
        "send the situation report to the leadership",
        lambda: briefings.send_sitrep(statement_id, lang=lang),
    )


def set_template(desk: Any, name: str, params: list[str], **fields: Any) -> Op[Any]:
    briefings = desk.network.briefings
    return Op("save a WhatsApp template", lambda: briefings.set_template(name, params, **fields))


def set_recipient(desk: Any, key: str, name: str, phone: str, **fields: Any) -> Op[Any]:
    briefings = desk.network.briefings
    return Op(
        "save a briefing recipient",
        lambda: briefings.set_recipient(key, name, phone, **fields),
    )


def add_unit(desk: Any, code: str, name_ar: str, name_en: str, **fields: Any) -> Op[Any]:
    network = desk.network
    return Op("add an office", lambda: network.add_unit(code, name_ar, name_en, **fields))


def edit_unit(desk: Any, code: str, changes: dict[str, Any], reason: str) -> Op[Any]:
    network = desk.network
    return Op("edit an office", lambda: network.edit_unit(code, changes, reason=reason))
