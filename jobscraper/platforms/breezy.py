"""Breezy HR career portals (``{portal}.breezy.hr``).

To use, specify ``portal``: the sub-domain of ``{portal}.breezy.hr``.

``/json`` returns every open job in one JSON array, with its location (``location.name``, e.g.
"Tel Aviv-Yafo, IL") but no description. The text is on the job page ``/p/{friendly_id}``, in
its schema.org ``JobPosting`` JSON-LD, fetched only for new postings or listing rows that
changed (or with ``full=1``), and only for rows in the spider's countries or with no country
(a "Remote" row: the JSON-LD location decides). The id is ``id``.
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
from jobscraper.platforms.embedded import as_list, job_posting_json_ld, json_ld_places

LISTED_KEYS = ("name", "friendly_id", "published_date", "type", "location", "department", "salary")


class BreezySpider(JobBoardSpider):
    platform = "breezy"
    fetches_details = True
    required_attributes = ("portal",)
    portal: ClassVar[str] = ""

    @property
    def portal_url(self) -> str:
        return f"https://{self.portal}.breezy.hr"

    async def start(self) -> AsyncIterator[scrapy.Request]:
        # The portal page as Referer, as the portal's own script sends it.
        yield scrapy.Request(self.endpoint(f"{self.portal_url}/json"), callback=self.parse_listing,
                             errback=self.listing_failed, headers={"Referer": f"{self.portal_url}/"})

    def parse_listing(self, response: Response) -> Iterator[Any]:
        jobs = self.load_json(response)
        if jobs is None:
            return
        if not isinstance(jobs, list):
            self.mark_incomplete(f"listing at {response.url} is not a JSON array of jobs")
            return
        for job in jobs:
            if isinstance(job, dict):
                yield from self.parse_job(job)

    def parse_job(self, job: dict[str, Any]) -> Iterator[Any]:
        external_id = str(job.get("id") or "")
        if not external_id or not job.get("friendly_id"):
            self.count_error("listing_row_without_id", "a Breezy listing row has no id or friendly_id")
            return
        location = _location_name(job)
        found = countries_of([location]) if location else set()
        if self.countries and found and not found & set(self.countries):
            return
        if self.since_cutoff and not self.is_within_since(parse_datetime_or_none(job.get("published_date"))):
            return
        fp = fingerprint({key: job.get(key) for key in LISTED_KEYS})
        if not self.listing_changed(external_id, fp):
            yield self.seen_only(external_id, fp)
            return
        yield scrapy.Request(
            self.endpoint(f"{self.portal_url}/p/{quote(str(job['friendly_id']))}"),
            callback=self.parse_detail,
            errback=self.detail_failed,
            cb_kwargs={"external_id": external_id, "listing_fingerprint": fp, "listing": job},
        )

    def parse_detail(self, response: Response, external_id: str, listing_fingerprint: str,
                     listing: dict[str, Any]) -> Iterator[JobItem]:
        posting = job_posting_json_ld(response)
        if posting is None:
            yield from self.detail_unusable(external_id, response, "a page without JobPosting JSON-LD")
            return
        listed_location = _location_name(listing)
        places = json_ld_places(posting)
        if listed_location and listed_location.lower() != "remote":
            places = [listed_location, *(place for place in places if place != listed_location)]
        job_type = listing.get("type") if isinstance(listing.get("type"), dict) else {}
        remote = (listing.get("location") or {}).get("is_remote")
        item = self.new_item(
            external_id=external_id,
            title=listing.get("name") or posting.get("title"),
            url=listing.get("url") or f"{self.portal_url}/p/{listing['friendly_id']}",
            location=places[0] if places else listed_location,
            locations=places,
            department=listing.get("department") or None,
            employment_type=job_type.get("name") or next(iter(as_list(posting.get("employmentType"))), None),
            workplace_type="Remote" if remote is True or posting.get("jobLocationType") == "TELECOMMUTE" else None,
            remote=remote if isinstance(remote, bool) else None,
            description_html=posting.get("description") or None,
            posted_at_raw=listing.get("published_date") or posting.get("datePosted"),
            extra_metadata={"salary": listing["salary"]} if listing.get("salary") else None,
            listing_fingerprint=listing_fingerprint,
        )
        yield from self.emit(item, {"listing": listing, "json_ld": posting})


def _location_name(job: dict[str, Any]) -> str | None:
    location = job.get("location")
    if isinstance(location, dict):
        return str(location.get("name") or "").strip() or None
    return str(location).strip() or None if location else None
