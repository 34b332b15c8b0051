from __future__ import annotations

import argparse
import socket

from scrapy.commands import ScrapyCommand

from jobscraper.commands import EXIT_USAGE, CommandFailed, error, ready_database
from jobscraper.commands._ops import reject_arguments
from jobscraper.web.security import Credentials, is_loopback


class Command(ScrapyCommand):
    requires_project = True
    requires_crawler_process = False
    default_settings = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "[--host 127.0.0.1] [--port 8000]"

    def short_desc(self) -> str:
        return "Serve the web app and JSON API over the database (uvicorn, one worker)"

    def long_desc(self) -> str:
        return ("Serves search, postings, companies, new postings, crawl health and alerts on "
                "http://HOST:PORT/, and the JSON API documented at /api/docs. Bound to a "
                "non-loopback address it requires JOBSCRAPER_WEB_TOKEN, or JOBSCRAPER_WEB_USER "
                "and JOBSCRAPER_WEB_PASSWORD, in the environment and refuses to start without.")

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
        parser.add_argument("--port", type=int, default=8000, help="port (default 8000)")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        reject_arguments(args)
        if not 0 < opts.port < 65536:
            error(f"--port must be between 1 and 65535, got {opts.port}")
            self.exitcode = EXIT_USAGE
            return
        credentials = Credentials.from_environment()
        if not is_loopback(opts.host) and not credentials.configured:
            error(f"refusing to serve on {opts.host} without credentials: set JOBSCRAPER_WEB_TOKEN, "
                  "or JOBSCRAPER_WEB_USER and JOBSCRAPER_WEB_PASSWORD")
            self.exitcode = EXIT_USAGE
            return
        try:
            ready_database()
        except CommandFailed as exc:
            error(str(exc))
            self.exitcode = exc.exitcode
            return
        import uvicorn

        from jobscraper.web.app import create_app

        try:
            listening = listening_socket(opts.host, opts.port)
        except OSError as exc:
            error(f"cannot listen on {opts.host}:{opts.port}: {exc.strerror or exc}")
            self.exitcode = 1
            return
        app = create_app(credentials=credentials)
        print(f"jobscraper web on http://{opts.host}:{opts.port}/ (API docs at /api/docs); Ctrl-C stops it",
              flush=True)
        config = uvicorn.Config(app, workers=1, log_level="warning", access_log=False)
        uvicorn.Server(config).run(sockets=[listening])


def listening_socket(host: str, port: int) -> socket.socket:
    """A TCP socket listening on ``host:port``, made with its protocol named: asyncio turns Nagle's
    algorithm off only on sockets whose protocol is TCP, and ``socket.create_server`` leaves it 0.
    With Nagle on, each response's body waited for the client's delayed ACK of its headers: 40 ms
    on every request of a kept-alive connection but its first."""
    # IPv4, as socket.create_server chose: "localhost" must not become ::1 alone.
    family, kind, proto, _name, address = socket.getaddrinfo(
        host, port, family=socket.AF_INET, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP,
        flags=socket.AI_PASSIVE)[0]
    listening = socket.socket(family, kind, proto)
    try:
        listening.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listening.bind(address)
        listening.listen(socket.SOMAXCONN)
    except OSError:
        listening.close()
        raise
    return listening
