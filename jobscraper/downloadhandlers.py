"""Scrapy's HTTP download handler, with a shutdown that cannot race its own timeout.

At close, Scrapy's handler asks the connection pool to close its connections and arms a
one-second timer that fires the pool's Deferred if the pool hangs. When the pool finishes and
the timer falls due in the same turn of the reactor (a loaded machine, an event loop held up
for a second), the timer fires a Deferred that has already fired: Twisted logs
``AlreadyCalledError`` as CRITICAL with a traceback at the end of a crawl that otherwise
completed. Here the pool and the timer each fire a Deferred of the handler's own, and only the
first one counts.
"""

from __future__ import annotations

from typing import Any

from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.defer import Deferred


def _fire_once(_result: Any, closed: Deferred[None]) -> None:
    if not closed.called:
        closed.callback(None)


class HTTPDownloadHandler(HTTP11DownloadHandler):
    async def close(self) -> None:
        from twisted.internet import reactor

        closed: Deferred[None] = Deferred()
        self._pool.closeCachedConnections().addBoth(_fire_once, closed)
        timer = reactor.callLater(self._disconnect_timeout, _fire_once, None, closed)
        try:
            await maybe_deferred_to_future(closed)
        finally:
            if timer.active():
                timer.cancel()
