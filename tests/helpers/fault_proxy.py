"""A fault-injecting TCP proxy on 127.0.0.1 between the laptops and the database server:
added latency on every chunk, and every connection cut at once on demand (a switch reboot,
a Wi-Fi drop). Plain threads and sockets; one instance per test."""

from __future__ import annotations

import contextlib
import random
import socket
import threading


class FaultProxy:
    def __init__(self, upstream_port: int, *, latency_ms: tuple[int, int] = (0, 0)) -> None:
        self.upstream = ("127.0.0.1", upstream_port)
        self.latency_ms = latency_ms
        self._server = socket.create_server(("127.0.0.1", 0))
        self.port = int(self._server.getsockname()[1])
        self._sockets: set[socket.socket] = set()
        self._lock = threading.Lock()
        self._closed = False
        self.cuts = 0
        self._rng = random.Random(11)
        threading.Thread(target=self._accept, daemon=True, name="proxy-accept").start()

    def _accept(self) -> None:
        while not self._closed:
            try:
                client, _addr = self._server.accept()
            except OSError:
                return
            try:
                server = socket.create_connection(self.upstream, timeout=5)
                server.settimeout(None)
            except OSError:
                client.close()
                continue
            with self._lock:
                self._sockets.update((client, server))
            for src, dst in ((client, server), (server, client)):
                threading.Thread(target=self._pump, args=(src, dst), daemon=True).start()

    def _pump(self, src: socket.socket, dst: socket.socket) -> None:
        low, high = self.latency_ms
        try:
            while True:
                data = src.recv(65536)
                if not data:
                    break
                if high:
                    threading.Event().wait(self._rng.uniform(low, high) / 1000)
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for s in (src, dst):
                self._drop(s)

    def _drop(self, s: socket.socket) -> None:
        with self._lock:
            self._sockets.discard(s)
        with contextlib.suppress(OSError):
            s.shutdown(socket.SHUT_RDWR)
        s.close()

    def cut_all(self) -> int:
        """Drop every open connection now (both directions); returns how many sockets."""
        with self._lock:
            victims = list(self._sockets)
        for s in victims:
            self._drop(s)
        self.cuts += 1
        return len(victims)

    def close(self) -> None:
        self._closed = True
        self._server.close()
        self.cut_all()
