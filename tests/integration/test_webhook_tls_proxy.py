"""Issue 12: ``webhook serve`` behind a real TLS reverse proxy, as documented for IT
(docs/webhook_deployment.md): Caddy from the distribution's packages on 127.0.0.1 with a
certificate made for the test, the documented Caddyfile's limits and timeouts, and signed
bodies posted through it over HTTPS. Skips where Caddy is not installed."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from crisisdesk.intake.rows import InboxFilters
from crisisdesk.intake.webhook_server import APP_SECRET, VERIFY_TOKEN, WebhookServer, pending_count
from crisisdesk.intake.webhook_signature import sign
from tests.helpers.databases import make_desk, sign_in_as
from tests.unit.intake.connectors.imap_server import write_certificates
from tests.unit.intake.quarantine.bodies import good

SECRET = "app-secret-for-the-proxy-test"
DOCUMENTED = Path(__file__).resolve().parents[2] / "docs" / "webhook" / "Caddyfile"

pytestmark = pytest.mark.skipif(shutil.which("caddy") is None, reason="Caddy is not installed")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _caddyfile(port: int, upstream: int, cert: Path, key: Path) -> str:
    """The documented Caddyfile with the test's name, certificate and ports in it."""
    text = DOCUMENTED.read_text(encoding="utf-8")
    text = text.replace("https://webhook.example.gov.sa:443", f"https://127.0.0.1:{port}")
    text = text.replace("/etc/crisisdesk/webhook.pem /etc/crisisdesk/webhook.key", f"{cert} {key}")
    text = text.replace("reverse_proxy 127.0.0.1:8080", f"reverse_proxy 127.0.0.1:{upstream}")
    assert f"127.0.0.1:{port}" in text and str(cert) in text and f":{upstream}" in text
    return text


@pytest.fixture
def proxied(db_url: str, tmp_path: Path) -> Iterator[tuple[object, int, str, Path]]:
    desk = make_desk(db_url)
    sign_in_as(desk, "lead")
    incident = desk.incidents.open("سيول", 2, playbook_id="flood-urban").id
    sign_in_as(desk, "operator")
    desk.secrets.set(APP_SECRET, SECRET)
    desk.secrets.set(VERIFY_TOKEN, "verify-me")
    server = WebhookServer(desk.inbox, incident, "127.0.0.1", 0, interval=0.05, cycle=0.2)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    ca, cert, key = write_certificates(tmp_path)
    port = _free_port()
    config = tmp_path / "Caddyfile"
    config.write_text(_caddyfile(port, server.address[1], cert, key), encoding="utf-8")
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "data"), "HOME": str(tmp_path)}
    env["XDG_CONFIG_HOME"] = str(tmp_path / "config")
    log = (tmp_path / "caddy.log").open("wb")
    caddy = subprocess.Popen(
        ["caddy", "run", "--config", str(config), "--adapter", "caddyfile"],
        env=env, stdout=subprocess.DEVNULL, stderr=log,
    )  # fmt: skip
    try:
        ends = time.monotonic() + 30
        while time.monotonic() < ends:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 1):
                break
            assert caddy.poll() is None, (tmp_path / "caddy.log").read_text()
            time.sleep(0.1)
        yield desk, incident, f"https://127.0.0.1:{port}/", ca
    finally:
        caddy.terminate()
        caddy.wait(timeout=30)
        log.close()
        server.shutdown()
        thread.join(timeout=30)
        desk.close()


def test_signed_bodies_arrive_through_the_tls_proxy(
    proxied: tuple[object, int, str, Path],
) -> None:
    desk, incident, url, ca = proxied
    challenge = requests.get(
        url,
        params={"hub.mode": "subscribe", "hub.verify_token": "verify-me", "hub.challenge": "42"},
        verify=str(ca),
        timeout=10,
    )
    assert challenge.status_code == 200 and challenge.text == "42"
    for i in range(20):
        body = good(i)
        answer = requests.post(
            url, data=body, headers={"X-Hub-Signature-256": sign(body, SECRET)},
            verify=str(ca), timeout=10,
        )  # fmt: skip
        assert answer.status_code == 200 and answer.text == "EVENT_RECEIVED"
    forged = requests.post(
        url, data=good(99), headers={"X-Hub-Signature-256": "sha256=" + "0" * 64},
        verify=str(ca), timeout=10,
    )  # fmt: skip
    assert forged.status_code == 401
    ends = time.monotonic() + 60
    while pending_count(desk) and time.monotonic() < ends:  # type: ignore[arg-type]
        time.sleep(0.05)
    assert desk.inbox.count(InboxFilters(incident)) == 20  # type: ignore[attr-defined]


def test_the_proxy_refuses_plain_http_and_big_bodies(
    proxied: tuple[object, int, str, Path],
) -> None:
    desk, _, url, ca = proxied
    plain = requests.post(url.replace("https://", "http://"), data=b"{}", timeout=10)
    assert plain.status_code == 400  # "an HTTP request to an HTTPS server": nothing forwarded
    big = b"x" * (6 * 1024 * 1024)
    try:
        answer = requests.post(
            url, data=big, headers={"X-Hub-Signature-256": sign(big, SECRET)},
            verify=str(ca), timeout=30,
        )  # fmt: skip
    except requests.exceptions.ConnectionError:
        pass  # the proxy stopped reading at 5 MB and closed the connection
    else:
        # Caddy answers 413 when the limit trips before it starts passing the body on, and
        # 502 when it trips while the body is streaming to the app (seen on a loaded
        # machine): either way the app never receives a whole body.
        assert answer.status_code in (413, 502), answer.status_code
    assert pending_count(desk) == 0  # type: ignore[arg-type]  # nothing was stored
