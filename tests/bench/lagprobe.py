"""A reactor lag probe for the benchmarks: how long the reactor was kept from its timers.

Enabled as an extension (``-s EXTENSIONS=...`` with this folder on ``PYTHONPATH``): a
``LoopingCall`` every 10 ms records how late each tick runs; when the engine stops, the p99
and the max of that lateness go to the stats (``bench/reactor_lag_*``) and, when the
environment names one, to the JSON file ``BENCH_LAG_FILE``.
"""

from __future__ import annotations

import json
import os
import time

from scrapy import signals
from scrapy.crawler import Crawler
from twisted.internet import task

from jobscraper.db.thread import DatabaseThread

INTERVAL = 0.01


def summary(lags: list[float]) -> dict[str, float]:
    ordered = sorted(lags) or [0.0]
    return {"ticks": len(lags), "p99_ms": ordered[int(0.99 * (len(ordered) - 1))] * 1000,
            "max_ms": ordered[-1] * 1000, "over_50ms": sum(lag > 0.05 for lag in lags)}


class ReactorLagProbe:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.lags: list[float] = []
        self.writing_lags: list[float] = []
        self.was_writing = False
        self.expected = 0.0
        self.loop = task.LoopingCall(self.tick)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ReactorLagProbe:
        probe = cls(crawler)
        crawler.signals.connect(probe.start, signal=signals.engine_started)
        crawler.signals.connect(probe.stop, signal=signals.engine_stopped)
        return probe

    def start(self) -> None:
        self.expected = time.monotonic()
        self.loop.start(INTERVAL, now=True)

    def tick(self) -> None:
        now = time.monotonic()
        lag = max(0.0, now - self.expected)
        self.lags.append(lag)
        writing = DatabaseThread.in_flight > 0
        if writing or self.was_writing:
            self.writing_lags.append(lag)
        self.was_writing = writing
        self.expected = now + INTERVAL

    def stop(self) -> None:
        if self.loop.running:
            self.loop.stop()
        result = {**summary(self.lags), **{f"writing_{k}": v for k, v in summary(self.writing_lags).items()},
                  "load_average": os.getloadavg()[0], "cores": os.cpu_count()}
        for key, value in result.items():
            self.crawler.stats.set_value(f"bench/reactor_lag_{key}", value)
        path = os.environ.get("BENCH_LAG_FILE")
        if path:
            with open(path, "w") as handle:
                json.dump(result, handle)
