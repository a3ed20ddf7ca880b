"""The simulated public feed: what the public can see during an exercise (posts on X, news
items, and the Amanah's statements as "published" to the sandbox), newest first, as one
self-contained HTML page marked EXERCISE. No scripts; it reloads itself every few seconds.

Every text is escaped and isolated (``<bdi dir="auto">``): a post cannot inject markup or
reorder the page.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from html import escape
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from crisisdesk.clock import parse_utc, utc_iso
from crisisdesk.exercises.offsets import format_offset
from crisisdesk.exercises.records import RunInfo
from crisisdesk.storage.models import Interaction, Publication, Statement, StatementVersion
from crisisdesk.text.display import visible_controls

PUBLIC_CHANNELS = ("x", "rss")
LIMIT = 200
OFFICIAL = {
    "ar": "أمانة المنطقة الشرقية (الحساب الرسمي)",
    "en": "Eastern Province Amanah (official)",
}


@dataclass(frozen=True)
class Post:
    at: datetime
    author: str
    text: str
    channel: str  # x, news, or statement
    official: bool = False

    def to_json(self, run: RunInfo) -> dict[str, Any]:
        return {
            "at": utc_iso(self.at),
            "scenario_time": format_offset(self.at - run.started_at),
            "author": self.author,
            "text": self.text,
            "channel": self.channel,
            "official": self.official,
        }


def feed_posts(session: Session, run: RunInfo, now: datetime, limit: int = LIMIT) -> list[Post]:
    """The public's view at exercise time ``now``: newest first, at most ``limit``."""
    now_text = utc_iso(now)
    posts: list[Post] = []
    rows = session.execute(
        select(Interaction.received_at, Interaction.author_name, Interaction.author_handle,
               Interaction.text, Interaction.channel)
        .where(
            Interaction.incident_id == run.incident_id,
            Interaction.channel.in_(PUBLIC_CHANNELS),
            Interaction.received_at <= now_text,
            Interaction.deleted.is_(False),
        )
        .order_by(Interaction.received_at.desc())
        .limit(limit)
    ).all()  # fmt: skip
    for at, name, handle, text, channel in rows:
        author = name or handle or "?"
        if handle and name and channel == "x":
            author = f"{name} @{handle}"
        posts.append(Post(parse_utc(at), author, text, "news" if channel == "rss" else "x"))
    published = session.execute(
        select(Publication.sent_at, StatementVersion.text_ar, StatementVersion.text_en)
        .join(StatementVersion, StatementVersion.id == Publication.version_id)
        .join(Statement, Statement.id == StatementVersion.statement_id)
        .where(
            Statement.incident_id == run.incident_id,
            Publication.sent_at.is_not(None),
            Publication.sent_at <= now_text,
        )
        .order_by(Publication.sent_at.desc())
        .limit(limit)
    ).all()
    seen: set[tuple[str, str]] = set()
    for sent_at, text_ar, text_en in published:
        if sent_at is None or (text_ar, text_en) in seen:
            continue  # one statement sent to several channels shows once
        seen.add((text_ar, text_en))
        text = f"{text_ar}\n\n{text_en}".strip()
        posts.append(Post(parse_utc(sent_at), OFFICIAL["ar"], text, "statement", official=True))
    posts.sort(key=lambda p: p.at, reverse=True)
    return posts[:limit]


STYLE = """
body{font-family:"Noto Naskh Arabic","Noto Sans",Tahoma,Arial,sans-serif;margin:0;
background:#f3f4f6;color:#111}
header{background:#f4b400;color:#1d1d1d;padding:10px 16px;font-weight:bold}
main{max-width:720px;margin:16px auto;padding:0 12px}
.post{background:#fff;border:1px solid #ddd;border-radius:8px;padding:10px 14px;margin:10px 0}
.official{border:2px solid #0b7d3e}
.meta{color:#555;font-size:13px}.t{direction:ltr;unicode-bidi:isolate}
.text{white-space:pre-wrap;margin-top:6px}
.channel{font-size:12px;border:1px solid #bbb;border-radius:4px;padding:0 4px}
"""
CHANNEL_NAMES = {"x": "X", "news": "أخبار · News", "statement": "بيان · Statement"}


def render_feed(run: RunInfo, posts: list[Post], now: datetime, *, refresh: int = 5) -> str:
    """The feed page; it reloads itself every ``refresh`` seconds."""
    title = f"EXERCISE — تمرين: {run.title_ar} — {run.title_en}"
    out = [
        "<!DOCTYPE html>\n",
        '<html lang="ar" dir="rtl"><head><meta charset="utf-8">',
        f'<meta http-equiv="refresh" content="{int(refresh)}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title><style>{STYLE}</style></head><body>",
        f"<header>تمرين — ليس أزمة فعلية · EXERCISE — not a real crisis · "
        f'<span class="t">{escape(format_offset(now - run.started_at))}</span></header><main>',
        f"<h1><bdi>{escape(run.title_ar)}</bdi></h1>",
    ]
    if not posts:
        out.append("<p>لا منشورات بعد · Nothing posted yet</p>")
    for post in posts:
        css = "post official" if post.official else "post"
        channel = CHANNEL_NAMES.get(post.channel, post.channel)
        author = escape(visible_controls(post.author))
        out.append(
            f'<article class="{css}"><div class="meta"><bdi dir="auto">{author}</bdi>'
            f' · <span class="channel">{escape(channel)}</span>'
            f' · <span class="t">{escape(format_offset(post.at - run.started_at))}</span></div>'
            + "".join(
                f'<div class="text" dir="auto">{escape(visible_controls(part.strip()))}</div>'
                for part in post.text.split("\n\n")
                if part.strip()
            )
            + "</article>"
        )
    out.append("</main></body></html>\n")
    return "".join(out)


__all__ = ["Post", "feed_posts", "render_feed"]
