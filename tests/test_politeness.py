"""Per-host politeness: Retry-After honoured, hosts shared by many spiders not overloaded."""

from __future__ import annotations

import asyncio
import time

from jobscraper.middlewares import politeness
from jobscraper.middlewares.politeness import HostPolitenessMiddleware, parse_retry_after
from scrapy import Request
from scrapy.http import Response
from scrapy.utils.test import get_crawler

from dbcheck import sessions
from greenhouse_format import WIZ_PATH, board, greenhouse_job
from spidertest import run_async


def _middleware(**settings) -> HostPolitenessMiddleware:
    politeness._SCHEDULES.clear()
    return HostPolitenessMiddleware(get_crawler(settings_dict={
        "JOBSCRAPER_HOST_MIN_INTERVAL": 0.0, "JOBSCRAPER_HOST_MIN_INTERVALS": {},
        "JOBSCRAPER_MAX_RETRY_AFTER": 300, "JOBSCRAPER_BACKOFF_BASE": 2.0, **settings}))


def test_retry_after_forms():
    assert parse_retry_after(b"120", now=0) == 120
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412470) == 10
    assert parse_retry_after(b"soon", now=0) is None


def test_retry_after_blocks_the_host_for_every_crawler():
    middleware = _middleware()
    request = Request("https://boards-api.greenhouse.io/v1/boards/a/jobs")
    started = time.monotonic()  # the host is blocked for 1 s from the 429, not from the next request
    middleware.process_response(request, Response(request.url, status=429, headers={"Retry-After": "1"}))
    other_spider = HostPolitenessMiddleware(get_crawler(settings_dict={"JOBSCRAPER_HOST_MIN_INTERVAL": 0.0}))
    run_async(other_spider.process_request(Request("https://boards-api.greenhouse.io/v1/boards/b/jobs")))
    assert time.monotonic() - started >= 0.95
    assert middleware.stats.get_value("jobscraper/throttled") == 1


def test_throttling_without_retry_after_backs_off_exponentially():
    middleware = _middleware(JOBSCRAPER_BACKOFF_BASE=1.0)
    request = Request("https://api.example/x")
    for _ in range(3):
        middleware.process_response(request, Response(request.url, status=503))
    schedule = politeness._SCHEDULES["api.example"]
    assert schedule.backoffs == 3
    assert 3.9 < schedule.blocked_until - time.monotonic() <= 4.0


def test_requests_to_one_host_are_spaced_across_spiders():
    politeness._SCHEDULES.clear()
    spiders = [HostPolitenessMiddleware(get_crawler(settings_dict={"JOBSCRAPER_HOST_MIN_INTERVAL": 0.1,
                                                                   "JOBSCRAPER_HOST_CONCURRENCY": 10}))
               for _ in range(3)]

    async def burst() -> list[float]:
        times: list[float] = []

        async def one(middleware: HostPolitenessMiddleware) -> None:
            await middleware.process_request(Request("https://shared.example/jobs"))
            times.append(time.monotonic())
        await asyncio.gather(*(one(m) for m in spiders * 2))
        return sorted(times)

    times = run_async(burst())
    gaps = [b - a for a, b in zip(times, times[1:])]
    assert min(gaps) >= 0.09 and len(times) == 6


def test_crawl_waits_out_a_429_storm_and_completes(database_url, server, run_scrapy):
    server.add(WIZ_PATH, board(greenhouse_job(1), greenhouse_job(2)))
    server.add(WIZ_PATH, {"error": "slow down"}, status=429, headers={"Retry-After": "2"}, times=2)
    result = run_scrapy("crawl", "wiz", "-a", f"base_url={server.base_url}")
    assert result.returncode == 0, result.stderr[-1500:]
    times = [r.at for r in server.requests_to(WIZ_PATH)]
    assert len(times) == 3
    assert times[1] - times[0] >= 2 and times[2] - times[1] >= 2
    session = sessions(database_url)[-1]
    assert session["status"] == "completed" and session["stats"]["jobscraper/throttled"] == 2


def test_a_request_already_waiting_honours_a_retry_after_that_arrives_meanwhile():
    middleware = _middleware(JOBSCRAPER_HOST_MIN_INTERVAL=0.2)
    url = "https://api.example/jobs"

    async def scenario() -> float:
        await middleware.process_request(Request(url))  # takes the slot now; the next waits 0.2s
        waiting = asyncio.ensure_future(middleware.process_request(Request(url)))
        await asyncio.sleep(0.05)
        middleware.process_response(Request(url), Response(url, status=429, headers={"Retry-After": "1"}))
        started = time.monotonic()
        await waiting
        return time.monotonic() - started

    assert run_async(scenario()) >= 0.9


def test_at_most_the_host_concurrency_in_flight_across_spiders():
    politeness._SCHEDULES.clear()
    settings = {"JOBSCRAPER_HOST_MIN_INTERVAL": 0.0, "JOBSCRAPER_HOST_CONCURRENCY": 2}
    spiders = [HostPolitenessMiddleware(get_crawler(settings_dict=settings)) for _ in range(2)]
    url = "https://shared.example/jobs"

    async def scenario() -> tuple[int, int]:
        requests = [Request(f"{url}?n={n}") for n in range(3)]
        first = [asyncio.ensure_future(spiders[n % 2].process_request(r)) for n, r in enumerate(requests)]
        await asyncio.sleep(0.1)
        let_through = sum(task.done() for task in first)
        spiders[0].process_response(requests[0], Response(url, status=200))
        await asyncio.sleep(0.1)
        return let_through, sum(task.done() for task in first)

    assert run_async(scenario()) == (2, 3)
