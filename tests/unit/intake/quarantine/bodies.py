"""Signed-body shapes that once stopped all WhatsApp intake (issue 12, finding 1)."""

from __future__ import annotations

import json


def body(message: dict[str, object]) -> bytes:
    document = {
        "object": "whatsapp_business_account",
        "entry": [
            {
                "id": "1",
                "changes": [
                    {
                        "field": "messages",
                        "value": {
                            "messaging_product": "whatsapp",
                            "metadata": {"phone_number_id": "111"},
                            "contacts": [{"wa_id": "966500000001", "profile": {"name": "م"}}],
                            "messages": [message],
                        },
                    }
                ],
            }
        ],
    }
    return json.dumps(document, ensure_ascii=False).encode("utf-8")


def message(i: int, **fields: object) -> dict[str, object]:
    base: dict[str, object] = {
        "id": f"wamid.ok{i}",
        "from": "966500000001",
        "timestamp": str(1795000000 + i),
        "type": "text",
        "text": {"body": f"رسالة سليمة {i} عن انقطاع الماء"},
    }
    base.update(fields)
    return base


def good(i: int) -> bytes:
    return body(message(i))


# Each as reported: text a string, context a list, a 20-digit timestamp, a lone surrogate
# escape (a cut emoji as Meta escapes it), a 5,000-digit number, JSON nested 100,000 deep.
POISONED: dict[str, bytes] = {
    "text_is_string": body(message(900, id="wamid.p1", text="مرحبا")),
    "context_is_list": body(message(901, id="wamid.p2", context=[{"id": "x"}])),
    "timestamp_20_digits": body(message(902, id="wamid.p3", timestamp="99999999999999999999")),
    "lone_surrogate": body(message(903, id="wamid.p4", text={"body": "SURR"})).replace(
        b'"SURR"', b'"\\ud83d \xd8\xb3\xd9\x8a\xd9\x88\xd9\x84"'
    ),
    "number_5000_digits": body(message(904, id="wamid.p5", n=0)).replace(
        b'"n": 0', b'"n": ' + b"7" * 5000
    ),
    "nested_100000": b'{"object":"whatsapp_business_account","entry":[{"changes":[{"value":'
    + b"[" * 100_000
    + b"]" * 100_000
    + b"}]}]}",
}
