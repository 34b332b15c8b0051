"""Phenom People career sites, through the search data their pages embed.

To use, specify ``site_url``: the site's address with its country and language path, e.g.
``https://jobs.ebayinc.com/us/en``.

The search page ``{site_url}/search-results?from={offset}`` assigns ``phApp.ddo = {...};`` in a
script: ``eagerLoadRefineSearch.data.jobs`` holds a page of jobs (10 on most sites, read as
given) and ``eagerLoadRefineSearch.totalHits`` the total. Pages are read until the total or an
empty page, at most ``max_pages`` (more marks the crawl incomplete). List rows carry a teaser,
not the text: each job whose ``multi_location``/``location`` is in the spider's countries (a
place the gazetteer cannot put in a country is left out) needs its page
``{site_url}/job/{jobId}``, whose ``phApp.ddo`` has ``jobDetail.data.job``, fetched only for
new jobs or listing rows that changed (or with ``full=1``). ``/api/get-jobs`` is avoided: it
sits behind a bot wall and has no dates.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any, ClassVar
from urllib.parse import quote

import scrapy
from scrapy.http import Response

from jobscraper.items import JobItem
from jobscraper.normalise.dates import parse_datetime_or_none
from jobscraper.normalise.locations import countries_of
from jobscraper.platforms.base import JobBoardSpider, fingerprint
from jobscraper.platforms.embedded import assigned_json

DDO = "phApp.ddo"
LISTED_KEYS = ("title", "multi_location", "location", "type", "postedDate", "category", "department",
               "workLocation", "reqId")


class PhenomSpider(JobBoardSpider):
    platform = "phenom"
    fetches_details = True
    required_attributes = ("site_url",)
    site_url: ClassVar[str] = ""
    max_pages: ClassVar[int] = 200

    def search_request(self, offset: int, page: int = 0) -> scrapy.Request:
        return scrapy.Request(
            self.endpoint(f"{self.site_url.rstrip('/')}/search-results?from={offset}&s=1"),
            callback=self.parse_search,
            errback=self.listing_failed,
            cb_kwargs={"offset": offset, "page": page},
        )

    async def start(self) -> AsyncIterator[scrapy.Request]:
        yield self.search_request(0)

    def page_data(self, response: Response, key: str) -> dict[str, Any] | None:
        ddo = assigned_json(response.text, DDO) if hasattr(response, "text") else None
        value = ddo.get(key) if isinstance(ddo, dict) else None
        return value if isinstance(value, dict) else None

    def parse_search(self, response: Response, offset: int, page: int) -> Iterator[Any]:
        search = self.page_data(response, "eagerLoadRefineSearch")
        jobs = (search.get("data") or {}).get("jobs") if search else None
        total = search.get("totalHits") if search else None
        if not isinstance(jobs, list) or not isinstance(total, int):
            self.mark_incomplete(f"search page at {response.url} has no {DDO} eagerLoadRefineSearch jobs")
            return
        for job in jobs:
            if isinstance(job, dict):
                yield from self.parse_job(job)
        next_offset = offset + len(jobs)
        if next_offset >= total:
            return
        if not jobs:
            self.mark_incomplete(f"search page at {response.url} is empty before totalHits={total}")
        elif page + 1 >= self.max_pages:
            self.mark_incomplete(f"search has more than {self.max_pages} pages ({total} jobs)")
        else:
            yield self.search_request(next_offset, page + 1)

    def parse_job(self, job: dict[str, Any]) -> Iterator[Any]:
        job_id = str(job.get("jobId") or "")
        if not job_id:
            self.count_error("listing_row_without_id", "a Phenom search row has no jobId")
            return
        # Strict, as on every large multi-country site: a job never stored would have its page
        # fetched again every day. Rows name the country ("Netanya, Center District, Israel").
        places = _places(job)
        if self.countries and places and not countries_of(places) & set(self.countries):
            return
        if self.since_cutoff and not self.is_within_since(parse_datetime_or_none(job.get("postedDate"))):
            return
        fp = fingerprint({key: job.get(key) for key in LISTED_KEYS})
        if not self.listing_changed(job_id, fp):
            yield self.seen_only(job_id, fp)
            return
        yield scrapy.Request(
            self.endpoint(self.job_url(job_id)),
            callback=self.parse_detail,
            errback=self.detail_failed,
            cb_kwargs={"external_id": job_id, "listing_fingerprint": fp, "listing": job},
        )

    def job_url(self, job_id: str) -> str:
        return f"{self.site_url.rstrip('/')}/job/{quote(job_id)}"

    def parse_detail(self, response: Response, external_id: str, listing_fingerprint: str,
                     listing: dict[str, Any]) -> Iterator[JobItem]:
        detail = self.page_data(response, "jobDetail")
        job = (detail.get("data") or {}).get("job") if detail else None
        if not isinstance(job, dict) or not job.get("description"):
            yield from self.detail_unusable(external_id, response, f"a page without {DDO} jobDetail")
            return
        merged = {**listing, **{key: value for key, value in job.items() if value not in (None, "", [])}}
        places = _places(merged)
        item = self.new_item(
            external_id=external_id,
            title=merged.get("title"),
            url=self.job_url(external_id),
            location=places[0] if places else None,
            locations=places,
            department=merged.get("department") or merged.get("category") or None,
            employment_type=merged.get("type") or merged.get("employeeType") or None,
            workplace_type=merged.get("workLocation") or None,
            description_html=job["description"],
            posted_at_raw=merged.get("postedDate"),
            extra_metadata=_extra(merged),
            listing_fingerprint=listing_fingerprint,
        )
        yield from self.emit(item, merged)


def _places(job: dict[str, Any]) -> list[str]:
    """Locations of a row (strings) or of a job page (objects with ``location``)."""
    places = []
    for entry in job.get("multi_location") or []:
        place = entry.get("location") if isinstance(entry, dict) else entry
        if place and str(place) not in places:
            places.append(str(place))
    if job.get("location") and str(job["location"]) not in places:
        places.insert(0, str(job["location"]))
    return places


def _extra(job: dict[str, Any]) -> dict[str, Any] | None:
    extra = {"req_id": job.get("reqId"), "category": job.get("category"), "skills": job.get("ml_skills") or None}
    extra = {key: value for key, value in extra.items() if value}
    return extra or None
