"""Prometheus metrics per company, from the database: served at ``/metrics`` by the web app and
written to a node-exporter textfile (``JOBSCRAPER_METRICS_FILE``) after every cron command, so a
cron-only deployment is scrapable too."""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from datetime import timedelta
from typing import TYPE_CHECKING

from sqlalchemy import Engine

from jobscraper.db.health import company_histories
from jobscraper.db.metrics import latest_crawls
from jobscraper.db.models import SESSION_STATUSES, utc_now
from jobscraper.monitoring.findings import Finding, find

if TYPE_CHECKING:
    from prometheus_client import CollectorRegistry

ENV = "JOBSCRAPER_METRICS_FILE"
logger = logging.getLogger(__name__)


def registry_for(engine: Engine, findings: Sequence[Finding] | None = None, *,
                 window: timedelta = timedelta(days=14)) -> CollectorRegistry:
    # prometheus_client is imported when metrics are made: every crawlall ends in write_textfile,
    # which has nothing to do when no textfile is configured.
    from prometheus_client import CollectorRegistry, Gauge

    registry = CollectorRegistry()
    company = ("company",)
    status = Gauge("jobscraper_last_crawl_status", "1 for the status of the company's last finished crawl",
                   company + ("status",), registry=registry)
    finished = Gauge("jobscraper_last_crawl_timestamp_seconds", "When the last finished crawl started",
                     company, registry=registry)
    duration = Gauge("jobscraper_last_crawl_duration_seconds", "How long the last finished crawl took",
                     company, registry=registry)
    requests = Gauge("jobscraper_last_crawl_requests", "Requests the last finished crawl made",
                     company, registry=registry)
    postings = Gauge("jobscraper_last_crawl_postings", "Postings of the last finished crawl, by outcome",
                     company + ("outcome",), registry=registry)
    errors = Gauge("jobscraper_last_crawl_errors", "Errors of the last finished crawl, by kind",
                   company + ("kind",), registry=registry)
    active = Gauge("jobscraper_postings_active", "Postings active now", company, registry=registry)
    held = Gauge("jobscraper_held_removals", "Consecutive crawls whose removal the guard held back",
                 company, registry=registry)
    found = Gauge("jobscraper_health_findings", "Open health findings", company + ("kind", "severity"),
                  registry=registry)

    now = utc_now()
    with engine.connect() as connection:
        crawls = latest_crawls(connection)
        if findings is None:
            findings = find(company_histories(connection, now - window), now)
    for row in crawls:
        slug = row["company"]
        active.labels(slug).set(row["active"])
        held.labels(slug).set(row["held_removals"])
        if row["status"] is None:
            continue
        for name in SESSION_STATUSES:
            status.labels(slug, name).set(1 if name == row["status"] else 0)
        finished.labels(slug).set(row["started_at"].timestamp())
        if row["finished_at"] is not None:
            duration.labels(slug).set((row["finished_at"] - row["started_at"]).total_seconds())
        requests.labels(slug).set(row["requests"])
        for outcome in ("seen", "new", "updated", "removed"):
            postings.labels(slug, outcome).set(row[outcome])
        for kind, count in row["errors"].items():
            errors.labels(slug, kind).set(count)
    for finding in findings:
        found.labels(finding.company, finding.kind, finding.severity).set(1)
    return registry


def render(engine: Engine) -> bytes:
    from prometheus_client import generate_latest

    return generate_latest(registry_for(engine))


def write_textfile(engine: Engine, path: str | None = None) -> str | None:
    """Write the metrics to ``path`` (or ``JOBSCRAPER_METRICS_FILE``) atomically; None when unset."""
    path = path or os.environ.get(ENV, "").strip()
    if not path:
        return None
    from prometheus_client import write_to_textfile

    write_to_textfile(path, registry_for(engine))  # a temporary file renamed over the old one
    return path
