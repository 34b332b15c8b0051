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

    def respond(self, handler: BaseHTTPRequestHandler, route: Route | None) -> None:
        fault = getattr(route, "fault", None)
        if fault == "reset":
            handler.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            handler.close_connection = True
            return
        if fault != "cut" or route is None:
            super().respond(handler, route)
            return
        handler.send_response(route.status)
        for name, value in route.headers.items():
            handler.send_header(name, value)
        handler.send_header("Content-Length", str(len(route.body)))
        handler.send_header("Connection", "close")
        handler.end_headers()
        if handler.command != "HEAD":
            handler.wfile.write(route.body[: len(route.body) // 2])
            handler.wfile.flush()
        handler.close_connection = True


def big_json(data: dict[str, Any], size: int = 20 * 1024 * 1024) -> bytes:
    """``data`` as JSON padded to ``size`` bytes with a filler key real payloads ignore."""
    encoded = json.dumps(data, ensure_ascii=False).encode("utf-8")
    filler = "x" * max(0, size - len(encoded) - 20)
    return json.dumps({**data, "_filler": filler}, ensure_ascii=False).encode("utf-8")
