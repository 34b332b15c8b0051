"""A crawl's own database thread: the reactor hands it work and awaits the answer.

Each crawl gets one (and its lock another), so the batches of a crawl are written in the
order they were made while the reactor, shared by every crawl of the process, never waits on
the database: not on a write, not on a connection from the pool, not on a retry.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")


class DatabaseThread:
    # Calls handed to any database thread of the process and not answered yet (only the
    # reactor thread changes it); the benchmarks' reactor lag probe reads it.
    in_flight = 0

    def __init__(self, name: str) -> None:
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"db-{name}")

    async def run(self, work: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run ``work`` on this thread after everything handed to it before."""
        DatabaseThread.in_flight += 1
        try:
            return await asyncio.wrap_future(self._executor.submit(work, *args, **kwargs))
        finally:
            DatabaseThread.in_flight -= 1

    def close(self) -> None:
        self._executor.shutdown(wait=False)
