"""X recent search against a local server playing the API: since_id, pages, failures, resume."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

from crisisdesk.intake.connectors.x_search import XSearchConfig, poll_x_search
from crisisdesk.intake.http import HttpClient
from tests.unit.intake.conftest import Handler, LocalServer


def _tweet(n: int) -> dict[str, Any]:
    return {
        "id": str(1000 + n),
        "text": f"تجمع مياه رقم {n}",
        "created_at": f"2026-01-01T06:{n:02d}:00.000Z",
        "author_id": "9",
    }


class FakeX:
    """Serves the tweets newer than since_id, newest first, ``per_page`` at a time."""

    def __init__(self, server: LocalServer, per_page: int = 2) -> None:
        self.tweets: list[dict[str, Any]] = []
        self.per_page = per_page
        self.fail_next: int = 0
        self.tokens: dict[str, int] = {}
        self.auth: list[str] = []
        server.route("/2/tweets/search/recent")(self.handle)

    def handle(self, h: Handler) -> None:
        self.auth.append(h.headers.get("Authorization", ""))
        if self.fail_next:
            self.fail_next -= 1
            h.send_json(503, {"title": "Service Unavailable"}, {"Retry-After": "0"})
            return
        query = {k: v[0] for k, v in parse_qs(urlsplit(h.path).query).items()}
        since = int(query.get("since_id", "0"))
        newer = sorted(
            (t for t in self.tweets if int(t["id"]) > since), key=lambda t: -int(t["id"])
        )
        token = query.get("next_token")
        if token is not None and token not in self.tokens:
            h.send_json(400, {"title": "Invalid Request", "detail": "bad next_token"})
            return
        if token:  # a real next_token is a cursor: continue below the previous page
            newer = [t for t in newer if int(t["id"]) < self.tokens[token]]
        page = newer[: self.per_page]
        meta: dict[str, Any] = {"result_count": len(page)}
        if page:
            meta["newest_id"] = page[0]["id"]
            meta["oldest_id"] = page[-1]["id"]
        if len(newer) > self.per_page:
            next_token = f"t{page[-1]['id']}"
            self.tokens[next_token] = int(page[-1]["id"])
            meta["next_token"] = next_token
        body = {"meta": meta}
        if page:
            body |= {
                "data": page,
                "includes": {"users": [{"id": "9", "username": "citizen", "name": "مواطن"}]},
            }
        h.send_json(200, body)


def _client() -> HttpClient:
    return HttpClient(connect_timeout=2, read_timeout=3, deadline=5, retries=1, backoff=0)


def test_polls_pages_then_only_new_tweets(local_server: LocalServer) -> None:
    fake = FakeX(local_server)
    fake.tweets = [_tweet(n) for n in range(1, 6)]
    config = XSearchConfig(query="سيول الدمام", base_url=f"{local_server.url}/2")
    with _client() as client:
        first = poll_x_search(client, config, "BEARER", None)
        assert first.ok and first.requests == 3
        assert sorted(m.external_id for m in first.result.messages) == [
            str(1000 + n) for n in range(1, 6)
        ]
        assert first.state == {"since_id": "1005"}
        assert fake.auth[0] == "Bearer BEARER"
        fake.tweets.append(_tweet(6))
        second = poll_x_search(client, config, "BEARER", first.state)
        assert [m.external_id for m in second.result.messages] == ["1006"]
        assert second.state == {"since_id": "1006"}
        quiet = poll_x_search(client, config, "BEARER", second.state)
        assert quiet.result.messages == [] and quiet.state == {"since_id": "1006"}


def test_failure_mid_pagination_resumes_without_gaps_or_duplicates(
    local_server: LocalServer,
) -> None:
    fake = FakeX(local_server)
    fake.tweets = [_tweet(n) for n in range(1, 6)]
    config = XSearchConfig(query="q", base_url=f"{local_server.url}/2")
    seen: list[str] = []
    with _client() as client:
        original = fake.handle

        calls = {"n": 0}

        def flaky(h: Handler) -> None:
            calls["n"] += 1
            if calls["n"] == 2:  # the second page fails, even after the client's retry
                fake.fail_next = 2
            original(h)

        local_server.route("/2/tweets/search/recent")(flaky)
        broken = poll_x_search(client, config, "BEARER", {"since_id": "1000"})
        assert not broken.ok and "HTTP 503" in (broken.error or "")
        assert broken.state == {
            "since_id": "1000",
            "next_token": "t1004",
            "pending_newest_id": "1005",
        }
        seen += [m.external_id for m in broken.result.messages]
        fake.tweets.append(_tweet(7))  # arrives while we were failing
        resumed = poll_x_search(client, config, "BEARER", broken.state)
        assert resumed.ok
        seen += [m.external_id for m in resumed.result.messages]
        assert resumed.state == {"since_id": "1005"}
        after = poll_x_search(client, config, "BEARER", resumed.state)
        seen += [m.external_id for m in after.result.messages]
    assert sorted(seen) == ["1001", "1002", "1003", "1004", "1005", "1007"]
    assert len(seen) == len(set(seen))


def test_stale_next_token_falls_back_to_since_id(local_server: LocalServer) -> None:
    fake = FakeX(local_server, per_page=10)
    fake.tweets = [_tweet(n) for n in range(1, 4)]
    config = XSearchConfig(query="q", base_url=f"{local_server.url}/2")
    with _client() as client:
        poll = poll_x_search(
            client,
            config,
            "B",
            {"since_id": "1001", "next_token": "gone", "pending_newest_id": "1003"},
        )
    assert poll.ok
    assert sorted(m.external_id for m in poll.result.messages) == ["1002", "1003"]
    assert poll.state == {"since_id": "1003"}


def test_page_limit_keeps_the_cursor(local_server: LocalServer) -> None:
    fake = FakeX(local_server, per_page=1)
    fake.tweets = [_tweet(n) for n in range(1, 4)]
    config = XSearchConfig(query="q", base_url=f"{local_server.url}/2", max_pages=2)
    with _client() as client:
        first = poll_x_search(client, config, "B", None)
        assert first.ok and len(first.result.messages) == 2
        assert first.state["since_id"] is None and first.state["next_token"]
        second = poll_x_search(client, config, "B", first.state)
    assert [m.external_id for m in second.result.messages] == ["1001"]
    assert second.state == {"since_id": "1003"}


def test_missing_token_and_malformed_json(local_server: LocalServer) -> None:
    @local_server.route("/2/tweets/search/recent")
    def broken(h: Handler) -> None:
        h.send_bytes(200, b"{not json", "application/json")

    config = XSearchConfig(query="q", base_url=f"{local_server.url}/2")
    with _client() as client:
        assert poll_x_search(client, config, "", None).error == "X: no bearer token configured"
        poll = poll_x_search(client, config, "B", {"since_id": "5"})
    assert poll.error is not None and "not valid JSON" in poll.error
    assert poll.state == {"since_id": "5"}
