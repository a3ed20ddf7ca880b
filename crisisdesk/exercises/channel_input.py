"""Injects as the channels would deliver them, read back by the real parsers.

A WhatsApp inject becomes a Cloud API webhook body, an X inject an API v2 response page, a
news inject an RSS 2.0 feed item, an e-mail an RFC 5322 message, a hotline call the
call-taker's form. Each goes through the same parser as live traffic, so an exercise
exercises the intake too. External ids derive from the run and the item key: the same item
injected twice (two laptops, a rerun after a crash) is recognised as a duplicate.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime
from xml.sax.saxutils import escape

from crisisdesk.clock import utc_iso
from crisisdesk.exercises.schedule import Item
from crisisdesk.intake.parsers import email, rss, whatsapp, x
from crisisdesk.intake.parsers.base import ParseResult
from crisisdesk.intake.parsers.hotline import hotline_entry

PHONE_NUMBER_ID = "exercise"
FEED_TITLE = "Exercise news feed"


def tweet_id(run: str, key: str) -> str:
    """A numeric tweet id for ``key`` in run ``run`` (X ids are digits)."""
    digest = hashlib.sha256(f"{run}\x00{key}".encode("utf-8", "surrogatepass")).digest()
    return str(10**18 + int.from_bytes(digest[:8], "big") % (8 * 10**18))


def message_id(run: str, key: str) -> str:
    """The channel id an item of run ``run`` gets (as the parser will read it)."""
    return f"wamid.EX{run}.{key}"


def whatsapp_body(run: str, items: Sequence[tuple[Item, datetime]]) -> dict[str, object]:
    """One webhook body with a change per message, as Meta batches them under load."""
    changes = []
    for item, when in items:
        changes.append(
            {
                "field": "messages",
                "value": {
                    "messaging_product": "whatsapp",
                    "metadata": {"display_phone_number": "966920000000",
                                 "phone_number_id": PHONE_NUMBER_ID},
                    "contacts": [{"profile": {"name": item.author_name},
                                  "wa_id": item.author_handle}],
                    "messages": [
                        {
                            "from": item.author_handle,
                            "id": message_id(run, item.key),
                            "timestamp": str(int(when.timestamp())),
                            "type": "text",
                            "text": {"body": item.text},
                        }
                    ],
                },
            }
        )  # fmt: skip
    return {
        "object": "whatsapp_business_account",
        "entry": [{"id": "exercise", "changes": changes}],
    }


def x_page(run: str, items: Sequence[tuple[Item, datetime]]) -> dict[str, object]:
    """One API v2 search page; retweets reference the copy they repeat."""
    tweets: list[dict[str, object]] = []
    users: dict[str, dict[str, str]] = {}
    by_key = {item.key: item for item, _ in items}
    referenced: list[dict[str, object]] = []
    for item, when in items:
        author_id = str(int(hashlib.sha256(item.author_handle.encode()).hexdigest()[:12], 16))
        users[author_id] = {
            "id": author_id,
            "username": item.author_handle,
            "name": item.author_name,
        }
        tweet: dict[str, object] = {
            "id": tweet_id(run, item.key),
            "text": item.text,
            "author_id": author_id,
            "created_at": utc_iso(when)[:-4] + "Z",
            "lang": "ar",
        }
        if item.retweet_of is not None:
            original = by_key.get(item.retweet_of)
            original_text = original.text if original else item.text
            original_user = original.author_handle if original else "unknown"
            tweet["text"] = f"RT @{original_user}: {original_text}"[:280]
            tweet["referenced_tweets"] = [
                {"type": "retweeted", "id": tweet_id(run, item.retweet_of)}
            ]
            referenced.append({"id": tweet_id(run, item.retweet_of), "text": original_text})
        tweets.append(tweet)
    return {
        "data": tweets,
        "includes": {"users": list(users.values()), "tweets": referenced},
        "meta": {"result_count": len(tweets)},
    }  # fmt: skip


def news_feed(run: str, items: Sequence[tuple[Item, datetime]]) -> bytes:
    """An RSS 2.0 document holding one item per news inject."""
    parts = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<rss version="2.0"><channel>',
        f"<title>{FEED_TITLE}</title><link>http://127.0.0.1/exercise</link>",
        "<description>exercise</description><language>ar</language>",
    ]
    for item, when in items:
        title = item.subject or item.text.split("\n", 1)[0][:120]
        parts.append(
            "<item>"
            f"<title>{escape(title)}</title>"
            f"<link>http://127.0.0.1/exercise/{run}/{escape(item.key)}</link>"
            f'<guid isPermaLink="false">exercise:{run}:{escape(item.key)}</guid>'
            f"<pubDate>{format_datetime(when, usegmt=True)}</pubDate>"
            f"<author>{escape(item.author_handle)} ({escape(item.author_name)})</author>"
            f"<description>{escape(item.text)}</description>"
            "</item>"
        )
    parts.append("</channel></rss>")
    return "".join(parts).encode("utf-8")


def email_bytes(run: str, item: Item, when: datetime) -> bytes:
    """One mail, as a mail client would deliver it."""
    mail = EmailMessage()
    mail["From"] = f"{item.author_name} <{item.author_handle}>"
    mail["To"] = "media@amanah.example"
    mail["Subject"] = item.subject or item.text.split("\n", 1)[0][:80]
    mail["Date"] = format_datetime(when)
    mail["Message-ID"] = f"<{item.key}.{run}@exercise.invalid>"
    mail.set_content(item.text)
    return bytes(mail)


def parse_items(run: str, items: Sequence[tuple[Item, datetime]]) -> ParseResult:
    """Every message item, built as its channel delivers it and parsed by that channel's parser."""
    result = ParseResult()
    by_channel: dict[str, list[tuple[Item, datetime]]] = {}
    for item, when in items:
        by_channel.setdefault(item.channel, []).append((item, when))
    for channel, group in by_channel.items():
        where = f"exercise {run} {channel}"
        if channel == "whatsapp":
            result.extend(whatsapp.parse_body(whatsapp_body(run, group), where))
        elif channel == "x":
            result.extend(x.parse_page(x_page(run, group), where))
        elif channel == "news":
            first = group[0][1]
            result.extend(rss.parse_feed(news_feed(run, group), where, fetched_at=first))
        elif channel == "email":
            for item, when in group:
                data = email_bytes(run, item, when)
                result.extend(email.parse_bytes(data, f"{where} {item.key}", fallback_time=when))
        elif channel in ("hotline", "situation"):
            for item, when in group:
                entry = hotline_entry(
                    text=item.text,
                    received_at=when,
                    caller=item.author_name or "غرفة عمليات الأمانة",
                    phone=item.author_handle or None,
                    taken_by="exercise",
                    entry_id=f"hotline-exercise-{run}-{item.key}",
                )
                result.messages.append(entry)
        else:
            result.reject(where, f"unknown inject channel {channel!r}")
    return result


__all__ = [
    "email_bytes",
    "message_id",
    "news_feed",
    "parse_items",
    "tweet_id",
    "whatsapp_body",
    "x_page",
]
