"""The HTTP download handler's shutdown: the connection pool and its timeout each may finish it,
in any order and in the same turn of the reactor, without a traceback.

Each case runs in a process of its own with the asyncio reactor a crawl runs on; the pool is a
stand-in whose finish time the case sets, and the event loop is held up as a loaded machine
holds it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from jobscraper.downloadhandlers import HTTPDownloadHandler
from jobscraper.playwright_handler import PlaywrightDownloadHandler

PROJECT = Path(__file__).resolve().parent.parent

CLOSE_HANDLER = """
import sys, time
from twisted.internet import asyncioreactor
asyncioreactor.install()
from twisted.internet import defer, reactor
from scrapy.utils.defer import deferred_from_coro
from scrapy.utils.misc import load_object
from scrapy.utils.test import get_crawler

handler = load_object(sys.argv[1])(get_crawler())
pool_finishes_after, loop_held_for = (float(value) for value in sys.argv[2:4])

class Pool:
    def closeCachedConnections(self):
        finished = defer.Deferred()
        if loop_held_for:
            reactor.callLater(0, time.sleep, loop_held_for)
        if pool_finishes_after >= 0:
            reactor.callLater(pool_finishes_after, finished.callback, None)
        return finished

handler._pool = Pool()
started = time.monotonic()

def report(result):
    print(f"closed after {time.monotonic() - started:.2f}s")
    reactor.callLater(max(pool_finishes_after, 2 * loop_held_for) + 0.5, reactor.stop)  # past every timer

reactor.callWhenRunning(lambda: deferred_from_coro(handler.close()).addBoth(report))
reactor.run()
"""


def close_handler(tmp_path: Path, pool_finishes_after: float, loop_held_for: float = 0.0) -> str:
    script = tmp_path / "close_handler.py"
    script.write_text(CLOSE_HANDLER)
    handler = f"{HTTPDownloadHandler.__module__}.{HTTPDownloadHandler.__name__}"
    env = {**os.environ, "PYTHONPATH": str(PROJECT)}
    result = subprocess.run([sys.executable, str(script), handler, str(pool_finishes_after),
                             str(loop_held_for)], capture_output=True, text=True, env=env, timeout=60)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "Traceback" not in output and "AlreadyCalledError" not in output, output
    return result.stdout


def seconds_taken(stdout: str) -> float:
    return float(stdout.split("closed after ")[1].split("s")[0])


def test_the_pool_and_its_timeout_finishing_in_one_turn_of_a_held_up_loop_close_quietly(tmp_path):
    # The pool finishes 10 ms before the one-second timeout; the loop is held for 1.5 s, so both
    # fall due together, the pool first.
    stdout = close_handler(tmp_path, pool_finishes_after=0.99, loop_held_for=1.5)
    assert seconds_taken(stdout) >= 1.5


def test_a_pool_that_never_finishes_is_given_up_on_after_the_timeout(tmp_path):
    stdout = close_handler(tmp_path, pool_finishes_after=-1)
    assert seconds_taken(stdout) >= 0.9


def test_a_pool_that_finishes_first_ends_the_close_before_the_timeout(tmp_path):
    stdout = close_handler(tmp_path, pool_finishes_after=0.0)
    assert seconds_taken(stdout) < 0.9  # the timeout is 1 s


def test_a_pool_that_finishes_after_the_timeout_fires_nothing_twice(tmp_path):
    # Closed by the timeout at 1 s; the pool's own finish at 1.5 s comes while the process runs on.
    stdout = close_handler(tmp_path, pool_finishes_after=1.5)
    assert seconds_taken(stdout) >= 0.9


def test_every_crawl_downloads_through_it_and_the_browser_handler_closes_the_same_way():
    from scrapy.utils.project import get_project_settings

    handlers = get_project_settings().getdict("DOWNLOAD_HANDLERS")
    assert handlers == {"http": "jobscraper.downloadhandlers.HTTPDownloadHandler",
                        "https": "jobscraper.downloadhandlers.HTTPDownloadHandler"}
    assert PlaywrightDownloadHandler.__mro__.index(HTTPDownloadHandler) \
        < PlaywrightDownloadHandler.__mro__.index(HTTPDownloadHandler.__mro__[1])


def test_loading_every_spider_leaves_playwright_to_the_browser_crawl():
    # Every crawl loads every spider module; Playwright's import is a browser crawl's cost only.
    probe = ("import sys\n"
             "from scrapy.utils.project import get_project_settings\n"
             "from scrapy.spiderloader import SpiderLoader\n"
             "loader = SpiderLoader.from_settings(get_project_settings())\n"
             "loader.load('meta')\n"
             "print(len(loader.list()), 'playwright' in sys.modules, 'scrapy_playwright.handler' in sys.modules)\n")
    env = {**os.environ, "PYTHONPATH": str(PROJECT)}
    env.pop("SCRAPY_SETTINGS_MODULE", None)
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=PROJECT, env=env,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    spiders, playwright, handler = result.stdout.split()
    assert int(spiders) > 300 and playwright == "False" and handler == "False"
