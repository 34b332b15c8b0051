"""Crawls that die or lose their database half-way, and crawls that overlap: nothing is
removed by an interrupted crawl, the rerun converges to the state of an uninterrupted one,
and one company is crawled by one process at a time."""

from __future__ import annotations

import signal
import time

import pytest

from dbcheck import rows, sessions
from faultfixtures import (  # noqa: F401
    FAST, PasswordPostgres, Runner, active_ids, checksum, db, fault_pg, fault_server, log_lines, runner,
    scenario, start_password_postgres, wait_for,
)
from faultserver import FaultServer
from greenhouse_format import WIZ_PATH, board, greenhouse_job
from worlds import SR_PATH, SR_SPIDER, SmartRecruitersBoard, sr_board, sr_id, sr_row

pytestmark = pytest.mark.faults

DAY1 = range(15)
DAY2 = range(3, 18)  # 0-2 gone, 15-17 new
SMALL_BATCHES = ("-s", "JOBSCRAPER_DB_BATCH_SIZE=3")


def day2_board(slow_last_page: float = 0.0) -> SmartRecruitersBoard:
    return SmartRecruitersBoard([sr_row(n) for n in DAY2], page_delay={2: slow_last_page} if slow_last_page else {})


def last_page_asked(server: FaultServer, since: int) -> bool:
    return any(r.path == SR_PATH and r.query.get("offset") == "10" for r in server.requests[since:])


def running_sessions(url: str) -> int:
    return rows(url, "SELECT count(*) AS n FROM scraping_sessions WHERE status = 'running'")[0]["n"]


@pytest.fixture(scope="module")
def uninterrupted(fault_pg) -> str:
    """The checksum of day 1 then day 2 crawled without a fault, in a database of its own."""
    if fault_pg is None:
        pytest.skip("no PostgreSQL server binaries found")
    url = fault_pg.new_database()
    with FaultServer() as server:
        control = Runner(server, (fault_pg.password,))
        sr_board(DAY1).serve(server)
        assert control.crawl(SR_SPIDER, env={"DATABASE_URL": url}).returncode == 0
        day2_board().serve(server)
        assert control.crawl(SR_SPIDER, env={"DATABASE_URL": url}).returncode == 0
    assert active_ids(url, SR_SPIDER) == {sr_id(n) for n in DAY2}
    return checksum(url)


@pytest.fixture
def pg_url(fault_pg, tmp_path, monkeypatch) -> str:
    if fault_pg is None:
        pytest.skip("no PostgreSQL server binaries found")
    url = fault_pg.new_database()
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("JOBSCRAPER_DATA_DIR", str(tmp_path / "data"))
    return url


@pytest.mark.slow
@pytest.mark.parametrize("how", ["sigterm", "kill_9"])
def test_interrupted_crawl_removes_nothing_and_the_rerun_converges(pg_url, fault_server, runner, scenario,
                                                                   uninterrupted, how):
    sr_board(DAY1).serve(fault_server)
    assert runner.crawl(SR_SPIDER).returncode == 0
    day2_board(slow_last_page=6).serve(fault_server)
    start = len(fault_server.requests)
    crawl = runner.start_crawl(SR_SPIDER, *SMALL_BATCHES)
    wait_for(lambda: last_page_asked(fault_server, start), what="the last listing page to be asked for")
    if how == "kill_9":
        wait_for(lambda: running_sessions(pg_url) == 1, what="the day-2 session to be open")
        # Unchanged postings are not written, so their committed batches leave nothing to wait
        # for: a second lets the first two pages' batches commit before the kill.
        time.sleep(1.0)
    code, output = runner.interrupt(crawl, signal.SIGTERM if how == "sigterm" else signal.SIGKILL)

    interrupted = sessions(pg_url, SR_SPIDER)[-1]
    assert interrupted["jobs_removed"] == 0
    if how == "sigterm":
        assert code == 1, output[-2000:]
        assert (interrupted["status"], interrupted["finish_reason"]) == ("failed", "shutdown")
        assert "crawl ended with shutdown" in interrupted["removals_skipped_reason"]
    else:
        assert code == -signal.SIGKILL and interrupted["status"] == "running"
    assert active_ids(pg_url, SR_SPIDER) >= {sr_id(n) for n in DAY1}  # even the 3 really gone stay

    day2_board().serve(fault_server)
    rerun = runner.crawl(SR_SPIDER)
    assert rerun.returncode == 0, rerun.stderr[-2000:]
    statuses = [s["status"] for s in sessions(pg_url, SR_SPIDER)]
    assert statuses == ["completed", "failed" if how == "sigterm" else "abandoned", "completed"]
    assert checksum(pg_url) == uninterrupted
    scenario.tally(pg_url, SR_SPIDER, {sr_id(n) for n in DAY2})
    assert (scenario.wrongly_removed, scenario.lost) == (0, 0)


@pytest.fixture
def own_postgres(tmp_path, monkeypatch):
    """A PostgreSQL of this test's own, to stop and start while a crawl runs."""
    server = start_password_postgres()
    if server is None:
        pytest.skip("no PostgreSQL server binaries found")
    try:
        url = server.new_database()
        monkeypatch.setenv("DATABASE_URL", url)
        monkeypatch.setenv("JOBSCRAPER_DATA_DIR", str(tmp_path / "data"))
        yield server, url
    finally:
        server.stop()


@pytest.mark.slow
def test_database_down_mid_crawl_gives_bounded_retries_then_a_failed_crawl(own_postgres, fault_server, scenario,
                                                                           uninterrupted):
    server, url = own_postgres
    runner = Runner(fault_server, (server.password,))
    sr_board(DAY1).serve(fault_server)
    assert runner.crawl(SR_SPIDER).returncode == 0
    day2_board(slow_last_page=3).serve(fault_server)
    start = len(fault_server.requests)
    crawl = runner.start_crawl(SR_SPIDER, *SMALL_BATCHES)
    wait_for(lambda: last_page_asked(fault_server, start), what="the last listing page to be asked for")
    server.halt()
    began = time.monotonic()
    code, output = runner.finish(crawl, timeout=120)
    took = time.monotonic() - began
    server.resume()

    assert code == 1, output[-3000:]
    assert log_lines(output, "database error, retrying") == 3  # JOBSCRAPER_DB_RETRIES
    assert log_lines(output, "database write failed, stopping the crawl") == 1
    assert took < 60
    assert "Traceback" not in output
    assert active_ids(url, SR_SPIDER) >= {sr_id(n) for n in DAY1}

    day2_board().serve(fault_server)
    rerun = runner.crawl(SR_SPIDER)
    assert rerun.returncode == 0, rerun.stderr[-2000:]
    statuses = [s["status"] for s in sessions(url, SR_SPIDER)]
    assert statuses[0] == "completed" and statuses[-1] == "completed"
    assert statuses[1] in ("failed", "abandoned") and len(statuses) == 3
    assert checksum(url) == uninterrupted
    scenario.tally(url, SR_SPIDER, {sr_id(n) for n in DAY2})
    assert (scenario.wrongly_removed, scenario.lost) == (0, 0)


@pytest.mark.slow
def test_crawl_lock_survives_a_database_restart(own_postgres, fault_server):
    server, url = own_postgres
    runner = Runner(fault_server, (server.password,))
    sr_board(DAY1).serve(fault_server)
    assert runner.crawl(SR_SPIDER).returncode == 0
    day2_board(slow_last_page=8).serve(fault_server)
    start = len(fault_server.requests)
    first = runner.start_crawl(SR_SPIDER, *SMALL_BATCHES)
    try:
        wait_for(lambda: last_page_asked(fault_server, start), what="the last listing page to be asked for")
        server.halt()
        server.resume()
        second = runner.crawl(SR_SPIDER)
    finally:
        runner.finish(first)
    assert second.returncode == 75


def snapshot(url: str) -> list:
    return [rows(url, f"SELECT * FROM {table} ORDER BY id")
            for table in ("companies", "scraping_sessions", "job_positions", "job_events")]


def test_overlapping_run_is_refused_at_once_and_a_killed_one_frees_the_lock(db, fault_server, runner, scenario):
    jobs = [greenhouse_job(n) for n in range(1, 6)]
    fault_server.add(WIZ_PATH, board(*jobs))
    assert runner.crawl("wiz").returncode == 0
    baseline_started = time.monotonic()
    runner.scrapy("list")
    startup = time.monotonic() - baseline_started

    fault_server.add(WIZ_PATH, board(*jobs), delay=30)
    first = runner.start_crawl("wiz")
    try:
        wait_for(lambda: len(fault_server.requests_to(WIZ_PATH)) == 2, what="the first crawl's listing request")
        before = snapshot(db)
        started = time.monotonic()
        second = runner.crawl("wiz")
        refused_in = time.monotonic() - started
        assert second.returncode == 75, second.stderr[-1500:]
        # Start-up, then a refusal at once: far below the 30 s the first crawl holds the lock (the
        # margin is for a loaded machine, where one start-up can take seconds longer than the other).
        assert refused_in < startup + 5.0, (refused_in, startup)
        assert snapshot(db) == before  # the refused run wrote nothing
        assert len(fault_server.requests_to(WIZ_PATH)) == 2
    finally:
        runner.interrupt(first, signal.SIGKILL)

    fault_server.add(WIZ_PATH, board(*jobs))
    started = time.monotonic()
    third = runner.crawl("wiz")
    assert third.returncode == 0, third.stderr[-1500:]
    assert time.monotonic() - started < startup + 10
    assert [s["status"] for s in sessions(db)] == ["completed", "abandoned", "completed"]
    scenario.tally(db, "wiz", {str(job["id"]) for job in jobs})
    assert (scenario.wrongly_removed, scenario.lost) == (0, 0)
