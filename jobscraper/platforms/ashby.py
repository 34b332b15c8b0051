"""Ashby Job Postings API.

To use, specify ``job_board_name``: the path segment of ``jobs.ashbyhq.com/{name}``.

One request returns the whole board with descriptions; postings with ``isListed: false`` are
skipped. The country comes from ``address.postalAddress.addressCountry`` (a name such as
"Israel"; secondary locations carry their own address, with or without the ``postalAddress``
level). Compensation is kept only when ``shouldDisplayCompensationOnJobPostings`` is true.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any, ClassVar
from urllib.parse import quote

import scrapy
from scrapy.http import Response

from jobscraper.items import JobItem
from jobscraper.normalise.locations import parse_place
from jobscraper.normalise.text import unique_texts
from jobscraper.platforms.base import JobBoardSpider, extra_metadata


class AshbySpider(JobBoardSpider):
    platform = "ashby"
    fingerprints_entries = True
    robots_txt = "ignore"  # a JSON API that serves job boards, not a page for crawlers
    required_attributes = ("job_board_name",)
    job_board_name: ClassVar[str] = ""
    api_host: ClassVar[str] = "https://api.ashbyhq.com"

    @property
    def listing_url(self) -> str:
        return self.endpoint(
            f"{self.api_host}/posting-api/job-board/{quote(self.job_board_name)}?includeCompensation=true"
        )

    async def start(self) -> AsyncIterator[scrapy.Request]:
        yield scrapy.Request(self.listing_url, callback=self.parse_board, errback=self.listing_failed)

    def parse_board(self, response: Response) -> Iterator[JobItem]:
        for job in self.listing_entries(response, "jobs"):
            if job.get("isListed") is not False:
                yield from self.parse_job(job)

    def parse_job(self, job: dict[str, Any]) -> Iterator[JobItem | dict[str, Any]]:
        if self.outside_since(job.get("publishedAt"), job.get("updatedAt")):
            return
        listing_fingerprint, seen = self.unchanged_entry(job.get("id"), job)
        if seen:
            yield seen
            return
        secondary = [entry for entry in job.get("secondaryLocations") or [] if isinstance(entry, dict)]
        locations = unique_texts([job.get("location"), *(entry.get("location") for entry in secondary)])
        countries = [_country_code(job), *(_country_code(entry) for entry in secondary)]
        department = job.get("department") or job.get("team")
        item = self.new_item(
            external_id=job.get("id"),
            title=job.get("title"),
            url=job.get("jobUrl"),
            apply_url=job.get("applyUrl"),
            location=job.get("location"),
            locations=locations,
            places_raw=[_place_raw(job), *(_place_raw(entry) for entry in secondary)],
            country=self.pick_country(countries),
            department=department,
            employment_type=job.get("employmentType"),
            workplace_type=job.get("workplaceType"),
            remote=job.get("isRemote"),
            description_html=job.get("descriptionHtml"),
            description_text=job.get("descriptionPlain"),
            posted_at_raw=job.get("publishedAt"),
            source_updated_at_raw=job.get("updatedAt"),
            extra_metadata=_extra(job, department),
            listing_fingerprint=listing_fingerprint,
        )
        yield from self.emit(item, job)

    def pick_country(self, codes: list[str | None]) -> str | None:
        """The first location's country, preferring one in the spider's ``countries``."""
        known = [code for code in codes if code]
        preferred = [code for code in known if self.countries and code in self.countries]
        return (preferred or known or [None])[0]

def _place_raw(located: dict[str, Any]) -> dict[str, Any]:
    """The location text and postal address of the posting or of a secondary location."""
    address = located.get("address") or {}
    postal = address.get("postalAddress") if isinstance(address.get("postalAddress"), dict) else address
    return {"text": located.get("location"), "city": postal.get("addressLocality"),
            "region": postal.get("addressRegion"), "country": postal.get("addressCountry")}


def _country_code(located: dict[str, Any]) -> str | None:
    address = located.get("address") or {}
    postal = address.get("postalAddress") if isinstance(address.get("postalAddress"), dict) else address
    name = str(postal.get("addressCountry") or "").strip()
    if not name:
        return None
    return name.upper() if len(name) == 2 else parse_place(name).country


def _extra(job: dict[str, Any], department: str | None) -> dict[str, Any] | None:
    extra: dict[str, Any] = {}
    if job.get("team") and job.get("team") != department:
        extra["team"] = job["team"]
    compensation = job.get("compensation") or {}
    if job.get("shouldDisplayCompensationOnJobPostings") is True and isinstance(compensation, dict):
        if compensation.get("compensationTierSummary"):
            extra["compensation"] = compensation["compensationTierSummary"]
        if compensation.get("scrapeableCompensationSalarySummary"):
            extra["salary"] = compensation["scrapeableCompensationSalarySummary"]
        tiers = [
            {"title": tier.get("title"), "summary": tier.get("tierSummary")}
            for tier in compensation.get("compensationTiers") or []
            if isinstance(tier, dict) and tier.get("tierSummary")
        ]
        if tiers:
            extra["compensation_tiers"] = tiers
        if compensation.get("summaryComponents"):
            extra["compensation_components"] = compensation["summaryComponents"]
    return extra_metadata(**extra)
