"""HiBob-hosted career sites.

To use, specify ``tenant``: the first label of ``{tenant}.careers.hibob.com``.

One request to ``/api/job-ad`` returns ``{"jobAdDetails": [...]}``, every open job with its full
text, so there is no detail call. The API answers 401 unless the request carries the careers
site as its ``Referer``. The description is made of the HTML sections ``description``,
``responsibilities``, ``requirements`` and ``benefits``. ``publishedAt`` carries nanoseconds,
trimmed to microseconds so every date parser reads it. Job pages are ``/jobs/{id}``.
"""

from __future__ import annotations

import html
import re
from collections.abc import AsyncIterator, Iterator
from typing import Any, ClassVar
from urllib.parse import quote

import scrapy
from scrapy.http import Response

from jobscraper.items import JobItem
from jobscraper.normalise.dates import parse_datetime_or_none
from jobscraper.normalise.text import unique_texts
from jobscraper.platforms.base import JobBoardSpider

SECTIONS = (("description", None), ("responsibilities", "Responsibilities"),
            ("requirements", "Requirements"), ("benefits", "Benefits"))
_SUBMICROSECONDS = re.compile(r"(\.\d{6})\d+")


class HiBobSpider(JobBoardSpider):
    platform = "hibob"
    robots_txt = "ignore"  # the JSON API behind the careers page, not a page for crawlers
    required_attributes = ("tenant",)
    tenant: ClassVar[str] = ""

    @property
    def site_url(self) -> str:
        return f"https://{self.tenant}.careers.hibob.com"

    async def start(self) -> AsyncIterator[scrapy.Request]:
        yield scrapy.Request(
            self.endpoint(f"{self.site_url}/api/job-ad"),
            headers={"Accept": "application/json", "Referer": f"{self.site_url}/"},
            callback=self.parse_job_ads,
            errback=self.listing_failed,
        )

    def parse_job_ads(self, response: Response) -> Iterator[JobItem]:
        for job in self.listing_entries(response, "jobAdDetails"):
            if job.get("id"):
                yield from self.parse_job(job)

    def parse_job(self, job: dict[str, Any]) -> Iterator[JobItem]:
        published = job.get("publishedAt")
        if isinstance(published, str):
            published = _SUBMICROSECONDS.sub(r"\1", published)
        if self.since_cutoff and not self.is_within_since(parse_datetime_or_none(published)):
            return
        places = unique_texts([job.get("site"), job.get("country")])
        item = self.new_item(
            external_id=job["id"],
            title=job.get("title"),
            url=f"{self.site_url}/jobs/{quote(str(job['id']))}",
            location=places[0] if places else None,
            locations=places,
            department=job.get("department"),
            employment_type=job.get("employmentTypeId") or job.get("employmentType"),
            workplace_type=job.get("workspaceType") or job.get("workspaceTypeId"),
            description_html=_description(job),
            posted_at_raw=published,
            extra_metadata=_extra(job),
        )
        yield from self.emit(item, job)


def _description(job: dict[str, Any]) -> str | None:
    parts = []
    for key, header in SECTIONS:
        text = str(job.get(key) or "").strip()
        if text:
            if header:
                parts.append(f"<h2>{html.escape(header)}</h2>")
            parts.append(text)
    return "\n".join(parts) or None


def _extra(job: dict[str, Any]) -> dict[str, Any] | None:
    pay = {
        key: job.get(f"payTransparency{name}")
        for key, name in (("minimum", "MinSalary"), ("maximum", "MaxSalary"),
                          ("currency", "SalaryCurrency"), ("period", "SalaryPayPeriod"))
        if job.get(f"payTransparency{name}") not in (None, "")
    }
    extra = {"language": job.get("language"), "employment_category": job.get("employmentType"),
             "compensation": pay}
    extra = {key: value for key, value in extra.items() if value not in (None, "", {})}
    return extra or None
