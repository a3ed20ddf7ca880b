"""X (Twitter) API v2 response pages → ``IncomingMessage``.

A page is ``{"data": [tweets], "includes": {"users", "tweets", "media", "places"}, "meta"}``;
saved pages come one per line (twarc). Retweets, quotes and replies are kept as messages and
say what they refer to in ``flags``, which is what rumour clustering needs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from crisisdesk.intake.parsers.base import (
    JSON,
    IncomingMessage,
    ParseResult,
    describe_error,
    dump_item,
    guess_language,
    iter_json_lines,
    keep_raw,
    parse_time,
    read_text,
)

CHANNEL = "x"
_REFERENCE_FLAGS = {"retweeted": "retweet_of", "quoted": "quote_of", "replied_to": "reply_to"}


def _index(items: object, key: str) -> dict[str, JSON]:
    if not isinstance(items, list):
        return {}
    return {str(i[key]): i for i in items if isinstance(i, dict) and key in i}


def parse_page(page: object, where: str = "page") -> ParseResult:
    """Every tweet in one response page; a bad tweet is rejected, the rest kept.

    Total: a wrong JSON type anywhere ends as a one-line rejection, never an exception.
    """
    try:
        return _parse_page(page, where)
    except Exception as exc:
        result = ParseResult()
        result.reject(where, describe_error(exc), dump_item(page))
        return result


def _parse_page(page: object, where: str) -> ParseResult:
    result = ParseResult()
    if not isinstance(page, dict):
        result.reject(where, "not an X API v2 response page (not a JSON object)")
        return result
    errors = page.get("errors")
    for error in errors if isinstance(errors, list) else []:
        if isinstance(error, dict):
            detail = error.get("detail") or error.get("title") or error.get("message")
            result.warn(where, f"X API reported: {detail}")
    data = page.get("data")
    if data is None and "id" in page and "text" in page:
        data = [page]  # one flattened tweet per line
    if data is None:
        if "meta" not in page and "errors" not in page:
            result.reject(where, "not an X API v2 response page (no 'data')")
        return result
    if isinstance(data, dict):
        data = [data]
    if not isinstance(data, list):
        result.reject(where, "'data' is neither a tweet nor a list of tweets")
        return result
    includes = page.get("includes") if isinstance(page.get("includes"), dict) else {}
    assert isinstance(includes, dict)
    users = _index(includes.get("users"), "id")
    referenced = _index(includes.get("tweets"), "id")
    media = _index(includes.get("media"), "media_key")
    places = _index(includes.get("places"), "id")
    for i, tweet in enumerate(data):
        here = f"{where} data[{i}]"
        try:
            result.messages.append(_tweet(tweet, users, media, places, referenced))
        except Exception as exc:  # wrong JSON types in one tweet reject that tweet only
            result.reject(here, describe_error(exc), dump_item(tweet))
    return result


def _tweet(
    tweet: object,
    users: dict[str, JSON],
    media: dict[str, JSON],
    places: dict[str, JSON],
    referenced: dict[str, JSON],
) -> IncomingMessage:
    if not isinstance(tweet, dict):
        raise ValueError("tweet is not a JSON object")
    tweet_id = tweet.get("id")
    if not isinstance(tweet_id, str) or not tweet_id.isdigit():
        raise ValueError("tweet has no numeric string 'id'")
    text = tweet.get("text")
    if not isinstance(text, str):
        raise ValueError(f"tweet {tweet_id} has no 'text'")
    received_at = parse_time(tweet.get("created_at"))
    if received_at is None:
        raise ValueError(f"tweet {tweet_id} has no valid 'created_at'")
    author = users.get(str(tweet.get("author_id"))) or tweet.get("author") or {}
    flags: JSON = {}
    for ref in tweet.get("referenced_tweets") or []:
        flag = _REFERENCE_FLAGS.get(str(ref.get("type")))
        if flag:
            flags[flag] = ref.get("id")
            original = referenced.get(str(ref.get("id")))
            if flag == "retweet_of" and original and isinstance(original.get("text"), str):
                # a retweet's own text is cut at 140 characters; clustering wants the whole
                flags["retweeted_text"] = original["text"]
    if tweet.get("conversation_id"):
        flags["conversation_id"] = tweet["conversation_id"]
    if isinstance(tweet.get("public_metrics"), dict):
        flags["metrics"] = tweet["public_metrics"]
    attached: list[dict[str, Any]] = []
    for key in (tweet.get("attachments") or {}).get("media_keys") or []:
        item = media.get(str(key), {"media_key": key})
        attached.append(
            {k: item[k] for k in ("media_key", "type", "url", "preview_image_url") if k in item}
        )
    location = None
    place_id = (tweet.get("geo") or {}).get("place_id")
    if place_id:
        place = places.get(str(place_id), {})
        location = {"place_id": place_id}
        location.update({k: place[k] for k in ("full_name", "country_code") if k in place})
    username = author.get("username")
    return IncomingMessage(
        channel=CHANNEL,
        external_id=tweet_id,
        author_handle=username or (str(tweet["author_id"]) if tweet.get("author_id") else None),
        author_name=author.get("name"),
        received_at=received_at,
        text=text,
        language=guess_language(text, tweet.get("lang")),
        location=location,
        media=attached,
        raw=tweet,
        flags=flags,
        reply_address={"tweet_id": tweet_id, "username": username},
    )


def parse_text(text: str, where: str) -> ParseResult:
    """Saved pages: one JSON page, or one page (or flattened tweet) per line.

    A rejection keeps the page (or line) it came in, which a retry parses again.
    """
    result = ParseResult()
    for here, document, line in iter_json_lines(text, where):
        if isinstance(document, ValueError):
            result.reject(here, str(document), line)
            continue
        pages = document if isinstance(document, list) else [document]
        for i, page in enumerate(pages):
            parsed = parse_page(page, f"{here}[{i}]" if isinstance(document, list) else here)
            if parsed.rejected:
                single = line is not None and not isinstance(document, list)
                keep_raw(parsed, line if single else dump_item(page))
            result.extend(parsed)
    return result


def parse_file(path: Path) -> ParseResult:
    """Import saved X API v2 response pages."""
    return parse_text(read_text(path), str(path))


__all__ = ["CHANNEL", "parse_file", "parse_page", "parse_text"]
