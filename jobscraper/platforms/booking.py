"""Booking.com's jobs API (an iCIMS Jibe career site).

To use, specify nothing beyond ``name`` and ``company``; ``host`` and ``board_path`` default to
Booking.com's own site and may be set for another Jibe site of the same shape.

``/api/jobs?page=N&limit=100`` (pages from 1) returns ``{"jobs": [{"data": {...}}], "totalCount": N}``
with each job's full description, so there is no detail call. Pages are read until ``totalCount``
rows were seen, at most ``max_pages``; more than that marks the crawl incomplete. ``req_id`` is
the id (``slug`` is the same number and names the job page); ``country_code`` and
``additional_locations`` give every country a job is open in.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any, ClassVar
from urllib.parse import quote, urlencode

import scrapy
from scrapy.http import Response

from jobscraper.items import JobItem
from jobscraper.normalise.dates import parse_datetime_or_none
from jobscraper.normalise.text import unique_texts
from jobscraper.platforms.base import JobBoardSpider


class BookingJobsSpider(JobBoardSpider):
    platform = "booking"
    robots_txt = "ignore"  # a JSON API that serves the job board, not a page for crawlers
    host: ClassVar[str] = "https://jobs.booking.com"
    board_path: ClassVar[str] = "/booking/jobs"
    page_size: ClassVar[int] = 100
    max_pages: ClassVar[int] = 50

    def page_request(self, page: int, seen: int) -> scrapy.Request:
        query = urlencode({"page": page, "limit": self.page_size})
        return scrapy.Request(
            self.endpoint(f"{self.host}/api/jobs?{query}"),
            headers={"Accept": "application/json", "Referer": f"{self.host}{self.board_path}"},
            callback=self.parse_page,
            errback=self.listing_failed,
            cb_kwargs={"page": page, "seen": seen},
        )

    async def start(self) -> AsyncIterator[scrapy.Request]:
        yield self.page_request(1, 0)

    def parse_page(self, response: Response, page: int, seen: int) -> Iterator[Any]:
        data = self.load_json(response)
        if data is None:
            return
        jobs = data.get("jobs") if isinstance(data, dict) else None
        total = data.get("totalCount") if isinstance(data, dict) else None
        if not isinstance(jobs, list) or not isinstance(total, int):
            self.mark_incomplete(f"listing at {response.url} has no 'jobs' list or 'totalCount'")
            return
        for entry in jobs:
            job = entry.get("data") if isinstance(entry, dict) else None
            if isinstance(job, dict) and (job.get("req_id") or job.get("slug")):
                yield from self.parse_job(job)
        seen += len(jobs)
        if seen >= total:
            return
        if not jobs:
            self.mark_incomplete(f"listing page {page} is empty after {seen} of totalCount={total}")
        elif page >= self.max_pages:
            self.mark_incomplete(f"stopped at max_pages={self.max_pages} after {seen} of totalCount={total}")
        else:
            yield self.page_request(page + 1, seen)

    def parse_job(self, job: dict[str, Any]) -> Iterator[JobItem]:
        external_id = str(job.get("req_id") or job.get("slug"))
        if self.since_cutoff and not self.is_within_since(
            parse_datetime_or_none(job.get("posted_date")), parse_datetime_or_none(job.get("update_date"))
        ):
            return
        additional = [place for place in job.get("additional_locations") or [] if isinstance(place, dict)]
        primary = job.get("full_location") or _place_text(job)
        places = unique_texts([primary, *(_place_text(place) for place in additional)])
        country = str(job.get("country_code") or "").upper() or None
        location_type = str(job.get("location_type") or "")
        item = self.new_item(
            external_id=external_id,
            title=job.get("title"),
            url=f"{self.host}{self.board_path}/{quote(str(job.get('slug') or external_id))}",
            apply_url=job.get("apply_url"),
            location=places[0] if places else None,
            locations=places,
            country=country,
            department=job.get("department") or ", ".join(
                str(c["name"]) for c in job.get("categories") or [] if isinstance(c, dict) and c.get("name")) or None,
            employment_type=job.get("employment_type"),
            workplace_type="Remote" if location_type.lower() == "remote" else None,
            description_html=job.get("description"),
            posted_at_raw=job.get("posted_date"),
            source_updated_at_raw=job.get("update_date"),
            extra_metadata=_extra(job, additional),
        )
        yield from self.emit(item, job)


def _place_text(place: dict[str, Any]) -> str | None:
    return ", ".join(str(place[key]) for key in ("city", "state", "country") if place.get(key)) or None


def _extra(job: dict[str, Any], additional: list[dict[str, Any]]) -> dict[str, Any] | None:
    extra = {
        "hiring_organization": job.get("hiring_organization"),
        "location_type": job.get("location_type"),
        "categories": [c["name"] for c in job.get("categories") or [] if isinstance(c, dict) and c.get("name")],
        "other_countries": sorted({str(p["country_code"]).upper() for p in additional if p.get("country_code")}),
    }
    extra = {key: value for key, value in extra.items() if value not in (None, "", [])}
    return extra or None
