"""Politeness that holds across every crawler in the process.

Scrapy's own delay and concurrency are per crawler: ten companies on one ATS host crawled
together would hit it ten times as hard. This middleware keeps one schedule per host for the
whole process: requests to a host are spaced at least ``JOBSCRAPER_HOST_MIN_INTERVAL`` apart
(per-host overrides in ``JOBSCRAPER_HOST_MIN_INTERVALS``, by domain suffix), a 429/503 answer's
``Retry-After`` blocks the host until that deadline, and a 429/503 without one backs the host
off exponentially. Scrapy's RetryMiddleware then retries the request, after the wait.
"""

from __future__ import annotations

import asyncio
import email.utils
import logging
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.http import Response

logger = logging.getLogger(__name__)

THROTTLE_STATUSES = (429, 503)


@dataclass
class HostSchedule:
    next_at: float = 0.0
    blocked_until: float = 0.0
    backoffs: int = 0


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
            schedule.next_at = start_at + interval
            if start_at <= now:
                return None
            await asyncio.sleep(start_at - now)
            # A 429 that arrived while this request waited blocks it too: look again.
            if schedule.blocked_until <= time.monotonic():
                return None

    def process_response(self, request: Request, response: Response) -> Response:
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
