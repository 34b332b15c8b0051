"""Greenhouse Job Board API.

To use, specify ``board_token``: the path segment of ``boards.greenhouse.io/{token}``.

One request returns the whole board with descriptions (``content=true``); ``content`` is HTML
that Greenhouse entity-escapes once more, ``first_published`` is the posted date and
``updated_at`` the source's update time.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any, ClassVar

import scrapy
from scrapy.http import Response

from jobscraper.items import JobItem
from jobscraper.normalise.text import unescape
from jobscraper.platforms.base import JobBoardSpider, extra_metadata

METADATA_FIELDS = {
    "employment_type": ("employment type", "job type", "employment"),
    "workplace_type": ("workplace", "workplace type", "remote", "location type", "work type"),
}


class GreenhouseSpider(JobBoardSpider):
    platform = "greenhouse"
    fingerprints_entries = True
    robots_txt = "ignore"  # a JSON API that serves job boards, not a page for crawlers
    required_attributes = ("board_token",)
    board_token: ClassVar[str] = ""
    api_host: ClassVar[str] = "https://boards-api.greenhouse.io"

    @property
    def listing_url(self) -> str:
        return self.endpoint(f"{self.api_host}/v1/boards/{self.board_token}/jobs?content=true")

    async def start(self) -> AsyncIterator[scrapy.Request]:
        yield scrapy.Request(self.listing_url, callback=self.parse_board, errback=self.listing_failed)

    def parse_board(self, response: Response) -> Iterator[JobItem]:
        for job in self.listing_entries(response, "jobs"):
            yield from self.parse_job(job)

    def parse_job(self, job: dict[str, Any]) -> Iterator[JobItem | dict[str, Any]]:
        if self.outside_since(job.get("first_published"), job.get("updated_at")):
            return
        listing_fingerprint, seen = self.unchanged_entry(job.get("id"), job)
        if seen:
            yield seen
            return
        locations = [(job.get("location") or {}).get("name")]
        locations += [office.get("location") or office.get("name") for office in job.get("offices") or []]
        metadata = {
            str(entry.get("name", "")).strip().lower(): entry.get("value")
            for entry in job.get("metadata") or []
            if isinstance(entry, dict)
        }
        item = self.new_item(
            external_id=job.get("id"),
            title=job.get("title"),
            url=job.get("absolute_url"),
            location=(job.get("location") or {}).get("name"),
            locations=[location for location in locations if location],
            department=", ".join(d["name"] for d in job.get("departments") or [] if d.get("name")) or None,
            employment_type=_metadata_value(metadata, "employment_type"),
            workplace_type=_metadata_value(metadata, "workplace_type"),
            description_html=unescape(job.get("content") or ""),
            posted_at_raw=job.get("first_published"),
            source_updated_at_raw=job.get("updated_at"),
            extra_metadata=extra_metadata(requisition_id=job.get("requisition_id"),
                                          internal_job_id=job.get("internal_job_id")),
            listing_fingerprint=listing_fingerprint,
        )
        yield from self.emit(item, job)


def _metadata_value(metadata: dict[str, Any], field: str) -> str | None:
    for key in METADATA_FIELDS[field]:
        value = metadata.get(key)
        if isinstance(value, list):
            value = ", ".join(str(v) for v in value)
        if value:
            return str(value)
    return None
