"""The benchmark suite: every number next to the reference it is compared with, in one run.

    python tests/bench/run.py                 # full scale: 100k postings, 40 companies
    python tests/bench/run.py --quick         # 10k postings, about two minutes

Starts a throwaway PostgreSQL as ``make test`` does (or uses ``--database-url``), generates a
fixture world (``tests/bench/world.py``) served by the local fixture server, and measures:

1. the diff write path (day 2 of the known postings: 3% new, 5% changed, 3% gone), against a
   raw ``COPY`` of the same rows and a naive ``session.merge`` + commit per item loop;
2. SQL statements per crawl (a ``before_cursor_execute`` listener in the crawl process);
3. requests of a steady-state daily crawl on a detail-per-posting platform, against the
   minimum and a full re-crawl;
4. crawl throughput at zero latency, and the rate under 300 ms latency as a share of the
   politeness limit;
5. peak RSS of crawls of growing size;
6. the browser soak: RSS of a Meta-platform crawl and its Chromium over 1,000 rendered pages
   (``tests/bench/soak.py``; SQLite, no PostgreSQL needed);
7. reactor stalls while batches are written: a ``LoopingCall`` lag probe
   (``tests/bench/lagprobe.py``) in the crawls of measure 5, p99 and max;
8. the daily run: one ``crawlall`` of 40 Greenhouse companies on PostgreSQL, its wall time and
   how many completed.
9. the hot path: ``crawlall`` of 12 Greenhouse boards × 1,500 postings into PostgreSQL (day 1, a
   steady-state day, a day with 5% changed postings), whole process, against the peer library
   ``ats-scrapers`` (installed into a throwaway virtualenv) fetching and parsing the same boards
   from the same local server; the peer, the steady-state day and the 5%-changed day take turns,
   three runs each, and their medians are compared; CPU per unchanged posting; the share of a profiled steady-state
   crawl spent outside fetching and JSON decoding, and the peer's by the same measure.
10. the web app: search and company page latency over HTTP from ``scrapy serve`` (one uvicorn
   worker) on a database of the world's postings (``tests/bench/web.py``; ``--only web``).

Benchmarks report; they assert nothing about timings. Results go to ``bench/results.json``
and a table (Markdown) on stdout.
"""

from __future__ import annotations

import argparse
import compileall
import csv
import io
import json
import math
import os
import platform
import pstats
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent.parent
sys.path[:0] = [str(HERE), str(HERE.parent), str(PROJECT)]

from itemadapter import ItemAdapter  # noqa: E402
from scrapy.utils.project import get_project_settings  # noqa: E402
from sqlalchemy import create_engine, event, select, text  # noqa: E402
from sqlalchemy.engine import Engine, make_url  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from jobscraper.db.migrate import upgrade  # noqa: E402
from jobscraper.db.models import JobPosition  # noqa: E402
from jobscraper.db.postings import STORED_FIELDS, active_postings, deactivate_ids, load_known, write_batch  # noqa: E402
from jobscraper.db.sessions import CompanySpec, sync_companies  # noqa: E402
from jobscraper.normalise.text import html_to_text  # noqa: E402
from jobscraper.pipelines.normalise import content_hash  # noqa: E402
from jobscraper.seen import SeenIds  # noqa: E402
from pgserver import ThrowawayPostgres  # noqa: E402
from server import BenchServer  # noqa: E402
from soak import bench_browser_soak  # noqa: E402
from web import bench_web  # noqa: E402
from world import (  # noqa: E402
    CHANGES_ONLY,
    SPIDER_PACKAGE,
    Company,
    Day2Plan,
    day2_plan,
    postings_of,
    routes_of,
    spread,
    write_spiders,
)

RESULTS = PROJECT / "bench" / "results.json"
RELAXED = {  # politeness off, for the zero-latency throughput measure only
    "JOBSCRAPER_HOST_MIN_INTERVAL": "0", "JOBSCRAPER_HOST_MIN_INTERVALS": "{}", "DOWNLOAD_DELAY": "0",
    "AUTOTHROTTLE_ENABLED": "False", "CONCURRENT_REQUESTS": "32", "CONCURRENT_REQUESTS_PER_DOMAIN": "16",
    "JOBSCRAPER_HOST_CONCURRENCY": "16",
}


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# --- databases -----------------------------------------------------------------------------

class Databases:
    """Fresh, migrated databases on one PostgreSQL server."""

    def __init__(self, server_url: str) -> None:
        self.server_url = server_url

    def fresh(self) -> str:
        name = f"bench_{uuid.uuid4().hex[:10]}"
        admin = create_engine(self.server_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
        url = make_url(self.server_url).set(database=name).render_as_string(hide_password=False)
        engine = create_engine(url)
        upgrade(engine)
        engine.dispose()
        return url


@contextmanager
def counted(engine: Engine):
    """Count the statements sent through ``engine`` inside the block."""
    count = {"n": 0}

    def listener(*_args: Any) -> None:
        count["n"] += 1

    event.listen(engine, "before_cursor_execute", listener)
    try:
        yield count
    finally:
        event.remove(engine, "before_cursor_execute", listener)


# --- 1. the diff write path ----------------------------------------------------------------

def stored_item(posting) -> dict[str, Any]:
    """A posting as the database pipeline receives it: normalised, with its content hash."""
    posted = datetime.fromtimestamp(posting.created_ms / 1000, timezone.utc)
    item = {
        "external_id": posting.external_id,
        "title": posting.title,
        "url": f"https://job-boards.greenhouse.io/{posting.company.token}/jobs/{posting.external_id}",
        "apply_url": None,
        "location": posting.city[2],
        "city": posting.city[0],
        "country": "IL",
        "department": "R&D",
        "employment_type": "full_time",
        "workplace_type": "hybrid",
        "description_html": posting.description_html,
        "description_text": html_to_text(posting.description_html),
        "posted_at": posted,
        "source_updated_at": posted,
        "extra_metadata": {"requisition_id": f"R-{posting.number}"},
        "listing_fingerprint": None,
        "region": None,
        "places": [{"city": posting.city[0], "region": None, "country": "IL", "remote": False}],
        "salary_min": None, "salary_max": None, "salary_currency": None, "salary_period": None,
    }
    item["content_hash"] = content_hash(ItemAdapter(item))
    return item


def write_day(engine: Engine, company_id: int, items: list[dict[str, Any]], batch_size: int) -> dict[str, int]:
    """What the database pipeline and the session do in a crawl: load, batches, removal."""
    refresh = timedelta(hours=get_project_settings().getfloat("JOBSCRAPER_LAST_SEEN_REFRESH_HOURS"))
    totals = {"new": 0, "updated": 0, "unchanged": 0, "reactivated": 0}
    seen = SeenIds()
    for start in range(0, len(items), batch_size):
        batch = items[start:start + batch_size]
        external_ids = [item["external_id"] for item in batch]
        with engine.begin() as connection:
            known = load_known(connection, company_id, external_ids)
            result = write_batch(connection, company_id=company_id, session_id=None, items=batch,
                                 known=known, now=datetime.now(timezone.utc), last_seen_refresh=refresh)
        for external_id in external_ids:
            seen.add(external_id)
        for key in totals:
            totals[key] += getattr(result, key)
    with engine.begin() as connection:
        unseen = [row_id for external_id, row_id in active_postings(connection, company_id)
                  if external_id not in seen]
        totals["removed"] = deactivate_ids(connection, unseen, company_id=company_id, session_id=None,
                                           now=datetime.now(timezone.utc), event_type="removed")
    return totals


def table_stats(engine: Engine) -> dict[str, int]:
    """job_positions' counters in pg_stat_user_tables, once every backend has flushed them."""
    engine.dispose()  # closed backends flush their pending statistics
    time.sleep(1.2)
    with engine.connect() as connection:
        connection.execute(text("SELECT pg_stat_force_next_flush()"))
        connection.commit()
        connection.execute(text("SELECT pg_stat_clear_snapshot()"))
        row = connection.execute(text(
            "SELECT n_tup_ins, n_tup_upd, n_tup_hot_upd, n_tup_del, n_dead_tup, n_live_tup, "
            "pg_current_wal_lsn()::text AS lsn FROM pg_stat_user_tables WHERE relname = 'job_positions'"
        )).mappings().one()
    return dict(row)


def copy_rows(engine: Engine, rows: list[dict[str, Any]]) -> float:
    """Seconds to COPY the rows (serialised from the same dicts) into a scratch table."""
    columns = ["company_id", "external_id", *STORED_FIELDS, "content_hash", "listing_fingerprint",
               "is_active", "first_seen_at", "last_seen_at", "removed_at"]
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE bench_copy (LIKE job_positions INCLUDING ALL)"))
    raw = engine.raw_connection()
    try:
        started = time.perf_counter()
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        for row in rows:
            writer.writerow([
                "" if row.get(c) is None else json.dumps(row[c]) if c in ("extra_metadata", "places")
                else row[c].isoformat() if isinstance(row.get(c), datetime) else row[c]
                for c in columns
            ])
        buffer.seek(0)
        cursor = raw.cursor()
        cursor.copy_expert(f"COPY bench_copy ({', '.join(columns)}) FROM STDIN WITH (FORMAT csv)", buffer)
        raw.commit()
        return time.perf_counter() - started
    finally:
        raw.close()


def naive_loop(engine: Engine, company_id: int, items: list[dict[str, Any]]) -> float:
    """Seconds for the common approach: look the posting up, ``session.merge``, commit, per item."""
    now = datetime.now(timezone.utc)
    started = time.perf_counter()
    with Session(engine) as session:
        for item in items:
            existing = session.scalar(select(JobPosition.id).where(
                JobPosition.company_id == company_id, JobPosition.external_id == item["external_id"]))
            session.merge(JobPosition(
                id=existing, company_id=company_id, external_id=item["external_id"],
                **{name: item[name] for name in STORED_FIELDS}, content_hash=item["content_hash"],
                listing_fingerprint=None, is_active=True, first_seen_at=now, last_seen_at=now,
            ))
            session.commit()
    return time.perf_counter() - started


def bench_diff(databases: Databases, postings: int, naive_sample: int, batch_size: int) -> dict[str, Any]:
    log(f"1. diff write path: building {postings} postings")
    url = databases.fresh()
    engine = create_engine(url)
    company = Company(0, "greenhouse", postings)
    day1 = [stored_item(p) for p in postings_of(company, 1)]
    day2 = [stored_item(p) for p in postings_of(company, 2)]
    plan = day2_plan(company)
    with engine.begin() as connection:
        ids = sync_companies(connection, [CompanySpec("bench_diff", "Bench Diff", "greenhouse", None),
                                          CompanySpec("bench_naive", "Bench Naive", "greenhouse", None)])
        # Keep dead tuples countable: no autovacuum on this scratch table during the measure.
        connection.execute(text("ALTER TABLE job_positions SET (autovacuum_enabled = false)"))

    log(f"1. day 1: {len(day1)} new postings through write_batch")
    started = time.perf_counter()
    day1_counts = write_day(engine, ids["bench_diff"], day1, batch_size)
    day1_seconds = time.perf_counter() - started

    log("1. raw COPY of the same rows")
    now = datetime.now(timezone.utc)
    copy_seconds = copy_rows(engine, [{**row, "company_id": ids["bench_diff"], "is_active": True,
                                       "first_seen_at": now, "last_seen_at": now} for row in day1])

    log(f"1. naive merge + commit per item on a sample of {naive_sample}")
    naive_seconds = naive_loop(engine, ids["bench_naive"], day1[:naive_sample])

    before = table_stats(engine)
    log(f"1. day 2: {len(day2)} postings (plan {plan})")
    with counted(engine) as statements:
        started = time.perf_counter()
        day2_counts = write_day(engine, ids["bench_diff"], day2, batch_size)
        day2_seconds = time.perf_counter() - started
    after = table_stats(engine)
    with engine.connect() as connection:
        wal = connection.execute(text("SELECT pg_wal_lsn_diff(:a, :b)"),
                                 {"a": after["lsn"], "b": before["lsn"]}).scalar()
    engine.dispose()

    delta = {key: after[key] - before[key] for key in after if key != "lsn"}
    expected = {"new": plan.new, "updated": plan.changed, "unchanged": plan.unchanged,
                "reactivated": 0, "removed": plan.gone}
    upsert_rate = len(day1) / day1_seconds
    copy_rate = len(day1) / copy_seconds
    naive_rate = naive_sample / naive_seconds
    unchanged_updates = delta["n_tup_upd"] - plan.changed - plan.gone
    return {
        "postings": postings, "batch_size": batch_size,
        "day1_seconds": day1_seconds, "day1_counts": day1_counts,
        "upsert_rows_per_s": upsert_rate,
        "copy_seconds": copy_seconds, "copy_rows_per_s": copy_rate,
        "naive_sample": naive_sample, "naive_seconds": naive_seconds, "naive_rows_per_s": naive_rate,
        "naive_extrapolated_seconds": postings / naive_rate,
        "ratio_vs_copy": upsert_rate / copy_rate, "ratio_vs_naive": upsert_rate / naive_rate,
        "day2_seconds": day2_seconds, "day2_counts": day2_counts, "day2_expected": expected,
        "day2_counts_exact": day2_counts == expected,
        "day2_items_per_s": len(day2) / day2_seconds, "day2_statements": statements["n"],
        "pg_stat_delta": delta, "updates_of_unchanged_rows": unchanged_updates,
        "wal_bytes_day2": int(wal),
    }


# --- crawls ----------------------------------------------------------------------------------

class Crawls:
    def __init__(self, world_dir: Path, databases: Databases) -> None:
        self.world_dir = world_dir
        self.databases = databases

    def run(self, database_url: str, *args: str, settings: dict[str, str] | None = None,
            timeout: float = 3600, lag_probe: bool = False, profile: Path | None = None) -> dict[str, Any]:
        """One ``scrapy`` command in a subprocess, through the statement-counting probe (and
        the reactor lag probe when asked)."""
        out = self.world_dir / f"probe-{uuid.uuid4().hex[:8]}.json"
        lag_file = self.world_dir / f"{out.stem}-lag.json"
        command = [sys.executable, str(HERE / "probe.py"), str(out), *args,
                   "-s", f"SPIDER_MODULES={SPIDER_PACKAGE}", "-s", "LOG_LEVEL=WARNING"]
        settings = dict(settings or {})
        if lag_probe:
            extensions = {**get_project_settings().getdict("EXTENSIONS"), "lagprobe.ReactorLagProbe": 900}
            settings["EXTENSIONS"] = json.dumps(extensions)
        for name, value in settings.items():
            command += ["-s", f"{name}={value}"]
        env = {**os.environ, "DATABASE_URL": database_url,
               "PYTHONPATH": os.pathsep.join([str(self.world_dir), str(HERE), os.environ.get("PYTHONPATH", "")]),
               "JOBSCRAPER_DATA_DIR": str(self.world_dir / "data"), "BENCH_LAG_FILE": str(lag_file)}
        env.pop("SCRAPY_SETTINGS_MODULE", None)
        if profile is not None:
            env["BENCH_PROFILE"] = str(profile)
        log_file = (self.world_dir / f"{out.stem}.log").open("w")
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=PROJECT, env=env, stdout=log_file, stderr=subprocess.STDOUT)
        process.wait(timeout=timeout)
        seconds = time.perf_counter() - started
        log_file.close()
        probe = json.loads(out.read_text()) if out.exists() else {}
        if process.returncode not in (0, 3):
            tail = Path(log_file.name).read_text()[-3000:]
            raise RuntimeError(f"crawl {' '.join(args)} exited {process.returncode}:\n{tail}")
        lag = json.loads(lag_file.read_text()) if lag_probe and lag_file.exists() else None
        return {"exit": process.returncode, "seconds": seconds, "cpu_seconds": probe.get("cpu_seconds"),
                "peak_rss_mb": (probe.get("peak_rss_kb") or 0) / 1024,
                "statements": probe.get("statements"), "by_verb": probe.get("by_verb"), "reactor_lag": lag}


def last_sessions(database_url: str, count: int) -> dict[str, Any]:
    engine = create_engine(database_url)
    with engine.connect() as connection:
        rows = connection.execute(text(
            "SELECT status, jobs_new, jobs_updated, jobs_unchanged, jobs_removed, requests "
            "FROM scraping_sessions ORDER BY id DESC LIMIT :n"), {"n": count}).mappings().all()
    engine.dispose()
    return {
        "statuses": sorted({row["status"] for row in rows}),
        **{key: sum(row[key] for row in rows)
           for key in ("jobs_new", "jobs_updated", "jobs_unchanged", "jobs_removed", "requests")},
    }


def bench_requests_and_throughput(crawls: Crawls, companies: list[Company]) -> dict[str, Any]:
    """3 and 4a: the detail-per-posting companies of the world, day 1, day 2 and a full re-crawl."""
    chosen = [c for c in companies if c.platform == "smartrecruiters"]
    details = sum(c.postings for c in chosen)
    url = crawls.databases.fresh()
    results: dict[str, Any] = {"companies": len(chosen), "postings": details}
    with BenchServer() as server:
        server.load_world([route for c in companies for route in routes_of(c, 1)])
        base = ["-a", f"base_url={server.base_url}", *(arg for c in chosen for arg in ("--company", c.slug))]
        log(f"3/4. day 1: crawlall of {len(chosen)} SmartRecruiters companies, {details} details (politeness relaxed)")
        day1 = crawls.run(url, "crawlall", *base, settings=RELAXED)
        hits = server.counts()
        results["day1"] = {**day1, "detail_requests": hits["detail"], "listing_requests": hits["listing"],
                           "unmatched": hits["unmatched"],
                           "details_per_min": hits["detail"] / day1["seconds"] * 60,
                           "sessions": last_sessions(url, len(chosen))}

        plan = Day2Plan()
        for company in chosen:
            plan.add(day2_plan(company))
        day2_routes = [route for c in companies for route in routes_of(c, 2)]
        listing_pages = sum(1 for c in chosen for r in routes_of(c, 2) if r.kind == "listing")
        server.load_world(day2_routes)
        server.reset_counts()
        log("3. day 2: steady-state crawl")
        day2 = crawls.run(url, "crawlall", *base, settings=RELAXED)
        hits = server.counts()
        day2_requests = sum(hits.values())
        minimum = listing_pages + plan.new + plan.changed
        results["day2"] = {**day2, "requests": day2_requests, "detail_requests": hits["detail"],
                           "listing_requests": hits["listing"], "unmatched": hits["unmatched"],
                           "minimum": minimum, "listing_pages": listing_pages,
                           "plan": plan.__dict__, "sessions": last_sessions(url, len(chosen))}
        server.reset_counts()
        log("3. full re-crawl of day 2 (-a full=1)")
        full = crawls.run(url, "crawlall", *base, "-a", "full=1", settings=RELAXED)
        hits = server.counts()
        results["full"] = {**full, "requests": sum(hits.values()), "detail_requests": hits["detail"]}
    results["ratio_to_minimum"] = results["day2"]["requests"] / minimum
    results["ratio_full_to_minimum"] = results["full"]["requests"] / minimum
    return results


def politeness_limit(latency: float) -> dict[str, float]:
    settings = get_project_settings()
    interval = settings.getfloat("JOBSCRAPER_HOST_MIN_INTERVAL")
    download_delay = settings.getfloat("DOWNLOAD_DELAY")
    # The per-host gate and Scrapy's per-domain slot both cap concurrency: the lower one holds.
    concurrency = min(settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN"),
                      settings.getint("JOBSCRAPER_HOST_CONCURRENCY") or 10**6)
    delay = max(interval, download_delay)
    return {"host_min_interval": interval, "download_delay": download_delay, "delay": delay,
            "concurrency": concurrency, "latency": latency,
            "limit_per_s": min(1 / delay, concurrency / latency)}


def bench_latency(crawls: Crawls, company: Company, latency: float) -> dict[str, Any]:
    """4b: one detail-per-posting company behind 300 ms latency, default politeness settings."""
    url = crawls.databases.fresh()
    with BenchServer(latency=latency) as server:
        server.load_world(list(routes_of(company, 1)))
        log(f"4. {company.postings} details at {latency * 1000:.0f} ms latency, default politeness")
        crawl = crawls.run(url, "crawl", company.slug, "-a", f"base_url={server.base_url}")
        arrivals = sorted(at for at, kind in server.hits if kind == "detail")
    rate = (len(arrivals) - 1) / (arrivals[-1] - arrivals[0]) if len(arrivals) > 1 else 0.0
    # The steady state: the second half of the crawl, after AutoThrottle's start delay settles.
    half = arrivals[len(arrivals) // 2:]
    steady = (len(half) - 1) / (half[-1] - half[0]) if len(half) > 1 else 0.0
    limit = politeness_limit(latency)
    return {**crawl, "details": len(arrivals), "rate_per_s": rate, "steady_rate_per_s": steady,
            **limit, "share_of_limit": rate / limit["limit_per_s"],
            "steady_share_of_limit": steady / limit["limit_per_s"]}


def bench_sizes(crawls: Crawls, sizes: list[int], batch_size: int, day2_sizes: list[int]) -> list[dict[str, Any]]:
    """2 and 5: day-1 crawls of one list-only company (Lever, paged) of growing size; for
    ``day2_sizes``, the steady-state crawl of the next day too (3% new, 5% changed, 3% gone)."""
    rows = []
    for size in sizes:
        company = Company(800 + len(rows), "lever", size)
        write_spiders([company], crawls.world_dir)
        url = crawls.databases.fresh()
        with BenchServer() as server:
            server.load_world(list(routes_of(company, 1)))
            log(f"2/5. crawl of {size} list-only postings")
            args = ("crawl", company.slug, "-a", f"base_url={server.base_url}")
            crawl = crawls.run(url, *args, settings=RELAXED, lag_probe=True)
            sessions = last_sessions(url, 1)
            row = {**crawl, "postings": size, "batches": math.ceil(size / batch_size),
                   "jobs_new": sessions["jobs_new"], "items_per_s": size / crawl["seconds"]}
            if size in day2_sizes:
                server.load_world(list(routes_of(company, 2)))
                log(f"5. day 2 of the {size} list-only postings")
                day2 = crawls.run(url, *args, settings=RELAXED)
                row["day2"] = {**day2, "sessions": last_sessions(url, 1)}
        rows.append(row)
    return rows


def bench_crawlall(crawls: Crawls, count: int, postings_each: int) -> dict[str, Any]:
    """8: the daily run, one ``crawlall`` of ``count`` Greenhouse companies into PostgreSQL."""
    companies = [Company(1000 + n, "greenhouse", postings_each) for n in range(count)]
    write_spiders(companies, crawls.world_dir)
    url = crawls.databases.fresh()
    with BenchServer() as server:
        server.load_world([route for c in companies for route in routes_of(c, 1)])
        log(f"8. crawlall of {count} Greenhouse companies ({postings_each} postings each) on PostgreSQL")
        run = crawls.run(url, "crawlall", "-a", f"base_url={server.base_url}",
                         *(arg for c in companies for arg in ("--company", c.slug)))
    sessions = last_sessions(url, count)
    engine = create_engine(url)
    with engine.connect() as connection:
        completed = connection.execute(text(
            "SELECT count(*) FROM scraping_sessions WHERE status = 'completed'")).scalar_one()
    engine.dispose()
    return {**run, "companies": count, "postings": count * postings_each, "completed": completed,
            "sessions": sessions}


# --- 9. the hot path against a peer that only fetches and parses -----------------------------

PEER_PACKAGE = "ats-scrapers[scrapers]"
# The peer's Greenhouse scraper reads its endpoint from a module constant: pointing it at the
# local server is the only change, so it fetches and parses the very boards the crawl reads.
PEER_SCRIPT = """\
import asyncio, sys
from ats_scrapers.scrapers import greenhouse
from ats_scrapers.scrapers.greenhouse import GreenhouseScraper

base_url, slugs = sys.argv[1], sys.argv[2:]
greenhouse.API_TEMPLATE = base_url + "/v1/boards/{slug}/jobs?content=true"


async def main():
    boards = await asyncio.gather(*(GreenhouseScraper(slug).afetch() for slug in slugs))
    print(sum(len(jobs) for jobs in boards))


asyncio.run(main())
"""
# Where a profile spends its time, by the file of each function (tottime): the crawl's network
# stack (Twisted, Scrapy's downloader) and the peer's (httpx, httpcore, h11, anyio).
FETCHING = ("/twisted/", "/scrapy/core/downloader/", "/scrapy/core/http2/", "/asyncio/", "selectors.py",
            "socket.py", "ssl.py", "'select.epoll'", "_socket", "/h2/", "/hpack/",
            "/httpx/", "/httpcore/", "/h11/", "/anyio/")


class Peer:
    """``ats-scrapers`` in a throwaway virtualenv of its own (never a project dependency)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.python = folder / "bin" / "python"
        self.version = None

    def install(self) -> str:
        if self.python.exists():
            log(f"9. the peer's virtualenv {self.folder} is there already")
        else:
            log(f"9. installing the peer ({PEER_PACKAGE}) into a throwaway virtualenv")
            subprocess.run([sys.executable, "-m", "venv", str(self.folder)], check=True)
            subprocess.run([str(self.python), "-m", "pip", "install", "-q", "--disable-pip-version-check",
                            PEER_PACKAGE], check=True, stdout=subprocess.DEVNULL)
        self.version = subprocess.run(
            [str(self.python), "-c", "import ats_scrapers; print(ats_scrapers.__version__)"],
            check=True, capture_output=True, text=True).stdout.strip()
        (self.folder / "peer.py").write_text(PEER_SCRIPT)
        return self.version

    def run(self, base_url: str, slugs: list[str], profile: Path | None = None) -> dict[str, Any]:
        """Fetch and parse every board, concurrently, as one whole process (under cProfile when
        ``profile`` names a file)."""
        profiled = ["-m", "cProfile", "-o", str(profile)] if profile else []
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        done = subprocess.run([str(self.python), *profiled, str(self.folder / "peer.py"), base_url, *slugs],
                              check=True, capture_output=True, text=True)
        seconds = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        return {"seconds": seconds, "jobs": int(done.stdout.split()[-1]),
                "cpu_seconds": (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)}


def profile_shares(path: Path) -> dict[str, float]:
    """Shares of a profiled crawl's time: fetching (network, reactor), JSON decoding, the rest."""
    stats = pstats.Stats(str(path))
    total = fetching = decoding = 0.0
    for (filename, _line, function), (_calls, _primitive, tottime, cumtime, _callers) in stats.stats.items():
        total += tottime
        where = f"{filename} {function}"
        if filename.endswith("json/__init__.py") and function == "loads":
            decoding += cumtime
        elif any(part in where for part in FETCHING):
            fetching += tottime
    return {"total_seconds": total, "fetching": fetching / total, "json_decoding": decoding / total,
            "outside": 1 - (fetching + decoding) / total}


def median_run(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The run of median CPU time."""
    return sorted(runs, key=lambda run: run["cpu_seconds"])[len(runs) // 2]


def bench_hot_path(crawls: Crawls, boards: int, per_board: int, peer_venv: Path | None = None) -> dict[str, Any]:
    """9. ``crawlall`` of Greenhouse boards into PostgreSQL, day 1, a steady-state day (nothing
    changed) and a day with 5% changed postings, each against the peer on the same boards."""
    companies = [Company(700 + i, "greenhouse", per_board) for i in range(boards)]
    compileall.compile_dir(write_spiders(companies, crawls.world_dir), quiet=1)
    postings = boards * per_board
    url = crawls.databases.fresh()
    peer = Peer(peer_venv or crawls.world_dir / "peer-venv")
    results: dict[str, Any] = {"boards": boards, "per_board": per_board, "postings": postings,
                               "peer_version": peer.install()}
    slugs = [company.token for company in companies]
    worlds = {1: [route for c in companies for route in routes_of(c, 1)],
              CHANGES_ONLY: [route for c in companies for route in routes_of(c, CHANGES_ONLY)]}
    with BenchServer() as server:
        server.load_world(worlds[1])
        base = ["crawlall", "-a", f"base_url={server.base_url}",
                *(arg for c in companies for arg in ("--company", c.slug))]
        log(f"9. day 1: crawlall of {boards} Greenhouse boards, {postings} postings")
        results["day1"] = crawls.run(url, *base, settings=RELAXED)
        # The peer, the steady-state day and the day with 5% changed postings take turns, three
        # times each, and the medians are compared: this machine's speed drifts by a third
        # between minutes. The changed day flips the boards between day 1's postings and the
        # same with 5% of them changed, so each of its runs updates the same postings.
        log("9. the peer, the steady-state day (nothing changed) and a day with 5% changed postings, "
            "in turn, three times each")
        served = 1
        peers, steadies, changes = [], [], []
        for _ in range(3):
            peers.append(peer.run(server.base_url, slugs))
            steadies.append(crawls.run(url, *base, settings=RELAXED))
            steadies[-1]["sessions"] = last_sessions(url, boards)
            served = CHANGES_ONLY if served == 1 else 1
            server.load_world(worlds[served])
            changes.append(crawls.run(url, *base, settings=RELAXED))
            changes[-1]["sessions"] = last_sessions(url, boards)
        results["peer"] = median_run(peers)
        results["peer_cpu_seconds_each"] = [run["cpu_seconds"] for run in peers]
        results["steady"] = median_run(steadies)
        results["steady_cpu_seconds_each"] = [run["cpu_seconds"] for run in steadies]
        results["changed"] = median_run(changes)
        results["changed_cpu_seconds_each"] = [run["cpu_seconds"] for run in changes]
        log("9. the steady-state day under cProfile")
        profile = crawls.world_dir / "steady.prof"
        crawls.run(url, *base, settings=RELAXED, profile=profile)
        results["profile"] = profile_shares(profile)
        log("9. the peer under cProfile, the same measure")
        peer_profile = crawls.world_dir / "peer.prof"
        peer.run(server.base_url, slugs, profile=peer_profile)
        results["peer_profile"] = profile_shares(peer_profile)
    peer_seconds = results["peer"]["seconds"]
    results["ratio_day1"] = results["day1"]["seconds"] / peer_seconds
    results["ratio_steady"] = results["steady"]["seconds"] / peer_seconds
    results["ratio_changed_to_steady"] = results["changed"]["seconds"] / results["steady"]["seconds"]
    # CPU seconds too: on a machine shared with other work, wall time measures the neighbours.
    peer_cpu = results["peer"]["cpu_seconds"]
    results["cpu_ratio_day1"] = results["day1"]["cpu_seconds"] / peer_cpu
    results["cpu_ratio_steady"] = results["steady"]["cpu_seconds"] / peer_cpu
    results["cpu_ratio_changed_to_steady"] = results["changed"]["cpu_seconds"] / results["steady"]["cpu_seconds"]
    results["cpu_us_per_unchanged"] = results["steady"]["cpu_seconds"] / postings * 1e6
    return results


# --- the report ------------------------------------------------------------------------------

def megabytes_change(mb: float) -> str:
    return f"{round(mb):+d} MB"  # never "-0 MB"


def table(results: dict[str, Any]) -> str:
    lines = ["| measure | result | reference (same run) | target |", "|---|---|---|---|"]

    def add(measure: str, result: str, reference: str, target: str) -> None:
        lines.append(f"| {measure} | {result} | {reference} | {target} |")

    d = results.get("diff")
    if d:
        c, e = d["day2_counts"], d["day2_expected"]
        add(f"day-2 diff of {d['postings']:,} known postings", f"{d['day2_seconds']:.1f} s "
            f"({d['day2_items_per_s']:,.0f} items/s, {d['day2_statements']} statements)", "", "≤ 10 s")
        add("day-2 counts new/updated/unchanged/removed",
            f"{c['new']}/{c['updated']}/{c['unchanged']}/{c['removed']}",
            f"expected {e['new']}/{e['updated']}/{e['unchanged']}/{e['removed']}", "exact")
        add("upsert rate (write_batch, day 1)", f"{d['upsert_rows_per_s']:,.0f} rows/s",
            f"COPY {d['copy_rows_per_s']:,.0f} rows/s → {d['ratio_vs_copy']:.2f}×", "≥ 0.6× COPY")
        add("upsert vs naive merge+commit per item", f"{d['ratio_vs_naive']:.0f}×",
            f"naive {d['naive_rows_per_s']:,.0f} rows/s (sample of {d['naive_sample']:,}); "
            f"COPY itself is {d['copy_rows_per_s'] / d['naive_rows_per_s']:.0f}× naive",
            "≥ 20×")
        s = d["pg_stat_delta"]
        add("row versions written on day 2 (pg_stat_user_tables)",
            f"n_tup_upd +{s['n_tup_upd']:,} (HOT {s['n_tup_hot_upd']:,}), n_dead_tup +{s['n_dead_tup']:,}, "
            f"WAL {d['wal_bytes_day2'] / 1e6:,.0f} MB",
            f"of which unchanged rows' last_seen_at: {d['updates_of_unchanged_rows']:,}", "0 for unchanged rows")
    for row in results.get("sizes", []):
        add(f"crawl of {row['postings']:,} list-only postings",
            f"{row['statements']} statements, peak RSS {row['peak_rss_mb']:.0f} MB",
            f"{row['batches']} batches, {row['seconds']:.0f} s ({row['items_per_s']:,.0f} items/s)",
            "O(batches); ≤ 200 MB at 500k")
    for row in results.get("sizes", []):
        if "day2" in row:
            d2, ses = row["day2"], row["day2"]["sessions"]
            add(f"day-2 crawl of the {row['postings']:,} postings", f"peak RSS {d2['peak_rss_mb']:.0f} MB",
                f"{ses['jobs_new']:,} new, {ses['jobs_updated']:,} updated, {ses['jobs_removed']:,} removed "
                f"in {d2['seconds']:.0f} s", "≤ 200 MB at 500k")
    for row in results.get("sizes", []):
        lag = row.get("reactor_lag")
        if lag:
            add(f"reactor stalls while batches are written, crawl of {row['postings']:,} list-only postings",
                f"p99 {lag['writing_p99_ms']:.1f} ms, max {lag['writing_max_ms']:.0f} ms "
                f"({lag['writing_over_50ms']} of {lag['writing_ticks']:,} ticks > 50 ms)",
                f"all ticks: p99 {lag['p99_ms']:.1f} ms, max {lag['max_ms']:.0f} ms; load average "
                f"{lag['load_average']:.1f} on {lag['cores']} cores", "no stall > 50 ms")
    daily = results.get("crawlall")
    if daily:
        add(f"crawlall of {daily['companies']} companies on PostgreSQL ({daily['postings']:,} postings)",
            f"{daily['seconds']:.1f} s wall time", f"{daily['completed']} of {daily['companies']} completed, "
            f"exit {daily['exit']}", "every company completed")
    sizes = results.get("sizes", [])
    if len(sizes) >= 2:
        mem = [r for r in sizes if r["postings"] in results.get("memory_sizes", [])] or sizes[-2:]
        add(f"RSS growth {mem[0]['postings']:,} → {mem[-1]['postings']:,} postings",
            megabytes_change(mem[-1]['peak_rss_mb'] - mem[0]['peak_rss_mb']),
            f"day 2: {megabytes_change(mem[-1]['day2']['peak_rss_mb'] - mem[0]['day2']['peak_rss_mb'])}"
            if all("day2" in r for r in (mem[0], mem[-1])) else "", "≤ 60 MB")
    r = results.get("requests")
    if r:
        add(f"requests, steady-state day 2 ({r['companies']} SmartRecruiters boards, {r['postings']:,} postings)",
            f"{r['day2']['requests']:,} ({r['ratio_to_minimum']:.3f}× minimum)",
            f"minimum {r['day2']['minimum']:,}; full re-crawl {r['full']['requests']:,} "
            f"({r['ratio_full_to_minimum']:.1f}×)", "≤ 1.05× minimum")
        add("detail pages per minute, 0 ms latency (politeness relaxed)",
            f"{r['day1']['details_per_min']:,.0f}/min",
            f"{r['day1']['detail_requests']:,} details in {r['day1']['seconds']:.0f} s, {os.cpu_count()} cores",
            "≥ 3,000/min")
    h = results.get("hotpath")
    if h:
        peer, steady, changed = h["peer"], h["steady"], h["changed"]
        against = (f"peer (ats-scrapers {h['peer_version']}, fetch + parse only) {peer['seconds']:.2f} s, "
                   f"{peer['cpu_seconds']:.2f} CPU s")
        each = h.get("peer_cpu_seconds_each")
        alternated = (f"; medians of 3 runs each, alternated (peer {', '.join(f'{cpu:.2f}' for cpu in each)}; "
                      f"ours {', '.join(f'{cpu:.2f}' for cpu in h['steady_cpu_seconds_each'])} CPU s)") if each else ""
        add(f"steady-state day: crawlall of {h['boards']} Greenhouse boards × {h['per_board']:,} "
            f"into PostgreSQL, whole process", f"{steady['seconds']:.2f} s ({h['ratio_steady']:.2f}× the peer); "
            f"{steady['cpu_seconds']:.2f} CPU s ({h['cpu_ratio_steady']:.2f}×)", against + alternated, "≤ 1.0× peer")
        add("day 1 of the same boards", f"{h['day1']['seconds']:.2f} s ({h['ratio_day1']:.2f}× the peer); "
            f"{h['day1']['cpu_seconds']:.2f} CPU s ({h['cpu_ratio_day1']:.2f}×)", against, "≤ 1.5× peer")
        add("a day with 5% changed postings", f"{changed['seconds']:.2f} s "
            f"({h['ratio_changed_to_steady']:.2f}× the steady-state day); {changed['cpu_seconds']:.2f} CPU s "
            f"({h['cpu_ratio_changed_to_steady']:.2f}×)",
            f"{changed['sessions']['jobs_updated']:,} updated, {changed['sessions']['jobs_unchanged']:,} unchanged"
            + (f"; medians of 3 runs each, in turn with the steady-state day (ours "
               f"{', '.join(f'{cpu:.2f}' for cpu in h['changed_cpu_seconds_each'])} CPU s)"
               if "changed_cpu_seconds_each" in h else ""),
            "≤ 1.2× steady")
        add("CPU per unchanged posting (steady-state day, whole process)", f"{h['cpu_us_per_unchanged']:.0f} µs",
            f"{steady['cpu_seconds']:.2f} CPU s for {h['postings']:,}; peer "
            f"{peer['cpu_seconds'] / h['postings'] * 1e6:.0f} µs", "")
        prof, peer_prof = h["profile"], h.get("peer_profile")
        peer_share = (f"; the peer by the same measure: {peer_prof['outside']:.0%} (fetching "
                      f"{peer_prof['fetching']:.0%}, JSON decoding {peer_prof['json_decoding']:.0%})") if peer_prof else ""
        add("steady-state time outside fetching and JSON decoding (cProfile, whole process)",
            f"{prof['outside']:.0%}", f"fetching {prof['fetching']:.0%}, JSON decoding "
            f"{prof['json_decoding']:.0%} of {prof['total_seconds']:.1f} s profiled{peer_share}", "≤ 30%")
    lat = results.get("latency")
    if lat:
        add(f"detail rate at {lat['latency'] * 1000:.0f} ms latency (default politeness)",
            f"{lat['rate_per_s']:.2f}/s = {lat['share_of_limit']:.0%} of limit "
            f"(second half {lat['steady_share_of_limit']:.0%})",
            f"limit min(1/{lat['delay']}, {lat['concurrency']}/{lat['latency']}) = {lat['limit_per_s']:.2f}/s",
            "≥ 90%")
    soak = results.get("soak")
    if soak and soak.get("skipped"):
        add(f"browser platform RSS incl. Chromium ({soak['pages']:,}-page soak)",
            f"skipped: {soak['skipped']}", "", "")
    elif soak:
        growth = "n/a" if soak["growth_mb"] is None else megabytes_change(soak["growth_mb"])
        add(f"browser platform RSS incl. Chromium ({soak['pages']:,}-page soak)",
            f"peak {soak['peak_total_rss_mb']:,.0f} MB total RSS (PSS {soak['peak_total_pss_mb']:,.0f} MB), "
            f"crawl process {soak['peak_crawl_rss_mb']:.0f} MB; growth page ~{soak['mark_page']} → "
            f"{soak['pages']:,}: {growth} (crawl process {soak['crawl_rss_mb_at_mark']:.0f} → "
            f"{soak['crawl_rss_mb_at_end']:.0f} MB)",
            f"{soak['pages_rendered']:,} pages rendered in {soak['seconds']:.0f} s, exit {soak['exit']}, "
            f"up to {soak['max_processes']} processes", "")
    w = results.get("web")
    if w:
        add(f"web search page, {w['postings']:,} postings (PostgreSQL, one uvicorn worker)",
            f"p95 {w['search_p95_ms']:.0f} ms (p50 {w['search_p50_ms']:.0f} ms)",
            f"{w['search_requests']} requests over 14 searches (words, Hebrew, facets, relevance, paging, API) "
            f"after each one's first request; first requests (cache cold): p50 {w['search_first_p50_ms']:.0f} ms, "
            f"max {w['search_first_max_ms']:.0f} ms; load average {w['load_average'][0]:.1f} on "
            f"{os.cpu_count()} cores",
            "p95 < 100 ms")
        if "distinct_p95_ms" in w:
            add("web search page, searches asked for the first time (nothing cached but the facet index)",
                f"p95 {w['distinct_p95_ms']:.0f} ms (p50 {w['distinct_p50_ms']:.0f} ms, max {w['distinct_max_ms']:.0f} ms)",
                f"{w['distinct_requests']} distinct searches, each asked once: a word or two, facets, pages",
                "p95 < 100 ms")
        add("web company page (charts, 90 days of crawls, open postings)",
            f"p95 {w['company_p95_ms']:.0f} ms (p50 {w['company_p50_ms']:.0f} ms)",
            f"{w['company_requests']} requests over 10 companies; first requests: p50 "
            f"{w['company_first_p50_ms']:.0f} ms, max {w['company_first_max_ms']:.0f} ms", "p95 < 200 ms")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="10k postings, 12 companies (about two minutes)")
    parser.add_argument("--postings", type=int, help="postings in the world (default 100000; quick 10000)")
    parser.add_argument("--companies", type=int, help="companies in the world (default 40; quick 12)")
    parser.add_argument("--latency", type=float, default=0.3, help="injected latency for measure 4 (seconds)")
    parser.add_argument("--only", default="diff,sizes,requests,hotpath,latency,soak,crawlall,web",
                        help="comma-separated measures to run (diff, sizes, requests, hotpath, latency, soak, "
                             "crawlall, web)")
    parser.add_argument("--boards", type=int, default=12, help="Greenhouse boards of measure 9 (hotpath)")
    parser.add_argument("--per-board", type=int, default=1500, help="postings per board of measure 9")
    parser.add_argument("--peer-venv", type=Path, help="a virtualenv for the peer to reuse (created if missing)")
    parser.add_argument("--sizes", help="comma-separated board sizes of measures 2 and 5 (default: a hundredth, "
                                        "a tenth and all of --postings, half of it and five times it)")
    parser.add_argument("--soak-pages", type=int, help="pages the browser soak renders (default 1000; quick 100)")
    parser.add_argument("--database-url", help="a PostgreSQL server URL (default: a throwaway server)")
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args()
    postings = args.postings or (10_000 if args.quick else 100_000)
    companies_count = args.companies or (12 if args.quick else 40)
    batch_size = get_project_settings().getint("JOBSCRAPER_DB_BATCH_SIZE")
    statement_sizes = [postings // 100, postings // 10, postings]
    memory_sizes = [postings // 5, postings] if args.quick else [postings // 2, postings * 5]
    only = set(args.only.split(","))
    soak_pages = args.soak_pages or (100 if args.quick else 1000)

    pg = None
    server_url = args.database_url or os.environ.get("BENCH_DATABASE_URL")
    if not server_url and only - {"soak"}:
        pg = ThrowawayPostgres(durable=True)  # commits cost what they cost in production
        if not pg.available:
            sys.exit("no PostgreSQL binaries found (apt-get install postgresql), or give --database-url")
        log("starting a throwaway PostgreSQL")
        server_url = pg.start()
    databases = Databases(server_url)
    world_dir = Path(tempfile.mkdtemp(prefix="jobscraper-bench-"))
    companies = spread(postings, companies_count)
    latency_company = Company(900, "smartrecruiters", 60 if args.quick else 300)
    write_spiders([*companies, latency_company], world_dir)
    # Crawls start from compiled bytecode, as an installed project (and the peer's wheel) does,
    # even where PYTHONDONTWRITEBYTECODE keeps Python from writing it.
    compileall.compile_dir(PROJECT / "jobscraper", quiet=1)
    results: dict[str, Any] = {
        "started_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "command": " ".join(["python", "tests/bench/run.py", *sys.argv[1:]]),
        "machine": {"cores": os.cpu_count(), "python": platform.python_version(),
                    "platform": platform.platform()},
        "world": {"postings": postings, "companies": companies_count,
                  "by_platform": {p: sum(c.postings for c in companies if c.platform == p)
                                  for p in sorted({c.platform for c in companies})}},
        "memory_sizes": memory_sizes,
    }
    try:
        crawls = Crawls(world_dir, databases)
        if server_url:
            with engine_version(server_url) as version:
                results["machine"]["postgresql"] = version
        if "diff" in only:
            results["diff"] = bench_diff(databases, postings, min(2000, postings), batch_size)
        if "sizes" in only:
            sizes = [int(size) for size in args.sizes.split(",")] if args.sizes \
                else sorted(set(statement_sizes + memory_sizes))
            results["sizes"] = bench_sizes(crawls, sizes, batch_size, memory_sizes)
        if "requests" in only:
            results["requests"] = bench_requests_and_throughput(crawls, companies)
        if "hotpath" in only:
            results["hotpath"] = bench_hot_path(crawls, args.boards, args.per_board, args.peer_venv)
        if "latency" in only:
            results["latency"] = bench_latency(crawls, latency_company, args.latency)
        if "crawlall" in only:
            results["crawlall"] = bench_crawlall(crawls, 40, 25 if args.quick else 100)
        if "web" in only:
            results["web"] = bench_web(databases.fresh(), companies, log)
        if "soak" in only:
            log(f"6. browser soak: the Meta search page rendered {soak_pages} times in one crawl")
            results["soak"] = bench_browser_soak(world_dir / "soak", soak_pages)
    finally:
        if pg is not None:
            pg.stop()
    results["finished_at"] = datetime.now(timezone.utc).isoformat(timespec="seconds")
    results["table"] = table(results)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(results, indent=2, default=str))
    print(results["table"])
    print(f"\n(world: {postings:,} postings, {companies_count} companies; PostgreSQL "
          f"{results['machine'].get('postgresql', 'not used')}; results in {args.output})")


@contextmanager
def engine_version(url: str):
    engine = create_engine(url)
    with engine.connect() as connection:
        version = connection.execute(text("SHOW server_version")).scalar()
        durability = {name: connection.execute(text(f"SHOW {name}")).scalar()
                      for name in ("fsync", "synchronous_commit", "full_page_writes")}
    engine.dispose()
    yield f"{version} ({', '.join(f'{k}={v}' for k, v in durability.items())})"


if __name__ == "__main__":
    main()
