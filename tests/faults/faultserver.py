"""The fixture server with fault modes: connection resets, cut-off transfers, robots.txt.

``FaultServer`` is ``tests/fixtureserver.py``'s ``FixtureServer`` whose routes may carry a
``fault``; everything else (matching, ``delay``, ``times``, recording) is the same:

- ``fault="reset"``: the connection is reset (TCP RST) before any byte of an answer.
- ``fault="cut"``: the status line and headers announce the whole body, half of it is sent,
  then the connection closes (a transfer cut off mid-body).

Slow answers are the base's ``delay``; a 20 MB payload is just a big body (``big_json``).
"""

from __future__ import annotations

import json
import socket
import struct
import time
from http.server import BaseHTTPRequestHandler
from typing import Any

from fixtureserver import FixtureServer, Route

FAULTS = ("reset", "cut")


class FaultServer(FixtureServer):
    def add(self, path: str, body: Any = b"", *, fault: str | None = None, **kwargs: Any) -> Route:
        if fault is not None and fault not in FAULTS:
            raise ValueError(f"unknown fault {fault!r}; known: {', '.join(FAULTS)}")
        route = super().add(path, body, **kwargs)
        route.fault = fault  # type: ignore[attr-defined]
        return route

    def robots(self, text: str, status: int = 200) -> Route:
        return self.add("/robots.txt", text, status=status, content_type="text/plain; charset=utf-8")

    def hosts_requests(self, *, excluding: tuple[str, ...] = ("/robots.txt",)) -> list[Any]:
        with self._lock:
            return [r for r in self.requests if r.path not in excluding]

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _serve(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                route = server._answer(self.command, self.path, body, dict(self.headers.items()))
                delay = server.latency + (route.delay if route else 0)
                if delay:
                    time.sleep(delay)
                fault = getattr(route, "fault", None)
                if fault == "reset":
                    self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                    self.close_connection = True
                    return
                if route is None:
                    status, headers = 404, {"Content-Type": "application/json"}
                    payload = b'{"error": "no fixture for this request"}'
                else:
                    status, headers, payload = route.status, route.headers, route.body
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(payload)))
                if fault == "cut":
                    self.send_header("Connection", "close")
                self.end_headers()
                if self.command == "HEAD":
                    return
                if fault == "cut":
                    self.wfile.write(payload[: len(payload) // 2])
                    self.wfile.flush()
                    self.close_connection = True
                    return
                self.wfile.write(payload)

            def _serve_quietly(self) -> None:
                try:
                    self._serve()
                except (ConnectionError, BrokenPipeError):
                    self.close_connection = True  # the client gave up (timeout) or reset

            do_GET = do_POST = do_HEAD = _serve_quietly

            def log_message(self, format: str, *args: Any) -> None:
                pass

        return Handler


def big_json(data: dict[str, Any], size: int = 20 * 1024 * 1024) -> bytes:
    """``data`` as JSON padded to ``size`` bytes with a filler key real payloads ignore."""
    encoded = json.dumps(data, ensure_ascii=False).encode("utf-8")
    filler = "x" * max(0, size - len(encoded) - 20)
    return json.dumps({**data, "_filler": filler}, ensure_ascii=False).encode("utf-8")
