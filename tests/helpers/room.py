"""A crisis room for multi-laptop tests: an incident, WhatsApp traffic as the webhook stores it,
and a way to see which sessions of a PostgreSQL database are inside a transaction."""

from __future__ import annotations

import json
from pathlib import Path

from crisisdesk.desk import Desk
from tests.helpers.databases import make_desk, sign_in_as

WORDS = ["سيول", "نفق", "مغمور", "الفيصلية", "إخلاء", "مياه", "طريق", "عالقة", "السد", "حي"]


def whatsapp_lines(count: int, *, start: int = 0, tag: str = "m") -> list[str]:
    """``count`` distinct WhatsApp webhook bodies, one JSON document a line."""
    lines = []
    for i in range(start, start + count):
        words = " ".join(WORDS[(i * 7 + k) % len(WORDS)] for k in range(6))
        body = {
            "object": "whatsapp_business_account",
            "entry": [{"id": "1", "changes": [{"field": "messages", "value": {
                "messaging_product": "whatsapp",
                "metadata": {"phone_number_id": "1"},
                "contacts": [{"wa_id": f"9665{i:08d}", "profile": {"name": f"مواطن {i}"}}],
                "messages": [{"id": f"wamid.{tag}{i}", "from": f"9665{i:08d}",
                              "timestamp": str(1795000000 + i), "type": "text",
                              "text": {"body": f"{words} رقم {i}"}}]}}]}],
        }  # fmt: skip
        lines.append(json.dumps(body, ensure_ascii=False))
    return lines


def write_whatsapp(path: Path, count: int, *, start: int = 0, tag: str = "m") -> Path:
    path.write_text("\n".join(whatsapp_lines(count, start=start, tag=tag)) + "\n", "utf-8")
    return path


def open_room(url: str, folder: Path, messages: int = 10) -> int:
    """Users, one open incident and ``messages`` interactions in it; returns the incident id."""
    desk: Desk = make_desk(url)
    try:
        sign_in_as(desk, "lead")
        incident = desk.incidents.open("سيول الدمام", 2, playbook_id="flood-urban").id
        if messages:
            desk.inbox.ingest_files(
                incident, "whatsapp", [write_whatsapp(folder / "seed.jsonl", messages, tag="s")]
            )
        return incident
    finally:
        desk.close()


def writing_sessions(url: str) -> int:
    """Sessions of this database that are inside a transaction which has written something."""
    import psycopg
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    dsn = parsed.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(dsn, autocommit=True, connect_timeout=5) as conn:
        row = conn.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
            " AND backend_xid IS NOT NULL AND pid <> pg_backend_pid()"
        ).fetchone()
    return int(row[0]) if row else 0
