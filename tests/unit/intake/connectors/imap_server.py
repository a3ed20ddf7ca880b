"""A real IMAP4rev1 server over TLS on 127.0.0.1, in a thread, that misbehaves on purpose.

It speaks just what a poll sends (CAPABILITY, LOGIN, EXAMINE, UID SEARCH, UID FETCH, LOGOUT)
with a certificate for 127.0.0.1 signed by a throw-away CA; point ``SSL_CERT_FILE`` at
``ca_file`` and the connector's own verifying TLS context trusts it, so the production code
path runs unchanged. ``trickle`` names what it sends one byte at a time (``"greeting"`` or
``"FETCH"``); ``hang_after`` serves that many mails in full, then sends the start of the next
and goes silent. ``ends`` records how each connection ended.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import socketserver
import ssl
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

USERNAME = "media"
PASSWORD = "imap-pass"


def mail(uid: int) -> bytes:
    message = EmailMessage()
    message["From"] = f"citizen{uid}@example.sa"
    message["Subject"] = f"بلاغ {uid}: مياه في الشارع"
    message["Message-ID"] = f"<imap-{uid}@example.sa>"
    message["Date"] = "Thu, 26 Nov 2026 09:00:00 +0300"
    message.set_content(f"نص البلاغ رقم {uid}")
    return message.as_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")


def _name(common: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common)])


def write_certificates(folder: Path) -> tuple[Path, Path, Path]:
    """A CA and a server certificate for 127.0.0.1: (ca.pem, server.pem, server.key)."""
    now = dt.datetime.now(dt.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_ski = x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key())
    ca = (
        x509.CertificateBuilder()
        .subject_name(_name("CrisisDesk test CA"))
        .issuer_name(_name("CrisisDesk test CA"))
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(ca_ski, critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name("127.0.0.1"))
        .issuer_name(ca.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ca_ski),
            critical=False,
        )
        .sign(ca_key, hashes.SHA256())
    )
    ca_file, cert_file, key_file = folder / "ca.pem", folder / "server.pem", folder / "server.key"
    ca_file.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return ca_file, cert_file, key_file


@dataclass
class ImapServer:
    server: socketserver.ThreadingTCPServer
    ca_file: Path
    stop: threading.Event
    mails: dict[int, bytes] = field(default_factory=dict)
    validity: int = 7
    trickle: set[str] = field(default_factory=set)
    trickle_every: float = 0.5
    hang_after: int | None = None
    fetched: list[int] = field(default_factory=list)
    ends: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def port(self) -> int:
        return int(self.server.server_address[1])

    def wait_for(self, done: Callable[[], bool], timeout: float = 5.0) -> bool:
        until = time.monotonic() + timeout
        while time.monotonic() < until:
            with self.lock:
                if done():
                    return True
            time.sleep(0.02)
        with self.lock:
            return done()


class _Handler(socketserver.StreamRequestHandler):
    state: ImapServer

    def setup(self) -> None:
        self.request.settimeout(10)
        self.request = self.server.context.wrap_socket(  # type: ignore[attr-defined]
            self.request, server_side=True
        )
        super().setup()

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            self.request.close()  # the TLS socket; socketserver closes only the plain one

    def handle(self) -> None:
        self.served = 0
        how = "client closed"
        try:
            how = self._session()
        except (OSError, ValueError) as exc:
            how = f"client closed ({type(exc).__name__})"
        with self.state.lock:
            self.state.ends.append(how)

    def _send(self, data: bytes, *, trickle: bool = False) -> None:
        if not trickle:
            self.wfile.write(data)
            return
        for index in range(len(data)):
            if self.state.stop.is_set():
                raise ConnectionAbortedError("test over")
            self.wfile.write(data[index : index + 1])
            self.state.stop.wait(self.state.trickle_every)

    def _hang(self) -> str:
        """Say nothing more; notice when the client closes the connection."""
        self.request.settimeout(0.05)
        while not self.state.stop.is_set():
            try:
                if not self.request.recv(1):
                    return "client closed while the server hung"
            except TimeoutError:
                continue
            except (OSError, ValueError):
                return "client closed while the server hung"
        return "test over"

    def _session(self) -> str:
        state = self.state
        self._send(
            b"* OK [CAPABILITY IMAP4rev1] test server ready\r\n",
            trickle="greeting" in state.trickle,
        )
        while not state.stop.is_set():
            line = self.rfile.readline()
            if not line:
                return "client closed"
            tag, _, rest = line.decode().rstrip("\r\n").partition(" ")
            command, _, args = rest.partition(" ")
            command = command.upper()
            if command == "UID":
                sub, _, args = args.partition(" ")
                command = f"UID {sub.upper()}"
            if command == "CAPABILITY":
                self._send(f"* CAPABILITY IMAP4rev1\r\n{tag} OK done\r\n".encode())
            elif command == "LOGIN":
                user, _, password = args.partition(" ")
                if (user, password.strip('"')) == (USERNAME, PASSWORD):
                    self._send(f"{tag} OK logged in\r\n".encode())
                else:
                    self._send(f"{tag} NO [AUTHENTICATIONFAILED] Invalid credentials\r\n".encode())
            elif command in ("EXAMINE", "SELECT"):
                self._send(
                    f"* {len(state.mails)} EXISTS\r\n* OK [UIDVALIDITY {state.validity}] ok\r\n"
                    f"{tag} OK [READ-ONLY] {command} done\r\n".encode()
                )
            elif command == "UID SEARCH":
                low = int(args.split()[1].split(":")[0])
                with state.lock:
                    uids = sorted(state.mails)
                found = [u for u in uids if u >= low] or uids[-1:]
                self._send(f"* SEARCH {' '.join(map(str, found))}\r\n{tag} OK done\r\n".encode())
            elif command == "UID FETCH":
                uid = int(args.split()[0])
                body = state.mails[uid]
                seq = sorted(state.mails).index(uid) + 1
                head = f"* {seq} FETCH (UID {uid} BODY[] {{{len(body)}}}\r\n".encode()
                if state.hang_after is not None and self.served >= state.hang_after:
                    self._send(head + body[:20])
                    return self._hang()
                self._send(
                    head + body + f")\r\n{tag} OK FETCH done\r\n".encode(),
                    trickle="FETCH" in state.trickle,
                )
                self.served += 1
                with state.lock:
                    state.fetched.append(uid)
            elif command == "LOGOUT":
                self._send(f"* BYE see you\r\n{tag} OK LOGOUT done\r\n".encode())
                return "logout"
            else:
                self._send(f"{tag} BAD unknown command\r\n".encode())
        return "test over"


@contextmanager
def imap_server(folder: Path) -> Iterator[ImapServer]:
    ca_file, cert_file, key_file = write_certificates(folder)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert_file, key_file)
    stop = threading.Event()
    holder: dict[str, ImapServer] = {}

    class Handler(_Handler):
        @property
        def state(self) -> ImapServer:  # type: ignore[override]
            return holder["state"]

    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.context = context  # type: ignore[attr-defined]
    state = ImapServer(server=server, ca_file=ca_file, stop=stop)
    holder["state"] = state
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield state
    finally:
        stop.set()
        server.shutdown()
        server.server_close()
        thread.join(5)
