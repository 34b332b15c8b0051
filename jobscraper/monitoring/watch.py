"""What the cron commands do for the operator when they end: tell the channels about findings
(``crawlall``) and refresh the metrics textfile (every cron command)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from jobscraper.db.engine import first_line
from jobscraper.db.health import company_histories
from jobscraper.db.models import utc_now
from jobscraper.monitoring import metrics, notify
from jobscraper.monitoring.findings import Finding, find

WINDOW = timedelta(days=14)


def current_findings(engine: Engine, window: timedelta = WINDOW,
                     companies: list[str] | None = None) -> list[Finding]:
    now = utc_now()
    with engine.connect() as connection:
        return find(company_histories(connection, now - window, companies), now)


def after_crawls(engine: Engine) -> tuple[list[str], list[str]]:
    """Notify the operator channels and write the metrics; (lines to print, errors)."""
    lines: list[str] = []
    errors: list[str] = []
    try:
        findings = current_findings(engine)
    except SQLAlchemyError as exc:
        return lines, [f"health: cannot read the crawl sessions: {first_line(exc)}"]
    urls = notify.configured_urls()
    if urls:
        try:
            notice = notify.notify_operators(engine, findings, urls)
        except notify.NotifyConfigError as exc:
            errors.append(f"health: {exc}")
        except SQLAlchemyError as exc:
            errors.append(f"health: cannot update the notice ledger: {first_line(exc)}")
        else:
            if not notice.sent:
                errors.append("health: the operator notification could not be delivered; tried again next run")
            elif notice.told:
                lines.append(f"health: told {notify.ENV}: {notice.new} new, {notice.worse} worse, "
                             f"{notice.resolved} resolved finding(s)")
    errors += write_metrics(engine)
    return lines, errors


def write_metrics(engine: Engine) -> list[str]:
    try:
        metrics.write_textfile(engine)
    except (OSError, SQLAlchemyError) as exc:
        return [f"metrics: cannot write {metrics.ENV}: {first_line(exc) if isinstance(exc, SQLAlchemyError) else exc}"]
    return []
