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
    def __init__(self, name: str) -> None:
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"db-{name}")

    async def run(self, work: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run ``work`` on this thread after everything handed to it before."""
        return await asyncio.wrap_future(self._executor.submit(work, *args, **kwargs))

    def close(self) -> None:
        self._executor.shutdown(wait=False)
