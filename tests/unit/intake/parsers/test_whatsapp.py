"""WhatsApp Cloud API webhook bodies: every real sample parses with counts walked independently."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from crisisdesk.intake.parsers import whatsapp

KIND_OF_TYPE = {"reaction": "reaction", "edit": "edit", "revoke": "delete", "system": "status"}


def _bodies(document: Any) -> list[Any]:
    if "entry" in document:
        return [document]
    return list(document.values())


def _expected_counts(path: Path) -> dict[str, int]:
    counts = {"message": 0, "edit": 0, "delete": 0, "reaction": 0, "status": 0}
    for body in _bodies(json.loads(path.read_text(encoding="utf-8"))):
        for entry in body["entry"]:
            for change in entry["changes"]:
                value = change["value"]
                for message in value.get("messages", []):
                    counts[KIND_OF_TYPE.get(message["type"], "message")] += 1
                counts["status"] += len(value.get("statuses", []))
    return counts


@pytest.mark.shared_data
def test_every_real_sample_parses_with_the_right_counts(shared_data: Path) -> None:
    files = sorted((shared_data / "whatsapp-cloud").glob("*.json"))
    assert len(files) == 7
    total = 0
    for path in files:
        result = whatsapp.parse_file(path)
        assert result.rejected == [], path.name
        counts = result.counts()
        expected = _expected_counts(path)
        assert {k: counts[k] for k in expected} == expected, path.name
        total += sum(expected.values())
        for message in result.messages:
            assert message.received_at.tzinfo is not None
            assert message.channel == "whatsapp"
    assert total == 39  # 3 + 2 + 1 + 1 + 23 + 7 + 2 cases


@pytest.mark.shared_data
def test_message_shapes(shared_data: Path) -> None:
    cases = json.loads((shared_data / "whatsapp-cloud" / "message.json").read_text("utf-8"))

    def one(case: str) -> whatsapp.IncomingMessage:
        result = whatsapp.parse_body(cases[case], case)
        assert len(result.messages) == 1
        return result.messages[0]

    text = one("text")
    assert text.text == "Body Text" and text.author_name == "Test Name"
    assert text.author_handle == "972987654321"
    assert text.reply_address == {
        "phone_number_id": "1122334455667",
        "wa_id": "972987654321",
        "user_id": "US.13491208655302741918",
    }
    assert text.received_at.timestamp() == 1697043223
    assert one("image").media[0]["id"] == "65463453"
    assert one("voice").media[0]["voice"] is True
    assert one("document").media[0]["filename"] == "filename.pdf"
    assert one("chosen_location").location == {
        "latitude": 37.4611978,
        "longitude": -122.2164385,
        "name": "Facebook HQ",
        "address": "1 Hacker Way, Menlo Park, CA 94025",
        "url": "https://maps.google.com/?cid=2000000000000000000",
    }
    assert one("forwarded").flags["forwarded"] is True
    assert one("forwarded_many_times").flags["frequently_forwarded"] is True
    reaction = one("reaction")
    assert (reaction.kind, reaction.refers_to, reaction.text) == ("reaction", "wamid.yzxyzx=", "😮")
    assert one("unreaction_no_emoji").flags["removed"] is True
    assert one("unsupported_with_type").flags["unsupported"] == "pool"
    assert one("reply").flags["in_reply_to"] == "wamid.xyzxyz=="
    raw = one("text").raw
    assert (
        isinstance(raw, dict)
        and raw["message"] == cases["text"]["entry"][0]["changes"][0]["value"]["messages"][0]
    )


@pytest.mark.shared_data
def test_edits_deletes_statuses_and_interactive(shared_data: Path) -> None:
    folder = shared_data / "whatsapp-cloud"
    edit = whatsapp.parse_file(folder / "edited_message.json").messages[0]
    assert edit.kind == "edit" and edit.text == "Updated image caption"
    assert edit.refers_to == "wamid.HBgLMTQxMjU1NTA4MjkVAgASGBQzQUNCNjk5RDUwNUZGMUZEM0VBRAA="
    delete = whatsapp.parse_file(folder / "deleted_message.json").messages[0]
    assert delete.kind == "delete" and delete.refers_to == "<ORIGINAL_WHATSAPP_MESSAGE_ID>"
    statuses = whatsapp.parse_file(folder / "message_status.json").messages
    assert {s.flags["status"] for s in statuses} == {
        "sent",
        "delivered",
        "read",
        "played",
        "failed",
    }
    assert all(s.kind == "status" and s.refers_to for s in statuses)
    assert len({s.external_id for s in statuses}) == 6  # 'sent' and 'with_tracker' are one receipt
    button = whatsapp.parse_file(folder / "callback_button.json").messages
    assert [b.text for b in button] == ["title", "title", "title"]
    listed = whatsapp.parse_file(folder / "callback_selection.json").messages
    assert listed[1].text == "title\ndescription"


def _body(messages: list[dict[str, Any]], contacts: list[dict[str, Any]] | None = None) -> Any:
    value: dict[str, Any] = {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "966500000000", "phone_number_id": "111"},
        "messages": messages,
    }
    if contacts is not None:
        value["contacts"] = contacts
    return {
        "object": "whatsapp_business_account",
        "entry": [{"id": "1", "changes": [{"field": "messages", "value": value}]}],
    }


def test_user_id_only_payload_and_unknown_author() -> None:
    body = _body(
        [
            {
                "from_user_id": "US.1",
                "id": "wamid.1",
                "timestamp": "1700000000",
                "type": "text",
                "text": {"body": "مياه في الشارع"},
            },
        ],
        contacts=[{"profile": {"name": "أحمد"}, "user_id": "US.1"}],
    )
    message = whatsapp.parse_body(body).messages[0]
    assert message.author_handle == "US.1" and message.author_name == "أحمد"
    assert message.language == "ar"
    anonymous = _body(
        [{"id": "wamid.2", "timestamp": "1700000000", "type": "text", "text": {"body": "hi"}}]
    )
    message = whatsapp.parse_body(anonymous).messages[0]
    assert message.author_handle is None and message.flags["author_unknown"] is True
    assert message.reply_address is None


def test_bad_items_are_rejected_one_line_and_the_rest_lands(tmp_path: Path) -> None:
    good = _body(
        [
            {
                "from": "9665",
                "id": "wamid.ok",
                "timestamp": "1700000000",
                "type": "text",
                "text": {"body": "ok"},
            }
        ]
    )
    bad = _body(
        [
            {"from": "9665", "id": "wamid.nots", "type": "text", "text": {"body": "no time"}},
            {"from": "9665", "timestamp": "1700000000", "type": "text", "text": {"body": "no id"}},
            {
                "from": "9665",
                "id": "wamid.r",
                "timestamp": "1700000000",
                "type": "reaction",
                "reaction": {"emoji": "👍"},
            },
            "not an object",
        ]
    )
    path = tmp_path / "bodies.jsonl"
    path.write_text(
        "\n".join([json.dumps(good), "{broken json", json.dumps(bad), json.dumps({"x": 1})]),
        encoding="utf-8",
    )
    result = whatsapp.parse_file(path)
    assert [m.external_id for m in result.messages] == ["wamid.ok"]
    reasons = [str(r) for r in result.rejected]
    assert len(reasons) == 6
    assert reasons[0].startswith(f"{path}:2: not valid JSON")
    assert "has no valid 'timestamp'" in reasons[1] and ":3 entry[0]" in reasons[1]
    assert "has no 'id'" in reasons[2]
    assert "does not name the original message" in reasons[3]
    assert "not a JSON object" in reasons[4]
    assert reasons[5].endswith("not a WhatsApp webhook body (no 'entry' list)")
    assert all("\n" not in r for r in reasons)


def test_list_of_bodies_and_single_body(tmp_path: Path) -> None:
    body = _body(
        [
            {
                "from": "9665",
                "id": "wamid.a",
                "timestamp": "1700000000",
                "type": "text",
                "text": {"body": "a"},
            }
        ]
    )
    one = tmp_path / "one.json"
    one.write_text(json.dumps(body, indent=2), encoding="utf-8")
    assert len(whatsapp.parse_file(one).messages) == 1
    many = tmp_path / "many.json"
    many.write_text(json.dumps([body, body]), encoding="utf-8")
    assert len(whatsapp.parse_file(many).messages) == 2


def test_raw_webhook_body_as_received() -> None:
    body = _body(
        [
            {
                "from": "9665",
                "id": "wamid.raw",
                "timestamp": "1700000000",
                "type": "text",
                "text": {"body": "سيول"},
            }
        ]
    )
    assert [m.external_id for m in whatsapp.parse_raw_body(json.dumps(body).encode()).messages] == [
        "wamid.raw"
    ]
    assert "not valid JSON" in whatsapp.parse_raw_body(b"{oops", "POST").rejected[0].reason
    assert whatsapp.parse_raw_body(b"\xff\xfe", "POST").rejected[0].reason == "body is not UTF-8"
