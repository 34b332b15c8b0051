"""Politeness that holds across every crawler in the process.

Scrapy's own delay and concurrency are per crawler: ten companies on one ATS host crawled
together would hit it ten times as hard. This middleware keeps one schedule per host for the
whole process and is the only gate (Scrapy's own delays are off, its per-domain concurrency is
above ours), so a request it lets through goes on the wire at once:

- at most ``JOBSCRAPER_HOST_CONCURRENCY`` requests in flight to a host;
- requests to a host spaced at least ``JOBSCRAPER_HOST_MIN_INTERVAL`` apart (per-host overrides
  in ``JOBSCRAPER_HOST_MIN_INTERVALS``, by domain suffix);
- a 429/503 answer's ``Retry-After`` blocks the host until that deadline, also for requests
  already waiting; a 429/503 without one backs the host off exponentially. Scrapy's
  RetryMiddleware then retries the request, after the wait.
"""

from __future__ import annotations

import asyncio
import email.utils
import logging
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.http import Response

logger = logging.getLogger(__name__)

THROTTLE_STATUSES = (429, 503)
POLL = 0.02  # seconds between looks while a host has no free place


@dataclass
class HostSchedule:
    next_at: float = 0.0
    blocked_until: float = 0.0
    backoffs: int = 0
    in_flight: int = 0


# One schedule per host for the whole process, shared by every crawler in it.
_SCHEDULES: dict[str, HostSchedule] = {}


def parse_retry_after(value: bytes | str | None, now: float) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    if text.isdigit():
        return float(text)
    try:
        moment = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    return max(0.0, moment.timestamp() - now)


class HostPolitenessMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        self.stats = crawler.stats
        self.default_interval = settings.getfloat("JOBSCRAPER_HOST_MIN_INTERVAL")
        self.intervals: dict[str, float] = settings.getdict("JOBSCRAPER_HOST_MIN_INTERVALS")
        self.max_wait = settings.getfloat("JOBSCRAPER_MAX_RETRY_AFTER")
        self.backoff_base = settings.getfloat("JOBSCRAPER_BACKOFF_BASE")
        self.concurrency = settings.getint("JOBSCRAPER_HOST_CONCURRENCY", 4)
        self.holding: dict[int, HostSchedule] = {}  # id(request) -> the schedule it holds a place in
        crawler.signals.connect(self.release_all, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> HostPolitenessMiddleware:
        return cls(crawler)

    def interval_for(self, host: str) -> float:
        for suffix, interval in self.intervals.items():
            if host == suffix or host.endswith("." + suffix):
                return float(interval)
        return self.default_interval

    async def process_request(self, request: Request) -> None:
        host = urlsplit(request.url).netloc
        schedule = _SCHEDULES.setdefault(host, HostSchedule())
        interval = self.interval_for(host)
        while True:
            now = time.monotonic()
            start_at = max(now, schedule.next_at, schedule.blocked_until)
            if start_at <= now and schedule.in_flight < self.concurrency:
                schedule.next_at = now + interval
                schedule.in_flight += 1
                self.holding[id(request)] = schedule
                return None
            # Wait for the slot, the deadline, or a place to free; then look again (a 429 that
            # arrived meanwhile moves the deadline).
            await asyncio.sleep(max(start_at - now, POLL))

    def _release(self, request: Request) -> HostSchedule | None:
        schedule = self.holding.pop(id(request), None)
        if schedule is not None:
            schedule.in_flight -= 1
        return schedule

    def release_all(self) -> None:
        for schedule in self.holding.values():
            schedule.in_flight -= 1
        self.holding.clear()

    def process_exception(self, request: Request, exception: Exception) -> None:
        self._release(request)
        return None

    def process_response(self, request: Request, response: Response) -> Response:
        self._release(request)
        host = urlsplit(request.url).netloc
        schedule = _SCHEDULES.setdefault(host, HostSchedule())
        if response.status not in THROTTLE_STATUSES:
            schedule.backoffs = 0
            return response
        now = time.monotonic()
        wait = parse_retry_after(response.headers.get(b"Retry-After"), time.time())
        if wait is None:
            wait = self.backoff_base * 2**schedule.backoffs
            schedule.backoffs += 1
        wait = min(wait, self.max_wait)
        schedule.blocked_until = max(schedule.blocked_until, now + wait)
        self.stats.inc_value("jobscraper/throttled")
        self.stats.inc_value("jobscraper/throttled/wait_seconds", round(wait, 3))
        logger.warning("%s answered %s: waiting %.1fs before the next request to it",
                       host, response.status, wait)
        return response
