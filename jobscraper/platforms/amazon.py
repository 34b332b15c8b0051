"""amazon.jobs search API.

To use, specify ``search_country``: the ISO alpha-3 code the search filters on (``ISR``; a
country name silently filters nothing). It defaults to Israel.

``/en/search.json?country=&result_limit=&offset=&sort=recent`` answers at most 100 jobs a page
and refuses ``offset + result_limit`` past 10,000; ``hits`` is a real count only under that
ceiling. Each job carries its full HTML description, so no detail request is made. ``id_icims``
is the durable id, ``posted_date`` reads "January  9, 2026" (a double space before one-digit
days) and ``locations`` is a list of JSON-encoded strings, each with a ``type`` of ``ONSITE`` or
``VIRTUAL``. Under load the endpoint answers 200 with an HTML "Server Busy" CAPTCHA page instead
of JSON: that is throttling, not an empty board, so the crawl holds off and asks for the page
again, ``throttle_retries`` times, before marking the crawl incomplete.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator
from typing import Any, ClassVar
from urllib.parse import urlencode

import scrapy
from scrapy.http import Response
from scrapy.utils.asyncio import call_later

from jobscraper.items import JobItem
from jobscraper.normalise.text import unique_texts
from jobscraper.platforms.base import JobBoardSpider, extra_metadata

SITE = "https://www.amazon.jobs"
ISO3_TO_ISO2 = {"ISR": "IL"}


class AmazonJobsSpider(JobBoardSpider):
    platform = "amazon"
    fingerprints_entries = True
    robots_txt = "ignore"  # a JSON API that serves job boards, not a page for crawlers
    required_attributes = ("search_country",)
    search_country: ClassVar[str] = "ISR"
    page_size: ClassVar[int] = 100
    result_ceiling: ClassVar[int] = 10_000
    throttle_retries: ClassVar[int] = 4
    # Seconds the crawl holds off after a "Server Busy" page, times the attempt number.
    throttle_delay: ClassVar[float] = 30.0

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.seen_ids: set[str] = set()

    def page_request(self, offset: int, attempt: int = 0) -> scrapy.Request:
        query = urlencode({"country": self.search_country, "result_limit": self.page_size,
                           "offset": offset, "sort": "recent"})
        return scrapy.Request(
            self.endpoint(f"{SITE}/en/search.json?{query}"),
            headers={"Accept": "application/json"}, callback=self.parse_page,
            errback=self.listing_failed, cb_kwargs={"offset": offset, "attempt": attempt},
            dont_filter=attempt > 0,
        )

    async def start(self) -> AsyncIterator[scrapy.Request]:
        yield self.page_request(0)

    def parse_page(self, response: Response, offset: int, attempt: int) -> Iterator[JobItem | scrapy.Request]:
        try:
            data = json.loads(response.text)
        except ValueError:
            yield from self.throttled(response, offset, attempt)
            return
        jobs = data.get("jobs", ()) if isinstance(data, dict) else ()
        if not isinstance(data, dict) or data.get("error") or not isinstance(jobs, (list, type(None))):
            reason = data.get("error") if isinstance(data, dict) and data.get("error") else "no 'jobs' list"
            self.mark_incomplete(f"listing at {response.url}: {str(reason)[:120]}")
            return
        jobs = [job for job in jobs or [] if isinstance(job, dict)]
        recent = 0
        for job in jobs:
            job_id = _job_id(job)
            if not job_id or job_id in self.seen_ids:
                continue
            self.seen_ids.add(job_id)
            if self.outside_since(job.get("posted_date")):
                continue
            recent += 1
            listing_fingerprint, seen = self.unchanged_entry(job_id, job)
            if seen:
                yield seen
                continue
            item = self.parse_job(job)
            item["listing_fingerprint"] = listing_fingerprint
            yield from self.emit(item, job)
        hits = data.get("hits")
        honest_hits = hits if isinstance(hits, int) and hits < self.result_ceiling else None
        next_offset = offset + self.page_size
        if len(jobs) < self.page_size or (honest_hits is not None and next_offset >= honest_hits):
            if honest_hits is not None and len(self.seen_ids) < honest_hits and not self.since_cutoff:
                self.mark_incomplete(f"read {len(self.seen_ids)} distinct jobs of the {honest_hits} "
                                     f"the search counts")
        elif self.since_cutoff and not recent:
            self.logger.info("jobs at offset %d are older than the since window; paging stopped", offset)
        elif next_offset + self.page_size > self.result_ceiling:
            self.mark_incomplete(f"the search passes the {self.result_ceiling} results amazon.jobs serves")
        elif self.next_page_allowed(len(self.seen_ids)):
            yield self.page_request(next_offset)

    def throttled(self, response: Response, offset: int, attempt: int) -> Iterator[scrapy.Request]:
        if attempt >= self.throttle_retries:
            self.mark_incomplete(
                f"listing at {response.url} is still not JSON after {attempt} retries "
                f"(throttled: 'Server Busy' page)"
            )
            return
        delay = self.throttle_delay * (attempt + 1)
        if self.crawler:
            self.crawler.stats.inc_value("jobscraper/throttled")
        self.logger.warning("%s answered a non-JSON page (throttling): holding off %.0fs, then retry %d of %d",
                            response.url, delay, attempt + 1, self.throttle_retries)
        self.hold_off(delay)
        yield self.page_request(offset, attempt + 1)

    def hold_off(self, seconds: float) -> None:
        """No request leaves this crawl for ``seconds``; the pending retry goes after."""
        engine = self.crawler.engine
        engine.pause()
        call_later(seconds, engine.unpause)

    def parse_job(self, job: dict[str, Any]) -> JobItem:
        places = _decoded_locations(job)
        kinds = {str(place.get("type", "")).upper() for place in places}
        locations = unique_texts([job.get("normalized_location") or job.get("location")]
                            + [place.get("normalizedLocation") or place.get("location") for place in places])
        return self.new_item(
            external_id=_job_id(job),
            title=job.get("title"),
            url=_absolute(job.get("job_path")),
            apply_url=_absolute(job.get("url_next_step")),
            location=locations[0] if locations else None,
            locations=locations,
            places_raw=[{"text": locations[0] if locations else None, "city": job.get("city"),
                         "country": job.get("country_code")}],
            city=job.get("city") or None,
            country=self.country_of(job, places),
            department=job.get("job_category"),
            employment_type="internship" if job.get("is_intern") else job.get("job_schedule_type"),
            workplace_type="onsite" if kinds == {"ONSITE"} else None,
            remote=True if "VIRTUAL" in kinds else None,
            description_html=description_html(job),
            posted_at_raw=job.get("posted_date"),
            extra_metadata=extra_metadata(business_category=job.get("business_category"),
                                          company_name=job.get("company_name")),
        )

    def country_of(self, job: dict[str, Any], places: list[dict[str, Any]]) -> str | None:
        """ISO alpha-2 of the job's locations, one of the spider's countries when it has one."""
        codes = [str(place["countryIso2a"]).upper() for place in places if place.get("countryIso2a")]
        codes.append(ISO3_TO_ISO2.get(str(job.get("country_code") or "").upper(), ""))
        codes = [code for code in codes if len(code) == 2]
        wanted = [code for code in codes if self.countries and code in self.countries]
        return (wanted or codes or [None])[0]


def description_html(job: dict[str, Any]) -> str:
    """The description, then the qualifications the job page shows beside it."""
    description = job.get("description") or ""
    sections = [
        f"<h3>{heading}</h3><p>{job[key]}</p>"
        for heading, key in (("Basic Qualifications", "basic_qualifications"),
                             ("Preferred Qualifications", "preferred_qualifications"))
        if str(job.get(key) or "").strip()
    ]
    if not sections:
        return description
    return "".join([f"<div>{description}</div>" if description else "", *sections])


def _job_id(job: dict[str, Any]) -> str:
    return str(job.get("id_icims") or job.get("id") or "")


def _absolute(path: Any) -> str | None:
    if not path:
        return None
    path = str(path)
    return path if path.startswith("http") else f"{SITE}{path if path.startswith('/') else '/' + path}"


def _decoded_locations(job: dict[str, Any]) -> list[dict[str, Any]]:
    """``locations`` holds JSON-encoded strings; objects are accepted too."""
    places = []
    for entry in job.get("locations") or []:
        if isinstance(entry, str):
            try:
                entry = json.loads(entry)
            except ValueError:
                continue
        if isinstance(entry, dict):
            places.append(entry)
    return places
