"""What ``crawl`` and ``crawlall`` check before anything starts: spider arguments and settings.

A bad value is a ``UsageError`` (one line, exit code 2) raised before the database is opened,
so no crawl session is left ``running`` and no lock is taken.
"""

from __future__ import annotations

from datetime import timedelta
from types import ModuleType

from scrapy import Spider
from scrapy.exceptions import UsageError
from scrapy.settings import BaseSettings

from jobscraper import settings as project_settings
from jobscraper.commands._ops import MAX_DAYS
from jobscraper.platforms.base import (
    JobBoardSpider,
    SpiderConfigurationError,
    parse_window,
)

SPIDER_ARGUMENTS = ("base_url", "full", "since")
# What scrapyd itself passes to the crawls it runs (the job id).
SCRAPYD_ARGUMENTS = ("_job",)
# Form fields of scrapyd's schedule.json: a spider argument of that name would replace them.
SCRAPYD_FIELDS = ("project", "spider", "setting", "jobid", "priority", "_version")
SHARES = ("JOBSCRAPER_REMOVAL_MIN_SEEN_SHARE", "JOBSCRAPER_REMOVAL_MAX_REMOVED_SHARE")
COUNTS_FROM_ONE = ("JOBSCRAPER_DB_BATCH_SIZE", "JOBSCRAPER_HOST_CONCURRENCY", "JOBSCRAPER_REMOVAL_CONFIRMING_CRAWLS")
# Whole-number defaults that the code reads as seconds, where a fraction is fine.
READ_AS_FLOAT = ("JOBSCRAPER_MAX_RETRY_AFTER",)


def check_spider_arguments(spider_classes: list[type[Spider]], spargs: dict[str, str], *,
                           scrapyd: bool = False, build: bool = True) -> None:
    """Refuse ``-a`` arguments that would change what a spider is, or a meaningless window;
    with ``build``, also what a spider itself refuses when built with them."""
    for name in spargs:
        if scrapyd and name in SCRAPYD_FIELDS:
            raise UsageError(f"-a {name}=…: scrapyd uses {name!r} for itself; "
                             f"spider arguments are {', '.join(SPIDER_ARGUMENTS)}", print_help=False)
        for spider_cls in spider_classes:
            if name in SCRAPYD_ARGUMENTS:
                continue
            if name in configuration(spider_cls) and name not in SPIDER_ARGUMENTS or name.startswith("_"):
                raise UsageError(f"-a {name}=…: {name!r} is part of the spider's configuration, "
                                 f"not an argument; spider arguments are {', '.join(SPIDER_ARGUMENTS)}",
                                 print_help=False)
    if "since" in spargs:
        check_since(spargs["since"])
    for spider_cls in spider_classes if build else ():
        try:
            spider_cls(**spargs)
        except (SpiderConfigurationError, TypeError) as exc:
            raise UsageError(f"-a: {exc}", print_help=False) from None


def configuration(spider_cls: type[Spider]) -> set[str]:
    """The names an argument must not replace: what makes the spider the company's."""
    names = {"name", *dir(JobBoardSpider), *getattr(spider_cls, "required_attributes", ())}
    for cls in spider_cls.__mro__:
        names.update(getattr(cls, "__annotations__", {}))
    return names


def check_since(value: str) -> timedelta:
    try:
        window = parse_window(value)
    except SpiderConfigurationError as exc:
        raise UsageError(f"-a {exc}", print_help=False) from None
    if window is None or window <= timedelta(0):
        raise UsageError(f"-a since={value}: give a window of at least 1m, like 24h or 7d", print_help=False)
    if window > timedelta(days=MAX_DAYS):
        raise UsageError(f"-a since={value}: at most {MAX_DAYS}d", print_help=False)
    return window


def check_settings(settings: BaseSettings, defaults: ModuleType = project_settings) -> None:
    """Every ``JOBSCRAPER_*`` number or flag (from ``-s`` or the environment) has its type."""
    for name in dir(defaults):
        default = getattr(defaults, name)
        if not name.startswith("JOBSCRAPER_") or not isinstance(default, (bool, int, float)):
            continue
        raw = settings.get(name)
        whole = isinstance(default, int) and name not in READ_AS_FLOAT
        try:
            if isinstance(default, bool):
                settings.getbool(name)
                continue
            value = settings.getint(name) if whole else settings.getfloat(name)
        except (TypeError, ValueError):
            kind = "whole number" if whole else "number"
            raise UsageError(f"-s {name}={raw}: not a {kind}", print_help=False) from None
        lowest = 1 if name in COUNTS_FROM_ONE else 0
        if value < lowest or name in SHARES and value > 1:
            bounds = "from 0 to 1" if name in SHARES else f"{lowest} or more"
            raise UsageError(f"-s {name}={raw}: give a number {bounds}", print_help=False)
