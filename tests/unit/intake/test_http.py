"""The HTTP client against a real server on 127.0.0.1: nothing hangs past its deadline."""

from __future__ import annotations

import json
import socket
import time

import pytest

from crisisdesk.intake.http import (
    HttpBadJson,
    HttpClient,
    HttpError,
    HttpStatusError,
    HttpTimeout,
    HttpTooLarge,
)
from tests.unit.intake.conftest import Handler, LocalServer

SLACK = 1.5  # seconds allowed past a deadline for thread wake-up on a slow CI machine


def _client(**kwargs: float | int) -> HttpClient:
    options: dict[str, float | int] = {
        "connect_timeout": 2.0,
        "read_timeout": 5.0,
        "deadline": 3.0,
        "retries": 2,
        "backoff": 0.0,
    }
    options.update(kwargs)
    return HttpClient(**options)  # type: ignore[arg-type]


def test_ok_json_and_headers(local_server: LocalServer) -> None:
    @local_server.route("/ok")
    def ok(h: Handler) -> None:
        h.send_json(200, {"ok": True, "نص": "مطر"}, {"ETag": '"v1"'})

    with _client() as client:
        response = client.get(f"{local_server.url}/ok", params={"q": "x"})
    assert response.status == 200 and response.json() == {"ok": True, "نص": "مطر"}
    assert response.header("ETag") == '"v1"'
    assert response.attempts == 1
    sent = local_server.requests[0]["headers"]
    assert isinstance(sent, dict) and sent["User-Agent"].startswith("CrisisDesk/")


def test_server_that_hangs_hits_the_read_timeout(local_server: LocalServer) -> None:
    @local_server.route("/hang")
    def hang(h: Handler) -> None:
        h.wait(30)

    started = time.monotonic()
    with _client(read_timeout=1.0, deadline=3.0, retries=0) as client, pytest.raises(HttpTimeout):
        client.get(f"{local_server.url}/hang")
    assert time.monotonic() - started < 1.0 + SLACK


def test_body_trickling_one_byte_a_second_stops_at_the_deadline(local_server: LocalServer) -> None:
    @local_server.route("/trickle")
    def trickle(h: Handler) -> None:
        h.send_response(200)
        h.send_header("Content-Length", "100")
        h.end_headers()
        for _ in range(100):
            if h.stopping:
                return
            h.wfile.write(b"x")
            h.wfile.flush()
            h.wait(1.0)

    started = time.monotonic()
    deadline_passed = pytest.raises(HttpTimeout, match=r"not finished within the 2.5 s deadline")
    with _client(read_timeout=5.0, deadline=2.5) as client, deadline_passed:
        client.get(f"{local_server.url}/trickle")
    assert time.monotonic() - started < 2.5 + SLACK


def test_headers_trickling_one_byte_a_second_stop_at_the_deadline(
    local_server: LocalServer,
) -> None:
    @local_server.route("/slow-headers")
    def slow_headers(h: Handler) -> None:
        for byte in b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nX-Padding: aaaaaaaaaaaaaaa":
            if h.stopping:
                return
            h.wfile.write(bytes([byte]))
            h.wfile.flush()
            h.wait(1.0)

    started = time.monotonic()
    with _client(read_timeout=5.0, deadline=2.0) as client, pytest.raises(HttpTimeout):
        client.get(f"{local_server.url}/slow-headers")
    assert time.monotonic() - started < 2.0 + SLACK


def test_503_with_retry_after_then_200_is_retried(local_server: LocalServer) -> None:
    @local_server.route("/flaky")
    def flaky(h: Handler) -> None:
        if local_server.hits["/flaky"] == 1:
            h.send_json(503, {"error": "busy"}, {"Retry-After": "1"})
        else:
            h.send_json(200, {"ok": True})

    started = time.monotonic()
    with _client(deadline=5.0) as client:
        response = client.get(f"{local_server.url}/flaky")
    elapsed = time.monotonic() - started
    assert response.json() == {"ok": True}
    assert local_server.hits["/flaky"] == 2 and response.attempts == 2
    assert 1.0 <= elapsed < 1.0 + SLACK  # Retry-After was honoured


def test_429_asking_to_wait_past_the_deadline_fails_fast(local_server: LocalServer) -> None:
    @local_server.route("/limited")
    def limited(h: Handler) -> None:
        h.send_json(429, {"error": "slow down"}, {"Retry-After": "3600"})

    started = time.monotonic()
    refused = pytest.raises(HttpTimeout, match="would pass the deadline")
    with _client(deadline=3.0) as client, refused:
        client.get(f"{local_server.url}/limited")
    assert time.monotonic() - started < 1.0
    assert local_server.hits["/limited"] == 1


def test_persistent_503_is_a_status_error_after_the_retries(local_server: LocalServer) -> None:
    @local_server.route("/down")
    def down(h: Handler) -> None:
        h.send_json(503, {"error": "down"})

    with _client(retries=2) as client, pytest.raises(HttpStatusError) as caught:
        client.get(f"{local_server.url}/down")
    assert caught.value.status == 503
    assert local_server.hits["/down"] == 3
    assert (
        str(caught.value) == f"{local_server.url}/down: server answered HTTP 503 after 3 attempts"
    )


def test_post_is_never_retried(local_server: LocalServer) -> None:
    @local_server.route("/send")
    def send(h: Handler) -> None:
        h.send_json(503, {"error": "busy"}, {"Retry-After": "0"})

    with _client() as client, pytest.raises(HttpStatusError, match="HTTP 503"):
        client.post(f"{local_server.url}/send", json_body={"text": "مرحبا"})
    assert local_server.hits["/send"] == 1
    body = local_server.requests[0]["body"]
    assert isinstance(body, bytes) and json.loads(body) == {"text": "مرحبا"}


def test_malformed_json_is_one_line_error(local_server: LocalServer) -> None:
    @local_server.route("/bad-json")
    def bad_json(h: Handler) -> None:
        h.send_bytes(200, b'{"data": [1, 2,', "application/json")

    with _client() as client:
        response = client.get(f"{local_server.url}/bad-json?token=SECRET")
    with pytest.raises(HttpBadJson) as caught:
        response.json()
    message = str(caught.value)
    assert "\n" not in message and "not valid JSON" in message
    assert "SECRET" not in message  # query strings never reach messages


def test_oversize_bodies_are_refused(local_server: LocalServer) -> None:
    @local_server.route("/declared-big")
    def declared_big(h: Handler) -> None:
        h.send_response(200)
        h.send_header("Content-Length", str(50 * 1024 * 1024))
        h.end_headers()
        h.wfile.write(b"x" * 1024)

    @local_server.route("/endless")
    def endless(h: Handler) -> None:
        h.send_response(200)
        h.end_headers()  # no length: the body ends when the connection closes
        chunk = b"y" * 65536
        for _ in range(1000):
            if h.stopping:
                return
            h.wfile.write(chunk)

    with _client(deadline=5.0) as client:
        with pytest.raises(HttpTooLarge, match="exceeds 1,048,576"):
            client.get(f"{local_server.url}/declared-big", max_bytes=1024 * 1024)
        started = time.monotonic()
        with pytest.raises(HttpTooLarge, match="exceeds 1,048,576 bytes"):
            client.get(f"{local_server.url}/endless", max_bytes=1024 * 1024)
        assert time.monotonic() - started < 2.0


def test_connection_refused_is_one_line(local_server: LocalServer) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with _client(retries=0) as client, pytest.raises(HttpError, match="cannot connect") as caught:
        client.get(f"http://127.0.0.1:{port}/x")
    assert "\n" not in str(caught.value)


def test_404_is_a_status_error_unless_asked(local_server: LocalServer) -> None:
    with _client() as client:
        with pytest.raises(HttpStatusError, match="HTTP 404"):
            client.get(f"{local_server.url}/nowhere")
        assert client.get(f"{local_server.url}/nowhere", raise_for_status=False).status == 404


def test_tls_verification_is_on() -> None:
    with _client() as client:
        assert client.session.verify is True
    with pytest.raises(ValueError):
        HttpClient(deadline=0)
