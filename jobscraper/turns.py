"""Handing the reactor back while items are processed.

Scrapy moves a response's items through the pipelines one after another, and a pipeline that
does not await anything never returns to the event loop; nor does a callback's generator while
Scrapy reads a page's items from it. A page of 100 new postings held the reactor for a few
hundred milliseconds, and with it every other crawler of ``crawlall``, the crawl lock's
heartbeat and the downloads' timeouts. Both places ask ``REACTOR.due()`` between items: the
spider middleware ``ReactorTurnsMiddleware`` (below) after each output of a callback, and the
first pipeline before each item. Once a turn of the loop has run longer than the budget, the
item waits for a later turn (``await REACTOR.next_turn()``), so that timers and I/O run in
between.

Items keep their order: waiting items go on one by one in the order they began to wait, and
a new item waits while any other does.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import AsyncIterator, Callable, Iterable
from typing import Any

# A turn may run over by an item and by what the OS takes from a shared core: at 20 ms, turns of
# 40-58 ms were seen in a 50,000-posting crawl on two cores; at 10 ms, none over 40 ms.
BUDGET_SECONDS = 0.01


class ReactorTurns:
    def __init__(self, budget: float = BUDGET_SECONDS, clock: Callable[[], float] = time.monotonic) -> None:
        self.budget = budget
        self.clock = clock
        self.loop: asyncio.AbstractEventLoop | None = None
        self.turns_cut = 0  # how often a turn was cut short
        self._start(None)

    def due(self) -> bool:
        """Whether a new item must wait for a later turn of the loop (never outside a loop)."""
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # called outside a loop (a unit test): nothing to hand back
            return False
        if loop is not self.loop:  # a new loop (a later asyncio.run) starts afresh
            self._start(loop)
        return bool(self.waiting) or not self._may_go()

    async def next_turn(self) -> None:
        ticket = object()
        self.waiting.append(ticket)
        try:
            while True:
                await asyncio.sleep(0)
                if self.waiting[0] is ticket and self._may_go():
                    return
        finally:
            self.waiting.remove(ticket)

    def _start(self, loop: asyncio.AbstractEventLoop | None) -> None:
        self.loop = loop
        self.waiting: deque[object] = deque()
        self._new_turn()

    def _may_go(self) -> bool:
        """Whether an item may go on in this turn: the first of a turn always may, the others
        while the turn is within its budget. The first that may not cuts the turn short."""
        if self.handing_back:
            return False
        if self.fresh or self.clock() - self.turn_started < self.budget:
            self.fresh = False
            return True
        self.handing_back = True
        self.turns_cut += 1
        # Scheduled now, it runs first in the next turn, before the waiting items resume.
        self.loop.call_soon(self._new_turn)
        return False

    def _new_turn(self) -> None:
        self.handing_back = False
        self.fresh = True
        self.turn_started = self.clock()


REACTOR = ReactorTurns()


class ReactorTurnsMiddleware:
    """A spider middleware, next to the spider: a callback's outputs wait for a later turn of
    the loop when the present one has run long."""

    async def process_spider_output_async(self, response: Any, result: AsyncIterator[Any]) -> AsyncIterator[Any]:
        async for output in result:
            if REACTOR.due():
                await REACTOR.next_turn()
            yield output

    def process_spider_output(self, response: Any, result: Iterable[Any]) -> Iterable[Any]:
        return result  # a synchronous chain cannot wait; Scrapy takes the asynchronous one
