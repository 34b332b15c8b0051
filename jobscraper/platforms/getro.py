"""Getro VC portfolio job boards (``jobs.{vc}.com``, ``{vc}.getro.com``).

To use, specify ``collection_id`` (the board's Getro collection, ``props.pageProps.network.id``
in the board page's ``__NEXT_DATA__``) and ``board_url`` (the board's address, sent as Origin
and Referer).

One board lists the jobs of a whole portfolio. The search API answers POST only:
``api.getro.com/api/v2/collections/{id}/search/jobs`` with ``page`` (0-based) and
``hitsPerPage`` 20, and ``Accept: application/json`` exactly (``*/*`` gets 406). Pages are read
until one is empty or ``results.count`` jobs were collected, at most ``max_pages`` (more marks
the crawl incomplete). A job has no description; ``url`` is the posting on the employer's own
ATS, ``organization`` the employer, ``created_at`` Unix seconds (ISO text on older boards),
``locations`` and ``searchable_locations`` English or Hebrew place names, pay in cents.

Each posting is the employer's, never the VC's: the item carries the employer in
``extra_metadata["employer"]`` and the database stores it under that company (a company first
seen on a board is created, marked as discovered through it). The crawl session and its removal
guard are scoped to the board, and a role the employer's own ATS also lists is stored once, the
direct source winning: see ``jobscraper.db.boards``.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator
from typing import Any, ClassVar

import scrapy
from scrapy.http import Response

from jobscraper.items import JobItem
from jobscraper.normalise.dates import parse_datetime_or_none
from jobscraper.platforms.base import JobBoardSpider

WORK_MODES = {"remote": "Remote", "hybrid": "Hybrid", "on_site": "On-site", "onsite": "On-site"}


class GetroSpider(JobBoardSpider):
    platform = "getro"
    robots_txt = "ignore"  # a JSON API that serves the board's own page
    # The crawl session and the database diff scope this spider's postings to the board.
    is_vc_board: ClassVar[bool] = True
    required_attributes = ("collection_id", "board_url")
    collection_id: ClassVar[str] = ""
    board_url: ClassVar[str] = ""
    api_host: ClassVar[str] = "https://api.getro.com"
    hits_per_page: ClassVar[int] = 20
    max_pages: ClassVar[int] = 100
    # Global portfolios: ask the API for these ``searchable_locations`` only (the value format
    # is not documented, and the API may ignore a filter: jobs are filtered here again, and a
    # filtered search that finds nothing is asked again without it).
    searchable_locations: ClassVar[tuple[str, ...]] = ()

    @property
    def search_url(self) -> str:
        return self.endpoint(f"{self.api_host}/api/v2/collections/{self.collection_id}/search/jobs")

    def page_request(self, page: int, collected: int = 0, filtered: bool | None = None) -> scrapy.Request:
        filtered = bool(self.searchable_locations) if filtered is None else filtered
        filters: dict[str, Any] = {"page": page}
        if filtered:
            filters["searchable_locations"] = list(self.searchable_locations)
        body = {"hitsPerPage": self.hits_per_page, "page": page, "filters": filters, "query": ""}
        board = self.board_url.rstrip("/")
        return scrapy.Request(
            self.search_url,
            method="POST",
            body=json.dumps(body),
            headers={"Accept": "application/json", "Content-Type": "application/json",
                     "Origin": board, "Referer": f"{board}/jobs"},
            callback=self.parse_page,
            errback=self.listing_failed,
            cb_kwargs={"page": page, "collected": collected, "filtered": filtered},
            dont_filter=True,  # the same URL with another body
        )

    async def start(self) -> AsyncIterator[scrapy.Request]:
        yield self.page_request(0)

    def parse_page(self, response: Response, page: int, collected: int, filtered: bool) -> Iterator[Any]:
        data = self.load_json(response)
        if data is None:
            return
        results = data.get("results") if isinstance(data, dict) else None
        jobs = results.get("jobs") if isinstance(results, dict) else None
        total = results.get("count") if isinstance(results, dict) else None
        if not isinstance(jobs, list) or not isinstance(total, int):
            self.mark_incomplete(f"search page {page} at {response.url} has no 'results.jobs' list or count")
            return
        if filtered and page == 0 and total == 0:
            if self.crawler:
                self.crawler.stats.inc_value("jobscraper/getro/location_filter_found_nothing")
            yield self.page_request(0, filtered=False)
            return
        for job in jobs:
            if isinstance(job, dict):
                yield from self.parse_job(job)
        collected += len(jobs)
        if not jobs or collected >= total:
            if collected < total:
                self.mark_incomplete(f"search page {page} is empty after {collected} of {total} jobs")
            return
        if page + 1 >= self.max_pages:
            self.mark_incomplete(f"board has more than {self.max_pages} pages ({total} jobs)")
            return
        yield self.page_request(page + 1, collected, filtered)

    def parse_job(self, job: dict[str, Any]) -> Iterator[JobItem]:
        organization = job.get("organization") if isinstance(job.get("organization"), dict) else {}
        if not job.get("id") or not organization.get("name"):
            self.count_error("listing_row_without_employer", "a Getro job has no id or organization name")
            return
        locations = [str(place) for place in job.get("locations") or [] if place]
        searchable = [str(place) for place in job.get("searchable_locations") or [] if place]
        if self.since_cutoff and not self.is_within_since(parse_datetime_or_none(job.get("created_at"))):
            return
        work_mode = WORK_MODES.get(str(job.get("work_mode") or "").lower())
        item = self.new_item(
            external_id=job["id"],
            title=job.get("title"),
            url=job.get("url"),
            location=locations[0] if locations else (searchable[0] if searchable else None),
            locations=list(dict.fromkeys(locations + searchable)),
            employment_type=job.get("employment_type") or None,
            workplace_type=work_mode,
            remote=work_mode == "Remote" if work_mode else None,
            posted_at_raw=job.get("created_at"),
            extra_metadata=_extra(job, organization),
        )
        yield from self.emit(item, job)


def _extra(job: dict[str, Any], organization: dict[str, Any]) -> dict[str, Any]:
    extra: dict[str, Any] = {
        "employer": {key: organization[key] for key in ("id", "name", "slug") if organization.get(key)},
    }
    if job.get("seniority"):
        extra["seniority"] = job["seniority"]
    if job.get("compensation_public") is True:
        extra["compensation"] = {
            "min": _from_cents(job.get("compensation_amount_min_cents")),
            "max": _from_cents(job.get("compensation_amount_max_cents")),
            "currency": job.get("compensation_currency"),
            "period": job.get("compensation_period"),
        }
    return extra


def _from_cents(value: Any) -> float | None:
    return value / 100 if isinstance(value, (int, float)) else None
