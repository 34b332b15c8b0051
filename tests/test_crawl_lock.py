"""Two crawls of the same company never run at once; different companies do."""

from __future__ import annotations

import subprocess
import sys
import time

from conftest import PROJECT
from dbcheck import sessions
from greenhouse_format import WIZ_PATH, board, greenhouse_job


def test_second_crawl_of_a_company_is_refused_while_the_first_runs(database_url, server, run_scrapy):
    server.add(WIZ_PATH, board(greenhouse_job(1)), delay=8)
    first = subprocess.Popen([sys.executable, "-m", "scrapy", "crawl", "wiz", "-a", f"base_url={server.base_url}"],
                             cwd=PROJECT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 30
        while not server.requests_to(WIZ_PATH) and time.monotonic() < deadline:
            time.sleep(0.1)
        second = run_scrapy("crawl", "wiz", "-a", f"base_url={server.base_url}")
        assert first.poll() is None  # refused while the first still waits for its answer
        assert second.returncode == 75, second.stderr[-1500:]
        assert "another crawl of wiz is running" in second.stderr
    finally:
        _, err = first.communicate(timeout=60)
    assert first.returncode == 0, err[-1500:]
    assert [s["status"] for s in sessions(database_url)] == ["completed"]
    assert len(server.requests_to(WIZ_PATH)) == 1


def test_lock_is_free_again_after_the_crawl(database_url, server, run_scrapy):
    server.add(WIZ_PATH, board(greenhouse_job(1)))
    assert run_scrapy("crawl", "wiz", "-a", f"base_url={server.base_url}").returncode == 0
    assert run_scrapy("crawl", "wiz", "-a", f"base_url={server.base_url}").returncode == 0


def test_locks_never_take_connections_from_the_pool_the_crawls_write_with(database_url):
    from jobscraper.db.engine import get_engine
    from jobscraper.db.locks import CrawlLock

    engine = get_engine(database_url)
    locks = [CrawlLock(engine, f"company{n}") for n in range(30)]
    for lock in locks:
        lock.acquire()
    try:
        assert engine.pool.checkedout() == 0
        with engine.connect():  # a crawl can still write
            pass
        assert all(lock.ensure_held() for lock in locks)
    finally:
        for lock in locks:
            lock.release()
