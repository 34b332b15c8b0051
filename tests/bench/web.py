"""Benchmark 7: the web app's search and company pages on the bench database, served by
``scrapy serve`` (one uvicorn worker) and timed over HTTP, one request at a time.

The database holds the bench world's postings written by ``write_batch`` (with varied
departments, work modes and employment types), first seen over the last 120 days, 5% of them
removed, and a crawl session per company per day for 90 days.
"""

from __future__ import annotations

import os
import random
import socket
import statistics
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx
from itemadapter import ItemAdapter
from sqlalchemy import create_engine, insert, text

from jobscraper.db.models import ScrapingSession
from jobscraper.db.postings import deactivate_ids, write_batch
from jobscraper.db.sessions import CompanySpec, sync_companies
from jobscraper.normalise.text import html_to_text
from jobscraper.pipelines.normalise import content_hash
from world import Company, postings_of

PROJECT = Path(__file__).resolve().parent.parent.parent
DEPARTMENTS = ["R&D", "Engineering", "Data", "Security", "Product", "Sales", "Marketing", "Operations"]
WORKPLACES = ["hybrid", "hybrid", "onsite", "remote", "unknown"]
EMPLOYMENT = ["full_time"] * 8 + ["part_time", "internship"]


def web_item(posting) -> dict[str, Any]:
    rng = random.Random(f"web-{posting.company.index}-{posting.number}")
    item = {
        "external_id": posting.external_id, "title": posting.title,
        "url": f"https://jobs.example/{posting.company.token}/{posting.external_id}", "apply_url": None,
        "location": posting.city[2], "city": posting.city[0], "country": "IL" if rng.random() < 0.93 else "US",
        "department": rng.choice(DEPARTMENTS), "employment_type": rng.choice(EMPLOYMENT),
        "workplace_type": rng.choice(WORKPLACES), "description_html": posting.description_html,
        "description_text": html_to_text(posting.description_html), "posted_at": None, "source_updated_at": None,
        "extra_metadata": None, "listing_fingerprint": None,
    }
    item["content_hash"] = content_hash(ItemAdapter(item))
    return item


def fill(url: str, companies: list[Company], log) -> int:
    engine = create_engine(url)
    now = datetime.now(timezone.utc)
    total = 0
    with engine.begin() as connection:
        ids = sync_companies(connection, [CompanySpec(c.slug, c.name, c.platform, None) for c in companies])
    for company in companies:
        items = [web_item(p) for p in postings_of(company, 1)]
        with engine.begin() as connection:
            for start in range(0, len(items), 1000):
                write_batch(connection, company_id=ids[company.slug], session_id=None,
                            items=items[start:start + 1000], known={}, now=now)
        total += len(items)
        log(f"7. web: {total:,} postings written")
    with engine.begin() as connection:
        # Spread the history over 120 days, then remove 5% (with their events) as crawls would.
        connection.execute(text("UPDATE job_positions SET first_seen_at = first_seen_at - (id % 120) * interval '1 day'"))
        connection.execute(text("UPDATE job_events e SET created_at = p.first_seen_at FROM job_positions p "
                                "WHERE p.id = e.job_position_id"))
        for company in companies:
            gone = [row[0] for row in connection.execute(
                text("SELECT id FROM job_positions WHERE company_id = :c AND id % 20 = 0"), {"c": ids[company.slug]})]
            deactivate_ids(connection, gone, company_id=ids[company.slug], session_id=None,
                           now=now - timedelta(days=3), event_type="removed")
        connection.execute(text("UPDATE job_events SET created_at = created_at - (job_position_id % 60) * interval '1 day' "
                                "WHERE event_type = 'removed'"))
        sessions = []
        for company in companies:
            for day in range(90):
                started = now - timedelta(days=day, hours=1)
                status = "completed" if (day + company.index) % 17 else "partial"
                sessions.append({"company_id": ids[company.slug], "spider": company.slug, "status": status,
                                 "started_at": started, "finished_at": started + timedelta(seconds=95),
                                 "requests": 40 + day % 7, "items_seen": company.postings})
        connection.execute(insert(ScrapingSession), sessions)
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("VACUUM ANALYZE"))
    engine.dispose()
    return total


def search_paths(companies: list[Company]) -> list[str]:
    slugs = [c.slug for c in companies]
    return [
        "/", "/?q=engineer", "/?q=kafka+python", "/?q=%D7%9E%D7%A4%D7%AA%D7%97", "/?q=security&sort=relevance",
        f"/?company={slugs[0]}", f"/?company={slugs[1]}&workplace=remote", "/?seniority=senior",
        "/?city=Haifa&department=Data", "/?posted_within=7", "/?q=devops&seniority=staff&workplace=hybrid",
        "/?active=removed", "/?page=5", "/api/postings?q=backend&limit=50",
    ]


WORDS = ["engineer", "developer", "senior", "backend", "frontend", "data", "scientist", "devops", "product",
         "manager", "algorithm", "security", "researcher", "automation", "kafka", "python", "staff", "lead",
         "\u05de\u05e4\u05ea\u05d7", "\u05d0\u05d1\u05d8\u05d7\u05d4"]


def distinct_searches(companies: list[Company], count: int = 60) -> list[str]:
    """``count`` searches no request asked before, as people type them: a word or two, often with
    a facet or two clicked (a fixed seed, so every run asks the same)."""
    rng = random.Random(7)
    facets = [("company", [c.slug for c in companies]), ("city", ["Haifa", "Jerusalem", "Herzliya"]),
              ("department", DEPARTMENTS), ("workplace", ["hybrid", "onsite", "remote"]),
              ("seniority", ["senior", "staff", "junior", "manager"]), ("posted_within", ["1", "7", "30"]),
              ("employment_type", ["full_time", "part_time"])]
    searches: list[str] = []
    while len(searches) < count:
        pairs = [("q", " ".join(rng.sample(WORDS, rng.choice([1, 1, 2]))))] if rng.random() < 0.7 else []
        for name, values in rng.sample(facets, rng.choice([0, 1, 1, 2])):
            pairs.append((name, rng.choice(values)))
        if rng.random() < 0.1:
            pairs.append(("page", str(rng.randint(2, 5))))
        path = "/?" + urlencode(pairs)
        if pairs and path not in searches:
            searches.append(path)
    return searches


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def timed(client: httpx.Client, paths: list[str], rounds: int) -> tuple[list[float], list[float]]:
    """The latencies of each path's first request (nothing cached yet: the connections, plans
    and the app's search cache are cold), then of ``rounds`` more requests of every path."""
    first = [request_ms(client, path) for path in paths]
    latencies = [request_ms(client, path) for _ in range(rounds) for path in paths]
    return first, latencies


def request_ms(client: httpx.Client, path: str) -> float:
    started = time.perf_counter()
    client.get(path).raise_for_status()
    return (time.perf_counter() - started) * 1000


def percentile(values: list[float], share: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(share * 100) - 1]


def bench_web(database_url: str, companies: list[Company], log, rounds: int = 10) -> dict[str, Any]:
    log(f"7. web: filling a database with {sum(c.postings for c in companies):,} postings")
    started = time.perf_counter()
    postings = fill(database_url, companies, log)
    fill_seconds = time.perf_counter() - started
    port = free_port()
    env = {**os.environ, "DATABASE_URL": database_url}
    env.pop("SCRAPY_SETTINGS_MODULE", None)
    server = subprocess.Popen([sys.executable, "-m", "scrapy", "serve", "--port", str(port)], cwd=PROJECT, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as client:
            deadline = time.monotonic() + 120
            while True:
                try:
                    client.get("/api/companies").raise_for_status()
                    break
                except httpx.TransportError:
                    if server.poll() is not None or time.monotonic() > deadline:
                        raise RuntimeError(f"scrapy serve did not start: {server.stderr.read()[-500:]}") from None
                    time.sleep(0.5)
            log("7. web: timing the search page")
            search_first, search = timed(client, search_paths(companies), rounds)
            log("7. web: timing searches asked for the first time")
            distinct = [request_ms(client, path) for path in distinct_searches(companies)]
            log("7. web: timing company pages")
            company_paths = [f"/companies/{c.slug}" for c in companies[:10]]
            company_first, company = timed(client, company_paths, rounds)
    finally:
        server.terminate()
        server.wait(10)
    return {"postings": postings, "fill_seconds": fill_seconds, "rounds": rounds,
            "search_requests": len(search), "search_p50_ms": statistics.median(search),
            "search_p95_ms": percentile(search, 0.95), "search_max_ms": max(search),
            "search_first_p50_ms": statistics.median(search_first), "search_first_max_ms": max(search_first),
            "distinct_requests": len(distinct), "distinct_p50_ms": statistics.median(distinct),
            "distinct_p95_ms": percentile(distinct, 0.95), "distinct_max_ms": max(distinct),
            "company_first_p50_ms": statistics.median(company_first), "company_first_max_ms": max(company_first),
            "load_average": os.getloadavg(),
            "company_requests": len(company), "company_p50_ms": statistics.median(company),
            "company_p95_ms": percentile(company, 0.95), "company_max_ms": max(company)}
