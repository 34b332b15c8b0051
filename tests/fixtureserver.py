"""A local HTTP server that imitates the careers APIs, for tests and ``make demo``.

Routes match on method, path, a subset of the query string, (for JSON POSTs) a subset of the
JSON body and, with ``request_headers``, a subset of the request headers; the route added last
wins, so a test can override one response of a site. Every request is recorded. On disk, each
site is a folder ``tests/fixtures/sites/<spider>/`` with a ``routes.json`` list of routes whose
bodies sit in files beside it::

    [{"method": "GET", "path": "/v1/boards/wizinc/jobs", "query": {"content": "true"},
      "file": "jobs.json", "status": 200, "headers": {"Content-Type": "application/json"}}]

A company without its own folder is served from its platform's template,
``tests/fixtures/platforms/<platform>/``: the same layout, with ``${attribute}`` placeholders
(``${board_token}``, ``${company}``, ...) that take the values of the company spider's class
attributes, so 300 companies on one platform share one set of recorded-format responses. A
template route with ``"if": "token"`` (or ``"unless": "token"``) is used only for spiders that
set (or do not set) that attribute.

Run ``python tests/fixtureserver.py --port 8899`` to serve every site until interrupted.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

SITES_DIR = Path(__file__).parent / "fixtures" / "sites"
TEMPLATES_DIR = Path(__file__).parent / "fixtures" / "platforms"
PROJECT_DIR = Path(__file__).resolve().parent.parent
PLACEHOLDER = re.compile(r"\$\{(\w+)\}")


class TemplateError(ValueError):
    """A platform template names an attribute the company spider does not set."""


def company_spiders() -> dict[str, type]:
    """Every company spider class by name."""
    if str(PROJECT_DIR) not in sys.path:
        sys.path.insert(0, str(PROJECT_DIR))
    from scrapy.settings import Settings
    from scrapy.spiderloader import SpiderLoader

    loader = SpiderLoader.from_settings(Settings({"SPIDER_MODULES": ["jobscraper.spiders"]}))
    return {name: loader.load(name) for name in sorted(loader.list())}


def fill(text: str, spider: type, escape=lambda value: value) -> str:
    """``text`` with every ``${attribute}`` replaced by the spider's value of it."""
    def value(match: re.Match) -> str:
        found = getattr(spider, match.group(1), None)
        if found in (None, ""):
            raise TemplateError(f"{spider.name} has no {match.group(1)} for the {spider.platform} template")
        return escape(str(found))
    return PLACEHOLDER.sub(value, text)


def json_escaped(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)[1:-1]


def fill_routes(entries: Any, spider: type) -> Any:
    if isinstance(entries, str):
        return fill(entries, spider)
    if isinstance(entries, list):
        return [fill_routes(entry, spider) for entry in entries]
    if isinstance(entries, dict):
        return {key: fill_routes(value, spider) for key, value in entries.items()}
    return entries


def template_routes(folder: Path, spider: type) -> list[dict[str, Any]]:
    """The routes of a platform template for one company, bodies filled in."""
    routes = []
    for entry in json.loads((folder / "routes.json").read_text("utf-8")):
        if "if" in entry and not getattr(spider, entry["if"], None):
            continue
        if "unless" in entry and getattr(spider, entry["unless"], None):
            continue
        route = fill_routes({k: v for k, v in entry.items() if k not in ("if", "unless", "file")}, spider)
        if "file" in entry:
            route["body"] = fill((folder / entry["file"]).read_text("utf-8"), spider, json_escaped)
        routes.append(route)
    return routes


@dataclass
class Route:
    method: str
    path: str
    body: bytes
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    query: dict[str, str] = field(default_factory=dict)
    json_match: dict[str, Any] = field(default_factory=dict)
    delay: float = 0.0
    times: int | None = None  # answer this many times, then fall through to older routes
    # Boards of one platform that differ only by sub-domain share a path once base_url replaces
    # the host; their spiders send the board's page as Referer, which tells them apart here.
    request_headers: dict[str, str] = field(default_factory=dict)

    def matches(self, method: str, path: str, query: dict[str, str], payload: Any,
                headers: dict[str, str] | None = None) -> bool:
        if self.times is not None and self.times <= 0:
            return False
        if method != self.method or path != self.path:
            return False
        if self.request_headers:
            sent = {name.lower(): value for name, value in (headers or {}).items()}
            if any(sent.get(name.lower()) != value for name, value in self.request_headers.items()):
                return False
        if any(query.get(key) != str(value) for key, value in self.query.items()):
            return False
        if self.json_match:
            if not isinstance(payload, dict):
                return False
            return all(payload.get(key) == value for key, value in self.json_match.items())
        return True


@dataclass
class RecordedRequest:
    method: str
    path: str
    query: dict[str, str]
    body: bytes
    headers: dict[str, str]
    at: float

    def json(self) -> Any:
        return json.loads(self.body or b"null")


class QuietThreadingHTTPServer(ThreadingHTTPServer):
    """A client that hangs up mid-answer (a crawler's download timeout under load) is normal
    here; the standard server would print a traceback for it into the demo's output."""

    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        kind, error = sys.exc_info()[:2]
        if isinstance(error, (ConnectionError, TimeoutError)):
            return
        print(f"fixture server: {getattr(kind, '__name__', kind)}: {error} while answering {client_address}",
              file=sys.stderr)


class FixtureServer:
    def __init__(self, host: str = "127.0.0.1", port: int = 0, latency: float = 0.0) -> None:
        self.routes: list[Route] = []
        self.requests: list[RecordedRequest] = []
        self.latency = latency
        self._lock = threading.Lock()
        self._httpd = QuietThreadingHTTPServer((host, port), self._handler())
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> FixtureServer:
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def __enter__(self) -> FixtureServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # --- routes ------------------------------------------------------------------------------

    def add(self, path: str, body: Any = b"", *, method: str = "GET", status: int = 200,
            query: dict[str, Any] | None = None, headers: dict[str, str] | None = None,
            json_match: dict[str, Any] | None = None, delay: float = 0.0,
            times: int | None = None, content_type: str | None = None,
            request_headers: dict[str, str] | None = None) -> Route:
        if isinstance(body, (dict, list)):
            body = json.dumps(body, ensure_ascii=False).encode("utf-8")
            content_type = content_type or "application/json; charset=utf-8"
        elif isinstance(body, str):
            body = body.encode("utf-8")
        all_headers = {"Content-Type": content_type or "application/json; charset=utf-8", **(headers or {})}
        route = Route(method.upper(), path, body, status, all_headers,
                      {k: str(v) for k, v in (query or {}).items()}, json_match or {}, delay, times,
                      request_headers or {})
        with self._lock:
            self.routes.append(route)
        return route

    def add_json(self, path: str, data: Any, **kwargs: Any) -> Route:
        return self.add(path, data, **kwargs)

    def load_site(self, folder: Path) -> int:
        """Add every route of one site folder; returns how many."""
        return self.add_routes(folder, json.loads((folder / "routes.json").read_text("utf-8")))

    def load_template(self, spider: type, templates_dir: Path = TEMPLATES_DIR) -> int:
        """Add the routes of the spider's platform template, filled with its identifiers."""
        folder = templates_dir / spider.platform
        return self.add_routes(folder, template_routes(folder, spider))

    def add_routes(self, folder: Path, entries: list[dict[str, Any]]) -> int:
        for entry in entries:
            body = (folder / entry["file"]).read_bytes() if "file" in entry else entry.get("body", "")
            if isinstance(body, (dict, list)):
                body = json.dumps(body, ensure_ascii=False)
            self.add(entry["path"], body, method=entry.get("method", "GET"),
                     status=entry.get("status", 200), query=entry.get("query"),
                     headers=entry.get("headers"), json_match=entry.get("json_match"),
                     content_type=entry.get("content_type"),
                     request_headers=entry.get("request_headers"))
        return len(entries)

    def load_sites(self, sites_dir: Path = SITES_DIR, only: list[str] | None = None,
                   templates_dir: Path | None = TEMPLATES_DIR) -> list[str]:
        """Every company's site: its own folder, else its platform's template (unless
        ``templates_dir`` is None). Returns the companies served, sorted."""
        loaded = []
        for folder in sorted(p for p in sites_dir.iterdir() if (p / "routes.json").exists()):
            if only is None or folder.name in only:
                self.load_site(folder)
                loaded.append(folder.name)
        if templates_dir is not None:
            for name, spider in templated_spiders(own_sites(sites_dir), templates_dir).items():
                if only is None or name in only:
                    self.load_template(spider, templates_dir)
                    loaded.append(name)
        return sorted(loaded)

    def requests_to(self, path: str) -> list[RecordedRequest]:
        with self._lock:
            return [r for r in self.requests if r.path == path]

    # --- serving -----------------------------------------------------------------------------

    def _answer(self, method: str, raw_path: str, body: bytes, headers: dict[str, str]) -> Route | None:
        parts = urlsplit(raw_path)
        query = dict(parse_qsl(parts.query, keep_blank_values=True))
        try:
            payload = json.loads(body) if body else None
        except ValueError:
            payload = None
        with self._lock:
            self.requests.append(RecordedRequest(method, parts.path, query, body, headers, time.time()))
            for route in reversed(self.routes):
                if route.matches(method, parts.path, query, payload, headers):
                    if route.times is not None:
                        route.times -= 1
                    return route
        return None

    def respond(self, handler: BaseHTTPRequestHandler, route: Route | None) -> None:
        """Write the answer of ``route`` (404 when no route matched); subclasses add faults."""
        if route is None:
            status, headers = 404, {"Content-Type": "application/json"}
            payload = b'{"error": "no fixture for this request"}'
        else:
            status, headers, payload = route.status, route.headers, route.body
        handler.send_response(status)
        for name, value in headers.items():
            handler.send_header(name, value)
        handler.send_header("Content-Length", str(len(payload)))
        handler.end_headers()
        if handler.command != "HEAD":
            handler.wfile.write(payload)

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
                try:
                    server.respond(self, route)
                except (ConnectionError, BrokenPipeError):
                    self.close_connection = True  # the client gave up (timeout) or reset

            do_GET = do_POST = do_HEAD = _serve

            def log_message(self, format: str, *args: Any) -> None:
                pass

        return Handler


def own_sites(sites_dir: Path = SITES_DIR) -> set[str]:
    """The companies with a fixture folder of their own."""
    return {p.name for p in sites_dir.iterdir() if (p / "routes.json").exists()}


def templated_spiders(own: set[str] | None = None, templates_dir: Path = TEMPLATES_DIR) -> dict[str, type]:
    """The company spiders served from their platform's template: no folder of their own, and
    a template for their platform."""
    own = own_sites() if own is None else own
    platforms = {p.name for p in templates_dir.iterdir() if (p / "routes.json").exists()}
    return {name: spider for name, spider in company_spiders().items()
            if name not in own and spider.platform in platforms}


def main() -> None:
    parser = argparse.ArgumentParser(description="Serve the recorded careers-site fixtures.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8899)
    parser.add_argument("--latency", type=float, default=0.0, help="seconds added to every answer")
    parser.add_argument("--sites", type=Path, default=SITES_DIR)
    args = parser.parse_args()
    server = FixtureServer(args.host, args.port, args.latency)
    sites = server.load_sites(args.sites)
    print(f"serving {len(sites)} sites on {server.base_url}", flush=True)
    try:
        server._httpd.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
