"""Items hand the reactor back: a long run of item processing is cut into turns of the event
loop, and items keep their order across the turns (jobscraper.turns)."""

from __future__ import annotations

import asyncio

import pytest

from jobscraper.pipelines.normalise import NormalisePipeline
from jobscraper.turns import REACTOR, ReactorTurns, ReactorTurnsMiddleware


class FakeClock:
    """Each item "costs" a fixed time; nothing real is timed."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


async def process_like_scrapy(turns: ReactorTurns, clock: FakeClock, items: int, workers: int,
                              cost: float) -> list[object]:
    """Items from one queue through ``workers`` tasks, as Scrapy moves a page's items through
    the pipelines; a ticker task notes each turn of the loop in the same log."""
    log: list[object] = []
    queue: asyncio.Queue[int | None] = asyncio.Queue()
    for number in range(items):
        queue.put_nowait(number)
    for _ in range(workers):
        queue.put_nowait(None)
    done = False

    async def worker() -> None:
        while (number := await queue.get()) is not None:
            if turns.due():
                await turns.next_turn()
            clock.now += cost
            log.append(number)

    async def ticker() -> None:
        while not done:
            log.append("turn")
            await asyncio.sleep(0)

    tick = asyncio.create_task(ticker())
    await asyncio.gather(*(worker() for _ in range(workers)))
    done = True
    await tick
    return log


def runs_between_turns(log: list[object]) -> list[int]:
    runs, current = [], 0
    for entry in log:
        if entry == "turn":
            runs.append(current)
            current = 0
        else:
            current += 1
    return [*runs, current]


@pytest.mark.parametrize("workers", [1, 4, 100])
def test_a_long_run_of_items_is_cut_into_turns_and_keeps_its_order(workers):
    clock = FakeClock()
    turns = ReactorTurns(budget=0.02, clock=clock)
    log = asyncio.run(process_like_scrapy(turns, clock, items=300, workers=workers, cost=0.005))
    assert [entry for entry in log if entry != "turn"] == list(range(300))
    # 5 ms an item, a 20 ms budget: no turn runs more than the budget and one item more.
    assert max(runs_between_turns(log)) <= 5
    assert turns.turns_cut >= 300 * 0.005 / 0.025


def test_cheap_items_are_not_cut():
    clock = FakeClock()
    turns = ReactorTurns(budget=0.02, clock=clock)
    log = asyncio.run(process_like_scrapy(turns, clock, items=300, workers=4, cost=0.0))
    assert [entry for entry in log if entry != "turn"] == list(range(300))
    assert turns.turns_cut == 0


def test_outside_an_event_loop_nothing_waits():
    clock = FakeClock()
    turns = ReactorTurns(budget=0.02, clock=clock)
    clock.now = 10.0
    assert turns.due() is False


def test_the_first_pipeline_hands_an_item_over_after_the_turn_when_the_turn_ran_long(monkeypatch):
    monkeypatch.setattr(REACTOR, "budget", 0.0)

    class Crawler:
        class stats:  # noqa: N801
            @staticmethod
            def inc_value(*_args): ...
        spider = None

    async def run() -> tuple[bool, dict]:
        pipeline = NormalisePipeline(Crawler())
        first = pipeline.process_item({"external_id": "6", "title": "First"})
        assert first["title"] == "First"  # the first item of a turn always goes on
        ran_between: list[str] = []
        asyncio.get_running_loop().call_soon(ran_between.append, "timer")
        result = pipeline.process_item({"external_id": " 7 ", "title": " Engineer ", "description_html": "<p>Hi</p>"})
        assert asyncio.iscoroutine(result)
        item = await result
        return ran_between == ["timer"], item

    ran, item = asyncio.run(run())
    assert ran
    assert (item["external_id"], item["title"], item["description_text"]) == ("7", "Engineer", "Hi")


def test_the_spider_middleware_passes_every_output_in_order_between_turns(monkeypatch):
    monkeypatch.setattr(REACTOR, "budget", 0.0)

    async def run() -> list[object]:
        log: list[object] = []

        async def outputs():
            for number in range(5):
                asyncio.get_running_loop().call_soon(log.append, f"turn after {number}")
                yield number

        async for output in ReactorTurnsMiddleware().process_spider_output_async(None, outputs()):
            log.append(output)
        return log

    log = asyncio.run(run())
    assert [entry for entry in log if isinstance(entry, int)] == [0, 1, 2, 3, 4]
    # Each output waits for a later turn: the callback scheduled before it has run.
    assert log.index("turn after 3") < log.index(3)


def test_a_loop_that_ended_while_handing_back_leaves_nothing_waiting_for_the_next_one():
    clock = FakeClock()
    turns = ReactorTurns(budget=0.02, clock=clock)

    async def cut_short() -> None:
        assert not turns.due()
        clock.now += 1.0
        assert turns.due()  # the turn is over budget: handing back, and the loop ends here

    ended = asyncio.new_event_loop()  # stopped after one turn, before the next turn's callbacks
    ended.create_task(cut_short())
    ended.call_soon(ended.stop)
    ended.run_forever()
    ended.close()
    log = asyncio.run(process_like_scrapy(turns, clock, items=10, workers=2, cost=0.0))
    assert [entry for entry in log if entry != "turn"] == list(range(10))
